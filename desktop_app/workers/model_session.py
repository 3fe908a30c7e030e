"""ModelSession: the one driver from "load this model" to a loaded model, for every view of the window.

The Chat tab, the task tabs' EngineBar and the Models page each own one. A view says what it wants
(`ensure(spec, options)`) and listens: `status` (a sentence: preparing, loading), `progress`, then `ready`
(the LoadedModel), `failed` (a sentence) or `cancelled`. The steps themselves (prepare the built-in model, open
its engine, load) are core.models.session.load_model, run by ModelManager on the model's own thread. What is
left for this object is the part that needs the window:

- a model some other view already loaded, or is loading right now, is reused instead of being loaded twice;
- a refused consent (remote code, pickle weights) asks the view's question and, on yes, records it and loads again;
- a load this session started that is no longer wanted when it ends (the user picked another model) is unloaded,
  so no engine keeps running for nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_app.core.engine.types import LoadOptions
from desktop_app.core.errors import ConsentRequiredError
from desktop_app.core.models.session import PREPARING, grant_consent
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.settings import AppSettings
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import LoadedModel, ModelManager

AskConsent = Callable[[ModelSpec, str], bool]  # (the model, "trust_remote_code" | "allow_pickle") -> allowed



class ModelSession(QObject):
    status = Signal(str)  # what the load is doing, in a sentence
    progress = Signal(int, int)  # done, total (0: unknown)
    ready = Signal(object)  # LoadedModel
    failed = Signal(str)  # a sentence for the user
    cancelled = Signal()
    busy_changed = Signal(bool)

    def __init__(
        self,
        manager: ModelManager,
        app_settings: AppSettings,
        save_settings: Callable[[], None],
        models_dir: Path,
        ask_consent: AskConsent | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.manager = manager
        self.app_settings = app_settings
        self.save_settings = save_settings
        self.models_dir = models_dir
        self.ask_consent = ask_consent
        self.job: Job | None = None  # the load (or a load by another view) this session waits for
        self._wanted: tuple[ModelSpec, LoadOptions | None] | None = None
        self._started: set[Job] = set()  # loads this session queued itself (the ones it may unload)

    def is_loading(self) -> bool:
        return self.job is not None and not self.job.is_done()

    def ensure(self, spec: ModelSpec, options: LoadOptions | None = None) -> Job | None:
        """Make sure `spec` is loaded, then emit `ready`. With `options` None any loaded copy serves (the task tabs
        run on whatever the Chat tab or the Models page loaded); with options, a copy loaded otherwise is loaded
        again with these. Returns the load job this session waits for, or None when the model was ready."""
        if self.is_loading() and self._wanted is not None and self._wanted[0].id == spec.id:
            self._wanted = (spec, options)
            return self.job  # the same model is loading already for this view
        self._let_go()
        self._wanted = (spec, options)
        slot = self.manager.get(spec.id)
        if slot is not None and (options is None or slot.options == options):
            self.ready.emit(slot)
            return None
        pending = self.manager.pending_load(spec.id)
        if pending is not None and options is None:  # another view is loading it: wait for that load
            self._watch(pending)
            self.status.emit(self.tr("Loading {name}…").format(name=spec.name))
            return pending
        chosen = options if options is not None else self._default_options()
        self.status.emit(self.tr("Loading {name}…").format(name=spec.name))
        self.manager.load(spec, chosen, before_start=self._watch_own, models_dir=self.models_dir)
        return self.job

    def _default_options(self) -> LoadOptions:
        from desktop_app.core.models.session import default_load_options

        return default_load_options(self.app_settings)

    def cancel(self) -> None:
        """The user's Cancel: a load this session started is cancelled (`cancelled` follows when it has stopped);
        waiting on another view's load ends at once (that load goes on for its view)."""
        job = self.job
        if job is None or job.is_done():
            return
        if job in self._started:
            job.cancel()
            return
        self.job = None
        self.busy_changed.emit(False)
        self.cancelled.emit()

    def _let_go(self) -> None:
        """Stop waiting for the current load without a signal (a new one replaces it); one of ours is cancelled."""
        job, self.job = self.job, None
        if job is not None and not job.is_done():
            if job in self._started:
                job.cancel()
            self.busy_changed.emit(False)

    # -- the load's signals ----------------------------------------------------------------------------------------
    def _watch_own(self, job: Job) -> None:
        self._started.add(job)
        self._watch(job)

    def _watch(self, job: Job) -> None:
        self.job = job
        job.stage.connect(self._on_stage)  # bound methods: queued to the GUI thread
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        job.ended.connect(self._on_ended)
        self.busy_changed.emit(True)

    def _mine(self) -> bool:
        return self.sender() is self.job and self.job is not None

    def _on_stage(self, stage: str) -> None:
        if self._mine() and stage == PREPARING:
            self.status.emit(self.tr("Preparing the built-in model (first run only)…"))

    def _on_progress(self, done: int, total: int) -> None:
        if self._mine():
            self.progress.emit(done, total)

    def _on_finished(self, slot: LoadedModel) -> None:
        if not self._mine():
            wanted = self._wanted[0].id if self._wanted is not None else None
            if self.sender() in self._started and slot.id != wanted:
                self.manager.unload(slot.id)  # finished after the user picked another model
            return
        self.job = None
        self.busy_changed.emit(False)
        self.ready.emit(slot)

    def _on_failed(self, error: BaseException) -> None:
        if not self._mine():
            return
        self.job = None
        wanted = self._wanted
        if isinstance(error, ConsentRequiredError) and wanted is not None and self._consented(wanted[0], error):
            self.ensure(*wanted)
            return
        self.busy_changed.emit(False)
        self.failed.emit(str(error))

    def _consented(self, spec: ModelSpec, error: ConsentRequiredError) -> bool:
        if self.ask_consent is None or not self.ask_consent(spec, error.consent):
            return False
        grant_consent(self.app_settings, spec, error.consent)
        self.save_settings()
        return True

    def _on_cancelled(self) -> None:
        if self._mine():
            self.job = None
            self.busy_changed.emit(False)
            self.cancelled.emit()

    def _on_ended(self) -> None:
        self._started.discard(self.sender())
