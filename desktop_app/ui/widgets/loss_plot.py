"""The Fine-tune tab's live loss / learning-rate chart (pyqtgraph; the Data page's histogram is length_histogram.py).

pyqtgraph is imported when a chart is first shown, so starting the app never pays for it. Every metric point is
kept (numpy arrays that grow by doubling, filled a batch at a time); the plot never cuts the history to the last N
points. Why it stays smooth with 50,000 points (bench/finetune_plot.py):
- pyqtgraph draws a downsampled, clipped view (`setDownsampling(auto=True, mode="peak")`, `setClipToView`), about
  one min/max pair per pixel (`autoDownsampleFactor=1`, not pyqtgraph's 5): the same picture at a fifth of the
  line segments to paint;
- points are appended as they arrive, a batch at a time, and the curves are redrawn by superqt's throttler at most
  every REDRAW_MS (less often for long runs: `redraw_interval`), one `setData` per changed curve, with the view's
  new range set before the paint (not inside it, which paints twice);
- the charts are built a piece per turn of the event loop when first shown (`_build_soon`), not in one 50-70 ms
  block;
- a dot marks the last point: the peak downsampling draws whole buckets of points only, so the curve alone can
  stop a few steps short of the run's last step.
"""

from __future__ import annotations

import math
import sys
import threading
import time
from collections.abc import Iterator, Sequence

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget
from superqt.utils import qthrottled

from desktop_app.ui.widgets.loss_series import RunSeries, step_axis_end
from desktop_app.workers.gui_thread_gc import long_lived_objects

REDRAW_MS = 100  # the chart's redraws are at least this far apart
MAX_REDRAW_MS = 500  # ... and at most this far, for the longest runs
IMPORT_POLL_MS = 10  # how often a chart waiting for pyqtgraph's import on its thread looks again
CATCH_UP_REDRAW_MS = 1000  # while a long history is being read (a finished run opened): its end is drawn at once


def redraw_interval(points: int) -> int:
    """A redraw costs about 10 ms plus a little per point (downsampling every curve), so a long run redraws less
    often: every 100 ms up to 10,000 points, then 1 ms per 100 points, every 500 ms from 50,000."""
    return min(MAX_REDRAW_MS, max(REDRAW_MS, points // 100))

_preload: threading.Thread | None = None
_pg_frozen = False


def import_charts_in_background() -> None:
    """Start importing pyqtgraph on a thread of its own, once. Imported on the GUI thread when the first chart is
    shown, it froze the window for 0.35 s on a quiet 2-core machine and over a second on a busy one; on a thread,
    the GUI thread runs between its steps (the longest gap 54 ms at load 6, against 1.3 s). A chart shown before
    it is done waits for it between turns of the event loop (_build_steps), not on the import lock. Called when the
    Fine-tune tab is built, which happens when it is first opened (ui/lazy_tabs.py)."""
    global _preload
    if _preload is None and "pyqtgraph" not in sys.modules:
        _preload = threading.Thread(target=pg_module, name="import pyqtgraph", daemon=True)
        _preload.start()


def pg_module():
    """pyqtgraph, imported once; its ~42,000 objects are then frozen: they live as long as the process, and the
    first collection that scanned them stalled the window for 76 ms (workers/gui_thread_gc.py)."""
    global _pg_frozen
    if not _pg_frozen:
        with long_lived_objects():
            import pyqtgraph  # noqa: F401  (a second thread waits here on the import lock until it is whole)
        _pg_frozen = True
    import pyqtgraph as pg

    return pg


def _step_axis():
    """A bottom axis for training steps: ticks on whole steps only (never 1.5 or 2.5 when few steps are shown)."""
    pg = pg_module()

    class StepAxis(pg.AxisItem):
        def tickSpacing(self, minVal, maxVal, size):  # noqa: N802,N803 (pyqtgraph's names)
            # Each level's spacing rounded up to a whole step. (Dropping the levels that are not exactly whole
            # and falling back to 1 step drew a tick per step over a wide range, when a spacing like 2e5 came
            # back as 200000.00000001: millions of ticks, gigabytes, a frozen window.)
            levels = [(float(math.ceil(s - 1e-9 * s)), o) for s, o in super().tickSpacing(minVal, maxVal, size)
                      if s >= 1 - 1e-9]
            return levels or [(1.0, 0.0)]  # every level under a step: the range is a few steps wide

    return StepAxis(orientation="bottom")


def style_plot(plot, widget: QWidget) -> None:
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
        self._steps: Iterator[bool] | None = None  # the charts' construction while it is under way (_build_soon)
        self._catching_up = False  # records are arriving from a long history being read (add_records)
        self._drawn_at = 0.0  # time.monotonic() of the last redraw
        # the last call always gets its redraw (trailing edge): a run that ends shows its last point
        self._redraw_later = qthrottled(self.redraw, timeout=REDRAW_MS, leading=False, parent=self)
        self.setMinimumHeight(260)

    # -- data ------------------------------------------------------------------------------------------------------
    def clear(self) -> None:
        self.series.clear()
        self._drawn.clear()
        self._follow_again()
        self._schedule()

    def add_records(self, records: Sequence[dict], more_coming: bool = False) -> None:
        """Add metric records; `more_coming` while the follower is still reading a long history (a finished run
        opened, a window attached to a long run): redraws are then a second apart, and the history's end is
        drawn as soon as it is read. Each redraw of a growing 50,000-point chart cost 10-20 ms, several of them
        in the second it takes to read the history (bench/finetune_plot.py, attach)."""
        caught_up = self._catching_up and not more_coming
        self._catching_up = more_coming
        self.series.add(records)
        if caught_up and self.loss_plot is not None:
            # at once, unless the last redraw was too recent: a run written faster than it is read (the bench's
            # stream) is caught up and behind again many times a second, and each catch-up redrew past the throttle
            interval = redraw_interval(self.series.train.n)
            self._redraw_later.setTimeout(interval)
            if time.monotonic() >= self._drawn_at + interval / 1000:
                self._redraw_later.cancel()
                self.redraw()
                return
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
        self._build_soon()
        super().showEvent(event)

    def _build_soon(self) -> None:
        """Build the charts a piece per turn of the event loop: the two pyqtgraph plots, their eight curves and
        the legend took 50-70 ms at once on a 2-core machine, the longest stall of opening a finished run
        (bench/finetune_plot.py, attach). The last piece draws whatever arrived meanwhile."""
        if self.loss_plot is None and self._steps is None:
            self._steps = self._build_steps()
            QTimer.singleShot(0, self, self._build_next)

    def _build_next(self) -> None:
        if self._steps is None:
            return
        wait_ms = next(self._steps, None)
        if wait_ms is None:
            self._steps = None
        else:
            QTimer.singleShot(wait_ms, self, self._build_next)

    def ensure_built(self) -> None:
        """Build the charts now (what is left of them), for a caller that needs them at once."""
        if self.loss_plot is not None:
            return
        pg_module()  # waits for an import under way, rather than polling for it
        steps, self._steps = self._steps or self._build_steps(), None
        for _ in steps:
            pass

    def _build_steps(self) -> Iterator[int]:
        """The charts, built in pieces; each `yield` hands the event loop back for that many ms. `loss_plot` is set
        at the end only, so records that arrive meanwhile are kept in the series and drawn by the last piece."""
        while _preload is not None and _preload.is_alive():
            # pyqtgraph is still being imported on its thread: waiting on the import lock froze the window
            # for what was left of the import (0.35 s in all on a quiet machine); look again shortly
            yield IMPORT_POLL_MS
        pg = pg_module()
        loss_plot = pg.PlotWidget(axisItems={"bottom": _step_axis()})
        yield 0
        lr_plot = pg.PlotWidget(axisItems={"bottom": _step_axis()})
        yield 0
        for plot in (loss_plot, lr_plot):
            style_plot(plot, self)
            item = plot.getPlotItem()
            item.setDownsampling(auto=True, mode="peak")
            item.setClipToView(True)
        # about one min/max pair per pixel; our values are finite already (_number), so no check per setData
        fast = {"autoDownsampleFactor": 1.0, "skipFiniteCheck": True}
        loss_plot.setLabel("left", self.tr("Loss"))
        lr_plot.setLabel("left", self.tr("LR"))
        lr_plot.getPlotItem().getAxis("left").enableAutoSIPrefix(False)
        lr_plot.setToolTip(self.tr("Learning rate"))
        lr_plot.setLabel("bottom", self.tr("Step"))
        lr_plot.setXLink(loss_plot)
        # The LR chart's steps follow the loss chart's (the link); ranging them itself too made each new point
        # move the loss chart again in its paint, so every redraw painted it twice.
        lr_plot.getPlotItem().getViewBox().enableAutoRange(x=False)
        loss_plot.getPlotItem().getViewBox().sigRangeChangedManually.connect(self._stop_following)
        lr_plot.setMaximumHeight(150)
        lr_plot.getPlotItem().getAxis("left").setWidth(60)
        loss_plot.getPlotItem().getAxis("left").setWidth(60)
        loss_plot.setAccessibleName(self.tr("Loss chart"))
        lr_plot.setAccessibleName(self.tr("Learning-rate chart"))
        yield 0
        legend = loss_plot.addLegend(offset=(-10, 10))
        legend.setLabelTextColor(self.palette().color(QPalette.Text))
        blue, orange, grey = (52, 120, 220), (230, 120, 30), (140, 140, 140)
        curves = self.curves
        curves["raw"] = loss_plot.plot(pen=pg.mkPen((*blue, 110), width=1), **fast)
        curves["train"] = loss_plot.plot(pen=pg.mkPen(blue, width=2), name=self.tr("train loss"), **fast)
        curves["last"] = loss_plot.plot(pen=None, symbol="o", symbolSize=6, symbolBrush=blue, symbolPen=None)
        yield 0
        curves["eval"] = loss_plot.plot(
            pen=pg.mkPen(orange, width=2), symbol="o", symbolSize=7, symbolBrush=orange, symbolPen=None,
            name=self.tr("eval loss"),
        )
        curves["cmp_train"] = loss_plot.plot(pen=pg.mkPen(grey, width=1.5, style=Qt.DashLine), **fast)
        curves["cmp_eval"] = loss_plot.plot(
            pen=pg.mkPen(grey, width=1, style=Qt.DashLine), symbol="t", symbolSize=6, symbolBrush=grey, symbolPen=None)
        yield 0
        curves["lr"] = lr_plot.plot(pen=pg.mkPen((40, 160, 90), width=2), **fast)
        curves["cmp_lr"] = lr_plot.plot(pen=pg.mkPen(grey, width=1, style=Qt.DashLine), **fast)
        for c in curves.values():
            c.setClipToView(True)
        yield 0
        self._layout.addWidget(loss_plot, 3)
        self._layout.addWidget(lr_plot, 1)
        yield 0
        self.loss_plot, self.lr_plot = loss_plot, lr_plot
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
        self._drawn_at = time.monotonic()
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
        self._redraw_later.setTimeout(CATCH_UP_REDRAW_MS if self._catching_up else redraw_interval(s.train.n))

    def _set(self, name: str, data, key) -> None:
        """setData only for a curve whose data changed (the eval points' scatter is costly to rebuild)."""
        if self._drawn.get(name) != key:
            self._drawn[name] = key
            self.curves[name].setData(*data)
