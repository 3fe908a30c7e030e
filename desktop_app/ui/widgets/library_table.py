"""The model library as a Qt table model over plain ModelRecord objects (sortable through a proxy)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from desktop_app.core.models.memory import human_size
from desktop_app.ui import theme


def _size(n: int) -> str:
    if not n:
        return ""
    return human_size(n)  # decimal MB/GB, as everywhere in the app


def _params(n: int) -> str:
    if not n:
        return ""
    return f"{n / 1e9:.1f}B" if n >= 1e9 else f"{n / 1e6:.0f}M"


def _get(record: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        value = getattr(record, name, None)
        if value not in (None, ""):
            return value
    return default


def _capabilities(record: Any) -> str:
    """What a model can do, in the interface's language (the names are marked in ui/models/library_view.py)."""
    caps = sorted(_get(record, "capabilities", default=()) or ())
    return ", ".join(QCoreApplication.translate("ModelsTab", c) for c in caps)


# (header, display text, sort key); headers are marked for lupdate and translated in headerData

COLUMNS: list[tuple[str, Callable[[Any], str], Callable[[Any], Any]]] = [
    (QT_TRANSLATE_NOOP("LibraryTableModel", "Name"), lambda r: str(_get(r, "name", default="")), lambda r: str(_get(r, "name", default="")).lower()),
    (QT_TRANSLATE_NOOP("LibraryTableModel", "Architecture"), lambda r: str(_get(r, "architecture", default="")), lambda r: str(_get(r, "architecture", default=""))),
    (QT_TRANSLATE_NOOP("LibraryTableModel", "Parameters"), lambda r: _params(_get(r, "n_params", "parameters", "param_count", default=0) or 0),
     lambda r: _get(r, "n_params", "parameters", "param_count", default=0) or 0),
    (QT_TRANSLATE_NOOP("LibraryTableModel", "Quantization"), lambda r: str(_get(r, "quantization", "dtype", default="")),
     lambda r: str(_get(r, "quantization", "dtype", default=""))),
    (QT_TRANSLATE_NOOP("LibraryTableModel", "Size"), lambda r: _size(_get(r, "size_bytes", "file_size", default=0) or 0),
     lambda r: _get(r, "size_bytes", "file_size", default=0) or 0),
    (QT_TRANSLATE_NOOP("LibraryTableModel", "Context"), lambda r: f"{_get(r, 'context_length', default=0) or 0:,}" if _get(r, "context_length") else "",
     lambda r: _get(r, "context_length", default=0) or 0),
    (QT_TRANSLATE_NOOP("LibraryTableModel", "Can do"), lambda r: _capabilities(r),
     lambda r: ", ".join(sorted(_get(r, "capabilities", default=()) or ()))),
    (QT_TRANSLATE_NOOP("LibraryTableModel", "Source"), lambda r: str(_get(r, "source", default="")), lambda r: str(_get(r, "source", default=""))),
    (QT_TRANSLATE_NOOP("LibraryTableModel", "Path"), lambda r: str(_get(r, "path", default="")), lambda r: str(_get(r, "path", default=""))),
]
SORT_ROLE = Qt.UserRole + 1
RECORD_ROLE = Qt.UserRole + 2


class LibraryTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[Any]:
        return list(self._records)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802 (Qt API)
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.tr(COLUMNS[section][0])
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        record = self._records[index.row()]
        error = _get(record, "error", default="")
        if role == Qt.DisplayRole:
            return COLUMNS[index.column()][1](record)
        if role == SORT_ROLE:
            return COLUMNS[index.column()][2](record)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ToolTipRole:
            return error or str(_get(record, "path", default=""))
        if role == Qt.ForegroundRole and error:
            return QColor(theme.color("disabled_text"))
        return None


class LibraryFilterModel(QSortFilterProxyModel):
    """Text filter over name, architecture and path, plus a capability filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self._capability = ""
        self._text = ""

    def set_text(self, text: str) -> None:
        self._text = text.strip().lower()
        self.invalidate()

    def set_capability(self, capability: str) -> None:
        self._capability = capability
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802 (Qt API)
        record = self.sourceModel().index(row, 0, parent).data(RECORD_ROLE)
        if record is None:
            return False
        if self._capability and self._capability not in (_get(record, "capabilities", default=()) or ()):
            return False
        if self._text:
            hay = " ".join(str(_get(record, n, default="")) for n in ("name", "architecture", "path", "source"))
            return self._text in hay.lower()
        return True
