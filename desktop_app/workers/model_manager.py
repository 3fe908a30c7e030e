"""ModelManager: owns the loaded models, one worker thread each, and starts jobs on them.

Several models can be loaded at once (keyed by file path). Every job on a model runs on that model's thread, in
order; jobs not tied to a model (assembling the built-in model, scanning) run on a shared utility thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.client import spare
from desktop_app.core.engine.types import ChatMessage, Chunk, GenerationParams, LoadOptions, ModelInfo
from desktop_app.core.errors import Cancelled, DesktopAppError
from desktop_app.core.messages import phrase
from desktop_app.core.models.session import load_model
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage import paths
from desktop_app.core.tasks.chat import collect, stream_chat_turn
from desktop_app.workers.jobs import Job, WorkerThread

log = logging.getLogger(__name__)


@dataclass
class LoadedModel:
    spec: ModelSpec
    options: LoadOptions
    thread: WorkerThread
    backend: Backend | None = None
    info: ModelInfo | None = None
    memory_bytes: int = 0  # the engine process's memory after loading (the window's own growth for remote)
    vram_bytes: int | None = None  # GPU memory the engine reported after loading, where it knows it
    retired: bool = False  # unloaded (or replaced) while it was still loading
    loaded_at: float = field(default_factory=time.time)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def ready(self) -> bool:
        return self.backend is not None

    @property
    def state(self) -> str:
        """"loaded", or "crashed" when its engine died (the next request reloads it)."""
        return getattr(self.backend, "state", "loaded") if self.backend is not None else "unloaded"

    @property
    def error(self) -> str:
        """Why its engine stopped, when state is "crashed"."""
        return getattr(self.backend, "last_error", "") if self.backend is not None else ""

    def engine_rss(self) -> int:
        """The engine process's resident memory now, read from outside it (no request to the engine); 0 when its
        engine is not running, the window's growth at load for a model without an engine (a remote server)."""
        process = getattr(self.backend, "process", None)
        if process is None:
            return 0 if hasattr(self.backend, "process") else self.memory_bytes
        return process.rss()


def chunk_forwarder(job: Job, counts: bool = True) -> Callable[[Chunk], None]:
    """What a chat job does with each chunk, on the model's thread: its text to job.chunk, its thinking to
    job.thinking, dropped turns to job.notice as a sentence, and (with `counts`) its token counts to job.tokens,
    so a reply the user stops is stored with the tokens it had. Shared by plain replies and replies that call
    tools (workers/tool_turn.py), which count across their rounds themselves."""

    def on_chunk(chunk: Chunk) -> None:
        if counts and (chunk.prompt_tokens or chunk.completion_tokens):
            job.tokens.emit(chunk.prompt_tokens, chunk.completion_tokens)  # before the text: queued in order
        if chunk.dropped_turns:
            text = QCoreApplication.translate(  # thread-safe: this runs on the model's thread
                "ModelManager",
                "The conversation is longer than the model's context: the {n} oldest messages were left "
                "out of this reply (the system prompt was kept).",
            )
            job.notice.emit(text.format(n=chunk.dropped_turns))
        if chunk.reasoning:
            job.thinking.emit(chunk.reasoning)
        if chunk.text:
            job.chunk.emit(chunk.text)

    return on_chunk


def _rss() -> int:
    return psutil.Process().memory_info().rss


class ModelManager(QObject):
    model_loaded = Signal(object)  # LoadedModel
    model_unloaded = Signal(str)  # model id
    # (model id, event, sentence): "crashed" (its engine died), "restarted" (killed after an ignored Stop),
    # "reloading" (the next request is loading it again), "loaded" (loaded or reloaded)
    engine_event = Signal(str, str, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._models: dict[str, LoadedModel] = {}
        self._jobs: set[Job] = set()
        self._loading: dict[Job, LoadedModel] = {}
        self._utility = WorkerThread("utility")
        # Token counts for the text boxes: a thread of their own, so a count never waits behind a generation
        # (the engine answers counts beside a running reply) and never runs on the GUI thread.
        self._counting = WorkerThread("tokens")
        self._closers: list[threading.Thread] = []  # engines being ended (see _retire)

    # -- bookkeeping ---------------------------------------------------------------------------------------------
    def _track(self, job: Job) -> Job:
        self._jobs.add(job)
        job.ended.connect(self._forget_job)
        return job

    @Slot()
    def _forget_job(self) -> None:
        self._jobs = {j for j in self._jobs if not j.is_done()}

    def active_jobs(self) -> list[Job]:
        return [j for j in self._jobs if not j.is_done()]

    def loaded_models(self) -> list[LoadedModel]:
        return [m for m in self._models.values() if m.ready]

    def get(self, model_id: str) -> LoadedModel | None:
        m = self._models.get(model_id)
        return m if m is not None and m.ready else None

    def pending_load(self, model_id: str) -> Job | None:
        """The load of this model under way, if any: another tab can wait for it instead of loading it twice."""
        return next((job for job, slot in self._loading.items() if slot.id == model_id and not job.is_done()), None)

    def is_loaded(self, spec: ModelSpec, options: LoadOptions) -> bool:
        m = self.get(spec.id)
        return m is not None and m.options == options

    # -- loading -------------------------------------------------------------------------------------------------
    def load(
        self,
        spec: ModelSpec,
        options: LoadOptions,
        before_start: Callable[[Job], None] | None = None,
        models_dir: Path | None = None,
    ) -> Job:
        """Load (or reload with new options) on the model's own thread, through core.models.session.load_model
        (the built-in model is assembled there first when `models_dir` holds it unassembled; the job's stage
        says "preparing" then "loading"). The job's result is the LoadedModel. Connect to the job in
        `before_start` (a missing file fails at once)."""
        old = self._models.pop(spec.id, None)
        if old is not None:
            self._retire(old)
        slot = LoadedModel(spec=spec, options=options, thread=WorkerThread(f"model:{spec.name}"))
        self._models[spec.id] = slot

        def on_engine(event: str, text: str) -> None:  # any thread: the signal is queued to the GUI thread
            self.engine_event.emit(spec.id, event, text)

        def work(job: Job) -> LoadedModel:
            before = _rss()
            backend, info = load_model(spec, options, models_dir or paths.models_dir(), job.progress.emit,
                                       job.cancel_event, job.stage.emit, on_engine)
            if job.is_cancelled() or slot.retired:  # its engine would be left running by nobody
                backend.unload()
                raise Cancelled("Loading cancelled.")
            stats = getattr(backend, "stats", None)
            if stats is not None:
                got = stats()
                slot.memory_bytes, slot.vram_bytes = int(got["rss"]), got.get("vram")
            else:
                slot.memory_bytes = max(_rss() - before, 0)
            slot.info = info
            slot.backend = backend
            return slot

        job = self._track(Job(work, name=f"load {spec.name}"))
        self._loading[job] = slot
        job.finished.connect(self._on_loaded)  # bound methods: always queued to the GUI thread
        job.failed.connect(self._on_load_ended_badly)
        job.cancelled.connect(self._on_load_ended_badly)
        if before_start is not None:
            before_start(job)
        return slot.thread.submit(job)

    @Slot(object)
    def _on_loaded(self, slot: LoadedModel) -> None:
        self._loading.pop(self.sender(), None)
        if self._models.get(slot.id) is slot:
            self.model_loaded.emit(slot)

    def _on_load_ended_badly(self, *_args) -> None:
        slot = self._loading.pop(self.sender(), None)
        if slot is not None:
            self._drop(slot.id, slot)

    def _drop(self, model_id: str, slot: LoadedModel) -> None:
        if self._models.get(model_id) is slot:
            del self._models[model_id]
        slot.thread.stop()

    def _retire(self, slot: LoadedModel) -> None:
        """Free a model: cancel its jobs, stop its thread and end its engine process. The engine is ended from a
        short-lived thread (it is given a moment to exit before it is killed), so the GUI thread never waits; a
        job still waiting on that engine ends as cancelled."""
        slot.retired = True
        for job in slot.thread.jobs():
            job.cancel()
        slot.thread.stop()
        backend, slot.backend = slot.backend, None
        if backend is not None:
            closer = threading.Thread(target=backend.unload, name=f"unload:{slot.spec.name}", daemon=True)
            closer.start()
            self._closers.append(closer)
        self.model_unloaded.emit(slot.id)

    def unload(self, model_id: str) -> None:
        slot = self._models.pop(model_id, None)
        if slot is not None:
            self._retire(slot)

    # -- jobs ----------------------------------------------------------------------------------------------------
    def submit(
        self,
        model_id: str,
        work: Callable[[Job, Backend], Any],
        name: str = "job",
        before_start: Callable[[Job], None] | None = None,
    ) -> Job:
        """Queue `work(job, backend)` on the model's thread. `before_start(job)` runs first, on this thread:
        connect the job's signals there, since a job that fails at once could otherwise end before anyone
        listens (its signals would reach nobody)."""
        slot = self._models.get(model_id)
        if slot is None:
            raise DesktopAppError(phrase("That model is not loaded."))

        def run(job: Job) -> Any:
            if slot.backend is None:
                raise DesktopAppError(phrase("{name} is not loaded.", name=slot.spec.name))
            ensure_running = getattr(slot.backend, "ensure_running", None)
            if ensure_running is not None:
                ensure_running()  # a model whose engine crashed is loaded again in a new one first
            return work(job, slot.backend)

        job = self._track(Job(run, name=name))
        if before_start is not None:
            before_start(job)
        return slot.thread.submit(job)

    def chat(self, model_id: str, messages: Sequence[ChatMessage], params: GenerationParams,
             before_start: Callable[[Job], None] | None = None) -> Job:
        """Stream one assistant turn. Emits thinking(text) and chunk(text) as they come, notice(...) for dropped
        turns, finished(ChatResult). Connect in `before_start`: a first token can come before the caller would."""
        messages = [dict(m) for m in messages]  # a snapshot: the job never sees later edits

        def work(job: Job, backend: Backend):
            return collect(stream_chat_turn(backend, messages, params, job.cancel_event), chunk_forwarder(job))

        return self.submit(model_id, work, name="chat", before_start=before_start)

    def complete(self, model_id: str, prompt: str, params: GenerationParams,
                 before_start: Callable[[Job], None] | None = None) -> Job:
        """Continue `prompt` as plain text (Chat's Complete mode, and what a base model does well): no chat
        template. Emits chunk(text) and finished(ChatResult) as chat() does."""

        def work(job: Job, backend: Backend):
            return collect(backend.complete_stream(prompt, params, job.cancel_event), chunk_forwarder(job))

        return self.submit(model_id, work, name="complete", before_start=before_start)

    def count_tokens(self, model_id: str, text: str, before_start: Callable[[Job], None] | None = None) -> Job:
        """Count `text` in the tokens of a loaded model, off the GUI thread; the job's result is the count.
        Connect to it in `before_start` (a count can end before the caller would connect)."""
        slot = self._models.get(model_id)

        def work(_job: Job) -> int:
            backend = slot.backend if slot is not None else None
            if backend is None:
                raise DesktopAppError(phrase("That model is not loaded."))
            return int(backend.count_tokens(text))

        for queued in self._counting.jobs():  # only the newest text matters
            queued.cancel()
        job = self._track(Job(work, name="count tokens"))
        if before_start is not None:
            before_start(job)
        return self._counting.submit(job)

    def run_background(
        self, work: Callable[[Job], Any], name: str = "task", before_start: Callable[[Job], None] | None = None
    ) -> Job:
        """Work not tied to a model (assembling files, scanning folders, reading a document) on the utility
        thread. As with submit(), connect the job's signals in `before_start`: a quick job can end at once."""
        job = self._track(Job(work, name=name))
        if before_start is not None:
            before_start(job)
        return self._utility.submit(job)

    # -- memory and shutdown -------------------------------------------------------------------------------------
    def process_memory(self) -> int:
        """The app's memory: the window's process and every model's engine process."""
        return sum(self.memory_parts())

    def memory_parts(self) -> tuple[int, int]:
        """(the window's process, all engine processes together), one read of each."""
        return _rss(), sum(m.engine_rss() for m in self.loaded_models())

    def reload(self, model_id: str, before_start: Callable[[Job], None] | None = None) -> Job | None:
        """Load a model again with the options it had (Reload on the Models page, after its engine crashed).
        Connect in `before_start`, as for load(): a file deleted since fails at once."""
        slot = self.get(model_id)
        return self.load(slot.spec, slot.options, before_start) if slot is not None else None

    @staticmethod
    def prewarm() -> None:
        """Start an engine process in the background now, so the first model load does not wait for one."""
        spare.prewarm()

    def shutdown(self, timeout: float = 2.0) -> bool:
        """Cancel everything and wait for the threads, at most `timeout` seconds in all. True if all ended."""
        for job in list(self._jobs):
            job.cancel()
        threads = [self._utility, self._counting] + [m.thread for m in self._models.values()]
        for slot in list(self._models.values()):
            self._retire(slot)
        self._models.clear()
        self._utility.stop()
        self._counting.stop()
        deadline = time.monotonic() + timeout
        for t in threads + self._closers:  # every engine process has ended (or been killed) when this returns
            t.join(max(0.0, deadline - time.monotonic()))
        spare.close()
        self._stopped_threads = threads
        alive = [t.name for t in threads if t.is_alive()]
        if alive:
            log.warning("threads still busy at exit: %s", alive)
        return not alive

    def wait_stopped(self, timeout: float) -> bool:
        """After shutdown(): wait for threads still finishing native work. True when all have ended."""
        deadline = time.monotonic() + timeout
        for t in getattr(self, "_stopped_threads", []):
            t.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in getattr(self, "_stopped_threads", []))
