"""ManagerRunner: the server's ModelRunner over ModelManager, so API requests run on the model's own worker thread,
in one queue with the Chat tab's jobs (a model serves one generation at a time, whoever asks).

The server calls `submit` from its own thread. ModelManager and its jobs belong to the GUI thread, so the call is
handed over through a queued signal and the job is created there; the work then runs on the model's thread and
settles the ticket's future directly. Batched requests (server/batching.py) skip the queue: they run on threads of
this runner's own and meet in the engine's batch scheduler, beside the Chat tab's jobs. `served_model()` returns a snapshot the GUI thread replaces whole, so the
server thread never reads Qt objects.
"""

from __future__ import annotations

import concurrent.futures

from PySide6.QtCore import QObject, Qt, Signal, Slot

from desktop_app.core.backends.base import Backend
from desktop_app.core.errors import Cancelled, DesktopAppError
from desktop_app.core.messages import phrase
from desktop_app.server.runner import RunTicket, ServedModel, Work
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import LoadedModel, ModelManager


class ManagerRunner(QObject):
    _submit_requested = Signal(object, object, object, bool)  # ServedModel, work, RunTicket, batched

    def __init__(self, manager: ModelManager, parent: QObject | None = None, max_batched: int = 16) -> None:
        super().__init__(parent)
        self.manager = manager
        self._served: ServedModel | None = None
        self._batched = concurrent.futures.ThreadPoolExecutor(max_workers=max_batched, thread_name_prefix="batched")
        self._submit_requested.connect(self._submit, Qt.ConnectionType.QueuedConnection)

    # -- the GUI thread ---------------------------------------------------------------------------------------------
    def serve(self, model: LoadedModel | None) -> None:
        """Serve this loaded model from now on (None: none; requests get 503 until one is set)."""
        if model is None or not model.ready:
            self._served = None
            return
        n_ctx = model.info.n_ctx if model.info is not None else 0
        if self._served is None or self._served.spec.id != model.spec.id or self._served.n_ctx != n_ctx:
            caps = model.backend.capabilities if model.backend is not None else frozenset()
            self._served = ServedModel.from_spec(model.spec, n_ctx, caps)

    @Slot(object, object, object, bool)
    def _submit(self, served: ServedModel, work: Work, ticket: RunTicket, batched: bool) -> None:
        if ticket.cancel_event.is_set():  # the client left while the hand-over was queued
            ticket.fail(Cancelled("Cancelled before it started."))
            return
        slot = self.manager.get(served.spec.id)
        if batched and slot is not None and slot.ready and slot.state == "loaded":
            backend = slot.backend

            def run_batched() -> None:
                try:
                    ticket.run(work, backend, ticket.cancel_event)
                except BaseException:
                    pass  # ticket.run settled the ticket with the error

            try:
                self._batched.submit(run_batched)
            except RuntimeError:  # closed
                ticket.fail(Cancelled("The server is stopping."))
            return
        # Not batched, or the engine crashed: the model's queue reloads it before the request runs.

        def run(job: Job, backend: Backend) -> object:
            return ticket.run(work, backend, job.cancel_event)

        def before_start(job: Job) -> None:
            ticket.on_cancel(job.cancel)  # Job.cancel only sets an Event: safe from the server's thread
            # A job cancelled while queued (or refused because the model is still loading) never calls `run`:
            # settle the ticket anyway. After `run`, the ticket is settled already and this does nothing.
            job.ended.connect(lambda: ticket.fail(job.error or Cancelled("The model's queue cancelled it.")))

        try:
            self.manager.submit(served.spec.id, run, name="api request", before_start=before_start)
        except DesktopAppError as exc:
            ticket.fail(DesktopAppError(phrase("{id} is no longer loaded ({error}).", id=served.id, error=exc)))

    # -- any thread -------------------------------------------------------------------------------------------------
    def served_model(self) -> ServedModel | None:
        return self._served

    def submit(self, model: ServedModel, work: Work, batched: bool = False) -> RunTicket:
        ticket = RunTicket()
        self._submit_requested.emit(model, work, ticket, batched)
        return ticket
