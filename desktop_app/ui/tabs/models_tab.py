"""The Models page: the library (scanned in the background), import, load/unload with a fit check, the models in
memory, and which model serves each task. Like LM Studio's "My Models", without leaving the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import LoadOptions
from desktop_app.core.errors import ConsentRequiredError, DesktopAppError
from desktop_app.core.models.discovery import ScanSources
from desktop_app.core.models.library import Library, sources_for
from desktop_app.core.models.metadata import ModelRecord, read_gguf_record, read_hf_record
from desktop_app.core.models.resolve import with_user_projector
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage import paths
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui import theme
from desktop_app.ui.dialogs.download_dialog import DownloadDialog
from desktop_app.ui.widgets.library_table import RECORD_ROLE, LibraryFilterModel, LibraryTableModel
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import LoadedModel, ModelManager

# Labels are marked for lupdate here and translated where they are shown (self.tr, context "ModelsTab").
SOURCES = [
    ("hf_cache", QT_TRANSLATE_NOOP("ModelsTab", "Hugging Face cache")),
    ("lmstudio", QT_TRANSLATE_NOOP("ModelsTab", "LM Studio models")),
    ("ollama", QT_TRANSLATE_NOOP("ModelsTab", "Ollama models")),
    ("app", QT_TRANSLATE_NOOP("ModelsTab", "This app's models folder")),
    ("user", QT_TRANSLATE_NOOP("ModelsTab", "My folders")),
]
TASKS = [
    ("chat", QT_TRANSLATE_NOOP("ModelsTab", "Chat"), {"chat"}),
    ("summarize", QT_TRANSLATE_NOOP("ModelsTab", "Summarize"), {"chat", "seq2seq"}),
    ("sentiment", QT_TRANSLATE_NOOP("ModelsTab", "Sentiment"), {"chat", "classifier"}),
    ("translate", QT_TRANSLATE_NOOP("ModelsTab", "Translate"), {"chat", "seq2seq"}),
    ("describe", QT_TRANSLATE_NOOP("ModelsTab", "Describe Image"), {"captioner", "vision"}),
]
CAPABILITIES = {
    "chat": QT_TRANSLATE_NOOP("ModelsTab", "chat"),
    "vision": QT_TRANSLATE_NOOP("ModelsTab", "vision"),
    "seq2seq": QT_TRANSLATE_NOOP("ModelsTab", "seq2seq"),
    "classifier": QT_TRANSLATE_NOOP("ModelsTab", "classifier"),
    "captioner": QT_TRANSLATE_NOOP("ModelsTab", "captioner"),
}


def _gb(n: int) -> str:
    return f"{n / 2**30:.2f} GB"


def remote_record(entry: dict) -> ModelRecord:
    """A server the user connected, listed in the library like a local model."""
    return ModelRecord(
        path=Path(entry["base_url"]), name=entry.get("name") or entry["base_url"], format="remote", backend="remote",
        capabilities=frozenset({"chat"}), source="remote",
    )


def remote_spec(entry: dict) -> ModelSpec:
    return ModelSpec(
        path=Path(entry["base_url"]), name=entry.get("name") or entry["base_url"], backend="remote", source="remote",
        extra={"base_url": entry["base_url"], "api_key": entry.get("api_key", "")},
    )


def spec_of(record: ModelRecord, settings: AppSettings) -> ModelSpec:
    """The spec to load, with the server settings of a remote model and the consents given for this one."""
    if record.backend == "remote":
        entry = next((r for r in settings.remote_servers if Path(r["base_url"]) == record.path), None)
        if entry is not None:
            return remote_spec(entry)
    spec = record.to_spec()
    for consent in settings.model_consents.get(str(record.path), []):
        spec.extra[consent] = True
    return with_user_projector(spec, settings.model_projectors)


CONSENT_QUESTIONS = {
    "trust_remote_code": QT_TRANSLATE_NOOP(
        "ModelsTab",
        "This model comes with its own Python code, which would run on your computer with your permissions. "
        "It could read or delete your files. Allow it only if you trust who published this model.",
    ),
    "allow_pickle": QT_TRANSLATE_NOOP(
        "ModelsTab",
        "This model's weights are in the pickle format, which can hide code that runs when the file is read. "
        "The app reads them in a restricted mode, but allow it only if you trust where the file came from.",
    ),
}


def read_imported(path: Path) -> ModelRecord:
    """A model the user dropped or picked one by one, read where it lies (never copied)."""
    return read_hf_record(path, source="user") if path.is_dir() else read_gguf_record(path, source="user")


class ModelsTab(QWidget):
    use_for_chat = Signal(object)  # ModelSpec: switch to Chat and use it
    task_model_chosen = Signal(str, object)  # task key, ModelSpec (None: the built-in default)

    def __init__(
        self,
        manager: ModelManager,
        app_settings: AppSettings,
        save_app_settings: Callable[[], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.manager = manager
        self.app_settings = app_settings
        self._save = save_app_settings
        self.library = Library()
        self.scan_job: Job | None = None
        self.load_job: Job | None = None
        self._loading_records: dict[Job, ModelRecord] = {}
        self.setAcceptDrops(True)
        self._build()
        manager.model_loaded.connect(self._refresh_loaded)
        manager.model_unloaded.connect(self._refresh_loaded)
        manager.engine_event.connect(self._refresh_loaded)
        self.loaded_table.itemSelectionChanged.connect(self._update_loaded_buttons)
        # Each engine's memory, read from outside its process while this page is on screen.
        self._memory_timer = QTimer(self, interval=2000)
        self._memory_timer.timeout.connect(lambda: self.isVisible() and self._refresh_loaded())
        self._memory_timer.start()
        self._refresh_loaded()

    # -- layout --------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.notice = NoticeBar()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, architecture or folder…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filter models"))
        self.capability_combo = QComboBox()
        self.capability_combo.setToolTip(self.tr("Show only models that can do this"))
        self.capability_combo.setAccessibleName(self.tr("Capability filter"))
        self.capability_combo.addItem(self.tr("Everything"), "")
        for cap, label in CAPABILITIES.items():
            self.capability_combo.addItem(self.tr(label), cap)
        self.sources_button = QToolButton()
        self.sources_button.setText(self.tr("Sources"))
        self.sources_button.setToolTip(self.tr("Which places are searched for models"))
        self.sources_button.setPopupMode(QToolButton.InstantPopup)
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
        self.download_button.clicked.connect(self.open_downloads)
        self.remote_button = QPushButton(self.tr("Connect server…"))
        self.remote_button.setToolTip(
            self.tr("Use a model served by vLLM, llama.cpp, Ollama or LM Studio (OpenAI-compatible API)")
        )
        self.remote_button.clicked.connect(self._ask_remote)
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
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._on_selection())
        self.table.doubleClicked.connect(lambda *_: self.load_selected())
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

        # Details and loading
        self.details = QLabel(self.tr("Select a model to see its details."))
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.ctx_spin = QSpinBox()
        self.ctx_spin.setRange(256, 262144)
        self.ctx_spin.setSingleStep(1024)
        self.ctx_spin.setValue(4096)
        self.ctx_spin.setToolTip(self.tr("Context length to load with. More context needs more memory."))
        self.gpu_spin = QSpinBox()
        self.gpu_spin.setRange(-1, 1000)
        self.gpu_spin.setToolTip(self.tr("Layers offloaded to the GPU for llama.cpp models (-1: all, 0: CPU only)."))
        self.device_combo = QComboBox()
        self.device_combo.addItems(["auto", "cpu", "cuda", "mps"])
        self.device_combo.setCurrentText(self.app_settings.default_device)  # Settings → Default device
        self.device_combo.setToolTip(self.tr("PyTorch models: auto picks CUDA, then Apple MPS, then the CPU."))
        self.dtype_combo = QComboBox()
        self.dtype_combo.addItems(["auto", "bf16", "fp16", "fp32"])
        self.dtype_combo.setToolTip(self.tr("PyTorch models: number format of the weights. auto: fp32 on CPU."))
        from desktop_app.core import extras

        if (torch_missing := extras.missing("torch")) is not None:  # light install: say which extra they need
            for combo in (self.device_combo, self.dtype_combo):
                combo.setToolTip(extras.message("torch", torch_missing))
        for w in (self.ctx_spin, self.gpu_spin):
            w.valueChanged.connect(lambda _v: self._update_fit())
        for c in (self.device_combo, self.dtype_combo):
            c.currentIndexChanged.connect(lambda _i: self._update_fit())
        form = QFormLayout()
        for label, w in (
            (self.tr("Context length"), self.ctx_spin), (self.tr("GPU layers"), self.gpu_spin),
            (self.tr("Device"), self.device_combo), (self.tr("Precision"), self.dtype_combo),
        ):
            w.setAccessibleName(label)
            form.addRow(label, w)
        self.fit_label = QLabel()
        self.fit_label.setWordWrap(True)
        # Rich-text labels that wrap get too little height in a layout unless they ask for it.
        self.details.setMinimumHeight(90)
        self.fit_label.setMinimumHeight(60)
        self.details.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.fit_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setToolTip(self.tr("Load the selected model into memory"))
        self.load_button.clicked.connect(self.load_selected)
        self.chat_button = QPushButton(self.tr("Use in Chat"))
        self.chat_button.setToolTip(self.tr("Chat with the selected model"))
        self.chat_button.clicked.connect(self._use_in_chat)
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 0)
        self.load_cancel = QPushButton(self.tr("Cancel"))
        self.load_cancel.clicked.connect(lambda: self.load_job and self.load_job.cancel())
        self.load_progress.hide()
        self.load_cancel.hide()
        self.projector_button = QPushButton(self.tr("Vision projector…"))
        self.projector_button.setToolTip(
            self.tr("Pair this GGUF with its mmproj file so it can see images (found by itself when the file sits "
                    "next to the model)")
        )
        self.projector_button.clicked.connect(self._ask_projector)
        load_row = QHBoxLayout()
        load_row.addWidget(self.load_button)
        load_row.addWidget(self.chat_button)
        load_row.addWidget(self.projector_button)
        load_row.addWidget(self.load_progress, 1)
        load_row.addWidget(self.load_cancel)
        details_box = QGroupBox(self.tr("Selected model"))
        dl = QVBoxLayout(details_box)
        dl.addWidget(self.details)
        dl.addLayout(form)
        dl.addWidget(self.fit_label)
        dl.addLayout(load_row)
        dl.addStretch(1)

        # Loaded models and task defaults
        self.loaded_table = QTableWidget(0, 5)
        self.loaded_table.setHorizontalHeaderLabels(
            [self.tr("Loaded model"), self.tr("Engine"), self.tr("Device"), self.tr("Memory"), self.tr("State")]
        )
        self.loaded_table.horizontalHeader().setStretchLastSection(True)
        self.loaded_table.verticalHeader().hide()
        self.loaded_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.loaded_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.loaded_table.setAccessibleName(self.tr("Loaded models"))
        self.unload_button = QPushButton(self.tr("Unload"))
        self.unload_button.setToolTip(self.tr("Free the memory of the selected loaded model"))
        self.unload_button.clicked.connect(self._unload_selected)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setToolTip(self.tr("Start the selected model's engine again and load the model"))
        self.reload_button.clicked.connect(self._reload_selected)
        self.memory_label = QLabel()
        loaded_box = QGroupBox(self.tr("In memory"))
        ll = QVBoxLayout(loaded_box)
        ll.addWidget(self.loaded_table)
        row = QHBoxLayout()
        row.addWidget(self.memory_label, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.unload_button)
        ll.addLayout(row)
        self.task_combos: dict[str, QComboBox] = {}
        tasks_box = QGroupBox(self.tr("Model for each task"))
        tl = QFormLayout(tasks_box)
        for key, label, _caps in TASKS:
            combo = QComboBox()
            combo.setToolTip(self.tr("Which loaded model the {task} tab uses").format(task=self.tr(label)))
            combo.setAccessibleName(self.tr("Model for {task}").format(task=self.tr(label)))
            combo.activated.connect(lambda _i, k=key: self._set_task_model(k))
            self.task_combos[key] = combo
            tl.addRow(self.tr(label), combo)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(details_box, 2)
        rl.addWidget(loaded_box, 2)
        rl.addWidget(tasks_box, 1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(bar)
        lv.addWidget(self.table, 1)
        lv.addLayout(scan_row)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)
        self._on_selection()

    # -- scanning ------------------------------------------------------------------------------------------------
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
        self._refresh_task_combos()

    # -- import --------------------------------------------------------------------------------------------------
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

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        usable = [p for p in paths if p.is_dir() or p.suffix.lower() == ".gguf"]
        if len(usable) < len(paths):
            self.notice.show_message(self.tr("Only .gguf files and model folders can be imported."), "warning")
        if usable:
            self.import_paths(usable)
            event.acceptProposedAction()

    # -- selection, fit check and loading ------------------------------------------------------------------------
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

    def _on_selection(self) -> None:
        r = self.selected_record()
        enabled = r is not None and not r.error
        self.load_button.setEnabled(enabled)
        self.chat_button.setEnabled(enabled and "chat" in r.capabilities)
        self.projector_button.setEnabled(enabled and r.backend == "llama_cpp")
        if r is None:
            self.details.setText(self.tr("Select a model to see its details."))
            self.fit_label.setText("")
            return
        lines = [f"<b>{r.name}</b>", str(r.path)]
        if r.error:
            lines.append(f"<span style='color:{theme.color('error_text')}'>{r.error}</span>")
        else:
            lines.append(
                self.tr("{arch} · {fmt} · engine: {engine}").format(arch=r.architecture, fmt=r.format, engine=r.backend)
            )
            if r.labels:
                lines.append(self.tr("Labels: {labels}").format(labels=", ".join(r.labels)))
            chosen = self.app_settings.model_projectors.get(str(r.path))
            if chosen:
                lines.append(self.tr("Vision projector: {p} (chosen by you)").format(p=Path(chosen).name))
            elif r.mmproj:
                lines.append(self.tr("Vision projector: {p}").format(p=r.mmproj.name))
        self.details.setText("<br>".join(lines))
        if r.context_length:
            self.ctx_spin.setMaximum(max(r.context_length, 256))
        self._update_fit()

    def _ask_projector(self) -> None:
        r = self.selected_record()
        if r is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the vision projector (mmproj) for {name}").format(name=r.name),
            str(r.path.parent), self.tr("GGUF files (*.gguf)"),
        )
        if path:
            self.set_projector(r.path, path)

    def set_projector(self, model: Path, projector: str) -> None:
        """Pair a GGUF with a projector file, checked first; "" forgets the pairing. The pairing is used by
        every tab that loads this model from now on (a loaded copy keeps what it was loaded with)."""
        if projector:
            from desktop_app.core.models.gguf_check import check_projector

            try:
                check_projector(Path(projector))
            except DesktopAppError as exc:
                self.notice.show_message(str(exc), "error")
                return
            self.app_settings.model_projectors[str(model)] = str(projector)
        else:
            self.app_settings.model_projectors.pop(str(model), None)
        self._save()
        for slot in self.manager.loaded_models():  # a copy loaded with the old pairing would keep it
            if slot.spec.path == Path(model) and slot.spec.backend == "llama_cpp":
                self.manager.unload(slot.id)
        self.notice.show_message(
            self.tr("{model} will use {projector} to see images.").format(
                model=Path(model).name, projector=Path(projector).name
            ) if projector else self.tr("The projector pairing was removed."),
            "info",
        )
        self._on_selection()

    def _fit(self):
        from desktop_app.core.models.memory import check_fit, estimate, system_memory

        r = self.selected_record()
        if r is None or r.error:
            return None
        est = estimate(
            r,
            n_ctx=self.ctx_spin.value(),
            n_gpu_layers=self.gpu_spin.value(),
            dtype=self.dtype_combo.currentText(),
            device="cpu" if self.device_combo.currentText() == "cpu" else "auto",
        )
        return check_fit(est, system_memory())  # VRAM only if torch is already imported: never block the UI

    def _update_fit(self) -> None:
        verdict = self._fit()
        if verdict is None:
            self.fit_label.setText("")
            return
        color = theme.color("ok_text" if verdict.fits else "error_text")
        text = f"<span style='color:{color}'>{verdict.message}</span>"
        if verdict.suggestions:
            text += "<br>" + "<br>".join(f"• {s}" for s in verdict.suggestions)
        self.fit_label.setText(text)

    def load_options(self) -> LoadOptions:
        return LoadOptions(
            n_ctx=self.ctx_spin.value(),
            n_gpu_layers=self.gpu_spin.value(),
            device=self.device_combo.currentText(),
            dtype=self.dtype_combo.currentText(),
        )

    def load_selected(self, force: bool = False) -> Job | None:
        r = self.selected_record()
        if r is None or r.error:
            return None
        verdict = self._fit()
        if verdict is not None and not verdict.fits and not force and not self._confirm_override(verdict.message):
            return None
        self._record_to_load = r
        return self.manager.load(spec_of(r, self.app_settings), self.load_options(), before_start=self._watch_load)

    def _watch_load(self, job: Job) -> None:
        """Connected before the load is queued: a load that fails at once is still reported."""
        self.load_job = job
        self.load_progress.show()
        self.load_cancel.show()
        job.ended.connect(self._on_load_ended)
        self._loading_records[job] = self._record_to_load
        job.failed.connect(self._on_load_job_failed)
        job.cancelled.connect(self._on_load_cancelled)

    def _on_load_job_failed(self, error: BaseException) -> None:
        record = self._loading_records.pop(self.sender(), None)
        if record is not None:
            self._on_load_failed(record, error)
        else:
            self.notice.show_message(str(error), "error")

    def _on_load_cancelled(self) -> None:
        self.notice.show_message(self.tr("Loading was cancelled."), "info")

    def _on_load_failed(self, record: ModelRecord, error: BaseException) -> None:
        if isinstance(error, ConsentRequiredError) and self.ask_consent(record, error.consent):
            granted = self.app_settings.model_consents.setdefault(str(record.path), [])
            if error.consent not in granted:
                granted.append(error.consent)
                self._save()
            self.load_selected(force=True)
            return
        self.notice.show_message(str(error), "error")

    def ask_consent(self, record: ModelRecord, consent: str) -> bool:
        """A per-model consent that names the risk; the default answer is No."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.warning(
            self, self.tr("Allow {name}?").format(name=record.name),
            self.tr(CONSENT_QUESTIONS[consent]) + "\n\n" + self.tr("Allow it for {name} only?").format(name=record.name),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No,
        )
        return answer == QMessageBox.Yes

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
        return self.manager.load(remote_spec(entry), self.load_options(), before_start=self._watch_remote_load)

    def _watch_remote_load(self, job: Job) -> None:
        job.failed.connect(self._on_job_error)

    def _on_job_error(self, error: BaseException) -> None:
        self.notice.show_message(str(error), "error")

    def _on_load_ended(self) -> None:
        self.load_progress.hide()
        self.load_cancel.hide()

    def _use_in_chat(self) -> None:
        r = self.selected_record()
        if r is not None and not r.error:
            self.use_for_chat.emit(spec_of(r, self.app_settings))

    # -- loaded models and task defaults -------------------------------------------------------------------------
    def _refresh_loaded(self, *_args) -> None:
        models = self.manager.loaded_models()
        self.loaded_table.setRowCount(len(models))
        total = 0
        for row, m in enumerate(models):
            device = m.info.device if m.info else ""
            rss = m.engine_rss()
            total += rss
            crashed = m.state == "crashed"
            memory = "—" if crashed else _gb(rss) if m.vram_bytes is None else self.tr("{ram} · VRAM {vram}").format(
                ram=_gb(rss), vram=_gb(m.vram_bytes))
            state = self.tr("Crashed") if crashed else self.tr("Running")
            tip = self.tr("{why}\nIt reloads with the next request, or press Reload.").format(why=m.error)
            for col, text in enumerate((m.spec.name, m.spec.backend, device, memory, state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, m.id)
                if crashed:
                    item.setToolTip(tip)
                    item.setForeground(QColor(theme.color("error_text")))
                self.loaded_table.setItem(row, col, item)
        self._update_loaded_buttons()
        from desktop_app.core.models.memory import system_memory

        mem = system_memory()  # VRAM is known once torch is loaded (never imported here just to ask)
        text = self.tr("Models: {used} · RAM available {avail} of {total}").format(
            used=_gb(total), avail=_gb(mem.available_ram), total=_gb(mem.total_ram)
        )
        for gpu in mem.gpus:
            text += self.tr(" · {name}: {free} free of {total}").format(
                name=gpu.name, free=_gb(gpu.free), total=_gb(gpu.total)
            )
        self.memory_label.setText(text)
        self._refresh_task_combos()

    def _selected_loaded(self) -> LoadedModel | None:
        row = self.loaded_table.currentRow()
        item = self.loaded_table.item(row, 0) if row >= 0 else None
        return self.manager.get(item.data(Qt.UserRole)) if item is not None else None

    def _update_loaded_buttons(self) -> None:
        slot = self._selected_loaded()
        self.unload_button.setEnabled(slot is not None)
        self.reload_button.setEnabled(slot is not None and slot.state == "crashed")

    def _reload_selected(self) -> None:
        slot = self._selected_loaded()
        if slot is not None:
            job = self.manager.reload(slot.id)
            if job is not None:
                job.failed.connect(self._on_job_error)

    def _unload_selected(self) -> None:
        row = self.loaded_table.currentRow()
        item = self.loaded_table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.manager.unload(item.data(Qt.UserRole))

    def _refresh_task_combos(self) -> None:
        models: list[LoadedModel] = self.manager.loaded_models()
        for key, _label, caps in TASKS:
            combo = self.task_combos[key]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("Built-in chat model"), "")
            for m in models:
                backend_caps = {c.value for c in m.backend.capabilities} if m.backend else set()
                if backend_caps & caps:
                    family = "LLM" if "chat" in backend_caps else "/".join(sorted(backend_caps & caps))
                    combo.addItem(f"{m.spec.name} ({family})", str(m.spec.path))
            current = self.app_settings.task_models.get(key, "")
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def _set_task_model(self, key: str) -> None:
        path = self.task_combos[key].currentData() or ""
        self.app_settings.task_models[key] = path
        self._save()
        loaded = next((m for m in self.manager.loaded_models() if str(m.spec.path) == path), None)
        self.task_model_chosen.emit(key, loaded.spec if loaded else None)
