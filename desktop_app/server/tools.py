"""Tools on the API server, in OpenAI's shape: `tools` and `tool_choice` in, `tool_calls` out.

The server runs no tools: its client does, and sends the results back as `role: "tool"` messages. What happens
here: the definitions are validated and handed to the chat template (GenerationParams.tools); earlier calls and
results in the messages are turned into what templates read (arguments as a dict); the reply is parsed with the
same parser as Chat (core/tools/calls.py), and a reply that calls tools becomes `message.tool_calls` with
`finish_reason: "tool_calls"` (streamed: one `delta.tool_calls` event, after any text, when the reply ends; text
that starts like a call is held back until then, so a client never sees raw call markup as content).

`tool_choice`: "auto" (the default with tools), "none" (the template gets no tools), "required" or a named function
(only that function is offered). Without a grammar the model is asked, not forced: a reply without a call comes back
as text.
"""

from __future__ import annotations

import json
from typing import Any

from desktop_app.core.engine.types import ChatMessage
from desktop_app.core.tools.calls import (
    ToolCall,
    might_be_call,
    parse_tool_calls,
    tool_call_schema,
    tools_json,
)
from desktop_app.server.protocol import bad


def _definition(tool: Any, i: int) -> dict[str, Any]:
    where = f"tools[{i}]"
    if not isinstance(tool, dict) or tool.get("type") != "function" or not isinstance(tool.get("function"), dict):
        raise bad(f"{where} must be an object with \"type\": \"function\" and a \"function\".", where)
    function = tool["function"]
    name = function.get("name")
    if not isinstance(name, str) or not name or len(name) > 64:
        raise bad(f"{where}.function.name must be a non-empty string of at most 64 characters.",
                  f"{where}.function.name")
    parameters = function.get("parameters", {"type": "object", "properties": {}})
    if not isinstance(parameters, dict):
        raise bad(f"{where}.function.parameters must be a JSON schema object.", f"{where}.function.parameters")
    out = {"name": name, "parameters": parameters}
    if isinstance(function.get("description"), str):
        out["description"] = function["description"]
    return {"type": "function", "function": out}


def parse_tools(data: dict[str, Any]) -> tuple[str, tuple[str, ...], str]:
    """The definitions to render (GenerationParams.tools), the names a reply may call ("" and () for none), and,
    when `tool_choice` demands a call ("required" or a named function), the JSON schema that holds the reply to
    a call (GenerationParams.json_schema: a llama.cpp grammar); "" otherwise."""
    tools = data.get("tools")
    choice = data.get("tool_choice")
    if tools is None:
        if choice not in (None, "none", "auto"):
            raise bad("'tool_choice' needs 'tools'.", "tool_choice")
        return "", (), ""
    if not isinstance(tools, list):
        raise bad("'tools' must be a list of function definitions.", "tools")
    definitions = [_definition(t, i) for i, t in enumerate(tools)]
    names = [d["function"]["name"] for d in definitions]
    if len(set(names)) != len(names):
        raise bad("Two tools have the same name.", "tools")
    if choice is None or choice in ("auto", "required"):
        pass
    elif choice == "none":
        return "", (), ""
    elif isinstance(choice, dict) and choice.get("type") == "function" and isinstance(choice.get("function"), dict):
        name = choice["function"].get("name")
        if name not in names:
            raise bad(f"'tool_choice' names {name!r}, which is not in 'tools'.", "tool_choice")
        definitions = [d for d in definitions if d["function"]["name"] == name]
    else:
        raise bad("'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\": \"function\", "
                  "\"function\": {\"name\": ...}}.", "tool_choice")
    forced = json.dumps(tool_call_schema(definitions)) if choice is not None and choice != "auto" else ""
    return tools_json(definitions), tuple(d["function"]["name"] for d in definitions), forced


def message_tool_fields(m: dict[str, Any], i: int, out: ChatMessage) -> ChatMessage:
    """An assistant message's earlier `tool_calls`, or a tool message's `tool_call_id` and `name`, as templates
    read them (arguments decoded from OpenAI's JSON string into a dict)."""
    if out["role"] == "assistant" and m.get("tool_calls"):
        calls = m["tool_calls"]
        if not isinstance(calls, list):
            raise bad(f"messages[{i}].tool_calls must be a list.", f"messages[{i}].tool_calls")
        rendered = []
        for j, call in enumerate(calls):
            function = call.get("function") if isinstance(call, dict) else None
            if not isinstance(function, dict) or not isinstance(function.get("name"), str):
                raise bad(f"messages[{i}].tool_calls[{j}] needs a function with a name.",
                          f"messages[{i}].tool_calls[{j}]")
            arguments = function.get("arguments") or "{}"
            try:
                arguments = json.loads(arguments) if isinstance(arguments, str) else arguments
            except ValueError as exc:
                raise bad(f"messages[{i}].tool_calls[{j}].function.arguments is not JSON.",
                          f"messages[{i}].tool_calls[{j}]") from exc
            rendered.append(ToolCall(function["name"], arguments if isinstance(arguments, dict) else {},
                                     str(call.get("id") or f"call_{i}_{j}")).to_template())
        out["tool_calls"] = rendered
    if out["role"] == "tool":
        out["tool_call_id"] = str(m.get("tool_call_id") or "")
        if isinstance(m.get("name"), str):
            out["name"] = m["name"]
    return out


def reply_calls(text: str, names: tuple[str, ...]) -> tuple[str | None, list[dict[str, Any]]]:
    """The reply's content (None when it is only calls, as OpenAI sends it) and its calls in OpenAI's shape."""
    if not names:
        return text, []
    parsed = parse_tool_calls(text, set(names))
    if not parsed.calls:
        return text, []
    return parsed.content or None, [c.to_openai() for c in parsed.calls]


def with_tool_calls(body: dict[str, Any], text: str, names: tuple[str, ...]) -> dict[str, Any]:
    """A chat.completion body whose reply called tools: message.tool_calls and finish_reason "tool_calls"."""
    content, calls = reply_calls(text, names)
    if calls:
        choice = body["choices"][0]
        choice["message"] = {"role": "assistant", "content": content, "tool_calls": calls}
        choice["finish_reason"] = "tool_calls"
    return body


class ToolStreamFilter:
    """Streams text at once unless it starts like a tool call; that is held and parsed when the reply ends."""

    def __init__(self, names: tuple[str, ...]):
        self.names = names
        self.held = ""
        self.holding: bool | None = None

    def feed(self, text: str) -> str:
        if self.holding is False:
            return text
        self.held += text
        if self.holding is None and self.held.strip():
            self.holding = might_be_call(self.held)
        if self.holding is False:
            out, self.held = self.held, ""
            return out
        return ""

    def finish(self) -> tuple[str, list[dict[str, Any]]]:
        """Text still to send, and the calls (each with its `index` for the delta)."""
        if not self.held:
            return "", []
        content, calls = reply_calls(self.held, self.names)
        if not calls:
            return self.held, []
        return content or "", [{"index": k, **c} for k, c in enumerate(calls)]
