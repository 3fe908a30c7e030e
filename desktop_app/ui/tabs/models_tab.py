"""The Models page: the library (scanned in the background), import, load/unload with a fit check, the models in
memory, and which model serves each task. Like LM Studio's "My Models", without leaving the app.

The page puts together the views in ui/models/ (library, selected model, in memory, model for each task, projector
pairing) and keeps what acts on the selection: loading (with the fit check and the per-model consent), Use in
Chat, and connecting a remote server.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import LoadOptions
from desktop_app.core.models.catalog import SpeedText
from desktop_app.core.models.metadata import ModelRecord
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage import paths
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.dialogs.consent import ask_consent
from desktop_app.ui.dialogs.download_dialog import DownloadDialog
from desktop_app.ui.models.details_box import ModelDetailsBox
from desktop_app.ui.models.discover_view import DiscoverView, predicted_speed_text, set_measuring
from desktop_app.ui.models.library_view import LibraryView
from desktop_app.ui.models.loaded_box import LoadedModelsBox
from desktop_app.ui.models.projector import ProjectorPairing
from desktop_app.ui.models.records import remote_spec, spec_of
from desktop_app.ui.models.task_models_box import TaskModelsBox
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.model_session import ModelSession
from desktop_app.workers.speed_jobs import MachineSpeed, MeasureRequest


class ModelsTab(QWidget):
    use_for_chat = Signal(object)  # ModelSpec: switch to Chat and use it
    task_model_chosen = Signal(str, object)  # task key, ModelSpec (None: the built-in default)

    def __init__(
        self,
        manager: ModelManager,
        app_settings: AppSettings,
        save_app_settings: Callable[[], None],
        parent: QWidget | None = None,
        speed_text: SpeedText | None = None,
    ):
        super().__init__(parent)
        self.speed_text = speed_text or predicted_speed_text  # Discover's speed column (core/models/speed.py)
        self.manager = manager
        self.app_settings = app_settings
        self._save = save_app_settings
        # Loads go through ModelSessions (workers): the selected model, and a remote server being connected.
        self.session = ModelSession(manager, app_settings, save_app_settings, paths.models_dir(),
                                    lambda spec, consent: self.ask_consent(spec, consent), self)
        self.remote_session = ModelSession(manager, app_settings, save_app_settings, paths.models_dir(), None, self)
        for session in (self.session, self.remote_session):
            session.failed.connect(lambda text: self.notice.show_message(text, "error"))
        self.session.cancelled.connect(lambda: self.notice.show_message(self.tr("Loading was cancelled."), "info"))
        self.setAcceptDrops(True)
        self._build()
        manager.model_loaded.connect(self._refresh_loaded)
        manager.model_unloaded.connect(self._refresh_loaded)
        manager.engine_event.connect(self._refresh_loaded)
        # Each engine's memory, read from outside its process while this page is on screen.
        self._memory_timer = QTimer(self, interval=2000)
        self._memory_timer.timeout.connect(lambda: self.isVisible() and self._refresh_loaded())
        self._memory_timer.start()
        self._refresh_loaded()

    # -- layout --------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.notice = NoticeBar()
        self.library_view = LibraryView(self.manager, self.app_settings, self._save, self.notice)
        self.library_view.selection_changed.connect(self._on_selection)
        self.library_view.activated.connect(lambda: self.load_selected())
        self.library_view.scanned.connect(self._refresh_task_combos)
        self.library_view.download_button.clicked.connect(self.open_downloads)
        self.library_view.remote_button.clicked.connect(self._ask_remote)
        self.library = self.library_view.library

        self.details_box = ModelDetailsBox(self.app_settings.default_device)
        self.load_button = self.details_box.load_button
        self.load_progress = self.details_box.load_progress
        self.load_cancel = self.details_box.load_cancel
        self.load_button.clicked.connect(lambda: self.load_selected())
        self.load_cancel.clicked.connect(self.session.cancel)
        self.session.busy_changed.connect(self._show_loading)
        self.session.progress.connect(self._show_load_progress)
        self.details_box.chat_button.clicked.connect(self._use_in_chat)
        self.projector = ProjectorPairing(self.manager, self.app_settings, self._save, self.notice, self)
        self.projector.changed.connect(self._on_selection)
        self.details_box.projector_button.clicked.connect(self._ask_projector)

        # This machine's speed, measured once in the background (the cached measurement; none: a button asks)
        self.machine_speed = MachineSpeed(self.manager, MeasureRequest(paths.models_dir()), self)
        self.details_box.set_machine(self.machine_speed.machine)
        self.details_box.speed_button.clicked.connect(self._measure_speed)
        self.loaded_box = LoadedModelsBox(self.manager, self.notice)
        self.tasks_box = TaskModelsBox(self.manager, self.app_settings, self._save)
        self.tasks_box.task_model_chosen.connect(self.task_model_chosen)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.details_box, 2)
        rl.addWidget(self.loaded_box, 2)
        rl.addWidget(self.tasks_box, 1)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.library_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # Discover: the curated catalogue, filtered to what fits, one click to download and use.
        self.discover = DiscoverView(self.manager, self.app_settings, self._save, paths.models_dir(),
                                     self.speed_text)
        self.discover.assigned.connect(self._on_catalog_assigned)
        self.discover.set_measured(self.machine_speed.machine is not None)
        self.discover.speed_button.clicked.connect(self._measure_speed)
        self.machine_speed.measured.connect(self._on_measured)
        self.machine_speed.busy_changed.connect(self._show_measuring)
        self.machine_speed.failed.connect(lambda text: self.notice.show_message(text, "error"))
        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        self.sections.addTab(splitter, self.tr("Library"))
        self.sections.addTab(self.discover, self.tr("Discover"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.sections, 1)
        self._on_selection()

    # -- the library -------------------------------------------------------------------------------------------------
    @property
    def scan_job(self) -> Job | None:
        return self.library_view.scan_job

    def rescan(self) -> None:
        self.library_view.rescan()

    def selected_record(self) -> ModelRecord | None:
        return self.library_view.selected_record()

    def select_path(self, path: Path) -> bool:
        return self.library_view.select_path(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        usable = [p for p in paths if p.is_dir() or p.suffix.lower() == ".gguf"]
        if len(usable) < len(paths):
            self.notice.show_message(self.tr("Only .gguf files and model folders can be imported."), "warning")
        if usable:
            self.library_view.import_paths(usable)
            event.acceptProposedAction()

    # -- selection, fit check and loading ------------------------------------------------------------------------
    def _on_selection(self) -> None:
        self.details_box.show_record(self.selected_record(), self.app_settings.model_projectors)

    def _ask_projector(self) -> None:
        r = self.selected_record()
        if r is not None:
            self.projector.ask(self, r.path, r.name)

    def set_projector(self, model: Path, projector: str) -> Job | None:
        """Pair a GGUF with a projector file (its header is checked off the GUI thread: the job); "" forgets it."""
        return self.projector.set(model, projector)

    def _fit(self):
        return self.details_box.fit(self.selected_record())

    def load_options(self) -> LoadOptions:
        return self.details_box.load_options()

    @property
    def load_job(self) -> Job | None:
        """The load of the selected model under way, if any."""
        return self.session.job

    def load_selected(self, force: bool = False) -> Job | None:
        """Load the selected model with the options on the page (again, when it is loaded with others). The load
        job, or None when nothing was started (the model is loaded so already, or the user declined)."""
        r = self.selected_record()
        if r is None or r.error:
            return None
        verdict = self._fit()
        if verdict is not None and not verdict.fits and not force and not self._confirm_override(verdict.message):
            return None
        return self.session.ensure(spec_of(r, self.app_settings), self.load_options())

    def ask_consent(self, spec: ModelSpec, consent: str) -> bool:
        """A per-model consent that names the risk; the default answer is No."""
        return ask_consent(self, spec.name, consent)

    def _show_loading(self, busy: bool) -> None:
        self.load_progress.setRange(0, 0)
        self.load_progress.setVisible(busy)
        self.load_cancel.setVisible(busy)

    def _show_load_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.load_progress.setRange(0, total)
            self.load_progress.setValue(min(done, total))

    def _confirm_override(self, message: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.warning(
            self, self.tr("This model may not fit"), message + "\n\n" + self.tr("Load it anyway?"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No,
        )
        return answer == QMessageBox.Yes

    def open_downloads(self) -> DownloadDialog:
        dialog = DownloadDialog(self.manager, paths.models_dir(), self)
        dialog.downloaded.connect(lambda _r: self.rescan())
        dialog.show()
        self.download_dialog = dialog
        return dialog

    def open_discover(self, task: str, entry_id: str | None = None) -> DiscoverView:
        """Show Discover filtered to a tab (a tab's "Get a model" button)."""
        self.sections.setCurrentWidget(self.discover)
        self.discover.show_task(task, entry_id)
        return self.discover

    def _on_catalog_assigned(self, key: str, result) -> None:
        self.rescan()
        self.task_model_chosen.emit(key, result.spec)

    def _ask_remote(self) -> None:
        url, ok = QInputDialog.getText(
            self, self.tr("Connect to a server"),
            self.tr("Base URL of an OpenAI-compatible server (e.g. http://127.0.0.1:8000/v1):"),
        )
        if not ok or not url.strip():
            return
        key, _ok = QInputDialog.getText(
            self, self.tr("Connect to a server"), self.tr("API key (leave empty if none):"), QLineEdit.Password
        )
        self.add_remote(url.strip(), key.strip())

    def add_remote(self, base_url: str, api_key: str = "") -> Job:
        """Remember the server, list it in the library, and load (connect to) it at once."""
        entry = {"base_url": base_url, "api_key": api_key, "name": base_url}
        if all(r.get("base_url") != base_url for r in self.app_settings.remote_servers):
            self.app_settings.remote_servers.append(entry)
            self._save()
        self.rescan()
        return self.remote_session.ensure(remote_spec(entry), self.load_options())

    def _measure_speed(self) -> Job | None:
        """Measure this machine for the speed prediction (workers/speed_jobs.py: one background job, cached for
        later sessions); None when it is already known. Both views show the prediction once it arrives."""
        return self.machine_speed.ensure()

    def _show_measuring(self, busy: bool) -> None:
        for button in (self.details_box.speed_button, self.discover.speed_button):
            set_measuring(button, busy)

    def _on_measured(self, machine) -> None:
        self.details_box.set_machine(machine)
        self.discover.set_measured(True)

    def _use_in_chat(self) -> None:
        r = self.selected_record()
        if r is not None and not r.error:
            self.use_for_chat.emit(spec_of(r, self.app_settings))

    # -- loaded models and task defaults -------------------------------------------------------------------------
    def _refresh_loaded(self, *_args) -> None:
        self.loaded_box.refresh()
        self._refresh_task_combos()

    def _refresh_task_combos(self) -> None:
        self.tasks_box.refresh()
