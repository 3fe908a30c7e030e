"""The Fine-tune tab's loss chart (ui/widgets/loss_plot.py) with long runs: every point kept, the last one shown,
batched appends that smooth like one point at a time, and redraws throttled to one per interval."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.ui.widgets import loss_plot
from desktop_app.ui.widgets.loss_plot import LossPlot, redraw_interval
from desktop_app.ui.widgets.loss_series import EMA_ALPHA, Series, step_axis_end


def _records(first: int, last: int) -> list[dict]:
    return [{"step": s, "loss": 2.0 + np.sin(s / 50.0) + 3.0 / s, "lr": 1e-4 * (1 + s % 7),
             "eval_loss": (1.5 if s % 500 == 0 else None)} for s in range(first, last + 1)]


def _three_steps_shown(qtbot) -> LossPlot:
    """A shown plot with steps 1 to 3 drawn (its step axes exist and have a range)."""
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(900, 500)
    plot.show()
    plot.add_records(_records(1, 3))
    qtbot.waitUntil(lambda: plot.point_count() == 3, timeout=5000)
    return plot


def _counting_redraws(qtbot, monkeypatch) -> tuple[LossPlot, list[int]]:
    """A shown, built plot whose redraws append the point count they drew to the returned list."""
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show()
    qtbot.waitUntil(lambda: plot.loss_plot is not None)
    calls: list[int] = []
    redraw = LossPlot.redraw
    monkeypatch.setattr(plot, "redraw", lambda: (calls.append(plot.series.train.n), redraw(plot)))
    plot._redraw_later = loss_plot.qthrottled(plot.redraw, timeout=loss_plot.REDRAW_MS, leading=False,
                                              parent=plot)
    return plot, calls


def test_a_batch_is_smoothed_exactly_as_points_one_at_a_time():
    ys = [float(v) for v in np.random.default_rng(3).normal(2.0, 0.5, 700)]
    one, batched = Series(), Series()
    for i, y in enumerate(ys):
        one.append(i + 1, y)
    batched.extend(list(range(1, 301)), ys[:300])
    batched.extend(list(range(301, 701)), ys[300:])
    expected, last = [], 0.0
    for i, y in enumerate(ys, start=1):
        last = EMA_ALPHA * y + (1 - EMA_ALPHA) * last
        expected.append(last / (1 - (1 - EMA_ALPHA) ** i))
    for s in (one, batched):
        x, smooth = s.data(smoothed=True)
        assert list(x) == list(range(1, 701)) and np.allclose(smooth, expected)
        assert np.array_equal(s.data()[1], ys)


def test_fifty_thousand_points_are_all_kept_and_the_last_step_is_shown(qtbot):
    """pyqtgraph's peak downsampling draws whole buckets only: without the dot on the last point, a finished
    run's chart stopped a few steps short of its last step."""
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(900, 500)
    plot.show()
    n = 50_001
    for start in range(1, n + 1, 850):  # as the follower delivers them: a slice at a time
        plot.add_records(_records(start, min(n, start + 849)))
    qtbot.waitUntil(lambda: plot.point_count() == n, timeout=5000)
    x_curve = plot.curves["train"].getData()[0]
    assert len(x_curve) < n / 5  # drawn downsampled...
    assert plot.last_shown_step() == n  # ...yet the last step is on the chart
    last_x, last_y = plot.curves["last"].getData()
    assert list(last_x) == [n] and last_y[0] == pytest.approx(plot.series.train.data(smoothed=True)[1][-1])
    assert plot.series.eval.n == n // 500 and plot.series.lr.n == n


def test_redraws_are_throttled_and_the_last_call_always_draws(qtbot, monkeypatch):
    plot, calls = _counting_redraws(qtbot, monkeypatch)
    for step in range(1, 201):
        plot.add_records(_records(step, step))
    qtbot.waitUntil(lambda: plot.point_count() == 200, timeout=5000)
    assert 1 <= len(calls) <= 3 and calls[-1] == 200  # 200 arrivals, a redraw or two, the last with every point
    assert redraw_interval(1_000) == 100 and redraw_interval(30_000) == 300 and redraw_interval(90_000) == 500


def test_the_step_axis_follows_the_run_in_steps_until_the_user_zooms(qtbot):
    ends = [step_axis_end(v) for v in (5, 11, 101, 1_000, 1_001, 1_300, 49_999, 50_001)]
    assert ends == [10, 12.5, 125, 1_000, 1_250, 1_500, 50_000, 60_000]
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show()
    view = None

    def right_end() -> float:
        return view.viewRange()[0][1]

    plot.add_records(_records(1, 1_000))
    qtbot.waitUntil(lambda: plot.point_count() == 1_000, timeout=5000)
    view = plot.loss_plot.getPlotItem().getViewBox()
    assert 1_000 <= right_end() < 1_050  # the run fills its axis
    plot.add_records(_records(1_001, 1_100))
    qtbot.waitUntil(lambda: plot.point_count() == 1_100, timeout=5000)
    assert 1_250 <= right_end() < 1_300 and plot.last_shown_step() == 1_100  # one move for the next 150 steps
    view.sigRangeChangedManually.emit([True, True])  # the user zoomed in with the mouse
    view.setXRange(100, 200, padding=0)
    plot.add_records(_records(1_101, 1_400))
    qtbot.waitUntil(lambda: plot.point_count() == 1_400, timeout=5000)
    assert view.viewRange()[0] == pytest.approx([100, 200])  # left where the user put it
    plot.set_records(_records(1, 50))  # another run: followed again
    qtbot.waitUntil(lambda: plot.point_count() == 50, timeout=5000)
    assert 50 <= right_end() < 55


def test_step_ticks_are_whole_steps_and_the_empty_histogram_spans_zero_to_the_limit(qtbot):
    """Issue 15, item 13: three steps drawn showed ticks at 1.5 and 2.5; an empty Data page histogram had an axis
    of 511.6–512.4 around its limit line."""
    from desktop_app.ui.widgets.length_histogram import LengthHistogram

    plot = _three_steps_shown(qtbot)
    for chart in (plot.loss_plot, plot.lr_plot):
        axis = chart.getPlotItem().getAxis("bottom")
        low, high = chart.getPlotItem().getViewBox().viewRange()[0]
        ticks = [v for _spacing, values in axis.tickValues(low, high, 800) for v in values]
        assert ticks and all(float(v).is_integer() for v in ticks)
    histogram = LengthHistogram()
    qtbot.addWidget(histogram)
    histogram.show()
    histogram.set_bins([], 512)
    (x_low, x_high), (y_low, y_high) = histogram.plot.getPlotItem().getViewBox().viewRange()
    assert x_low == 0 and x_high >= 512 and (y_low, y_high) == (0, 1)


def test_step_ticks_stay_few_over_any_range(qtbot):
    """A wide range's tick spacing comes back from pyqtgraph as a float that is not exactly whole (200000.00000001):
    it is rounded up to a whole step, never replaced by one tick per step (millions of ticks froze the window)."""
    plot = _three_steps_shown(qtbot)
    axis = plot.loss_plot.getPlotItem().getAxis("bottom")
    for lo, hi in ((0, 3), (0, 1_000_000), (1.1e5, 3.3e6), (0, 7e9 / 3)):
        levels = axis.tickSpacing(lo, hi, 800)
        assert levels and all(s >= 1 and float(s).is_integer() for s, _o in levels)
        assert (hi - lo) / max(s for s, _o in levels) < 100  # a handful of ticks, whatever the range


def test_the_charts_are_built_a_piece_per_turn_and_draw_what_arrived_meanwhile(qtbot, monkeypatch):
    """Opening a finished run built both pyqtgraph charts in one 50-70 ms block (bench/finetune_plot.py, attach):
    they are now built over several turns of the event loop, records that arrive meanwhile are drawn at the end,
    a caller that needs them at once still gets them, and a chart closed mid-build stops building."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show()
    turns = 0
    while plot.loss_plot is None:
        assert turns < 50
        plot.add_records(_records(turns * 10 + 1, turns * 10 + 10))
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        turns += 1
    assert turns >= 4  # several pieces, the event loop served between them
    qtbot.waitUntil(lambda: plot.point_count() == turns * 10, timeout=5000)

    at_once = LossPlot()
    qtbot.addWidget(at_once)
    at_once.show()
    QApplication.processEvents()  # one piece built
    at_once.ensure_built()  # the rest now
    assert at_once.loss_plot is not None and set(at_once.curves) >= {"train", "eval", "lr", "last"}

    pieces: list[int] = []
    build_next = LossPlot._build_next
    monkeypatch.setattr(LossPlot, "_build_next", lambda self: (pieces.append(1), build_next(self)))
    closed = LossPlot()
    closed.show()
    QApplication.processEvents()
    built = len(pieces)
    assert built >= 1  # one piece built, the next one scheduled
    closed.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # deleted now (processEvents alone defers it here)
    del closed
    for _ in range(10):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    assert len(pieces) == built  # the pending pieces never ran on the deleted chart


def test_a_long_history_being_read_is_drawn_when_its_end_arrives(qtbot, monkeypatch):
    """Opening a finished run: records arrive a slice per turn of the event loop; the chart redraws at most once
    a second meanwhile (each redraw of a growing 50,000-point chart cost 10-20 ms) and draws the end at once."""
    plot, calls = _counting_redraws(qtbot, monkeypatch)
    plot.add_records(_records(1, 100), more_coming=True)
    qtbot.waitUntil(lambda: calls == [100], timeout=2000)  # the first slice is drawn as usual
    assert plot._redraw_later.timeout() == loss_plot.CATCH_UP_REDRAW_MS
    for start in range(101, 2001, 100):
        plot.add_records(_records(start, start + 99), more_coming=True)
        qtbot.wait(5)
    assert calls == [100]  # 19 slices over ~100 ms: no redraw
    qtbot.wait(loss_plot.REDRAW_MS)
    plot.add_records(_records(2001, 2100))  # the end of the file
    assert calls == [100, 2100] and plot.point_count() == 2100  # drawn at once
    assert plot._redraw_later.timeout() == redraw_interval(2100)
    # a run written faster than it is read is behind and caught up again at once: never redrawn past the throttle
    plot.add_records(_records(2101, 2200), more_coming=True)
    plot.add_records(_records(2201, 2300))
    assert calls == [100, 2100]
    qtbot.waitUntil(lambda: calls == [100, 2100, 2300], timeout=2000)


def test_a_chart_shown_during_the_import_waits_between_turns_not_on_the_import_lock(qtbot, monkeypatch):
    """The Fine-tune tab imports pyqtgraph on a thread; a chart shown before it is done used to wait on the import
    lock, freezing the window for what was left of the import. It now looks again every few ms."""
    import threading

    done = threading.Event()
    importing = threading.Thread(target=done.wait, args=(10,), daemon=True)  # an import that takes its time
    importing.start()
    monkeypatch.setattr(loss_plot, "_preload", importing)
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show()
    qtbot.wait(100)  # the event loop runs meanwhile: this returns on time
    assert plot.loss_plot is None  # nothing built while the import is under way
    done.set()
    qtbot.waitUntil(lambda: plot.loss_plot is not None, timeout=5000)
