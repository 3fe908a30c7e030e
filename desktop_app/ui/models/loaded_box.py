"""The Models page's "In memory" box: every loaded model with its engine, device, memory and state, the app's
memory in total, and Unload / Reload (an engine that crashed shows as Crashed, with why, until reloaded).

Its own view because it follows the ModelManager, not the library: it is refreshed when a model loads, unloads or
its engine changes state, and every two seconds while on screen for each engine's memory.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models.memory import human_size
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.model_manager import LoadedModel, ModelManager


def _gb(n: int) -> str:
    return human_size(n)  # decimal MB/GB, the unit of the fit text beside it


class LoadedModelsBox(QGroupBox):
    def __init__(self, manager: ModelManager, notice: NoticeBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("In memory"))
        self.manager = manager
        self.notice = notice
        self.loaded_table = QTableWidget(0, 5)
        self.loaded_table.setHorizontalHeaderLabels(
            [self.tr("Loaded model"), self.tr("Engine"), self.tr("Device"), self.tr("Memory"), self.tr("State")]
        )
        # The name takes the room left and ends in "…" (its tooltip holds the whole name and the file); the other
        # columns fit their text. Stretching the last column instead wrapped a long name over two lines and pushed
        # State behind a horizontal scrollbar in this narrow box (seen in Chinese at 1280 px).
        header = self.loaded_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.loaded_table.setWordWrap(False)
        self.loaded_table.setTextElideMode(Qt.ElideRight)
        self.loaded_table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
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
        ll = QVBoxLayout(self)
        ll.addWidget(self.loaded_table)
        row = QHBoxLayout()
        row.addWidget(self.memory_label, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.unload_button)
        ll.addLayout(row)
        self.loaded_table.itemSelectionChanged.connect(self._update_buttons)
        theme.on_change(self, self.refresh, immediate=False)  # a crashed row's red is set per item

    def refresh(self) -> None:
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
            tip = self.tr("{why}\nIt reloads with the next request, or press Reload.").format(why=core_text(m.error))
            for col, text in enumerate((m.spec.name, m.spec.backend, device, memory, state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, m.id)
                if crashed:
                    item.setToolTip(tip)
                    item.setForeground(QColor(theme.color("error_text")))
                elif col == 0:
                    item.setToolTip(f"{m.spec.name}\n{m.spec.path}")
                self.loaded_table.setItem(row, col, item)
        self._update_buttons()
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

    def _selected_loaded(self) -> LoadedModel | None:
        row = self.loaded_table.currentRow()
        item = self.loaded_table.item(row, 0) if row >= 0 else None
        return self.manager.get(item.data(Qt.UserRole)) if item is not None else None

    def _update_buttons(self) -> None:
        slot = self._selected_loaded()
        self.unload_button.setEnabled(slot is not None)
        self.reload_button.setEnabled(slot is not None and slot.state == "crashed")

    def _reload_selected(self) -> None:
        slot = self._selected_loaded()
        if slot is not None:
            self.manager.reload(slot.id, lambda job: job.failed.connect(self._on_job_error))

    def _on_job_error(self, error: BaseException) -> None:
        self.notice.show_message(str(error), "error")

    def _unload_selected(self) -> None:
        row = self.loaded_table.currentRow()
        item = self.loaded_table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.manager.unload(item.data(Qt.UserRole))
