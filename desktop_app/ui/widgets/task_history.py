"""Recent runs of one task tab (kept in SQLite): a list to reopen or delete past inputs and results."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.database import Database, TaskRun
from desktop_app.ui import fonts
from desktop_app.ui.core_text import core_text


def _one_line(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class TaskHistory(QWidget):
    reopen = Signal(object)  # the whole TaskRun
    failed = Signal(str)

    def __init__(self, db: Database | None, task: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.task = task
        title = QLabel(self.tr("Recent runs"))
        fonts.emphasize(title)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Recent runs"))
        self.list.setToolTip(self.tr("Double-click a run to open its input and result again"))
        self.list.itemActivated.connect(self._open_item)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.ElideRight)
        self.list.setWordWrap(False)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self._open_current)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self._delete_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        if self.db is None:
            return
        for run in self.db.task_runs(self.task):
            when = time.strftime("%m-%d %H:%M", time.localtime(run.created_at))
            status = "" if run.status == "complete" else f" [{run.status}]"
            item = QListWidgetItem(f"{when} · {run.model or run.engine}{status}\n{_one_line(run.input)}")
            item.setData(Qt.UserRole, run.id)
            item.setToolTip(_one_line(run.output, 300))
            self.list.addItem(item)
        has = self.list.count() > 0
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def add(self, **fields) -> int | None:
        """Record a run; a storage failure is reported, never raised (the result on screen stays)."""
        if self.db is None:
            return None
        try:
            run_id = self.db.add_task_run(self.task, **fields)
        except StorageError as exc:
            self.failed.emit(core_text(exc))
            return None
        self.refresh()
        return run_id

    def _open_item(self, item: QListWidgetItem) -> None:
        run: TaskRun | None = self.db.task_run(item.data(Qt.UserRole)) if self.db else None
        if run is not None:
            self.reopen.emit(run)

    def _open_current(self) -> None:
        item = self.list.currentItem() or self.list.item(0)
        if item is not None:
            self._open_item(item)

    def _delete_current(self) -> None:
        item = self.list.currentItem()
        if item is None or self.db is None:
            return
        try:
            self.db.delete_task_run(item.data(Qt.UserRole))
        except StorageError as exc:
            self.failed.emit(core_text(exc))
        self.refresh()
