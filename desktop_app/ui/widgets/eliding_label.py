"""A one-line label that ends in "…" when it has less room than its text, and never widens its window.

Why: a status line ("Preparing the built-in model (first run only)…", "Summarizing chunk 1 of 3…", longer still in
some languages) set as a QLabel's text raised the row's minimum width to the whole text, so the window grew (1200
to 1212 px, saved with its geometry) or the panels beside it shrank. This label asks for no width of its own;
the whole text is its tooltip when it is cut.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

MIN_WIDTH = 60


class ElidingLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setMinimumWidth(MIN_WIDTH)
        self.setTextFormat(Qt.PlainText)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(MIN_WIDTH, super().minimumSizeHint().height())

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.TextSingleLine), shown)


def busy_row(status: ElidingLabel, *rest: QWidget) -> QWidget:
    """A status line with its progress bar and Cancel, in a row of its own that is shown while work runs and hidden
    as a whole otherwise (so it takes no room). The status takes the width left; it never asks for more."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(status, 1)
    for widget in rest:
        layout.addWidget(widget)
    return row
