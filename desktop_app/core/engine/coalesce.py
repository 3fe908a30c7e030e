"""Streamed chunks sent from the engine at most every SEND_EVERY_S, what arrives meanwhile merged into one.

Every message wakes the process at the other end (the window or the API server): its reader thread unpickles the
chunk, hands it to the model's worker thread, which emits two queued Qt signals (token counts, text) that wake the
GUI thread. That costs the window about 0.35 ms of CPU per message (measured with bench/generation.py's path), and
on a 2-core machine where llama.cpp's two threads meet at a barrier after every layer, any CPU taken from them
stalls the reply: at 110 tokens/s one message per token is 4 % of a core. The Chat tab paints at about 30 Hz and
the server's clients read text, so nothing is lost by sending a few tokens at once when they come fast.

The first chunk goes out at once (time to first token is not touched), and no chunk waits longer than
SEND_EVERY_S: a sender thread does the sending, so the model thread never waits on the connection either. A slow
model's tokens, further apart than that, still go one by one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

from desktop_app.core.engine.types import Chunk

SEND_EVERY_S = 0.02


def merged(a: Chunk, b: Chunk) -> Chunk:
    """`a` then `b` as one chunk: texts joined, the counts and the finish reason of the later one."""
    return replace(
        b,
        text=a.text + b.text,
        reasoning=a.reasoning + b.reasoning,
        dropped_turns=max(a.dropped_turns, b.dropped_turns),
        threads=b.threads or a.threads,
        finish_reason=b.finish_reason or a.finish_reason,
    )


class ChunkSender:
    """Takes chunks from a stream (put) and sends them, merged, from a thread of its own (see the module)."""

    def __init__(self, send: Callable[[Chunk], None], every_s: float = SEND_EVERY_S) -> None:
        self._send = send
        self._every_s = every_s
        self._pending: Chunk | None = None
        self._done = False
        self._idle = False  # the sender waits for a chunk: only then does a put wake it (not while it paces)
        self._error: BaseException | None = None
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="chunk-sender", daemon=True)
        self._thread.start()

    def put(self, chunk: Chunk) -> None:
        if self._error is not None:
            raise self._error  # the connection failed: stop the stream as a send in place would have
        with self._ready:
            self._pending = chunk if self._pending is None else merged(self._pending, chunk)
            if self._idle:
                self._ready.notify()

    def close(self) -> None:
        """Send what is left and wait until it is sent."""
        with self._ready:
            self._done = True
            self._ready.notify()
        self._thread.join()
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while True:
            with self._ready:
                self._idle = True
                while self._pending is None and not self._done:
                    self._ready.wait()
                self._idle = False
                chunk, self._pending = self._pending, None
                done = self._done
            if chunk is not None:
                sent = time.perf_counter()
                try:
                    self._send(chunk)
                except BaseException as exc:  # noqa: BLE001 (given to the stream's thread, which reports it)
                    self._error = exc
                    return
                if not done:  # what comes within the interval waits for the next send; the stream's end does not
                    with self._ready:
                        self._ready.wait_for(lambda: self._done,
                                             timeout=max(0.0, self._every_s - (time.perf_counter() - sent)))
            elif done:
                return
