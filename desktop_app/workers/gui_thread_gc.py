"""Python's cyclic garbage collection runs on the GUI thread only.

Why: the collector runs on whichever thread happens to allocate when a generation's threshold is crossed, and that
is often a worker thread (an engine's reader, an indexing job). A Qt object in a reference cycle (a widget whose
slot is a lambda that holds it, a service with a QFileSystemWatcher) is then destroyed on that thread, which Qt does
not allow: the watcher's socket notifier stayed registered with the GUI's event loop and the next loop iteration
crashed in native code (a segfault, found in the suite after a Documents test). So automatic collection is off and
the GUI thread collects on a timer, generation by generation, as pyqtgraph's GarbageCollector does (not imported:
pyqtgraph costs the window a third of a second at start, and the Fine-tune tab is lazy for that reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


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
        collect_if_due(self.thresholds)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
