"""TaskTab: what every task tab (Summarize, Translate, Sentiment, Describe Image) does around a run.

A tab supplies its widgets, the request it starts (EngineBar.run with work from workers/task_jobs.py) and how to
show a result; this base owns the rest, once: the job's lifecycle (started → chunk/progress/stage/partial →
finished | failed | cancelled → ended), ignoring signals of a job that is no longer the tab's, the outcome
reported by `run_ended`, a model that failed to load, exact token counts for a DocumentInput, keeping a run in the
tab's history and reopening one, saving text to a file, and shutdown.

Hooks a tab overrides (each called on the GUI thread, only for the tab's current job):
  on_chunk(text), on_progress(done, total), on_stage(stage), on_partial(start, items),
  show_result(result), show_failure(error), show_cancelled(), before_end()
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.widgets.engine_bar import engine_kind
from desktop_app.ui.widgets.recommend_bar import RecommendBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager


class TaskTab(QWidget):
    run_ended = Signal(str)  # finished / cancelled / failed

    def __init__(self, manager: ModelManager, app_settings: AppSettings, save_settings: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.manager = manager
        self.app_settings = app_settings
        self.save_settings = save_settings
        self.job: Job | None = None
        self._outcome = ""
        self.engine: Any = None  # the tab's EngineBar, given to attach_engine()
        self.notice: Any = None  # the tab's NoticeBar
        self.recommend: RecommendBar | None = None  # the catalogue's advice while the built-in model serves the tab

    def attach_engine(self, engine: Any) -> None:
        self.engine = engine
        engine.job_started.connect(self._on_job_started)
        engine.model_failed.connect(self._on_model_failed)

    def attach_recommendation(self, task: str, button_text: str, reason: str) -> RecommendBar:
        """The in-place advice (widgets/recommend_bar.py) shown while the tab runs on the built-in model (no model
        of its own, after attach_engine): the catalogue's best `task` model that fits, one click to Discover."""
        bar = self.recommend = RecommendBar(task, button_text, reason)
        bar.update_for(not self.engine.path)
        self.engine.path_changed.connect(lambda path: bar.update_for(not path))
        return bar

    # -- the run's lifecycle -----------------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.engine.is_busy()

    def _on_job_started(self, job: Job) -> None:
        self.job = job
        job.chunk.connect(self._job_chunk)
        job.progress.connect(self._job_progress)
        job.stage.connect(self._job_stage)
        job.partial.connect(self._job_partial)
        job.finished.connect(self._job_finished)
        job.failed.connect(self._job_failed)
        job.cancelled.connect(self._job_cancelled)
        job.ended.connect(self._job_ended)  # after the model bar's own handler: the tab is idle by then
        self._update_buttons()

    def _mine(self) -> bool:
        return self.job is not None and self.sender() is self.job

    def _job_chunk(self, text: str) -> None:
        if self._mine():
            self.on_chunk(text)

    def _job_progress(self, done: int, total: int) -> None:
        if self._mine():
            self.on_progress(done, total)

    def _job_stage(self, stage: str) -> None:
        if self._mine():
            self.on_stage(stage)

    def _job_partial(self, start: int, items: Any) -> None:
        if self._mine():
            self.on_partial(start, items)

    def _job_finished(self, result: Any) -> None:
        if self._mine():
            self.before_end()
            self._outcome = "finished"
            self.show_result(result)

    def _job_failed(self, error: BaseException) -> None:
        if self._mine():
            self.before_end()
            self._outcome = "failed"
            self.show_failure(error)

    def _job_cancelled(self) -> None:
        if self._mine():
            self.before_end()
            self._outcome = "cancelled"
            self.show_cancelled()

    def _job_ended(self) -> None:
        if self._mine():
            self.job = None
            self._update_buttons()
            self.after_end()
            self.run_ended.emit(self._outcome)

    def _on_model_failed(self, message: str) -> None:
        self.notice.show_message(message, "error")
        self._update_buttons()
        self.run_ended.emit("failed")

    # -- hooks -------------------------------------------------------------------------------------------------------
    def on_chunk(self, text: str) -> None:
        pass

    def on_progress(self, done: int, total: int) -> None:
        self.engine.set_progress(done, total)

    def on_stage(self, stage: str) -> None:
        pass

    def on_partial(self, start: int, items: Any) -> None:
        pass

    def before_end(self) -> None:
        """Before the result, failure or cancel is shown: flush what is still buffered."""

    def after_end(self) -> None:
        """After the run ended and the buttons were updated."""

    def show_result(self, result: Any) -> None:
        pass

    def show_failure(self, error: BaseException) -> None:
        self.notice.show_message(str(error), "error")

    def show_cancelled(self) -> None:
        pass

    def _update_buttons(self) -> None:
        pass

    # -- shared pieces -----------------------------------------------------------------------------------------------
    def count_tokens_with(self, document_input: Any, slot: Any) -> None:
        """Exact token counts for `document_input` with the tab's loaded model, counted off the GUI thread."""
        model_id = slot.id

        def count(text: str, connect: Callable[[Job], None]) -> Job:  # on the GUI thread: it only queues a count
            return self.manager.count_tokens(model_id, text, before_start=connect)

        document_input.token_counter = count
        document_input.update_counts()

    def may_reopen(self) -> bool:
        if self.is_running():
            self.notice.show_message(self.tr("Wait for the current run to finish, or cancel it."), "warning")
            return False
        return True

    def record_run(self, input: str, output: str, settings: dict, status: str, engine: str | None = None) -> None:
        """Keep a run in the tab's `history` (a TaskHistory), with the model that ran it; `engine` defaults to the
        loaded model's engine kind."""
        model = self.engine.model
        if engine is None:
            engine = engine_kind(model.backend) if model is not None else ""
        self.history.add(engine=engine, model=model.spec.name if model is not None else "", input=input,
                         output=output, settings=settings, status=status)

    def note_truncated_input(self, run: Any) -> None:
        """A reopened run (a TaskRun) whose input was too long to keep whole says so."""
        if run.input_truncated:
            self.notice.show_message(
                self.tr("Only the first {n:,} characters of this run's input were kept.").format(n=len(run.input)),
                "info",
            )

    def save_text_file(self, text: str, path: str | None, title: str, suggested: Path, file_filter: str) -> bool:
        """Write `text` to `path` (asked for with a file dialog when None); a failure is one sentence."""
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, title, str(suggested), file_filter)
        if not path:
            return False
        try:
            Path(path).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            self.notice.show_message(self.tr("Could not save {path}: {why}").format(path=path, why=exc.strerror),
                                     "error")
            return False
        return True

    def shutdown(self) -> None:
        self.engine.shutdown()
