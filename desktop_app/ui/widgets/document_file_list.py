"""The files of a collection (name, passages, status) as a model and view: a folder of 10,000 files is shown without
making 10,000 widget items on the GUI thread (a QTreeWidget took ~400 ms for them); rows are drawn as they scroll
into view. Empty, the view says what to do (drop files or a folder, or the Add buttons), as LM Studio's and
AnythingLLM's document panes do, instead of showing a blank table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QTreeView, QWidget

_HEADERS = (QT_TRANSLATE_NOOP("DocumentsTab", "File"), QT_TRANSLATE_NOOP("DocumentsTab", "Passages"),
            QT_TRANSLATE_NOOP("DocumentsTab", "Status"))


class _FilesModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[Any] = []  # store.FileRecord

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def text(self, row: int, column: int) -> str:
        rec = self.records[row]
        if column == 0:
            return Path(rec.path).name
        if column == 1:
            return str(rec.passages)
        return QCoreApplication.translate("DocumentsTab", "indexed") if rec.status == "ok" else rec.error

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ToolTipRole:
            return self.records[index.row()].path if index.column() == 0 else self.text(index.row(), index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return QCoreApplication.translate("DocumentsTab", _HEADERS[section])
        return None


class DocumentFileList(QTreeView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = _FilesModel()
        self.setModel(self._model)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)  # lets the view skip measuring every row
        self.setAlternatingRowColors(True)
        # Fixed widths, not "resize to contents", which would measure all 10,000 rows; the status stretches.
        self.setColumnWidth(0, 360)
        self.setColumnWidth(1, 80)
        self.empty_text = ""  # drawn in the middle of the view while it lists no file

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if self._model.records or not self.empty_text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.PlaceholderText))
        area = self.viewport().rect().adjusted(24, 12, -24, -12)
        painter.drawText(area, Qt.AlignCenter | Qt.TextWordWrap, self.empty_text)
        painter.end()

    def set_files(self, records: list[Any]) -> None:
        self._model.beginResetModel()
        self._model.records = list(records)
        self._model.endResetModel()

    def count(self) -> int:
        return len(self._model.records)

    def text(self, row: int, column: int) -> str:
        return self._model.text(row, column)
