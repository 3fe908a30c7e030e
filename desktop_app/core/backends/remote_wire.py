"""What goes over the wire to and from an OpenAI-compatible server: the request's sampling fields, the
Server-Sent Events of a stream, a stream event's first choice, and the error details a server sends.

Split from `remote.py`, which keeps the HTTP client, loading and the stream loop: these are pure functions of
dicts and lines, so the format's rules (which fields in strict mode, where servers put thinking and context
length) read in one place apart from the connection handling.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.errors import GenerationError
from desktop_app.core.messages import phrase


def request_body(model: str, params: GenerationParams, strict: bool) -> dict[str, Any]:
    """The fields of a chat or completion request that come from the sampling parameters. `strict` sends only
    OpenAI's own fields (api.openai.com rejects llama.cpp's extensions and a GBNF grammar)."""
    body: dict[str, Any] = {
        "model": model,
        "stream": True,
        "stream_options": {"include_usage": True},
        "temperature": params.temperature,
        "top_p": params.top_p,
    }
    if params.max_tokens > 0:
        body["max_tokens"] = params.max_tokens
    if params.seed >= 0:
        body["seed"] = params.seed
    if params.stop:
        body["stop"] = list(params.stop)
    if not strict:
        body.update(top_k=params.top_k, min_p=params.min_p, repeat_penalty=params.repeat_penalty)
        if params.thinking in ("on", "off"):  # llama.cpp's server and vLLM pass these to the template
            body["chat_template_kwargs"] = {"enable_thinking": params.thinking == "on"}
    if params.tools:  # OpenAI's `tools`; the calls come back as tool_calls (see remote_tools.py)
        body["tools"] = json.loads(params.tools)
    if params.json_schema:
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "reply", "schema": json.loads(params.json_schema), "strict": True},
        }
    elif params.grammar:
        if strict:
            raise GenerationError(phrase("This model server takes OpenAI's fields only: a JSON schema, not a grammar."))
        body["grammar"] = params.grammar  # llama.cpp's server and llama-cpp-python's take a GBNF grammar
    return body


def sse_events(lines: Iterator[str]) -> Iterator[str]:
    """The data of each Server-Sent Event (multi-line data joined with newlines); comments and other fields skipped."""
    data: list[str] = []
    for line in lines:
        if not line:
            if data:
                yield "\n".join(data)
                data = []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if field == "data":
            data.append(value[1:] if value.startswith(" ") else value)
    if data:
        yield "\n".join(data)


def reasoning_of(message: Any) -> str:
    """Thinking a server parsed out of the reply: `reasoning_content` (llama.cpp, DeepSeek, vLLM) or `reasoning`."""
    if not isinstance(message, dict):
        return ""
    value = message.get("reasoning_content") or message.get("reasoning") or ""
    return value if isinstance(value, str) else ""


def event_choice(data: dict[str, Any], chat: bool) -> tuple[str, str | None, str]:
    """(text, finish reason, thinking) of a stream event's first choice."""
    choices = data.get("choices")
    if not choices:  # the usage-only chunk at the end, or a keep-alive
        return "", None, ""
    choice = choices[0]
    thought = ""
    if chat:
        delta = choice.get("delta") or {}
        text = delta.get("content") or ""
        thought = reasoning_of(delta)
    else:
        text = choice.get("text") or ""
    return str(text), choice.get("finish_reason"), thought


def server_context(entry: dict[str, Any]) -> int:
    """The context length a server reports for a model, where it does (vLLM: max_model_len; llama.cpp: meta)."""
    for value in (
        entry.get("max_model_len"),
        (entry.get("meta") or {}).get("n_ctx_train"),
        entry.get("context_length"),
    ):
        if isinstance(value, int) and value > 0:
            return value
    return 0


def error_detail(data: Any) -> str:
    err = data.get("error") if isinstance(data, dict) else None
    msg = err.get("message") if isinstance(err, dict) else err if isinstance(err, str) else None
    if not msg and isinstance(data, dict):
        msg = data.get("detail") or data.get("message")
    if not isinstance(msg, str) or not msg.strip():
        return ""
    msg = " ".join(msg.split())
    return msg[:200].rstrip(".")


def response_error_detail(r) -> str:
    try:
        return error_detail(r.json())
    except ValueError:
        return ""
