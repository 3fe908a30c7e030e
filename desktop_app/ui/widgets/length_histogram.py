"""The Data page's token-length histogram (pyqtgraph, imported when first shown, as the loss chart's)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.ui.widgets.loss_plot import pg_module, style_plot


class LengthHistogram(QWidget):
    """Token lengths per example as bars, with the max length as a red line: the rows right of it are cut."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = None
        self._bins: list[tuple[int, int, int]] = []
        self._max_length = 0
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(150)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.ensure_built()
        super().showEvent(event)

    def ensure_built(self) -> None:
        if self.plot is not None:
            return
        pg = pg_module()
        self.plot = pg.PlotWidget()
        style_plot(self.plot, self)
        self.plot.setLabel("bottom", self.tr("Tokens per example"))
        self.plot.setLabel("left", self.tr("Examples"))
        self.plot.setAccessibleName(self.tr("Token length histogram"))
        self.bars = pg.BarGraphItem(x0=[], x1=[], height=[], brush=(52, 120, 220, 170), pen=None)
        self.plot.addItem(self.bars)
        self.limit = pg.InfiniteLine(angle=90, pen=pg.mkPen((220, 50, 50), width=2))
        self.plot.addItem(self.limit)
        self._layout.addWidget(self.plot)
        self._draw()

    def set_bins(self, bins: Sequence[tuple[int, int, int]], max_length: int) -> None:
        self._bins = list(bins)
        self._max_length = max_length
        self._draw()

    def _draw(self) -> None:
        if self.plot is None:
            return
        b = self._bins
        self.bars.setOpts(x0=[x[0] for x in b], x1=[x[1] for x in b], height=[x[2] for x in b])
        self.limit.setValue(self._max_length)
        if b:
            self.plot.enableAutoRange()
        else:  # no examples yet: a plain 0 to the length limit, not an axis zoomed around the limit's line
            self.plot.setXRange(0, max(self._max_length, 1) * 1.1, padding=0)
            self.plot.setYRange(0, 1, padding=0)
