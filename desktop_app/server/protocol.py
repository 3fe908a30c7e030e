"""The OpenAI wire format: request parsing with OpenAI-style errors; the response bodies are server/responses.py.

No web framework here, so the rules (which fields, which defaults, which error for what) read in one place and test
without a server. Sampling follows OpenAI where OpenAI defines a field (temperature and top_p default to 1); the
llama.cpp extras that llama-cpp-python's own server accepts (top_k, min_p, repeat_penalty) default to the app's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.core.engine.types import ChatMessage, GenerationParams
from desktop_app.core.errors import SchemaError
from desktop_app.core.tasks.reasoning import answer_only
from desktop_app.core.tasks.structured import schema_from_response_format

# The response side (server/responses.py), importable from here as before: api.py and the tests use protocol.X.
from desktop_app.server.responses import StreamFormatter as StreamFormatter
from desktop_app.server.responses import _dumps as _dumps
from desktop_app.server.responses import chat_completion as chat_completion
from desktop_app.server.responses import embeddings_body as embeddings_body
from desktop_app.server.responses import finish_reason as finish_reason
from desktop_app.server.responses import models_body as models_body
from desktop_app.server.responses import new_id as new_id
from desktop_app.server.responses import text_completion as text_completion
from desktop_app.server.responses import usage as usage

MAX_STOP_STRINGS = 16


class ApiError(Exception):
    """An error answered as OpenAI does: {"error": {"message", "type", "param", "code"}} with an HTTP status."""

    def __init__(
        self,
        status: int,
        message: str,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}


def bad(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    return ApiError(400, message, param=param, code=code)


@dataclass(frozen=True)
class GenerationRequest:
    """A validated chat or completion request: a frozen snapshot the model's thread can use as is."""

    model: str
    params: GenerationParams
    stream: bool = False
    include_usage: bool = False
    messages: tuple[ChatMessage, ...] = ()  # chat
    prompt: str = ""  # completions
    echo: bool = False
    tool_names: tuple[str, ...] = ()  # chat with `tools`: the names a reply may call (server/tools.py)


@dataclass(frozen=True)
class EmbeddingRequest:
    model: str
    inputs: tuple[str, ...]
    base64: bool = False


def parse_json(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise bad(
            f"We could not parse the JSON body of your request ({exc}). The body must be a JSON object."
        ) from exc
    if not isinstance(data, dict):
        raise bad("The request body must be a JSON object.")
    try:  # "\\ud800" is valid JSON but no text: a lone UTF-16 surrogate cannot be tokenized (or even encoded)
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise bad(
            "The request contains a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), which is "
            "not valid text. Send the text as UTF-8."
        ) from exc
    return data


def _model(data: dict[str, Any]) -> str:
    model = data.get("model")
    if model is None:
        raise bad("you must provide a model parameter", "model")
    if not isinstance(model, str) or not model:
        raise bad("'model' must be a non-empty string.", "model")
    return model


def _number(data: dict[str, Any], name: str, low: float, high: float) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise bad(f"'{name}' must be a number from {low:g} to {high:g}; got {value!r}.", name)
    return float(value)


def _integer(data: dict[str, Any], name: str, low: int, high: int = 2**63 - 1) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise bad(f"'{name}' must be an integer of at least {low}; got {value!r}.", name)
    return value


def _bool(data: dict[str, Any], name: str) -> bool:
    value = data.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise bad(f"'{name}' must be true or false; got {value!r}.", name)
    return value


def _stop(data: dict[str, Any]) -> tuple[str, ...]:
    stop = data.get("stop")
    if stop is None:
        return ()
    if isinstance(stop, str):
        stop = [stop]
    if not isinstance(stop, list) or not all(isinstance(s, str) for s in stop):
        raise bad("'stop' must be a string or a list of strings.", "stop")
    if len(stop) > MAX_STOP_STRINGS:
        raise bad(f"'stop' holds at most {MAX_STOP_STRINGS} strings.", "stop")
    return tuple(s for s in stop if s)


def _params(data: dict[str, Any]) -> GenerationParams:
    n = _integer(data, "n", 1, 128)
    if n is not None and n > 1:
        raise bad("n > 1 is not supported: this server generates one choice per request.", "n")
    for name in ("best_of",):
        if (_integer(data, name, 1, 128) or 1) > 1:
            raise bad(f"'{name}' > 1 is not supported.", name)
    max_tokens = _integer(data, "max_completion_tokens", 1)
    if max_tokens is None:
        max_tokens = _integer(data, "max_tokens", 1)
    seed = _integer(data, "seed", -(2**63))
    params = GenerationParams(
        temperature=1.0,
        top_p=1.0,
        max_tokens=max_tokens or 0,  # 0: up to the end of the context, as OpenAI does
        seed=seed % 2**31 if seed is not None else -1,  # llama.cpp takes a 32-bit seed
        stop=_stop(data),
    )
    changes: dict[str, Any] = {}
    for name, low, high in (("temperature", 0.0, 2.0), ("top_p", 0.0, 1.0), ("min_p", 0.0, 1.0),
                            ("repeat_penalty", 0.0, 10.0)):
        value = _number(data, name, low, high)
        if value is not None:
            changes[name] = value
    top_k = _integer(data, "top_k", 0)
    if top_k is not None:
        changes["top_k"] = top_k
    return replace(params, **changes)


def _stream_options(data: dict[str, Any], stream: bool) -> bool:
    options = data.get("stream_options")
    if options is None:
        return False
    if not isinstance(options, dict):
        raise bad("'stream_options' must be an object.", "stream_options")
    if not stream:
        raise bad("'stream_options' is only allowed when 'stream' is true.", "stream_options")
    return _bool(options, "include_usage")


def _message_text(content: Any, index: int) -> str:
    """A message's content as text: a string, or a list of text parts (what newer clients send)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if not isinstance(part, dict) or "type" not in part:
                raise bad(f"messages[{index}].content parts must be objects with a 'type'.", f"messages[{index}]")
            if part["type"] != "text" or not isinstance(part.get("text"), str):
                raise bad(
                    f"messages[{index}] has a '{part['type']}' part: this server takes text only.",
                    f"messages[{index}].content",
                )
            texts.append(part["text"])
        return "".join(texts)
    raise bad(f"messages[{index}].content must be a string or a list of text parts.", f"messages[{index}].content")


ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant", "tool": "tool"}


def _messages(data: dict[str, Any]) -> tuple[ChatMessage, ...]:
    from desktop_app.server.tools import message_tool_fields

    messages = data.get("messages")
    if messages is None:
        raise bad("Missing required parameter: 'messages'.", "messages")
    if not isinstance(messages, list) or not messages:
        raise bad("'messages' must be a non-empty list.", "messages")
    out: list[ChatMessage] = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            raise bad(f"messages[{i}] must be an object.", f"messages[{i}]")
        role = m.get("role")
        if role is None:
            raise bad(f"Missing required parameter: 'messages[{i}].role'.", f"messages[{i}].role")
        if role not in ROLES:
            raise bad(
                f"messages[{i}].role {role!r} is not supported (use system, developer, user, assistant or tool).",
                f"messages[{i}].role",
            )
        if "content" not in m and role != "assistant":
            raise bad(f"Missing required parameter: 'messages[{i}].content'.", f"messages[{i}].content")
        text = _message_text(m.get("content"), i)
        # An earlier reply's thinking never goes back to the model (its reasoning_content is not read either)
        content = answer_only(text) if role == "assistant" else text
        out.append(message_tool_fields(m, i, {"role": ROLES[role], "content": content}))
    return tuple(out)


def _structured(data: dict[str, Any]) -> dict[str, Any]:
    """`response_format` (json_schema, json_object) as GenerationParams.json_schema, or llama.cpp's `grammar`;
    the thinking switch as
    llama.cpp's server and vLLM take it (`chat_template_kwargs.enable_thinking`) or as `reasoning_effort`."""
    changes: dict[str, Any] = {}
    try:
        schema = schema_from_response_format(data.get("response_format"))
    except SchemaError as exc:
        raise bad(str(exc), "response_format") from None
    if schema:
        changes["json_schema"] = schema
    grammar = data.get("grammar")  # a GBNF grammar, as llama-cpp-python's own server takes it
    if grammar is not None:
        if not isinstance(grammar, str):
            raise bad("'grammar' must be a GBNF grammar as a string.", "grammar")
        if schema and grammar:
            raise bad("Send either 'response_format' with a schema or 'grammar', not both.", "grammar")
        changes["grammar"] = grammar
    kwargs = data.get("chat_template_kwargs")
    if kwargs is not None:
        if not isinstance(kwargs, dict):
            raise bad("'chat_template_kwargs' must be an object.", "chat_template_kwargs")
        enable = kwargs.get("enable_thinking")
        if enable is not None:
            if not isinstance(enable, bool):
                raise bad("'chat_template_kwargs.enable_thinking' must be true or false.", "chat_template_kwargs")
            changes["thinking"] = "on" if enable else "off"
    effort = data.get("reasoning_effort")
    if effort is not None:
        if effort not in ("none", "minimal", "low", "medium", "high"):
            raise bad("'reasoning_effort' must be none, minimal, low, medium or high.", "reasoning_effort")
        changes.setdefault("thinking", "off" if effort == "none" else "on")
    return changes


def parse_chat(data: dict[str, Any]) -> GenerationRequest:
    from desktop_app.server.tools import parse_tools

    stream = _bool(data, "stream")
    tools, names, forced = parse_tools(data)
    structured = _structured(data)
    if forced:  # the reply must be a call: held to the calls' schema by a grammar
        if structured.get("json_schema") or structured.get("grammar"):
            raise bad("A 'tool_choice' that requires a call cannot be combined with 'response_format' or 'grammar'.",
                      "tool_choice")
        structured = {**structured, "json_schema": forced}
    return GenerationRequest(
        model=_model(data), messages=_messages(data),
        params=replace(_params(data), tools=tools, **structured), stream=stream,
        include_usage=_stream_options(data, stream), tool_names=names,
    )


def parse_completion(data: dict[str, Any]) -> GenerationRequest:
    model = _model(data)
    prompt = data.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if prompt is None:
        raise bad("Missing required parameter: 'prompt'.", "prompt")
    if not isinstance(prompt, str):
        raise bad("'prompt' must be a string (a list of several prompts, or token ids, is not supported).", "prompt")
    if data.get("suffix"):
        raise bad("'suffix' is not supported.", "suffix")
    if data.get("logprobs") is not None:
        raise bad("'logprobs' is not supported.", "logprobs")
    stream = _bool(data, "stream")
    return GenerationRequest(
        model=model, prompt=prompt, params=_params(data), stream=stream,
        include_usage=_stream_options(data, stream), echo=_bool(data, "echo"),
    )


def parse_embeddings(data: dict[str, Any]) -> EmbeddingRequest:
    model = _model(data)
    inputs = data.get("input")
    if inputs is None:
        raise bad("Missing required parameter: 'input'.", "input")
    if isinstance(inputs, str):
        inputs = [inputs]
    if not isinstance(inputs, list) or not inputs or not all(isinstance(s, str) for s in inputs):
        raise bad("'input' must be a string or a non-empty list of strings (token ids are not supported).", "input")
    if any(not s for s in inputs):
        raise bad("'input' cannot contain an empty string.", "input")
    fmt = data.get("encoding_format") or "float"
    if fmt not in ("float", "base64"):
        raise bad("'encoding_format' must be 'float' or 'base64'.", "encoding_format")
    if data.get("dimensions") is not None:
        raise bad("'dimensions' is not supported: the model's embeddings have a fixed size.", "dimensions")
    return EmbeddingRequest(model=model, inputs=tuple(inputs), base64=fmt == "base64")
