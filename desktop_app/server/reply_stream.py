"""How a generation request's reply reaches its client: whole (JSON) or as server-sent events, and what a client
that leaves, a reply that fails mid-way, or a reply held to a JSON schema get.

The chunks arrive from the model's thread through a ChunkPipe (pipe.py) in batches: everything that piled up since
the last send goes out as one event, so the event loop never falls behind a fast model. A mixin of ApiService
(api.py), apart so that the routes and admission stay readable there.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from starlette.requests import Request

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
from desktop_app.server.pipe import ChunkPipe
from desktop_app.server.protocol import ApiError, GenerationRequest, StreamFormatter
from desktop_app.server.request_log import RequestLogEntry
from desktop_app.server.runner import RunTicket
from desktop_app.server.tools import ToolStreamFilter


class ClientGone(Exception):
    """The client disconnected before its reply was ready."""


class ReplyStreams:
    """The reply half of ApiService: waiting for chunks, collecting a whole reply, writing the event stream."""

    cancelled_total: int
    _finish_log: Callable[..., None]  # ApiService's: counts the reply and logs it

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
                last = merge_totals(last, chunk)
            batch = await self._next(pipe, gone, ticket)
        if last.finish_reason == "cancelled":
            raise ClientGone()
        thought = "".join(thoughts)
        return "".join(parts), thought if thought.strip() else "", last

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
                    last = merge_totals(last, chunk)
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


def merge_totals(last: Chunk, chunk: Chunk) -> Chunk:
    """Counts and finish reason so far (a chunk carries running totals)."""
    return Chunk(
        prompt_tokens=chunk.prompt_tokens or last.prompt_tokens,
        completion_tokens=chunk.completion_tokens or last.completion_tokens,
        finish_reason=chunk.finish_reason or last.finish_reason,
    )


async def disconnected(request: Request) -> None:
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
