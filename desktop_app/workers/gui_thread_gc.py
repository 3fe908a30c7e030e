"""Python's cyclic garbage collection runs on the GUI thread only.

Why: the collector runs on whichever thread happens to allocate when a generation's threshold is crossed, and that
is often a worker thread (an engine's reader, an indexing job). A Qt object in a reference cycle (a widget whose
slot is a lambda that holds it, a service with a QFileSystemWatcher) is then destroyed on that thread, which Qt does
not allow: the watcher's socket notifier stayed registered with the GUI's event loop and the next loop iteration
crashed in native code (a segfault, found in the suite after a Documents test). So automatic collection is off and
the GUI thread collects on a timer, generation by generation, as pyqtgraph's GarbageCollector does (not imported:
pyqtgraph costs the window a third of a second at start, and the Fine-tune tab is lazy for that reason).

Objects that live as long as the process are frozen (`gc.freeze`), so no collection scans them again: what the
start-up made (modules, the window), collected once and frozen at the timer's first tick; and what a later import
makes (pyqtgraph's ~42,000 objects, imported on a thread: `long_lived_objects`). Scanning them cost 74-82 ms per
collection of the generation they sat in, the longest stalls of the live loss chart (bench/finetune_plot.py).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000

_lock = threading.Lock()
_making_long_lived = 0  # `long_lived_objects` blocks under way (on any thread)
_start_up_frozen = False


@contextmanager
def long_lived_objects() -> Iterator[None]:
    """Freeze what is made inside (an import on a worker thread) when it ends, so that no collection scans it; the
    GUI thread's collector waits meanwhile (it would scan the half-made objects). Freezing takes every object
    alive then, so a garbage cycle made elsewhere at that moment is kept for good: a one-time cost per import.
    Safe from any thread: freezing moves objects between the collector's lists under the GIL, runs no finalizer."""
    global _making_long_lived
    with _lock:
        _making_long_lived += 1
    try:
        yield
    finally:
        gc.freeze()
        with _lock:
            _making_long_lived -= 1


def freeze_start_up() -> bool:
    """Once per process, on the GUI thread: collect everything, then freeze what survives (the modules, the window
    built at start), so later collections scan only what came after. Returns whether it ran now."""
    global _start_up_frozen
    if _start_up_frozen:
        return False
    _start_up_frozen = True
    gc.collect()
    gc.freeze()
    return True


def collect_if_due(thresholds: tuple[int, int, int]) -> None:
    """Collect the generations whose counts passed their thresholds, as the automatic collector would have."""
    young, middle, old = gc.get_count()
    if young > thresholds[0]:
        gc.collect(0)
        if middle > thresholds[1]:
            gc.collect(1)
            if old > thresholds[2]:
                gc.collect(2)


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects on the GUI thread's timer instead; `stop` turns it back on."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start(interval_ms)

    def collect(self) -> None:
        if _making_long_lived:
            return  # an import under way: its objects are frozen when it ends (long_lived_objects)
        if not freeze_start_up():  # the first tick: the event loop runs, start-up is over
            collect_if_due(self.thresholds)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
