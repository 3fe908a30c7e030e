"""The OpenAI wire format's response side: reply bodies as plain dicts, and the Server-Sent Events of a streamed
reply rendered as text.

Split from `protocol.py`, which parses requests (and re-exports these names, so `protocol.chat_completion` and the
others still work): building an answer shares nothing with validating a request, and keeping the two apart keeps
each rule set short enough to read at once. No web framework here either.
"""

from __future__ import annotations

import base64
import json
import struct
import time
import uuid
from collections.abc import Sequence
from typing import Any


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:24]}"


def usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def finish_reason(reason: str | None) -> str:
    """The backend's "stop" / "length" as is; a stream that ended otherwise (cancelled by a stopping server) as
    "stop", the only other value OpenAI clients know for plain text."""
    return reason if reason in ("length", "tool_calls") else "stop"


def chat_completion(model: str, text: str, reason: str | None, prompt_tokens: int, completion_tokens: int,
                    reasoning: str = "") -> dict[str, Any]:
    """The reply; a reasoning model's thinking apart, as `reasoning_content` (DeepSeek's and llama.cpp's name)."""
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if reasoning:
        message["reasoning_content"] = reasoning
    return {
        "id": new_id("chatcmpl"),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason(reason)}],
        "usage": usage(prompt_tokens, completion_tokens),
    }


def text_completion(model: str, text: str, reason: str | None, prompt_tokens: int, completion_tokens: int
                    ) -> dict[str, Any]:
    return {
        "id": new_id("cmpl"),
        "object": "text_completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": finish_reason(reason)}],
        "usage": usage(prompt_tokens, completion_tokens),
    }


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class StreamFormatter:
    """SSE events of one streamed reply. The parts that never change are rendered once, so a token costs one
    json.dumps of its text."""

    def __init__(self, chat: bool, model: str) -> None:
        self.chat = chat
        rid = new_id("chatcmpl" if chat else "cmpl")
        obj = "chat.completion.chunk" if chat else "text_completion"
        self._head = f'data: {{"id":{_dumps(rid)},"object":"{obj}","created":{int(time.time())},"model":{_dumps(model)},'
        if chat:
            self._text_open = self._head + '"choices":[{"index":0,"delta":{"content":'
            self._text_close = '},"logprobs":null,"finish_reason":null}]}\n\n'
            self._reasoning_open = self._head + '"choices":[{"index":0,"delta":{"reasoning_content":'
        else:
            self._text_open = self._head + '"choices":[{"index":0,"text":'
            self._text_close = ',"logprobs":null,"finish_reason":null}]}\n\n'

    def start(self) -> str:
        """The chat stream's first event: the assistant's role, as OpenAI sends it."""
        if not self.chat:
            return ""
        return self._head + '"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,' \
            '"finish_reason":null}]}\n\n'

    def text(self, text: str) -> str:
        return self._text_open + _dumps(text) + self._text_close

    def reasoning(self, text: str) -> str:
        """A piece of a reasoning model's thinking: `delta.reasoning_content`, apart from the answer's content."""
        return self._reasoning_open + _dumps(text) + self._text_close

    def finish(self, reason: str | None) -> str:
        body = '"delta":{}' if self.chat else '"text":""'
        return self._head + f'"choices":[{{"index":0,{body},"logprobs":null,"finish_reason":' \
            f'"{finish_reason(reason)}"}}]}}\n\n'

    def tool_calls(self, calls: list[dict[str, Any]]) -> str:
        """A reply's tool calls (server/tools.py), whole, in one delta."""
        return self._head + f'"choices":[{{"index":0,"delta":{{"tool_calls":{_dumps(calls)}}},"logprobs":null,' \
            '"finish_reason":null}]}\n\n'

    def usage(self, prompt_tokens: int, completion_tokens: int) -> str:
        return self._head + f'"choices":[],"usage":{_dumps(usage(prompt_tokens, completion_tokens))}}}\n\n'

    @staticmethod
    def done() -> str:
        return "data: [DONE]\n\n"


def embeddings_body(model: str, vectors: Sequence[Sequence[float]], tokens: int, as_base64: bool) -> dict[str, Any]:
    data = []
    for i, vec in enumerate(vectors):
        value: Any = list(vec)
        if as_base64:  # what the openai client asks for by default: little-endian float32
            value = base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode("ascii")
        data.append({"object": "embedding", "index": i, "embedding": value})
    return {"object": "list", "data": data, "model": model, "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}


def models_body(model_id: str | None, created: int) -> dict[str, Any]:
    data = [] if model_id is None else [{"id": model_id, "object": "model", "created": created,
                                         "owned_by": "desktop_app"}]
    return {"object": "list", "data": data}
