"""Tool calls in a model's reply, in the formats chat templates teach models to write, and back as messages.

Models are trained to write their calls in the shape their template's tools section describes:
- Hermes / Qwen2.5 / Qwen3: `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`, one block per call;
- Llama 3.1+: a bare JSON object `{"name": ..., "parameters": {...}}`, optionally after `<|python_tag|>`, several
  separated by `;` (small Qwen models also answer with the bare object, without the tags);
- Mistral: `[TOOL_CALLS][{"name": ..., "arguments": {...}, "id": ...}]` (v3 tokenizers) or
  `[TOOL_CALLS]name[ARGS]{...}` (v11+).

`parse_tool_calls(text, known)` finds them and returns the reply's remaining text. A bare JSON object only counts as
a call when its name is one of the tools offered (`known`): a model asked for JSON data is not calling anything.
The messages that carry calls and results back to the template follow the OpenAI shape the Jinja templates read
(`tool_calls[].function.arguments` as a dict, as Hugging Face templates expect; the API server turns it into
a JSON string for OpenAI clients).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

HERMES_OPEN, HERMES_CLOSE = "<tool_call>", "</tool_call>"
MISTRAL_TAG = "[TOOL_CALLS]"
PYTHON_TAG = "<|python_tag|>"
_HERMES = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.S)
_MISTRAL_V11 = re.compile(r"\s*([A-Za-z0-9_.\-]+)\[ARGS\]")


@dataclass(frozen=True)
class ToolCall:
    """One call the model asked for. `arguments` is always a dict (the model's JSON, decoded)."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: new_call_id())

    def arguments_json(self) -> str:
        return json.dumps(self.arguments, ensure_ascii=False)

    def to_openai(self) -> dict[str, Any]:
        """The OpenAI wire shape: arguments as a JSON string."""
        return {"id": self.id, "type": "function", "function": {"name": self.name, "arguments": self.arguments_json()}}

    def to_template(self) -> dict[str, Any]:
        """The shape chat templates read: arguments as a dict (Qwen's template applies `tojson` itself)."""
        return {"id": self.id, "type": "function", "function": {"name": self.name, "arguments": dict(self.arguments)}}


def new_call_id() -> str:
    return "call_" + uuid.uuid4().hex[:24]


@dataclass(frozen=True)
class ParsedReply:
    content: str  # the reply's text outside its calls (often empty)
    calls: tuple[ToolCall, ...] = ()


def _decode_arguments(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return {}
    if isinstance(raw, str):  # some models write the arguments as a JSON string, as OpenAI's wire format does
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except ValueError:
            return None
    return raw if isinstance(raw, dict) else None


def _call_from(obj: Any, known: Collection[str] | None) -> ToolCall | None:
    """A call from a decoded object {"name", "arguments" | "parameters"} (or OpenAI's {"function": {...}})."""
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("function"), dict):
        obj = {**obj["function"], "id": obj.get("id")}
    name = obj.get("name")
    if not isinstance(name, str) or not name or (known is not None and name not in known):
        return None
    args = _decode_arguments(obj.get("arguments", obj.get("parameters")))
    if args is None:
        return None
    call_id = obj.get("id")
    return ToolCall(name, args, call_id if isinstance(call_id, str) and call_id else new_call_id())


def _json_objects(text: str) -> list[tuple[int, int, Any]]:
    """Every top-level JSON value starting with `{` or `[` in `text`: (start, end, value)."""
    decoder = json.JSONDecoder()
    found, i = [], 0
    while i < len(text):
        if text[i] in "{[":
            try:
                value, end = decoder.raw_decode(text, i)
            except ValueError:
                i += 1
                continue
            found.append((i, end, value))
            i = end
        else:
            i += 1
    return found


def _parse_hermes(text: str, known: Collection[str] | None) -> ParsedReply | None:
    if HERMES_OPEN not in text:
        return None
    calls = []
    for match in _HERMES.finditer(text):
        for _start, _end, value in _json_objects(match.group(1))[:1]:
            call = _call_from(value, known)
            if call is not None:
                calls.append(call)
    content = _HERMES.sub("", text).strip()
    return ParsedReply(content, tuple(calls)) if calls else None


def _parse_mistral(text: str, known: Collection[str] | None) -> ParsedReply | None:
    at = text.find(MISTRAL_TAG)
    if at < 0:
        return None
    content, rest = text[:at].strip(), text[at:]
    calls: list[ToolCall] = []
    for part in rest.split(MISTRAL_TAG)[1:]:
        named = _MISTRAL_V11.match(part)
        if named:  # v11+: [TOOL_CALLS]name[ARGS]{...}
            args_text = part[named.end():]
            objects = _json_objects(args_text)
            if objects and not args_text[: objects[0][0]].strip():
                call = _call_from({"name": named.group(1), "arguments": objects[0][2]}, known)
                if call is not None:
                    calls.append(call)
            continue
        objects = _json_objects(part)
        if objects:
            value = objects[0][2]
            for item in value if isinstance(value, list) else [value]:
                call = _call_from(item, known)
                if call is not None:
                    calls.append(call)
    return ParsedReply(content, tuple(calls)) if calls else None


def _parse_bare_json(text: str, known: Collection[str] | None) -> ParsedReply | None:
    """Llama 3 style: the reply is (mostly) JSON objects naming offered tools, maybe after <|python_tag|>."""
    if known is None:
        return None
    body = text.replace(PYTHON_TAG, " ")
    calls, spans = [], []
    for start, end, value in _json_objects(body):
        for item in value if isinstance(value, list) else [value]:
            call = _call_from(item, known)
            if call is not None:
                calls.append(call)
                spans.append((start, end))
    if not calls:
        return None
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(body[last:start])
        last = end
    pieces.append(body[last:])
    content = "".join(pieces).replace(";", " ").strip()
    content = re.sub(r"^```(?:json)?\s*```$", "", content).strip()  # a fenced block left empty
    return ParsedReply(content, tuple(calls))


def parse_tool_calls(text: str, known: Collection[str] | None = None) -> ParsedReply:
    """The calls in a reply, in whichever format it uses, and the text around them. `known`: the names of the
    tools offered; a call to another name is not a call (left in the text). A malformed call (arguments that are
    not JSON) is left in the text too, so the user sees what the model wrote."""
    for parse in (_parse_hermes, _parse_mistral, _parse_bare_json):
        parsed = parse(text, known)
        if parsed is not None:
            return parsed
    return ParsedReply(text)


_CALL_STARTS = (HERMES_OPEN, MISTRAL_TAG, PYTHON_TAG, "{", "[{", "[ {")


def might_be_call(text: str) -> bool | None:
    """While a reply streams: does it look like it is becoming a tool call (so the chat can hold back the raw
    markup)? None while too little has arrived to tell ("<tool", "```" before its first line ends)."""
    head = text.lstrip()
    if head.startswith("```"):  # a fenced block: decided by what its first line is followed by
        if "\n" not in head:
            return None
        head = head.split("\n", 1)[1].lstrip()
    if not head:
        return None
    if any(head.startswith(m) for m in _CALL_STARTS):
        return True
    if any(m.startswith(head) for m in _CALL_STARTS):
        return None
    return False


def tools_json(definitions: list[dict[str, Any]] | None) -> str:
    """Tool definitions as GenerationParams.tools carries them."""
    return json.dumps(definitions, ensure_ascii=False) if definitions else ""


def tool_definitions(tools: str) -> list[dict[str, Any]] | None:
    """GenerationParams.tools back as the list a chat template takes (None: no tools, so templates that test
    `if tools` render their plain form)."""
    if not tools:
        return None
    try:
        value = json.loads(tools)
    except ValueError:
        return None
    return value if isinstance(value, list) and value else None


def tool_call_schema(definitions: list[dict[str, Any]]) -> dict[str, Any]:
    """A JSON schema that only a call to one of these tools satisfies: {"name": <one of them>, "arguments": <its
    parameters>}. Given to the engine as a structured-output schema (a llama.cpp grammar), it makes a model call a
    tool when it must (the API's tool_choice "required" or a named function); the reply parses as a bare-JSON call.
    Plain JSON: no engine is imported here."""
    options = []
    for d in definitions:
        function = d.get("function", {})
        parameters = function.get("parameters") or {"type": "object", "properties": {}}
        options.append({
            "type": "object",
            "properties": {"name": {"const": function.get("name", "")}, "arguments": parameters},
            "required": ["name", "arguments"],
        })
    return options[0] if len(options) == 1 else {"oneOf": options}


def assistant_message(content: str, calls: tuple[ToolCall, ...] | list[ToolCall]) -> dict[str, Any]:
    """The assistant's turn that made `calls`, as the template expects it back in the next prompt."""
    return {"role": "assistant", "content": content, "tool_calls": [c.to_template() for c in calls]}


def tool_message(call: ToolCall, result: str) -> dict[str, Any]:
    """A tool's result for the next prompt (Qwen puts it in <tool_response>, Llama 3 in an ipython turn)."""
    return {"role": "tool", "content": result, "name": call.name, "tool_call_id": call.id}


def replayed_calls(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A stored reply's calls (core/storage/tool_calls.py records) as the messages that went before its answer:
    one assistant turn making the calls, then each tool's result, in the template's shape. A later turn sends
    them again so the model knows what it already asked and learnt (a denied call's result says it was denied)."""
    calls, results = [], []
    for record in records:
        name, arguments = record.get("name"), record.get("arguments")
        if not isinstance(name, str) or not name:
            continue  # a damaged record is left out; the rest still tell the model what it learnt
        call_id = record.get("id") if isinstance(record.get("id"), str) and record.get("id") else new_call_id()
        calls.append(ToolCall(name, arguments if isinstance(arguments, dict) else {}, call_id))
        results.append(str(record.get("result") or ""))
    if not calls:
        return []
    return [assistant_message("", calls), *(tool_message(c, r) for c, r in zip(calls, results, strict=True))]
