"""ModelRunner: what the API server needs from a model, and nothing Qt.

A model serves one generation at a time, so every request becomes a piece of work queued on the model's own serial
queue. In the GUI that queue is the model's existing worker thread in ModelManager (workers/server_runner.py), so API
requests line up with the Chat tab's jobs; headless it is ThreadRunner below, one thread over a bare backend. The
server talks to both through the same two calls, `served_model()` and `submit()`, so one code path serves both.
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from desktop_app.core.backends.base import Backend
from desktop_app.core.errors import Cancelled
from desktop_app.core.models.spec import ModelSpec

# work(backend, cancel) runs on the model's thread; `cancel` is the Event the backend checks between tokens.
Work = Callable[[Backend, threading.Event], Any]


@dataclass(frozen=True)
class ServedModel:
    """A snapshot of the model the server exposes, safe to read from the server's thread."""

    id: str
    spec: ModelSpec
    n_ctx: int = 0
    created: int = field(default_factory=lambda: int(time.time()))
    aliases: frozenset[str] = frozenset()
    capabilities: frozenset[str] = frozenset()  # what the loaded model can do (an embedding encoder, chat...)

    @classmethod
    def from_spec(cls, spec: ModelSpec, n_ctx: int = 0, capabilities: frozenset[str] = frozenset()) -> ServedModel:
        """The id clients put in "model" is the model's name; its file name and full path are accepted too."""
        aliases = frozenset({spec.name, spec.path.name, str(spec.path), spec.path.stem})
        return cls(id=spec.name, spec=spec, n_ctx=n_ctx, aliases=aliases, capabilities=frozenset(capabilities))

    def answers_to(self, name: str) -> bool:
        """The model's id, its file name (with or without .gguf) or path, in any case and without stray spaces:
        ids with spaces and brackets are hard to type exactly."""
        wanted = name.strip().casefold()
        return any(wanted == alias.casefold() for alias in self.aliases)


class RunTicket:
    """One queued piece of work: its result (a Future) and a way to cancel it, queued or running.

    `cancel()` may be called from any thread (the server's event loop when a client disconnects); it sets the
    Event the work sees and runs the hooks a runner registered (ModelManager's job.cancel, for instance).
    """

    def __init__(self) -> None:
        self.future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self.cancel_event = threading.Event()
        self._hooks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            self.cancel_event.set()
            hooks = list(self._hooks)
        for hook in hooks:
            hook()

    def on_cancel(self, hook: Callable[[], None]) -> None:
        """Run `hook` when the ticket is cancelled (at once if it already is)."""
        with self._lock:
            already = self.cancel_event.is_set()
            if not already:
                self._hooks.append(hook)
        if already:
            hook()

    def resolve(self, result: Any) -> None:
        try:
            self.future.set_result(result)
        except concurrent.futures.InvalidStateError:
            pass  # already settled (a runner may report the same end twice)

    def fail(self, error: BaseException) -> None:
        try:
            self.future.set_exception(error)
        except concurrent.futures.InvalidStateError:
            pass

    def run(self, work: Work, backend: Backend, cancel: threading.Event) -> Any:
        """Run `work` and settle the future with what it returned or raised (then re-raise, for the runner)."""
        try:
            result = work(backend, cancel)
        except BaseException as exc:
            self.fail(exc)
            raise
        self.resolve(result)
        return result


class ModelRunner(Protocol):
    """The server's only view of a model. Implementations queue work in submission order, one at a time."""

    def served_model(self) -> ServedModel | None:
        """The model being served now, or None (not loaded yet). Called from the server's thread."""
        ...

    def submit(self, model: ServedModel, work: Work, batched: bool = False) -> RunTicket:
        """Queue `work` on `model`. Never blocks; errors (the model was unloaded) arrive through the ticket.
        `batched` work (server/batching.py) runs at once on a thread of its own, beside the model's queue: the
        backend's batch scheduler interleaves it with the other batched requests."""
        ...


class ThreadRunner:
    """ModelRunner over a bare, loaded backend and one worker thread: the headless `desktop-app serve`.

    A one-thread executor is a FIFO queue, so requests keep their order. Work cancelled while still queued is
    skipped without touching the model.
    """

    def __init__(self, spec: ModelSpec, backend: Backend, n_ctx: int = 0, max_batched: int = 16) -> None:
        self.backend = backend
        self._model = ServedModel.from_spec(spec, n_ctx, getattr(backend, "capabilities", frozenset()))
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"model:{spec.name}")
        # Batched requests wait inside the batch scheduler, not here: one thread each, up to the server's queue.
        self._batched = concurrent.futures.ThreadPoolExecutor(max_workers=max_batched,
                                                              thread_name_prefix=f"batched:{spec.name}")
        self._reload_lock = threading.Lock()

    def served_model(self) -> ServedModel | None:
        return self._model

    def submit(self, model: ServedModel, work: Work, batched: bool = False) -> RunTicket:
        ticket = RunTicket()

        def job() -> None:
            if ticket.cancel_event.is_set():
                ticket.fail(Cancelled("Cancelled before it started."))
                return
            try:
                ensure_running = getattr(self.backend, "ensure_running", None)
                if ensure_running is not None:
                    with self._reload_lock:
                        ensure_running()  # the engine crashed during an earlier request: load the model again
                ticket.run(work, self.backend, ticket.cancel_event)
            except BaseException as exc:
                ticket.fail(exc)  # a failed reload gets its sentence here; a failed run settled the ticket already

        try:
            (self._batched if batched else self._pool).submit(job)
        except RuntimeError as exc:  # shut down
            ticket.fail(Cancelled(f"The model is no longer served ({exc})."))
        return ticket

    def close(self, timeout: float = 10.0) -> None:
        """Stop taking work, let the current piece finish (it was cancelled by the server), then unload the model
        on the model's own thread (a backend is not thread-safe)."""
        self._batched.shutdown(wait=False, cancel_futures=True)
        done = self._pool.submit(self.backend.unload)
        self._pool.shutdown(wait=False, cancel_futures=False)
        try:
            done.result(timeout)
        except concurrent.futures.TimeoutError:
            pass
