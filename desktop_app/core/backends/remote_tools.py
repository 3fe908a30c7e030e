"""Tools over an OpenAI-compatible server (core/backends/remote.py): the messages going out, the calls coming back.

Kept apart so remote.py stays about the HTTP stream. The tool loop (core/tools/loop.py) parses calls from the
reply's text for every engine alike, so the server's structured `tool_calls` are written out as Hermes
`<tool_call>` text; an earlier call goes back with its arguments as a JSON string, as OpenAI's API takes them.
"""

from __future__ import annotations

import json
from typing import Any

from desktop_app.core.engine.types import ChatMessage


def wire_message(m: ChatMessage) -> dict[str, Any]:
    """A message as OpenAI's API takes it: an earlier call's arguments as a JSON string (templates take a dict)."""
    out = dict(m)
    if isinstance(out.get("tool_calls"), list):
        out["tool_calls"] = [
            {**c, "function": {**c["function"], "arguments": json.dumps(c["function"].get("arguments") or {},
                                                                        ensure_ascii=False)}}
            if isinstance(c, dict) and isinstance(c.get("function"), dict)
            and not isinstance(c["function"].get("arguments"), str) else c
            for c in out["tool_calls"]]
    return out


class ToolCallText:
    """The tool calls of a reply, from OpenAI's `tool_calls` (streamed in pieces by index, or whole), written out
    as Hermes `<tool_call>` text: the text the tool loop parses (core/tools/calls.py) for every engine alike."""

    def __init__(self) -> None:
        self._calls: dict[int, dict[str, str]] = {}

    def add(self, pieces: Any) -> None:
        for n, piece in enumerate(pieces if isinstance(pieces, list) else []):
            function = piece.get("function") if isinstance(piece, dict) else None
            if not isinstance(function, dict):
                continue
            index = piece.get("index", n) if isinstance(piece.get("index", n), int) else n
            call = self._calls.setdefault(index, {"name": "", "arguments": ""})
            call["name"] += str(function.get("name") or "")
            arguments = function.get("arguments")
            call["arguments"] += arguments if isinstance(arguments, str) else json.dumps(arguments or {})

    def text(self) -> str:
        out = []
        for _index, call in sorted(self._calls.items()):
            try:
                arguments = json.loads(call["arguments"] or "{}")
            except ValueError:
                arguments = {}  # the loop tells the model its arguments were not JSON-shaped as asked
            out.append("<tool_call>\n" + json.dumps({"name": call["name"], "arguments": arguments},
                                                    ensure_ascii=False) + "\n</tool_call>")
        return "\n".join(out)
