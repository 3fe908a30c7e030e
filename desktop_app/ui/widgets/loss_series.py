"""The loss chart's data: growing numpy arrays of every metric point of a run, with the smoothed curve, and where
the step axis ends. Plain Python and numpy, no Qt or pyqtgraph: the chart (loss_plot.py) draws what this holds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

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
