"""Cycles of Qt objects are collected on the GUI thread, never on the worker thread that happens to allocate."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from desktop_app.workers.gui_thread_gc import GuiThreadCollector


class _Cyclic(QObject):
    deleted_on: list[str] = []

    def __init__(self) -> None:
        super().__init__()
        self.me = self  # a reference cycle: only the cyclic collector frees it

    def __del__(self) -> None:
        _Cyclic.deleted_on.append(threading.current_thread().name)


def test_a_cycle_made_garbage_is_freed_by_the_gui_thread_timer_not_by_a_busy_worker(qtbot, qapp):
    collector = GuiThreadCollector(qapp, interval_ms=20)
    try:
        assert not gc.isenabled()
        _Cyclic.deleted_on.clear()
        _Cyclic()  # garbage at once, kept alive by its cycle

        kept: list = []

        def allocate() -> None:  # far past generation 0's threshold: automatic collection would run here
            kept.append([[i] for i in range(50_000)])  # kept alive, so the count stays past the threshold

        worker = threading.Thread(target=allocate, name="worker")
        worker.start()
        worker.join()
        assert _Cyclic.deleted_on == []
        qtbot.waitUntil(lambda: _Cyclic.deleted_on != [], timeout=5_000)
        assert _Cyclic.deleted_on == [threading.main_thread().name]
    finally:
        collector.stop()
        gc.disable()  # the session's collector (tests/conftest.py) stays in charge
