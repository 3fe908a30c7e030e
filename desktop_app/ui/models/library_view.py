"""The Models page's library: the filter bar, the table of every model found, and the background scan behind it.

Its own view because it has its own life: it scans (on the utility thread, so a folder of thousands of files never
blocks the window), takes imported files and folders, and says which record is selected. What happens to the
selected record (details, loading) is the page's business, told through `selection_changed` and `activated`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models.discovery import ScanSources
from desktop_app.core.models.library import Library, sources_for
from desktop_app.core.models.metadata import ModelRecord
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.models.records import read_imported, remote_record
from desktop_app.ui.widgets.library_table import RECORD_ROLE, LibraryFilterModel, LibraryTableModel
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

# Labels are marked for lupdate here and translated where they are shown (self.tr, context "LibraryView").
SOURCES = [
    ("hf_cache", QT_TRANSLATE_NOOP("LibraryView", "Hugging Face cache")),
    ("lmstudio", QT_TRANSLATE_NOOP("LibraryView", "LM Studio models")),
    ("ollama", QT_TRANSLATE_NOOP("LibraryView", "Ollama models")),
    ("app", QT_TRANSLATE_NOOP("LibraryView", "This app's models folder")),
    ("user", QT_TRANSLATE_NOOP("LibraryView", "My folders")),
]
# Capability names keep the context "ModelsTab": the library table and the EngineBar translate them with it.
CAPABILITIES = {
    "chat": QT_TRANSLATE_NOOP("ModelsTab", "chat"),
    "vision": QT_TRANSLATE_NOOP("ModelsTab", "vision"),
    "seq2seq": QT_TRANSLATE_NOOP("ModelsTab", "seq2seq"),
    "classifier": QT_TRANSLATE_NOOP("ModelsTab", "classifier"),
    "captioner": QT_TRANSLATE_NOOP("ModelsTab", "captioner"),
}


class LibraryView(QWidget):
    selection_changed = Signal()
    activated = Signal()  # a double click: load the selected model
    scanned = Signal()  # a scan finished and the table shows its records

    def __init__(self, manager: ModelManager, app_settings: AppSettings, save_settings: Callable[[], None],
                 notice: NoticeBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.manager = manager
        self.app_settings = app_settings
        self._save = save_settings
        self.notice = notice
        self.library = Library()
        self.scan_job: Job | None = None

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, architecture or folder…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filter models"))
        self.capability_combo = QComboBox()
        self.capability_combo.setToolTip(self.tr("Show only models that can do this"))
        self.capability_combo.setAccessibleName(self.tr("Capability filter"))
        self.capability_combo.addItem(self.tr("Everything"), "")
        for cap, label in CAPABILITIES.items():
            self.capability_combo.addItem(QCoreApplication.translate("ModelsTab", label), cap)
        self.sources_button = QPushButton(self.tr("Sources"))  # a push button keeps room for its menu's arrow
        self.sources_button.setToolTip(self.tr("Which places are searched for models"))
        menu = QMenu(self)
        self.source_actions: dict[str, QAction] = {}
        for key, label in SOURCES:
            action = menu.addAction(self.tr(label))
            action.setCheckable(True)
            action.setChecked(self.app_settings.library_sources.get(key, True))
            action.toggled.connect(lambda on, k=key: self._set_source(k, on))
            self.source_actions[key] = action
        self.sources_button.setMenu(menu)
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_folder_button.setToolTip(self.tr("Also look for models in a folder of yours"))
        self.add_folder_button.clicked.connect(self._ask_folder)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Add a .gguf file to the library (or drop files and folders here)"))
        self.import_button.clicked.connect(self._ask_import)
        self.download_button = QPushButton(self.tr("Download…"))
        self.download_button.setToolTip(self.tr("Search and download models from the Hugging Face Hub"))
        self.remote_button = QPushButton(self.tr("Connect server…"))
        self.remote_button.setToolTip(
            self.tr("Use a model served by vLLM, llama.cpp, Ollama or LM Studio (OpenAI-compatible API)")
        )
        self.rescan_button = QPushButton(self.tr("Rescan"))
        self.rescan_button.setToolTip(self.tr("Look for new or changed models now"))
        self.rescan_button.clicked.connect(self.rescan)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.capability_combo)
        for w in (self.sources_button, self.add_folder_button, self.import_button, self.download_button,
                  self.remote_button, self.rescan_button):
            bar.addWidget(w)

        self.table_model = LibraryTableModel(self)
        self.proxy = LibraryFilterModel(self)
        self.proxy.setSourceModel(self.table_model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAccessibleName(self.tr("Model library"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # One line per model: a long path ends in "…" in its middle (the file name stays in view) instead of
        # wrapping onto a second line in the row's height.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.ElideMiddle)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.selection_changed.emit())
        self.table.doubleClicked.connect(lambda *_: self.activated.emit())
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.capability_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_capability(self.capability_combo.currentData())
        )
        self.scan_label = QLabel()
        self.scan_progress = QProgressBar()
        self.scan_progress.setRange(0, 0)
        self.scan_progress.setMaximumWidth(160)
        self.scan_cancel = QPushButton(self.tr("Cancel"))
        self.scan_cancel.clicked.connect(lambda: self.scan_job and self.scan_job.cancel())
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_label, 1)
        scan_row.addWidget(self.scan_progress)
        scan_row.addWidget(self.scan_cancel)
        self._show_scanning(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(scan_row)

    # -- selection ---------------------------------------------------------------------------------------------------
    def selected_record(self) -> ModelRecord | None:
        index = self.table.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def select_path(self, path: Path) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(RECORD_ROLE).path == path:
                self.table.setCurrentIndex(index)
                return True
        return False

    # -- scanning ----------------------------------------------------------------------------------------------------
    def _sources(self) -> ScanSources:
        return sources_for(self.app_settings.library_sources, self.app_settings.library_folders)

    def _set_source(self, key: str, on: bool) -> None:
        self.app_settings.library_sources[key] = on
        self._save()
        self.rescan()

    def rescan(self) -> None:
        """Scan in the background; a folder with thousands of files never blocks the window."""
        if self.scan_job is not None and not self.scan_job.is_done():
            self.scan_job.cancel()
        sources = self._sources()
        imported = [Path(p) for p in self.app_settings.imported_models]
        remotes = [remote_record(r) for r in self.app_settings.remote_servers]
        library = self.library

        def work(job: Job) -> list[ModelRecord]:
            records = library.scan(sources, lambda folder, n: job.progress.emit(n, 0), job.cancel_event)
            seen = {r.path for r in records}
            for path in imported:
                if path not in seen:
                    records.append(read_imported(path))
            return records + remotes

        self.manager.run_background(work, name="scan models", before_start=self._watch_scan)
        self._show_scanning(True)

    def _watch_scan(self, job: Job) -> None:
        # Job signals come from a worker thread: connect bound methods so they are always queued to this thread,
        # and before the job is queued, so a quick scan cannot end unheard.
        job.progress.connect(self._on_scan_progress)
        job.finished.connect(self._on_scanned)
        job.cancelled.connect(self._on_scan_cancelled)
        job.failed.connect(self._on_scan_failed)
        self.scan_job = job

    def _on_scan_progress(self, found: int, _total: int) -> None:
        self.scan_label.setText(self.tr("Scanning… {n} models found").format(n=found))

    def _on_scan_cancelled(self) -> None:
        if self.sender() is self.scan_job:
            self._show_scanning(False)

    def _on_scan_failed(self, error: BaseException) -> None:
        self._show_scanning(False)
        self.notice.show_message(str(error), "error")

    def _show_scanning(self, on: bool) -> None:
        self.scan_progress.setVisible(on)
        self.scan_cancel.setVisible(on)
        if on:
            self.scan_label.setText(self.tr("Scanning…"))

    def _on_scanned(self, records: list[ModelRecord]) -> None:
        if self.sender() is not self.scan_job:
            return  # a scan that a newer one replaced
        self._show_scanning(False)
        self.table_model.set_records(records)
        broken = sum(1 for r in records if r.error)
        text = self.tr("{n} models").format(n=len(records))
        if broken:
            text += self.tr(" ({b} cannot be used: hover for the reason)").format(b=broken)
        self.scan_label.setText(text)
        self.scanned.emit()

    # -- import ------------------------------------------------------------------------------------------------------
    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a models folder"), str(Path.home()))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        if folder not in self.app_settings.library_folders:
            self.app_settings.library_folders.append(folder)
            self._save()
        self.rescan()

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a model"), str(Path.home()), self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.import_paths([Path(path)])

    def import_paths(self, paths: list[Path]) -> None:
        added = False
        for p in paths:
            if p.is_dir() and not (p / "config.json").is_file():
                self.add_folder(str(p))  # a folder of models: scan it
                continue
            if str(p) not in self.app_settings.imported_models:
                self.app_settings.imported_models.append(str(p))
                added = True
        if added:
            self._save()
            self.rescan()
