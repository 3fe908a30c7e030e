"""Tools through a remote OpenAI-compatible server (core/backends/remote.py): the messages that carry earlier calls
in OpenAI's wire shape, and the `tool_calls` of a reply gathered from its stream.

Local models write their calls in the text, which core/tools/calls.py parses; a server that parses them itself
(ours, llama.cpp's, vLLM, OpenAI) returns them apart as `tool_calls`, which reach the tool loop as
Chunk.tool_calls -> ChatResult.tool_calls -> calls.calls_from_server.
"""

from __future__ import annotations

import json
from typing import Any

from desktop_app.core.engine.types import ChatMessage


def wire_message(m: ChatMessage) -> dict[str, Any]:
    """A message as OpenAI's API takes it: an assistant turn's tool calls carry their arguments as a JSON string
    (the app keeps them as a dict, the shape chat templates read; core/tools/calls.py)."""
    out = dict(m)
    if isinstance(out.get("tool_calls"), list):
        out["tool_calls"] = [
            {**c, "function": {**c["function"], "arguments": c["function"]["arguments"]
                               if isinstance(c["function"].get("arguments"), str)
                               else json.dumps(c["function"].get("arguments") or {}, ensure_ascii=False)}}
            if isinstance(c, dict) and isinstance(c.get("function"), dict) else c
            for c in out["tool_calls"]
        ]
    return out


def gather_calls(data: dict[str, Any], calls: dict[int, list[str]]) -> None:
    """Adds a stream event's `delta.tool_calls` pieces to `calls` (index -> [id, name, arguments so far]): the id
    and name come once, the arguments in fragments to concatenate (OpenAI's streaming shape)."""
    choices = data.get("choices")
    if not choices or not isinstance(choices[0], dict):
        return
    delta = choices[0].get("delta") or {}
    pieces = delta.get("tool_calls") if isinstance(delta, dict) else None
    if not isinstance(pieces, list):
        return
    for n, piece in enumerate(pieces):
        if not isinstance(piece, dict):
            continue
        index = piece.get("index", n) if isinstance(piece.get("index", n), int) else n
        call = calls.setdefault(index, ["", "", ""])
        function = piece.get("function") or {}
        call[0] = piece.get("id") or call[0]
        call[1] = function.get("name") or call[1]
        arguments = function.get("arguments")
        if isinstance(arguments, str):
            call[2] += arguments
        elif isinstance(arguments, dict):
            call[2] = json.dumps(arguments, ensure_ascii=False)


def finished_calls(calls: dict[int, list[str]]) -> tuple[tuple[str, str, str], ...]:
    """The gathered calls in index order, as Chunk.tool_calls takes them (a piece without a name is dropped)."""
    return tuple((c[0], c[1], c[2]) for _i, c in sorted(calls.items()) if c[1])
