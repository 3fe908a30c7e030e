"""The model picker and job runner shared by the Summarize, Sentiment, Translate and Describe tabs.

A tab asks `run(work, name)`; the bar has its ModelSession make sure the chosen model is loaded (reusing an
instance the Chat tab or the Models page already loaded, whatever its options), then submits `work(job, backend)`
(built by workers.task_jobs) on that model's worker thread and emits `job_started(job)` so the tab can connect the
job's signals. One progress bar and one Cancel serve both the loading and the run, so a user always sees what is
happening and can stop it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

from desktop_app.core.engine.types import Capability
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.models import session as model_session
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.ui.dialogs.consent import ask_consent
from desktop_app.ui.widgets.eliding_label import ElidingLabel, busy_row
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import LoadedModel, ModelManager
from desktop_app.workers.model_session import ModelSession

Work = Callable[[Job, Any], Any]  # (job, the loaded model's backend): runs on the model's thread


def engine_kind(backend: Any) -> str:
    """What the loaded model is, in words: the tabs use a chat LLM through prompts, or a dedicated model."""
    if backend is None:
        return ""
    caps = backend.capabilities
    name = backend.info.device if backend.info is not None else ""
    if Capability.CHAT in caps:
        return "llm"
    for cap in (Capability.CLASSIFIER, Capability.SEQ2SEQ, Capability.CAPTIONER):
        if cap in caps:
            return cap.value
    return name or "?"


class EngineBar(QWidget):
    job_started = Signal(object)  # Job: the task's work, now queued on the model's thread
    model_ready = Signal(object)  # LoadedModel
    model_failed = Signal(str)  # a sentence for the user
    path_changed = Signal(str)  # the task's model path ("" = built-in chat model)

    def __init__(
        self,
        task: str,
        manager: ModelManager,
        app_settings: AppSettings,
        save_settings: Callable[[], None],
        models_dir: Path,
        capabilities: frozenset[Capability],
        dedicated_hint: str,
        parent: QWidget | None = None,
        no_model_message: str = "",
        refuse: Callable[[ModelSpec], str] | None = None,
    ):
        """`no_model_message`: for a task the built-in chat model cannot do (describing images), the picker's
        first entry asks for a model instead, and running without one shows this sentence. `refuse` says in a
        sentence why a chosen model cannot do the task ("" when it can): it is checked when the model is chosen,
        so the choice is refused then rather than failing at the first run."""
        super().__init__(parent)
        self.task = task
        self.refuse = refuse
        self.no_model_message = no_model_message
        self.manager = manager
        self.app_settings = app_settings
        self.save_settings = save_settings
        self.models_dir = models_dir
        self.capabilities = capabilities
        self.model: LoadedModel | None = None
        self.run_job: Job | None = None
        self._pending: tuple[Work, str] | None = None
        self.session = ModelSession(manager, app_settings, save_settings, models_dir,
                                    lambda spec, consent: ask_consent(self, spec.name, consent), self)
        self.session.status.connect(self._on_load_status)
        self.session.progress.connect(self.set_progress)
        self.session.ready.connect(self._on_loaded)
        self.session.failed.connect(self._fail)
        self.session.cancelled.connect(self._on_load_cancelled)
        self._build(dedicated_hint)
        self._set_busy(False)
        manager.model_loaded.connect(self._on_manager_changed)
        manager.model_unloaded.connect(self._on_manager_changed)
        self.refresh()

    def _build(self, dedicated_hint: str) -> None:
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(28)
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setAccessibleName(self.tr("Model"))
        self.combo.setToolTip(
            self.tr("The model this tab runs: the built-in chat model, any chat model (through prompts), or {hint}.")
            .format(hint=dedicated_hint)
        )
        self.combo.activated.connect(self._on_picked)
        # A push button with a menu: Fusion keeps room for its arrow, where a tool button's drew over the "…".
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.setToolTip(self.tr("Use a model from a file (GGUF) or a folder (PyTorch / Transformers)"))
        menu = QMenu(self.open_button)
        menu.addAction(self.tr("GGUF file (llama.cpp)…"), self.browse_file)
        menu.addAction(self.tr("Model folder (PyTorch)…"), self.browse_folder)
        self.open_button.setMenu(menu)
        self.kind_label = QLabel()
        self.kind_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        theme.style(self.kind_label, "color: $muted;")

        self.status = ElidingLabel()  # a long status line never widens the window (issue 15 item 10)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(320)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop loading or stop the run (Esc)"))
        self.cancel_button.setShortcut(Qt.Key_Escape)
        self.cancel_button.clicked.connect(self.cancel)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel(self.tr("Model:")))
        top.addWidget(self.combo, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.kind_label)
        self.busy_row = busy_row(self.status, self.progress, self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.busy_row)
        # A QProgressBar repaints on every new value, and a batch reporting hundreds of steps a second would keep
        # the window busy painting: at most ten updates a second, and the last value always shows.
        self._apply_progress = qthrottled(self._show_progress, timeout=100, parent=self)

    # -- which model -------------------------------------------------------------------------------------------
    @property
    def path(self) -> str:
        return model_session.task_model_path(self.app_settings, self.task)

    def spec(self) -> ModelSpec:
        return model_session.resolve(self.path, self.app_settings, self.models_dir)

    def refresh(self) -> None:
        """Fill the picker: the built-in model, the task's chosen model, and every loaded model that can serve."""
        self.combo.blockSignals(True)
        self.combo.clear()
        if self.no_model_message:
            self.combo.addItem(self.tr("Choose a model…"), "")
        else:
            try:
                builtin = model_session.builtin_spec(self.models_dir).name
            except DesktopAppError:
                builtin = "?"
            self.combo.addItem(self.tr("Built-in chat model ({name})").format(name=builtin), "")
        seen = {""}
        for slot in self.manager.loaded_models():
            caps = slot.backend.capabilities if slot.backend is not None else frozenset()
            if caps & self.capabilities and str(slot.spec.path) not in seen:
                kind = engine_kind(slot.backend)
                label = self.tr("{name} (chat LLM)") if kind == "llm" else self.tr("{name} (dedicated)")
                self.combo.addItem(label.format(name=slot.spec.name), str(slot.spec.path))
                seen.add(str(slot.spec.path))
        if self.path not in seen:
            self.combo.addItem(Path(self.path).name, self.path)
        self.combo.setCurrentIndex(max(self.combo.findData(self.path), 0))
        self.combo.blockSignals(False)
        self._show_kind()

    def _show_kind(self) -> None:
        if self.no_model_message and not self.path:
            self.kind_label.setText(self.tr("no model chosen"))
            return
        slot = self.manager.get(self.spec_id())
        if slot is None:
            self.kind_label.setText(self.tr("not loaded yet"))
            return
        kind = engine_kind(slot.backend)
        device = slot.info.device if slot.info else ""
        text = self.tr("chat LLM") if kind == "llm" else self.tr("dedicated {kind} model").format(
            kind=QCoreApplication.translate("ModelsTab", kind)  # capability names: ui/models/library_view.py
        )
        self.kind_label.setText(f"{text} · {device}" if device else text)

    def spec_id(self) -> str:
        """The chosen model's id, "" when none is chosen. A task the built-in model cannot do has no model until
        the user picks one: the built-in model being loaded for Chat must not pass for it (Describe Image said
        "Qwen2.5-Coder… is a captioner that takes no prompt" with no model chosen)."""
        if self.no_model_message and not self.path:
            return ""
        try:
            return self.spec().id
        except DesktopAppError:
            return ""

    def _on_manager_changed(self, *_args) -> None:
        if self.model is not None and self.manager.get(self.model.id) is None:
            self.model = None
        self.refresh()

    def _on_picked(self, index: int) -> None:
        self.set_path(self.combo.itemData(index) or "")

    def set_path(self, path: str) -> None:
        """Choose the task's model (remembered in the settings); it loads when the user first runs the task."""
        if self.is_busy():
            self.model_failed.emit(self.tr("Wait for the current run to finish, or cancel it, before switching models."))
            self.refresh()
            return
        if path and self.refuse is not None:
            try:
                why = self.refuse(model_session.resolve(path, self.app_settings, self.models_dir))
            except DesktopAppError as exc:
                why = core_text(exc)
            if why:
                self.model_failed.emit(why)
                self.refresh()  # the picker goes back to the model chosen before
                return
        self.app_settings.task_models[self.task] = path
        self.save_settings()
        self.model = None
        self.refresh()
        self.path_changed.emit(path)

    def browse_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.set_path(path)

    def browse_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Open a model folder"), str(Path.home()))
        if path:
            self.set_path(path)

    def load_options(self):
        """The options a load started here uses (the Chat tab's defaults, so one loaded copy serves both)."""
        return model_session.default_load_options(self.app_settings)

    # -- running -------------------------------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self.session.is_loading() or self._pending is not None or (
            self.run_job is not None and not self.run_job.is_done()
        )

    def run(self, work: Work, name: str, status: str = "") -> None:
        """Load the model if needed, then run `work(job, backend)` on its thread; `job_started` gives the job."""
        if self.is_busy():
            return
        self._pending = (work, name)
        self._set_busy(True, status or self.tr("Starting…"))
        self.ensure_model()

    def ensure_model(self) -> None:
        if self.no_model_message and not self.path:
            self._fail(self.no_model_message)
            return
        try:
            spec = self.spec()
        except DesktopAppError as exc:
            self._fail(core_text(exc))
            return
        self.progress.setRange(0, 0)
        self.session.ensure(spec)  # any loaded copy serves, whatever its options

    def _on_load_status(self, text: str) -> None:
        self.status.setText(text)

    def _on_loaded(self, slot: LoadedModel) -> None:
        self.model = slot
        self.refresh()
        self.model_ready.emit(slot)
        pending, self._pending = self._pending, None
        if pending is None:
            self._set_busy(False)
            return
        work, name = pending
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Working…"))
        try:
            self.manager.submit(slot.id, work, name=name, before_start=self._connect_run)
        except DesktopAppError as exc:
            self._fail(core_text(exc))

    def _connect_run(self, job: Job) -> None:
        """Before the job is queued: the bar and the tab listen to it from its very first signal."""
        self.run_job = job
        job.ended.connect(self._on_run_ended)
        self.job_started.emit(job)

    def _on_load_cancelled(self) -> None:
        self._pending = None
        self._set_busy(False)
        self.model_failed.emit(self.tr("Loading was cancelled."))

    def _fail(self, message: str) -> None:
        self._pending = None
        self._set_busy(False)
        self.model_failed.emit(core_text(message))  # the session's failure is core's English

    def _on_run_ended(self) -> None:
        if self.sender() is self.run_job:
            self.run_job = None
            self._set_busy(False)

    def cancel(self) -> None:
        """Cancel the load or the run, whichever is under way (the partial results the tab has stay)."""
        self.session.cancel()  # its `cancelled` ends this run's wait (a load of another view goes on for it)
        self._pending = None
        if self.run_job is not None:
            self.run_job.cancel()
            self.status.setText(self.tr("Cancelling…"))

    # -- progress ------------------------------------------------------------------------------------------------
    def set_progress(self, done: int, total: int, text: str | None = None) -> None:
        """Show progress (throttled to ten updates a second; the first and the last always show at once)."""
        if total <= 0 or done >= total or done == 0:
            self._apply_progress.cancel()
            self._show_progress(done, total, text)
        else:
            self._apply_progress(done, total, text)

    def _show_progress(self, done: int, total: int, text: str | None = None) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)
        if text is not None:
            self.status.setText(text)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.status.setText(text)
        self.busy_row.setVisible(busy)
        self.combo.setEnabled(not busy)
        self.open_button.setEnabled(not busy)
        if busy:
            self.progress.setRange(0, 0)

    def shutdown(self) -> None:
        self.cancel()
