"""The Models page's Discover section: the curated catalogue for a tab, what fits this machine, one click to download.

A thin view over core/models/catalog.py (the list and the fit rule) and workers/catalog_jobs.py (the download job).
The "Speed" column shows the memory fit and the predicted decode speed (`predicted_speed_text`, the Models page's
`speed_text`: core/models/speed.py from this machine's cached measurement).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models import catalog
from desktop_app.core.models.catalog import CatalogEntry
from desktop_app.core.models.catalog_download import assign_to_task
from desktop_app.core.models.memory import system_memory
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui import theme
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.catalog_jobs import start_catalog_download
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

TAB_LABELS = {
    "chat": QT_TRANSLATE_NOOP("DiscoverView", "Chat"),
    "reasoning": QT_TRANSLATE_NOOP("DiscoverView", "Reasoning"),
    "describe": QT_TRANSLATE_NOOP("DiscoverView", "Describe Image"),
    "captioner": QT_TRANSLATE_NOOP("DiscoverView", "Captioning"),
    "translate": QT_TRANSLATE_NOOP("DiscoverView", "Translate"),
    "summarize": QT_TRANSLATE_NOOP("DiscoverView", "Summarize"),
    "sentiment": QT_TRANSLATE_NOOP("DiscoverView", "Sentiment"),
    "embeddings": QT_TRANSLATE_NOOP("DiscoverView", "Documents search"),
}
TIER_LABELS = {
    "tiny": QT_TRANSLATE_NOOP("DiscoverView", "tiny"),
    "small": QT_TRANSLATE_NOOP("DiscoverView", "small"),
    "medium": QT_TRANSLATE_NOOP("DiscoverView", "medium"),
    "large": QT_TRANSLATE_NOOP("DiscoverView", "large"),
    "xlarge": QT_TRANSLATE_NOOP("DiscoverView", "very large"),
}
LANGUAGE_LABELS = [
    ("", QT_TRANSLATE_NOOP("DiscoverView", "Any language")),
    ("zh", QT_TRANSLATE_NOOP("DiscoverView", "Chinese")),
    ("en", QT_TRANSLATE_NOOP("DiscoverView", "English")),
]
COLUMNS = (
    QT_TRANSLATE_NOOP("DiscoverView", "Model"),
    QT_TRANSLATE_NOOP("DiscoverView", "Size tier"),
    QT_TRANSLATE_NOOP("DiscoverView", "Good at"),
    QT_TRANSLATE_NOOP("DiscoverView", "Download"),
    QT_TRANSLATE_NOOP("DiscoverView", "On this machine"),
    QT_TRANSLATE_NOOP("DiscoverView", "License"),
)
SPEED_COLUMN = 4


class DiscoverView(QWidget):
    assigned = Signal(str, object)  # settings task key, CatalogDownload: the download is now that tab's model

    def __init__(
        self,
        manager: ModelManager,
        app_settings: AppSettings,
        save_app_settings: Callable[[], None],
        models_dir: Path,
        speed_text: catalog.SpeedText | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("discover_view")
        self.manager, self.app_settings, self._save = manager, app_settings, save_app_settings
        self.models_dir, self.speed_text = models_dir, speed_text
        self.job: Job | None = None
        self._entries: list[CatalogEntry] = []
        self.notice = NoticeBar()
        self.task_combo = QComboBox()
        for key in catalog.TASKS:
            self.task_combo.addItem(self.tr(TAB_LABELS[key]), key)
        self.task_combo.setAccessibleName(self.tr("Tab"))
        self.language_combo = QComboBox()
        for key, label in LANGUAGE_LABELS:
            self.language_combo.addItem(self.tr(label), key)
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.fits_only = QCheckBox(self.tr("Only what fits this machine"))
        self.fits_only.setChecked(True)
        for signal in (self.task_combo.currentIndexChanged, self.language_combo.currentIndexChanged,
                       self.fits_only.toggled):
            signal.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Models for:")))
        top.addWidget(self.task_combo)
        top.addWidget(self.language_combo)
        top.addWidget(self.fits_only)
        top.addStretch(1)
        # Shown until this machine is measured (the Models page starts the one shared measurement on a click)
        self.speed_button = predict_speed_button()
        top.addWidget(self.speed_button)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _i: self.download_selected())

        self.download_button = QPushButton(self.tr("Download and use"))
        self.download_button.setToolTip(self.tr("Download the selected model (with its projector for images) and "
                                                "make it this tab's model"))
        theme.set_icon(self.download_button, "download")
        self.download_button.clicked.connect(lambda: self.download_selected())
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel()
        self.status.setWordWrap(True)
        theme.style(self.status, "color: $muted;")
        bottom = QHBoxLayout()
        bottom.addWidget(self.download_button)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status)
        self.refresh()

    # -- the list ------------------------------------------------------------------------------------------------
    def show_task(self, task: str, entry_id: str | None = None) -> None:
        """Filter to a tab (and select an entry): what a tab's "Get a model" button opens."""
        index = self.task_combo.findData(task)
        if index >= 0:
            self.task_combo.setCurrentIndex(index)
        self.refresh()
        if entry_id is not None:
            for row, e in enumerate(self._entries):
                if e.id == entry_id:
                    self.table.selectRow(row)

    def refresh(self) -> None:
        task, language = self.task_combo.currentData(), self.language_combo.currentData() or None
        chosen = self.selected_entry()
        free = system_memory(include_vram=False).available_ram
        fits = [(e, catalog.fit(e, free)) for e in catalog.entries_for(task, language)]
        if self.fits_only.isChecked():
            fits = [(e, f) for e, f in fits if f.fits]
        self._entries = [e for e, _f in fits]
        self.table.setRowCount(len(fits))
        for row, (e, verdict) in enumerate(fits):
            default = e.default_quant()
            size = e.download_bytes() / 1e9
            size_text = f"{default.quant} · {size:.2f} GB" if default else f"{size:.2f} GB"
            if verdict.fits:
                machine = self.tr("fits · needs about {need:.1f} GB").format(need=verdict.ram_bytes / 1e9)
            else:
                machine = self.tr("too big: needs {need:.1f} GB, {free:.1f} GB free").format(
                    need=verdict.ram_bytes / 1e9, free=free / 1e9)
            speed = self.speed_text(e, default.quant if default else None) if self.speed_text is not None else ""
            if speed:
                machine += " · " + speed
            cells = (e.name, self.tr(TIER_LABELS[e.tier]), e.good_at_in(QLocale().name()), size_text, machine, e.license)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, e.id)
                item.setToolTip(f"{e.repo}\n{e.good_at}" + (f"\n{e.note}" if e.note else ""))
                self.table.setItem(row, col, item)
        # The selection follows the model, not the row: a new filter must never leave another model selected.
        self.table.clearSelection()
        for row, e in enumerate(self._entries):
            if chosen is not None and e.id == chosen.id:
                self.table.selectRow(row)
        self.status.setText(self.tr("{n} models for this tab; sizes are approximate.").format(n=len(fits))
                            if fits else self.tr("No model in the catalogue fits this machine for this tab."))
        self._update_buttons()

    def set_measured(self, measured: bool) -> None:
        """This machine's speed is known (or not yet): show the predicted speeds, or the button that measures."""
        self.speed_button.setVisible(not measured)
        if measured:
            self.refresh()

    def selected_entry(self) -> CatalogEntry | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self._entries[min(rows)] if rows and min(rows) < len(self._entries) else None

    def _update_buttons(self) -> None:
        busy = self.job is not None and not self.job.is_done()
        self.download_button.setEnabled(not busy and self.selected_entry() is not None)

    # -- download ------------------------------------------------------------------------------------------------
    def download_selected(self, quant: str | None = None) -> Job | None:
        entry = self.selected_entry()
        if entry is None or (self.job is not None and not self.job.is_done()):
            return None
        task = self.task_combo.currentData()

        def connect(job: Job) -> None:
            job.progress.connect(lambda done, _total: self.progress.setValue(done))
            job.stage.connect(self.status.setText)
            job.finished.connect(lambda result: self._on_done(task, result))
            job.failed.connect(self._on_failed)
            job.cancelled.connect(self._on_cancelled)

        self.notice.hide()
        self._busy(True, self.tr("Starting the download of {name}…").format(name=entry.name))
        self.job = start_catalog_download(self.manager, entry, self.models_dir, quant, connect)
        return self.job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _busy(self, on: bool, text: str) -> None:
        self.progress.setVisible(on)
        self.progress.setValue(0)
        self.cancel_button.setVisible(on)
        self.download_button.setEnabled(not on)
        self.status.setText(text)

    def _on_done(self, task: str, result) -> None:
        key = assign_to_task(self.app_settings, task, result)
        self._save()
        self._busy(False, self.tr("{name} is downloaded and is now the model of this tab.").format(
            name=result.entry.name))
        self._update_buttons()
        self.assigned.emit(key, result)

    def _on_failed(self, error: BaseException) -> None:
        self._busy(False, "")
        self.notice.show_message(str(error), "error")
        self._update_buttons()

    def _on_cancelled(self) -> None:
        self._busy(False, self.tr("Cancelled. Download again to resume where it stopped."))
        self._update_buttons()


def predicted_speed_text(entry: catalog.CatalogEntry, quant: str | None) -> str:
    """The Speed column's prediction (core/models/speed.py) from this machine's cached measurement: "about 18
    tok/s"; empty for a model folder, and until the machine is measured ("Predict speed" on a model's details)."""
    from desktop_app.core.models import speed, speed_calibration

    tps = speed.catalog_decode_tps(entry, quant, speed_calibration.load_machine())
    if tps is None:
        return ""
    return QCoreApplication.translate("DiscoverView", "about {n} tok/s").format(n=f"{tps:.0f}" if tps >= 1 else
                                                                                  f"{tps:.1f}")


def predict_speed_button(measuring: bool = False) -> QPushButton:
    """The "Predict speed" button of a model's details and of Discover: both start the one shared measurement
    (workers/speed_jobs.py); `set_measuring` shows it under way."""
    button = QPushButton()
    button.setToolTip(QCoreApplication.translate("DiscoverView", "Measure this machine once (a few seconds, in the "
                                                 "background) to predict how fast each GGUF model will run"))
    set_measuring(button, measuring)
    return button


def set_measuring(button: QPushButton, measuring: bool) -> None:
    button.setEnabled(not measuring)
    button.setText(QCoreApplication.translate("DiscoverView", "Measuring…") if measuring else
                   QCoreApplication.translate("DiscoverView", "Predict speed"))
