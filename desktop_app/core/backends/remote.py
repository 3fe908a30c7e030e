"""Remote backend: any OpenAI-compatible server (vLLM, llama.cpp's server, Ollama, LM Studio, llama-cpp-python).

Configured by a ModelSpec with backend="remote" and `extra`:
    base_url  "http://127.0.0.1:8080" or ".../v1" ("/v1" is added when missing); falls back to str(spec.path)
    api_key   sent as "Authorization: Bearer ..." when set
    model     the server's model id; empty means the first one GET /v1/models lists
    timeout   seconds to wait for the server (connect, and between streamed bytes); default 60
    openai_strict  True to send only OpenAI's own sampling fields (top_k, min_p and repeat_penalty are extensions
                   that llama.cpp, vLLM, LM Studio and Ollama accept but api.openai.com rejects)

HTTP goes through `httpx2` (the client huggingface_hub 2.x already installs), not the `openai` package, to keep the
base install light. Streams are Server-Sent Events read line by line; the wire format itself (request fields, events,
error details) is `remote_wire.py`, and tool calls are `remote_tools.py`.

Token counts: the server's `usage` is used when it sends one (we ask for it with stream_options.include_usage).
Otherwise, and for count_tokens / count_chat_tokens, counts are approximate: one token per streamed delta, and
about four characters per token for text we never sent (see `approx_tokens`). The chat code uses these counts to
trim a conversation to the context; a remote server still applies its own limit.

Cancel: checked between streamed events; the response is closed at once, so the server stops generating. While the
server is silent (a long prompt being evaluated), cancel waits for the next event or the read timeout.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from desktop_app.core.backends.base import (
    BackendBase,
    Capability,
    ChatMessage,
    Chunk,
    GenerationParams,
    LoadOptions,
    ModelInfo,
    ProgressCallback,
)
from desktop_app.core.backends.remote_tools import ToolCallText, wire_message
from desktop_app.core.backends.remote_wire import (
    error_detail,
    event_choice,
    reasoning_of,
    request_body,
    response_error_detail,
    server_context,
    sse_events,
)
from desktop_app.core.errors import Cancelled, GenerationError, ModelLoadError
from desktop_app.core.messages import phrase
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.reasoning import split_stream

DEFAULT_TIMEOUT_S = 60.0
CONNECT_TIMEOUT_S = 5.0
CHARS_PER_TOKEN = 4
TOKENS_PER_MESSAGE = 4  # role markers and separators a chat template adds around each message


def approx_tokens(text: str) -> int:
    """About four characters per token: the usual figure for English BPE vocabularies, rounded up."""
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def normalize_base_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    return url if url.endswith("/v1") else url + "/v1"


class _Failure(Exception):
    """Internal: an HTTP-level failure already phrased as one sentence; mapped to the caller's error type."""


class RemoteBackend(BackendBase):
    capabilities = frozenset({Capability.CHAT})

    def __init__(self, timeout: float | None = None) -> None:
        self._timeout_override = timeout
        self._client = None
        self.base_url = ""
        self.model = ""
        self.info: ModelInfo | None = None
        self._n_ctx = 0
        self._strict = False

    # -- loading -------------------------------------------------------------------------------------------------
    def load(
        self,
        spec: ModelSpec,
        options: LoadOptions,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> ModelInfo:
        import httpx2

        extra = spec.extra or {}
        self.base_url = normalize_base_url(str(extra.get("base_url") or spec.path))
        timeout = float(self._timeout_override or extra.get("timeout") or DEFAULT_TIMEOUT_S)
        headers = {"Accept": "application/json"}
        if extra.get("api_key"):
            headers["Authorization"] = f"Bearer {extra['api_key']}"
        self._strict = bool(extra.get("openai_strict", False))
        if progress:
            progress(0, 0)
        self.unload()
        self._client = httpx2.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx2.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT_S)),
        )
        try:
            data = self._get_json("/models")
            models = data.get("data") if isinstance(data, dict) else None
            if not isinstance(models, list) or not all(isinstance(m, dict) and "id" in m for m in models):
                raise _Failure(
                    phrase("The model server at {base_url} sent a model list that is not OpenAI-compatible.", base_url=self.base_url)
                )
        except _Failure as exc:
            self.unload()
            raise ModelLoadError(str(exc)) from None
        if cancel is not None and cancel.is_set():
            self.unload()
            raise Cancelled(phrase("Loading cancelled."))
        ids = [str(m["id"]) for m in models]
        wanted = str(extra.get("model") or "")
        if not ids:
            self.unload()
            raise ModelLoadError(phrase("The model server at {base_url} has no model loaded.", base_url=self.base_url))
        if wanted and wanted not in ids:
            self.unload()
            raise ModelLoadError(
                phrase("The model server at {base_url} has no model {wanted} (it offers: {items}).", base_url=self.base_url, wanted=repr(wanted), items=', '.join(ids[:5]))
            )
        self.model = wanted or ids[0]
        entry = models[ids.index(self.model)]
        self._n_ctx = server_context(entry) or options.n_ctx
        self.info = ModelInfo(
            name=spec.name,
            architecture="remote",
            n_ctx=self._n_ctx,
            device=f"Remote ({self.base_url})",
            extra={"base_url": self.base_url, "model": self.model, "owned_by": entry.get("owned_by", "")},
        )
        if progress:
            progress(1, 1)
        return self.info

    def unload(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None

    @property
    def n_ctx(self) -> int:
        self._require()
        return self._n_ctx

    def _require(self):
        if self._client is None:
            raise GenerationError(phrase("No model is loaded."))
        return self._client

    # -- HTTP ----------------------------------------------------------------------------------------------------
    def _get_json(self, path: str) -> Any:
        import httpx2

        try:
            r = self._require().get(path)
        except httpx2.HTTPError as exc:
            raise _Failure(self._transport_message(exc)) from exc
        self._check_status(r)
        try:
            return r.json()
        except ValueError:
            raise _Failure(phrase("The model server at {base_url} did not answer with JSON.", base_url=self.base_url)) from None

    def _transport_message(self, exc: Exception) -> str:
        import httpx2

        if isinstance(exc, httpx2.ConnectError):
            return phrase("Cannot connect to the model server at {url}: is it running?", url=self.base_url)
        if isinstance(exc, httpx2.TimeoutException):
            return phrase("The model server at {url} did not answer in time.", url=self.base_url)
        return phrase("The connection to the model server at {url} failed ({kind}).", url=self.base_url,
                      kind=type(exc).__name__)

    def _check_status(self, r) -> None:
        if r.status_code < 400:
            return
        r.read()
        detail = response_error_detail(r)
        where, status = self.base_url, r.status_code
        if r.status_code in (401, 403):
            raise _Failure(phrase("The model server at {where} refused the API key (HTTP {status}): {detail}.", where=where, status=status,
                                  detail=detail) if detail else
                           phrase("The model server at {where} refused the API key (HTTP {status}).", where=where, status=status))
        if r.status_code == 404:
            model = repr(self.model or "this endpoint")
            raise _Failure(phrase("The model server at {where} does not know {model} (HTTP 404): {detail}.", where=where, model=model,
                                  detail=detail) if detail else
                           phrase("The model server at {where} does not know {model} (HTTP 404).", where=where, model=model))
        raise _Failure(phrase("The model server at {where} answered HTTP {status}: {detail}.", where=where, status=status, detail=detail)
                       if detail else phrase("The model server at {where} answered HTTP {status}.", where=where, status=status))

    # -- tokens --------------------------------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return approx_tokens(text)

    def count_chat_tokens(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> int:
        return sum(approx_tokens(m.get("content", "")) + TOKENS_PER_MESSAGE for m in messages) + 2

    # -- generation ----------------------------------------------------------------------------------------------

    def chat_stream(
        self, messages: Sequence[ChatMessage], params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        body = request_body(self.model, params, self._strict) | {"messages": [wire_message(m) for m in messages]}
        # A server that parses thinking sends it as reasoning_content; one that does not leaves the tags in the text
        stream = self._chat_events(body, self.count_chat_tokens(messages), cancel)
        return split_stream(stream)

    def _chat_events(self, body: dict[str, Any], prompt_estimate: int, cancel: threading.Event) -> Iterator[Chunk]:
        """The chat stream. A JSON schema goes in OpenAI's shape ({"type": "json_schema"}); a server that refuses
        that shape before answering (llama-cpp-python's takes {"type": "json_object", "schema": ...}) is asked
        again in the other one."""
        started = False
        try:
            for chunk in self._stream("/chat/completions", body, prompt_estimate, cancel, chat=True):
                started = True
                yield chunk
        except GenerationError as exc:
            shape = body.get("response_format")
            if started or self._strict or not shape or "response_format" not in str(exc):
                raise
            other = {"type": "json_object", "schema": shape["json_schema"]["schema"]}
            yield from self._stream("/chat/completions", body | {"response_format": other}, prompt_estimate, cancel,
                                    chat=True)

    def complete_stream(
        self, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        body = request_body(self.model, params, self._strict) | {"prompt": prompt}
        return self._stream("/completions", body, approx_tokens(prompt), cancel, chat=False)

    def _stream(
        self, path: str, body: dict[str, Any], prompt_estimate: int, cancel: threading.Event, chat: bool
    ) -> Iterator[Chunk]:
        import httpx2

        client = self._require()
        prompt_tokens, produced, finish = prompt_estimate, 0, None
        calls = ToolCallText()
        if cancel.is_set():
            yield Chunk(prompt_tokens=prompt_tokens, finish_reason="cancelled")
            return
        try:
            with client.stream("POST", path, json=body, headers={"Accept": "text/event-stream"}) as r:
                self._check_status(r)
                if "text/event-stream" not in r.headers.get("content-type", ""):
                    # Some servers ignore stream=true and answer with one JSON object: accept it as one chunk.
                    r.read()
                    yield self._whole_reply(r, prompt_tokens, chat)
                    return
                for event in sse_events(r.iter_lines()):
                    if cancel.is_set():
                        break
                    if event == "[DONE]":
                        break
                    try:
                        data = json.loads(event)
                    except ValueError:
                        raise _Failure(
                            phrase("The model server at {base_url} sent a malformed stream event.", base_url=self.base_url)
                        ) from None
                    if not isinstance(data, dict):
                        raise _Failure(phrase("The model server at {base_url} sent a malformed stream event.", base_url=self.base_url))
                    if "error" in data:
                        raise _Failure(
                            phrase("The model server at {base_url} reported an error: {detail}.", base_url=self.base_url,
                                   detail=error_detail(data)) if error_detail(data) else
                            phrase("The model server at {base_url} reported an error.", base_url=self.base_url)
                        )
                    usage = data.get("usage")
                    if isinstance(usage, dict):
                        prompt_tokens = int(usage.get("prompt_tokens") or prompt_tokens)
                        produced = int(usage.get("completion_tokens") or produced)
                    text, reason, thought = event_choice(data, chat)
                    if chat and data.get("choices"):
                        calls.add((data["choices"][0].get("delta") or {}).get("tool_calls"))
                    if text or thought:
                        produced += 1
                        yield Chunk(text=text, prompt_tokens=prompt_tokens, completion_tokens=produced,
                                    reasoning=thought)
                        if cancel.is_set():  # the consumer may set it while we were suspended at the yield
                            break
                    if reason:
                        finish = "length" if reason == "length" else "stop"
        except _Failure as exc:
            raise GenerationError(str(exc)) from None
        except httpx2.HTTPError as exc:
            raise GenerationError(self._transport_message(exc)) from exc
        if calls.text() and not cancel.is_set():
            yield Chunk(text=calls.text(), prompt_tokens=prompt_tokens, completion_tokens=produced)
        if cancel.is_set():
            finish = "cancelled"
        elif finish is None:
            raise GenerationError(
                phrase("The model server at {base_url} closed the stream before the reply ended.", base_url=self.base_url)
            )
        yield Chunk(prompt_tokens=prompt_tokens, completion_tokens=produced, finish_reason=finish)

    def _whole_reply(self, r, prompt_tokens: int, chat: bool) -> Chunk:
        try:
            data = r.json()
            choice = data["choices"][0]
            text = choice["message"]["content"] if chat else choice["text"]
            thought = reasoning_of(choice["message"]) if chat else ""
            if chat:
                calls = ToolCallText()
                calls.add(choice["message"].get("tool_calls"))
                text = (text or "") + calls.text()
        except (ValueError, KeyError, IndexError, TypeError):
            raise _Failure(
                phrase("The model server at {base_url} sent a reply that is not OpenAI-compatible.", base_url=self.base_url)
            ) from None
        usage = data.get("usage") or {}
        return Chunk(
            text=text or "",
            reasoning=thought,
            prompt_tokens=int(usage.get("prompt_tokens") or prompt_tokens),
            completion_tokens=int(usage.get("completion_tokens") or approx_tokens(text or "")),
            finish_reason="length" if choice.get("finish_reason") == "length" else "stop",
        )
