"""Charts of the Fine-tune tab (pyqtgraph): the live loss / learning-rate plot and the token-length histogram.

pyqtgraph is imported when a chart is first shown, so starting the app never pays for it. Every metric point is
kept (numpy arrays that grow by doubling, filled a batch at a time); the plot never cuts the history to the last N
points. Why it stays smooth with 50,000 points (bench/finetune_plot.py):
- pyqtgraph draws a downsampled, clipped view (`setDownsampling(auto=True, mode="peak")`, `setClipToView`), about
  one min/max pair per pixel (`autoDownsampleFactor=1`, not pyqtgraph's 5): the same picture at a fifth of the
  line segments to paint;
- points are appended as they arrive, a batch at a time, and the curves are redrawn by superqt's throttler at most
  every REDRAW_MS (less often for long runs: `redraw_interval`), one `setData` per changed curve, with the view's
  new range set before the paint (not inside it, which paints twice);
- a dot marks the last point: the peak downsampling draws whole buckets of points only, so the curve alone can
  stop a few steps short of the run's last step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget
from superqt.utils import qthrottled

REDRAW_MS = 100  # the chart's redraws are at least this far apart
MAX_REDRAW_MS = 500  # ... and at most this far, for the longest runs


def redraw_interval(points: int) -> int:
    """A redraw costs about 10 ms plus a little per point (downsampling every curve), so a long run redraws less
    often: every 100 ms up to 10,000 points, then 1 ms per 100 points, every 500 ms from 50,000."""
    return min(MAX_REDRAW_MS, max(REDRAW_MS, points // 100))

EMA_ALPHA = 0.3  # weight of the new point in the smoothed curve (debiased, as TensorBoard does)


class Series:
    """A growing pair of float arrays (x, y) with a running EMA of y."""

    def __init__(self, capacity: int = 256):
        self.x = np.empty(capacity)
        self.y = np.empty(capacity)
        self.ema = np.empty(capacity)
        self.n = 0
        self._ema_last = 0.0

    def clear(self) -> None:
        self.n = 0
        self._ema_last = 0.0

    def append(self, x: float, y: float) -> None:
        self.extend([x], [y])

    def extend(self, xs: Sequence[float], ys: Sequence[float]) -> None:
        """Add a batch of points: one copy into the arrays, however many points (a run attached to at 50,000)."""
        k = len(xs)
        if not k:
            return
        need = self.n + k
        if need > len(self.x):
            size = max(2 * len(self.x), need)
            for name in ("x", "y", "ema"):
                old = getattr(self, name)
                new = np.empty(size)
                new[: self.n] = old[: self.n]
                setattr(self, name, new)
        ema, last, keep = [], self._ema_last, 1 - EMA_ALPHA
        for i, y in enumerate(ys, start=self.n + 1):
            last = EMA_ALPHA * y + keep * last
            # divided by the weight the points so far carry, so the curve starts at the data, not at 0
            ema.append(last / (1 - keep**i))
        self._ema_last = last
        self.x[self.n : need] = xs
        self.y[self.n : need] = ys
        self.ema[self.n : need] = ema
        self.n = need

    def data(self, smoothed: bool = False) -> tuple[np.ndarray, np.ndarray]:
        return self.x[: self.n], (self.ema if smoothed else self.y)[: self.n]


def step_axis_end(last: float) -> float:
    """The right end of the step axis for a run now at step `last`: the next of 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8
    times a power of ten. The axis then moves a few times per decade of steps, not at every redraw: each move makes
    pyqtgraph cut and downsample every curve again and lay out both axes (half the cost of a redraw)."""
    if last <= 10:
        return 10.0
    power = 10.0 ** math.floor(math.log10(last))
    return next(m * power for m in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= last)


def _number(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


class RunSeries:
    """The three curves of one run, filled from metric records."""

    def __init__(self):
        self.train = Series()
        self.eval = Series(32)
        self.lr = Series()

    def clear(self) -> None:
        for s in (self.train, self.eval, self.lr):
            s.clear()

    def add(self, records: Iterable[dict]) -> None:
        points: dict[str, tuple[list[float], list[float]]] = {"loss": ([], []), "lr": ([], []), "eval_loss": ([], [])}
        for rec in records:
            step = _number(rec.get("step"))
            if step is None:
                continue
            for key, (xs, ys) in points.items():
                value = _number(rec.get(key))
                if value is not None:
                    xs.append(step)
                    ys.append(value)
        self.train.extend(*points["loss"])
        self.lr.extend(*points["lr"])
        self.eval.extend(*points["eval_loss"])


def _pg():
    import pyqtgraph as pg

    return pg


def _step_axis():
    """A bottom axis for training steps: ticks on whole steps only (never 1.5 or 2.5 when few steps are shown)."""
    pg = _pg()

    class StepAxis(pg.AxisItem):
        def tickSpacing(self, minVal, maxVal, size):  # noqa: N802,N803 (pyqtgraph's names)
            # Each level's spacing rounded up to a whole step. (Dropping the levels that are not exactly whole
            # and falling back to 1 step drew a tick per step over a wide range, when a spacing like 2e5 came
            # back as 200000.00000001: millions of ticks, gigabytes, a frozen window.)
            levels = [(float(math.ceil(s - 1e-9 * s)), o) for s, o in super().tickSpacing(minVal, maxVal, size)
                      if s >= 1 - 1e-9]
            return levels or [(1.0, 0.0)]  # every level under a step: the range is a few steps wide

    return StepAxis(orientation="bottom")


def _style_plot(plot, widget: QWidget) -> None:
    pal = widget.palette()
    plot.setBackground(pal.color(QPalette.Base))
    fg = pal.color(QPalette.Text)
    for name in ("left", "bottom"):
        axis = plot.getPlotItem().getAxis(name)
        axis.setPen(fg)
        axis.setTextPen(fg)


class LossPlot(QWidget):
    """Train loss (raw and smoothed), eval loss as points on a line, and the learning rate below on the same
    step axis; optionally a second run drawn dashed for comparison."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.series = RunSeries()
        self.compare = RunSeries()
        self.compare_name = ""
        self.smoothing = True
        self.loss_plot = None  # pyqtgraph PlotWidgets, built when first shown
        self.lr_plot = None
        self.curves: dict = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._drawn: dict = {}  # curve name -> what it shows now (point count...), to skip unchanged curves
        self._following = True  # the step axis follows the run until the user pans or zooms
        self._step_range: tuple[float, float] | None = None
        # the last call always gets its redraw (trailing edge): a run that ends shows its last point
        self._redraw_later = qthrottled(self.redraw, timeout=REDRAW_MS, leading=False, parent=self)
        self.setMinimumHeight(260)

    # -- data ------------------------------------------------------------------------------------------------------
    def clear(self) -> None:
        self.series.clear()
        self._drawn.clear()
        self._follow_again()
        self._schedule()

    def add_records(self, records: Sequence[dict]) -> None:
        self.series.add(records)
        self._schedule()

    def set_records(self, records: Sequence[dict]) -> None:
        self.series.clear()
        self._drawn.clear()
        self._follow_again()
        self.add_records(records)

    def set_comparison(self, records: Sequence[dict] | None, name: str = "") -> None:
        self.compare = RunSeries()
        self.compare_name = name
        if records:
            self.compare.add(records)
        self._schedule()

    def set_smoothing(self, on: bool) -> None:
        self.smoothing = bool(on)
        self._schedule()

    def point_count(self) -> int:
        """Train-loss points in the chart's curve (all of them; the view draws a downsampled subset)."""
        curve = self.curves.get("train")
        if curve is None:
            return 0
        x = curve.xData  # the whole series given to setData (getData() is the downsampled, clipped view)
        return 0 if x is None else len(x)

    def last_shown_step(self) -> float | None:
        """The largest step the loss chart draws now: its curve as on screen (downsampled, clipped) or the dot on
        the last point."""
        shown = [c.getData()[0] for c in (self.curves.get("train"), self.curves.get("last")) if c is not None]
        ends = [float(x[-1]) for x in shown if x is not None and len(x)]
        return max(ends) if ends else None

    # -- drawing ---------------------------------------------------------------------------------------------------
    def _schedule(self) -> None:
        if self.loss_plot is not None:  # before it is built, ensure_built draws everything
            self._redraw_later()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.ensure_built()
        super().showEvent(event)

    def ensure_built(self) -> None:
        if self.loss_plot is not None:
            return
        pg = _pg()
        self.loss_plot = pg.PlotWidget(axisItems={"bottom": _step_axis()})
        self.lr_plot = pg.PlotWidget(axisItems={"bottom": _step_axis()})
        for plot in (self.loss_plot, self.lr_plot):
            _style_plot(plot, self)
            item = plot.getPlotItem()
            item.setDownsampling(auto=True, mode="peak")
            item.setClipToView(True)
        # about one min/max pair per pixel; our values are finite already (_number), so no check per setData
        fast = {"autoDownsampleFactor": 1.0, "skipFiniteCheck": True}
        self.loss_plot.setLabel("left", self.tr("Loss"))
        self.lr_plot.setLabel("left", self.tr("LR"))
        self.lr_plot.getPlotItem().getAxis("left").enableAutoSIPrefix(False)
        self.lr_plot.setToolTip(self.tr("Learning rate"))
        self.lr_plot.setLabel("bottom", self.tr("Step"))
        self.lr_plot.setXLink(self.loss_plot)
        # The LR chart's steps follow the loss chart's (the link); ranging them itself too made each new point
        # move the loss chart again in its paint, so every redraw painted it twice.
        self.lr_plot.getPlotItem().getViewBox().enableAutoRange(x=False)
        self.loss_plot.getPlotItem().getViewBox().sigRangeChangedManually.connect(self._stop_following)
        self.lr_plot.setMaximumHeight(150)
        self.lr_plot.getPlotItem().getAxis("left").setWidth(60)
        self.loss_plot.getPlotItem().getAxis("left").setWidth(60)
        self.loss_plot.setAccessibleName(self.tr("Loss chart"))
        self.lr_plot.setAccessibleName(self.tr("Learning-rate chart"))
        legend = self.loss_plot.addLegend(offset=(-10, 10))
        legend.setLabelTextColor(self.palette().color(QPalette.Text))
        blue, orange, grey = (52, 120, 220), (230, 120, 30), (140, 140, 140)
        self.curves["raw"] = self.loss_plot.plot(pen=pg.mkPen((*blue, 110), width=1), **fast)
        self.curves["train"] = self.loss_plot.plot(pen=pg.mkPen(blue, width=2), name=self.tr("train loss"), **fast)
        self.curves["last"] = self.loss_plot.plot(pen=None, symbol="o", symbolSize=6, symbolBrush=blue, symbolPen=None)
        self.curves["eval"] = self.loss_plot.plot(
            pen=pg.mkPen(orange, width=2), symbol="o", symbolSize=7, symbolBrush=orange, symbolPen=None,
            name=self.tr("eval loss"),
        )
        self.curves["cmp_train"] = self.loss_plot.plot(pen=pg.mkPen(grey, width=1.5, style=Qt.DashLine), **fast)
        self.curves["cmp_eval"] = self.loss_plot.plot(
            pen=pg.mkPen(grey, width=1, style=Qt.DashLine), symbol="t", symbolSize=6, symbolBrush=grey, symbolPen=None)
        self.curves["lr"] = self.lr_plot.plot(pen=pg.mkPen((40, 160, 90), width=2), **fast)
        self.curves["cmp_lr"] = self.lr_plot.plot(pen=pg.mkPen(grey, width=1, style=Qt.DashLine), **fast)
        for c in self.curves.values():
            c.setClipToView(True)
        self._layout.addWidget(self.loss_plot, 3)
        self._layout.addWidget(self.lr_plot, 1)
        self._follow_again()
        self.redraw()

    # -- the step axis ----------------------------------------------------------------------------------------------
    def _follow_again(self) -> None:
        """A new run: the step axis follows it (pyqtgraph's own x auto-range would move it at every redraw)."""
        self._following, self._step_range = True, None
        if self.loss_plot is not None:
            self.loss_plot.getPlotItem().getViewBox().enableAutoRange(x=False)

    def _stop_following(self, _mask=None) -> None:
        self._following = False  # the user panned or zoomed: the axis stays where they put it

    def _follow_steps(self) -> None:
        view = self.loss_plot.getPlotItem().getViewBox()
        if not self._following or view.autoRangeEnabled()[0]:  # zoomed by hand, or pyqtgraph's "A" button
            return
        series = [x for x in (self.series.train, self.series.lr, self.series.eval, self.compare.train,
                              self.compare.lr) if x.n]
        if not series:
            return
        first = min(float(x.x[0]) for x in series)
        wanted = (first, step_axis_end(max(float(x.x[x.n - 1]) for x in series)))
        if wanted != self._step_range:
            self._step_range = wanted
            view.setXRange(*wanted, padding=0.02)

    def redraw(self) -> None:
        if self.loss_plot is None:
            return
        s, c = self.series, self.compare
        raw = s.train.data() if self.smoothing else (np.empty(0), np.empty(0))
        self._set("raw", raw, (s.train.n, self.smoothing))
        train = s.train.data(smoothed=self.smoothing)
        self._set("train", train, (s.train.n, self.smoothing))
        self._set("last", (train[0][-1:], train[1][-1:]), (s.train.n, self.smoothing))
        self._set("eval", s.eval.data(), s.eval.n)
        self._set("lr", s.lr.data(), s.lr.n)
        key = (id(c), self.compare_name, c.train.n, self.smoothing)
        self._set("cmp_train", c.train.data(smoothed=self.smoothing), key)
        self._set("cmp_eval", c.eval.data(), key)
        self._set("cmp_lr", c.lr.data(), key)
        self._follow_steps()
        for plot in (self.loss_plot, self.lr_plot):
            # the new ranges now, not inside the coming paint (which would then schedule a second one)
            plot.getPlotItem().getViewBox().updateAutoRange()
        self._redraw_later.setTimeout(redraw_interval(s.train.n))

    def _set(self, name: str, data, key) -> None:
        """setData only for a curve whose data changed (the eval points' scatter is costly to rebuild)."""
        if self._drawn.get(name) != key:
            self._drawn[name] = key
            self.curves[name].setData(*data)


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
        pg = _pg()
        self.plot = pg.PlotWidget()
        _style_plot(self.plot, self)
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
