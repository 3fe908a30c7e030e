"""Views of sentiment results: one bar per label for a single text, and a table model for batches.

The table model holds plain result objects and appends them in blocks (beginInsertRows), so a 10,000-row batch
fills in without ever rebuilding the view.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from desktop_app.core.engine.types import LabelScores
from desktop_app.core.tasks.sentiment import SentimentResult
from desktop_app.ui.core_text import core_text

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_HANDLED = frozenset({_DISPLAY, _TOOLTIP, _ALIGN})
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


class LabelBars(QWidget):
    """Every label with its probability as a bar, most likely first."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.bars: dict[str, QProgressBar] = {}

    def clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.bars = {}

    def show_scores(self, scores: LabelScores, display: dict[str, str] | None = None) -> None:
        self.clear()
        display = display or {}
        order = sorted(range(len(scores.labels)), key=scores.probabilities.__getitem__, reverse=True)
        for row, i in enumerate(order):
            label, p = scores.labels[i], scores.probabilities[i]
            # Parented now: a parentless widget added to a layout of a window already on screen stays hidden.
            name = QLabel(display.get(label, label), self)
            bar = QProgressBar(self)
            bar.setRange(0, 1000)
            bar.setValue(round(p * 1000))
            bar.setFormat(f"{p:.1%}")
            bar.setAccessibleName(f"{display.get(label, label)} {p:.1%}")
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(bar, row, 1)
            name.show()  # a layout shows new children only later, from the event loop
            bar.show()
            self.bars[label] = bar


class ResultsModel(QAbstractTableModel):
    HEADERS = ("#", QT_TRANSLATE_NOOP("ResultsModel", "Text"), QT_TRANSLATE_NOOP("ResultsModel", "Label"),
               QT_TRANSLATE_NOOP("ResultsModel", "Score"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.results: list[SentimentResult] = []
        self.display: dict[str, str] = {}
        self.headers = [self.tr(h) for h in self.HEADERS]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt names and defaults)
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):  # noqa: N802
        # No vertical header: sizing one makes Qt ask for hundreds of row labels on every insert.
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = _DISPLAY):
        # Called ~500 times per repaint. Roles compared as plain ints and unhandled roles answered first: each
        # `Qt.DisplayRole` lookup costs ~4 µs in PySide6, and these lookups were most of a repaint's 14 ms.
        if role not in _HANDLED or not index.isValid():
            return None
        col = index.column()
        if role == _ALIGN:
            return _RIGHT if col in (0, 3) else None
        r = self.results[index.row()]
        if role == _DISPLAY:
            if col == 0:
                return str(index.row() + 1)
            if col == 1:
                text = " ".join(r.text.split())
                return text if len(text) <= 200 else text[:199] + "…"
            if col == 2:
                if r.error:
                    return core_text(r.error)
                return ", ".join(self.display.get(x, x) for x in (r.chosen or (r.label,)))
            return f"{r.score:.1%}" if r.scores is not None else ""
        if col == 1:
            return r.text[:2000]
        if col == 2 and r.scores is not None:
            return "\n".join(
                f"{self.display.get(lbl, lbl)}: {p:.1%}"
                for lbl, p in zip(r.scores.labels, r.scores.probabilities, strict=False)
            )
        return None

    def clear(self) -> None:
        self.beginResetModel()
        self.results = []
        self.endResetModel()

    def set_results(self, results: Sequence[SentimentResult]) -> None:
        self.beginResetModel()
        self.results = list(results)
        self.endResetModel()

    def append(self, results: Sequence[SentimentResult]) -> None:
        if not results:
            return
        first = len(self.results)
        self.beginInsertRows(QModelIndex(), first, first + len(results) - 1)
        self.results.extend(results)
        self.endInsertRows()
