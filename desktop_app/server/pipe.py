"""ChunkPipe: chunks from a model's worker thread to the server's asyncio event loop.

The worker appends under a lock and wakes the loop only when the reader is actually waiting, so a fast stream costs
one loop wake-up per batch rather than one per token. The reader takes everything that piled up at once; the server
sends it as one SSE event, so a client that reads slowly never makes the model wait.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque

from desktop_app.core.engine.types import Chunk


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class ChunkPipe:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self._items: deque[Chunk] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self._closed = False
        self._error: BaseException | None = None

    # -- the worker thread -----------------------------------------------------------------------------------------
    def put(self, chunk: Chunk) -> None:
        with self._lock:
            if self._closed:
                return
            self._items.append(chunk)
            waiter, self._waiter = self._waiter, None
        self._notify(waiter)

    def close(self, error: BaseException | None = None) -> None:
        """End of the stream (the first close wins); `error` is raised to the reader after the chunks before it."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._error = error
            waiter, self._waiter = self._waiter, None
        self._notify(waiter)

    def _notify(self, waiter: asyncio.Future[None] | None) -> None:
        if waiter is None:
            return
        try:
            self._loop.call_soon_threadsafe(_wake, waiter)
        except RuntimeError:  # the loop is closed: the server stopped, nobody reads any more
            pass

    # -- the event loop -------------------------------------------------------------------------------------------
    async def get_batch(self) -> list[Chunk]:
        """Every chunk that arrived since the last call (waiting for at least one); [] once the stream ended."""
        while True:
            with self._lock:
                if self._items:
                    items = list(self._items)
                    self._items.clear()
                    return items
                if self._closed:
                    if self._error is not None:
                        raise self._error
                    return []
                waiter = self._loop.create_future()
                self._waiter = waiter
            await waiter
