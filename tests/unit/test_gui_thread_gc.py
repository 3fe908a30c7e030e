"""Cycles of Qt objects are collected on the GUI thread, never on the worker thread that happens to allocate."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from desktop_app.workers import gui_thread_gc
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


def test_start_up_is_collected_once_then_frozen_and_later_cycles_are_still_collected(qtbot, qapp, monkeypatch):
    monkeypatch.setattr(gui_thread_gc, "_start_up_frozen", False)
    _Cyclic.deleted_on.clear()
    _Cyclic()  # garbage left by the start-up: collected, not frozen with the rest
    long_lived = [[i] for i in range(20_000)]  # what a window's construction leaves, alive for good
    frozen = gc.get_freeze_count()
    collector = GuiThreadCollector(qapp, interval_ms=20)
    try:
        qtbot.waitUntil(lambda: gui_thread_gc._start_up_frozen, timeout=5_000)  # the first tick
        assert _Cyclic.deleted_on == [threading.main_thread().name]
        assert gc.get_freeze_count() >= frozen + len(long_lived)
        assert not gui_thread_gc.freeze_start_up()  # once per process
        _Cyclic()  # garbage made after the freeze: the collector still finds it
        kept = [[i] for i in range(5_000)]  # past generation 0's threshold
        qtbot.waitUntil(lambda: len(_Cyclic.deleted_on) == 2, timeout=5_000)
        assert kept
    finally:
        collector.stop()
        gc.disable()


def test_an_import_on_a_thread_is_frozen_and_the_gui_collector_waits_for_it(qtbot, qapp):
    collector = GuiThreadCollector(qapp, interval_ms=10)
    inside, release, made = threading.Event(), threading.Event(), []

    def import_like() -> None:
        with gui_thread_gc.long_lived_objects():
            made.append([[i] for i in range(20_000)])
            inside.set()
            release.wait(5)

    try:
        qtbot.waitUntil(lambda: gui_thread_gc._start_up_frozen, timeout=5_000)
        worker = threading.Thread(target=import_like)
        worker.start()
        assert inside.wait(5)
        young = gc.get_count()[0]
        qtbot.wait(100)  # ten ticks: none collects the half-made objects
        assert gc.get_count()[0] > young - 10_000  # a collection would have emptied generation 0
        frozen = gc.get_freeze_count()
        release.set()
        worker.join()
        assert gc.get_freeze_count() >= frozen + 20_000
    finally:
        release.set()
        collector.stop()
        gc.disable()
