"""The Starlette application: OpenAI-compatible routes over a ModelRunner.

Every route answers JSON; every failure is an OpenAI-style error body (never a stack trace). Generation requests are
admitted up to `max_queue` in flight (running plus waiting; 429 beyond), decoded up to `parallel` together in one
batch where the model can (batching.py) or else queued on the model's serial queue in arrival order, and cancelled
when their client goes away, whether still queued, streaming or waiting for a whole reply. The model's worker
thread hands chunks over through a ChunkPipe; reply_stream.py turns them into the client's reply.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.types import Chunk
from desktop_app.core.errors import Cancelled
from desktop_app.server import protocol
from desktop_app.server.batching import DEFAULT_PARALLEL, BatchedView, batches
from desktop_app.server.embeddings import embedding_unsupported_reason
from desktop_app.server.pipe import ChunkPipe
from desktop_app.server.protocol import ApiError, GenerationRequest, StreamFormatter
from desktop_app.server.reply_stream import (
    ClientGone,
    ReplyStreams,
    as_api_error,
    disconnected,
    merge_totals,
    structured_failure,
)
from desktop_app.server.request_log import LogSink, RequestLogEntry
from desktop_app.server.runner import ModelRunner, RunTicket, ServedModel
from desktop_app.server.tools import with_tool_calls

log = logging.getLogger(__name__)

DEFAULT_MAX_QUEUE = 16
MAX_BODY_BYTES = 8 * 2**20


class ApiService(ReplyStreams):
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
        gone = asyncio.ensure_future(disconnected(request))
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
                    last = merge_totals(last, chunk)
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
        gone = asyncio.ensure_future(disconnected(request))
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

    def _finish_log(self, entry: RequestLogEntry, last: Chunk, started: float, note: str = "") -> None:
        entry.prompt_tokens, entry.completion_tokens = last.prompt_tokens, last.completion_tokens
        entry.duration_s = time.perf_counter() - started
        entry.note = note
        self.served_total += 1
        self._log(entry)

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
