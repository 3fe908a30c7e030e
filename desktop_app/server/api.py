"""The Starlette application: OpenAI-compatible routes over a ModelRunner.

Every route answers JSON; every failure is an OpenAI-style error body (never a stack trace). Generation requests are
admitted up to `max_queue` in flight (running plus waiting; 429 beyond), decoded up to `parallel` together in one
batch where the model can (batching.py) or else queued on the model's serial queue in arrival order, and cancelled when their client goes away, whether still queued, streaming or waiting for a whole
reply. The model's worker thread hands chunks over through a ChunkPipe.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.types import Chunk
from desktop_app.core.errors import (
    Cancelled,
    ContextOverflowError,
    DesktopAppError,
    SchemaError,
    UnsupportedTaskError,
)
from desktop_app.core.tasks.structured import check_reply
from desktop_app.server import protocol
from desktop_app.server.batching import DEFAULT_PARALLEL, BatchedView, batches
from desktop_app.server.embeddings import embedding_unsupported_reason
from desktop_app.server.pipe import ChunkPipe
from desktop_app.server.protocol import ApiError, GenerationRequest, StreamFormatter
from desktop_app.server.runner import ModelRunner, RunTicket, ServedModel
from desktop_app.server.tools import ToolStreamFilter, with_tool_calls

log = logging.getLogger(__name__)

DEFAULT_MAX_QUEUE = 16
MAX_BODY_BYTES = 8 * 2**20


@dataclass
class RequestLogEntry:
    """One line of the request log (the dialog's live log, the headless server's stderr)."""

    client: str
    method: str
    path: str
    status: int
    model: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_s: float = 0.0
    stream: bool = False
    note: str = ""
    time: float = field(default_factory=time.time)

    def format(self) -> str:
        parts = [time.strftime("%H:%M:%S", time.localtime(self.time)), self.client, self.method, self.path,
                 str(self.status)]
        if self.model:
            parts.append(self.model)
        if self.prompt_tokens or self.completion_tokens:
            parts.append(f"{self.prompt_tokens}+{self.completion_tokens} tokens")
        if self.duration_s:
            parts.append(f"{self.duration_s:.2f} s")
        if self.stream:
            parts.append("stream")
        if self.note:
            parts.append(f"– {self.note}")
        return " ".join(parts)


LogSink = Callable[[RequestLogEntry], None]


class ClientGone(Exception):
    """The client disconnected before its reply was ready."""


class ApiService:
    """The routes and their shared state (admission counter, live tickets)."""

    def __init__(self, runner: ModelRunner, api_key: str = "", max_queue: int = DEFAULT_MAX_QUEUE,
                 on_log: LogSink | None = None, parallel: int = DEFAULT_PARALLEL) -> None:
        self.runner = runner
        self.api_key = api_key
        self.max_queue = max_queue
        self.parallel = parallel
        self.on_log = on_log
        self._lock = threading.Lock()
        self._in_flight = 0
        self._tickets: set[RunTicket] = set()
        self.served_total = 0
        self.cancelled_total = 0
        # The server serves one model, so by default any name in "model" reaches it (as llama.cpp's server and
        # LM Studio do with one model loaded) and replies name what answered; strict, a name that is not the
        # model's is a 404, for clients that want a typo caught.
        self.strict_model_names = False

    # -- state ----------------------------------------------------------------------------------------------------
    @property
    def in_flight(self) -> int:
        return self._in_flight

    def _admit(self) -> None:
        with self._lock:
            if self._in_flight >= self.max_queue:
                raise ApiError(429, f"The server is busy: {self._in_flight} requests are already waiting or running "
                               f"(at most {self.max_queue}). Retry shortly.", type="requests",
                               code="rate_limit_exceeded")
            self._in_flight += 1

    def _release(self, ticket: RunTicket) -> None:
        with self._lock:
            self._in_flight -= 1
            self._tickets.discard(ticket)

    def cancel_all(self) -> None:
        """Cancel every queued and running request (the server is stopping)."""
        with self._lock:
            tickets = list(self._tickets)
        for ticket in tickets:
            ticket.cancel()

    def close(self) -> None:
        self.cancel_all()

    def _log(self, entry: RequestLogEntry) -> None:
        if self.on_log is not None:
            try:
                self.on_log(entry)
            except Exception:  # a broken log view must not break a request
                log.exception("request log sink failed")

    # -- plumbing ---------------------------------------------------------------------------------------------------
    def _check_key(self, request: Request) -> None:
        if not self.api_key:
            return
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if not header or scheme.lower() != "bearer":
            raise ApiError(401, "You didn't provide an API key. Send it in an Authorization header: "
                           "'Authorization: Bearer YOUR_KEY'.", code="invalid_api_key")
        if not hmac.compare_digest(token.strip().encode(), self.api_key.encode()):
            raise ApiError(401, "Incorrect API key provided.", code="invalid_api_key")

    def _model(self, name: str | None = None) -> ServedModel:
        served = self.runner.served_model()
        if served is None:
            raise ApiError(503, "No model is loaded yet; try again when it has loaded.", type="server_error",
                           code="model_not_loaded")
        if name is not None and self.strict_model_names and not served.answers_to(name):
            raise ApiError(404, f"The model '{name}' does not exist or you do not have access to it. This server "
                           f"serves '{served.id}'.", param="model", code="model_not_found")
        return served

    async def _json(self, request: Request) -> dict[str, Any]:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
            raise ApiError(413, f"The request body is larger than {MAX_BODY_BYTES // 2**20} MB.",
                           code="request_too_large")
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            raise ApiError(413, f"The request body is larger than {MAX_BODY_BYTES // 2**20} MB.",
                           code="request_too_large")
        return protocol.parse_json(body)

    @staticmethod
    def _client(request: Request) -> str:
        return request.client.host if request.client else "?"

    def _error_response(self, request: Request, error: ApiError, started: float, model: str = "") -> JSONResponse:
        self._log(RequestLogEntry(self._client(request), request.method, request.url.path, error.status, model,
                                  duration_s=time.perf_counter() - started, note=error.message))
        headers = {"Retry-After": "1"} if error.status == 429 else None
        return JSONResponse(error.body(), status_code=error.status, headers=headers)

    def route(self, handler: Callable[[Request], Awaitable[Response]], auth: bool = True
              ) -> Callable[[Request], Awaitable[Response]]:
        """Wrap a handler: API key first, then ApiError and every other failure as an OpenAI-style body."""

        async def endpoint(request: Request) -> Response:
            started = time.perf_counter()
            try:
                if auth:
                    self._check_key(request)
                return await handler(request)
            except ApiError as exc:
                return self._error_response(request, exc, started)
            except ClientGone:
                self._log(RequestLogEntry(self._client(request), request.method, request.url.path, 499,
                                          duration_s=time.perf_counter() - started,
                                          note="client disconnected; cancelled"))
                return Response(status_code=499)
            except Exception as exc:  # never a stack trace to the client; the log has it
                log.exception("API request failed")
                return self._error_response(request, as_api_error(exc), started)

        return endpoint

    # -- routes -----------------------------------------------------------------------------------------------------
    async def health(self, request: Request) -> Response:
        served = self.runner.served_model()
        body = {"status": "ok" if served is not None else "no model loaded",
                "model": served.id if served is not None else None,
                "in_flight": self._in_flight, "max_queue": self.max_queue, "parallel": self.parallel,
                "served": self.served_total, "cancelled": self.cancelled_total}
        return JSONResponse(body, status_code=200 if served is not None else 503)

    async def models(self, request: Request) -> Response:
        served = self.runner.served_model()
        body = protocol.models_body(served.id if served else None, served.created if served else 0)
        self._log(RequestLogEntry(self._client(request), request.method, request.url.path, 200))
        return JSONResponse(body)

    async def chat_completions(self, request: Request) -> Response:
        req = protocol.parse_chat(await self._json(request))
        messages = [dict(m) for m in req.messages]

        def stream(backend: Backend, cancel: threading.Event) -> Iterator[Chunk]:
            return backend.chat_stream(messages, req.params, cancel)

        return await self._generate(request, req, stream, chat=True)

    async def completions(self, request: Request) -> Response:
        req = protocol.parse_completion(await self._json(request))

        def stream(backend: Backend, cancel: threading.Event) -> Iterator[Chunk]:
            return backend.complete_stream(req.prompt, req.params, cancel)

        return await self._generate(request, req, stream, chat=False)

    async def embeddings_route(self, request: Request) -> Response:
        req = protocol.parse_embeddings(await self._json(request))
        served = self._model(req.model)
        reason = embedding_unsupported_reason(served.spec, served.capabilities)
        if reason:
            raise ApiError(400, reason, param="model", code="embeddings_not_supported")
        started = time.perf_counter()
        self._admit()
        inputs = list(req.inputs)

        def work(backend: Backend, cancel: threading.Event) -> tuple[list[list[float]], int]:
            return backend.embeddings(inputs, cancel)

        ticket = self._submit(served, work)
        vectors, tokens = await self._await_result(request, ticket)
        if len(vectors) < len(inputs):
            raise ClientGone()
        self._log(RequestLogEntry(self._client(request), "POST", request.url.path, 200, served.id, tokens,
                                  duration_s=time.perf_counter() - started, note=f"{len(inputs)} inputs"))
        return JSONResponse(protocol.embeddings_body(served.id, vectors, tokens, req.base64))

    # -- generation -------------------------------------------------------------------------------------------------
    def _submit(self, served: ServedModel, work: Callable[[Backend, threading.Event], Any],
                batched: bool = False) -> RunTicket:
        try:
            ticket = self.runner.submit(served, work, batched=batched)
        except BaseException:
            with self._lock:
                self._in_flight -= 1
            raise
        with self._lock:
            self._tickets.add(ticket)
        ticket.future.add_done_callback(lambda _f: self._release(ticket))
        return ticket

    async def _await_result(self, request: Request, ticket: RunTicket) -> Any:
        """The ticket's result, cancelling the work if the client disconnects first."""
        result = asyncio.wrap_future(ticket.future)
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            done, _ = await asyncio.wait({result, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
        if result not in done:
            ticket.cancel()
            self.cancelled_total += 1
            raise ClientGone()
        try:
            return result.result()
        except Cancelled as exc:
            raise ClientGone() from exc

    async def _generate(self, request: Request, req: GenerationRequest,
                        make_stream: Callable[[Backend, threading.Event], Iterator[Chunk]], chat: bool) -> Response:
        served = self._model(req.model)
        started = time.perf_counter()
        self._admit()
        pipe = ChunkPipe(asyncio.get_running_loop())

        def work(backend: Backend, cancel: threading.Event) -> Chunk | None:
            """Runs on the model's thread. Returns the totals and how it ended (finish_reason "cancelled" when
            the client left mid-way), for the log and the tests."""
            if cancel.is_set():
                pipe.close(Cancelled("Cancelled before it started."))
                return None
            last = Chunk()
            try:
                for chunk in make_stream(backend, cancel):
                    pipe.put(chunk)
                    last = _merge(last, chunk)
            except Exception as exc:  # reported to the client through the pipe; the job itself succeeded
                pipe.close(exc)
            else:
                pipe.close()
            return last

        batched = batches(served.spec, self.parallel, getattr(req, "messages", None))
        if batched:
            serial_work, slots = work, self.parallel

            def work(backend: Backend, cancel: threading.Event) -> Chunk | None:
                return serial_work(BatchedView(backend, slots), cancel)

        ticket = self._submit(served, work, batched)
        ticket.future.add_done_callback(lambda f: pipe.close(
            Cancelled("Cancelled.") if f.cancelled() else f.exception()))
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            first = await self._next(pipe, gone, ticket)  # errors (context overflow) still get their status
        except BaseException:
            gone.cancel()
            raise
        entry = RequestLogEntry(self._client(request), "POST", request.url.path, 200, served.id, stream=req.stream)
        if not req.stream:
            try:
                text, thought, last = await self._collect(first, pipe, gone, ticket)
            finally:
                gone.cancel()
            self._finish_log(entry, last, started)
            structured_failure(req, text, last)
            if req.echo:
                text = req.prompt + text
            if not chat:
                return JSONResponse(protocol.text_completion(served.id, text, last.finish_reason, last.prompt_tokens,
                                                             last.completion_tokens))
            body = protocol.chat_completion(served.id, text, last.finish_reason, last.prompt_tokens,
                                            last.completion_tokens, thought)
            return JSONResponse(with_tool_calls(body, text, req.tool_names) if req.tool_names else body)
        gone.cancel()  # from here StreamingResponse watches for the disconnect itself
        fmt = StreamFormatter(chat, served.id)
        return StreamingResponse(self._events(first, pipe, ticket, fmt, req, entry, started),
                                 media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    async def _next(self, pipe: ChunkPipe, gone: asyncio.Future[None], ticket: RunTicket) -> list[Chunk]:
        """The next batch of chunks, or ClientGone (after cancelling the work) when the client left first."""
        get = asyncio.ensure_future(pipe.get_batch())
        done, _ = await asyncio.wait({get, gone}, return_when=asyncio.FIRST_COMPLETED)
        if get in done:
            try:
                return get.result()
            except Cancelled as exc:
                raise ClientGone() from exc
            except ContextOverflowError as exc:
                raise ApiError(400, str(exc), param="messages", code="context_length_exceeded") from exc
        get.cancel()
        ticket.cancel()
        self.cancelled_total += 1
        raise ClientGone()

    async def _collect(self, first: list[Chunk], pipe: ChunkPipe, gone: asyncio.Future[None], ticket: RunTicket
                       ) -> tuple[str, str, Chunk]:
        """The whole reply: its answer, its thinking, and the totals."""
        parts: list[str] = []
        thoughts: list[str] = []
        last = Chunk()
        batch = first
        while batch:
            for chunk in batch:
                parts.append(chunk.text)
                thoughts.append(chunk.reasoning)
                last = _merge(last, chunk)
            batch = await self._next(pipe, gone, ticket)
        if last.finish_reason == "cancelled":
            raise ClientGone()
        thought = "".join(thoughts)
        return "".join(parts), thought if thought.strip() else "", last

    def _finish_log(self, entry: RequestLogEntry, last: Chunk, started: float, note: str = "") -> None:
        entry.prompt_tokens, entry.completion_tokens = last.prompt_tokens, last.completion_tokens
        entry.duration_s = time.perf_counter() - started
        entry.note = note
        self.served_total += 1
        self._log(entry)

    async def _events(self, first: list[Chunk], pipe: ChunkPipe, ticket: RunTicket, fmt: StreamFormatter,
                      req: GenerationRequest, entry: RequestLogEntry, started: float) -> AsyncIterator[str]:
        """The SSE stream. Everything that piled up since the last send goes out as one event. When the client
        disconnects, Starlette cancels this generator at its next await: `finally` cancels the generation."""
        last = Chunk()
        ended = False
        calls = ToolStreamFilter(req.tool_names) if req.tool_names else None
        answer: list[str] = []  # kept only for a reply held to a JSON schema, checked at its end
        try:
            head = fmt.start()
            if req.echo:
                head += fmt.text(req.prompt)
            batch = first
            while batch:
                text = "".join(c.text for c in batch)
                thought = "".join(c.reasoning for c in batch)
                for chunk in batch:
                    last = _merge(last, chunk)
                reason = last.finish_reason
                called: list = []
                if calls is not None:  # text that starts like a call waits for the end of the reply
                    text = calls.feed(text)
                    if reason is not None:
                        rest, called = calls.finish()
                        text += rest
                out = head + (fmt.reasoning(thought) if thought else "") + (fmt.text(text) if text else "")
                head = ""
                if req.params.json_schema:
                    answer.append(text)
                if called:
                    out += fmt.tool_calls(called)
                    reason = "tool_calls"
                if reason is not None:
                    try:
                        structured_failure(req, "".join(answer), last)
                    except ApiError as err:  # the reply went out already: say so before the end
                        out += "data: " + protocol._dumps(err.body()) + "\n\n"
                    out += fmt.finish(reason)
                    if req.include_usage:
                        out += fmt.usage(last.prompt_tokens, last.completion_tokens)
                    out += fmt.done()
                if out:
                    yield out
                try:
                    batch = await pipe.get_batch()
                except Exception as exc:  # mid-stream: the status is sent already, so an error event
                    err = as_api_error(exc)
                    yield "data: " + protocol._dumps(err.body()) + "\n\n"
                    entry.status = err.status
                    self._finish_log(entry, last, started, note=err.message)
                    ended = True
                    return
            ended = True
            self._finish_log(entry, last, started,
                             note="cancelled (server stopping)" if last.finish_reason == "cancelled" else "")
        finally:
            if not ended:
                ticket.cancel()
                self.cancelled_total += 1
                self._finish_log(entry, last, started, note="client disconnected; cancelled")


def _merge(last: Chunk, chunk: Chunk) -> Chunk:
    """Counts and finish reason so far (a chunk carries running totals)."""
    return Chunk(
        prompt_tokens=chunk.prompt_tokens or last.prompt_tokens,
        completion_tokens=chunk.completion_tokens or last.completion_tokens,
        finish_reason=chunk.finish_reason or last.finish_reason,
    )


async def _disconnected(request: Request) -> None:
    """Returns when the client disconnects (the body was read already, so receive() waits for that)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


def structured_failure(req: GenerationRequest, text: str, last: Chunk) -> None:
    """A reply held to a JSON schema always parses and follows it, or the client gets a sentence why not (cut off
    at max_tokens, or a keyword the grammar could not hold, such as a minimum)."""
    if not req.params.json_schema or last.finish_reason == "cancelled":
        return
    try:
        check_reply(text, req.params.json_schema)
    except SchemaError as exc:
        why = str(exc)
        if last.finish_reason == "length":
            why = "The reply reached max_tokens before its JSON was complete; raise max_tokens. " + why
        raise ApiError(500, why, type="server_error", param="response_format", code="invalid_structured_reply") \
            from None


def as_api_error(exc: BaseException) -> ApiError:
    """The app's typed errors as OpenAI errors; anything unexpected as a 500 with one sentence."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, SchemaError):
        return ApiError(400, str(exc), param="response_format", code="invalid_schema")
    if isinstance(exc, ContextOverflowError):
        return ApiError(400, str(exc), param="messages", code="context_length_exceeded")
    if isinstance(exc, UnsupportedTaskError):
        return ApiError(400, str(exc), param="model", code="unsupported")
    if isinstance(exc, DesktopAppError):
        return ApiError(500, str(exc), type="server_error", code="model_error")
    return ApiError(500, f"The server failed to handle this request ({type(exc).__name__}). See the app's log.",
                    type="server_error")


def create_app(service: ApiService) -> Starlette:
    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = {404: f"Unknown path {request.url.path}.", 405: f"{request.method} is not allowed on "
                   f"{request.url.path}."}.get(status, str(getattr(exc, "detail", "")) or "Server error.")
        return JSONResponse(ApiError(status, message, code=None).body(), status_code=status)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse(as_api_error(exc).body(), status_code=500)

    r = service.route
    routes = [
        Route("/health", r(service.health, auth=False), methods=["GET"]),
        Route("/v1/models", r(service.models), methods=["GET"]),
        Route("/v1/chat/completions", r(service.chat_completions), methods=["POST"]),
        Route("/v1/completions", r(service.completions), methods=["POST"]),
        Route("/v1/embeddings", r(service.embeddings_route), methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: server_error})
