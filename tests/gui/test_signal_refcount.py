"""Streaming emits one Qt signal per token: emitting must not leak or steal Python references.

PySide6 6.12.0 dropped a reference to True on every Signal.emit(); after a few thousand streamed tokens Python
aborted with "bool_dealloc". pyproject.toml excludes it; this test guards any future PySide6 release.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from desktop_app.workers.jobs import Job


class _Emitter(QObject):
    text = Signal(str)
    pair = Signal(int, int)


def test_signal_emit_keeps_the_refcount_of_true(qapp):
    emitter = _Emitter()
    received = []
    emitter.text.connect(received.append)
    emitter.pair.connect(lambda a, b: received.append(a + b))
    before = sys.getrefcount(True)
    for _ in range(20_000):
        emitter.text.emit("token")
        emitter.pair.emit(1, 2)
    assert len(received) == 40_000
    assert sys.getrefcount(True) >= before - 10


def test_a_long_streaming_job_keeps_the_refcount_of_true(qtbot):
    def work(job: Job) -> int:
        for _ in range(5_000):
            job.chunk.emit("字")
        return 5_000

    job = Job(work)
    chunks = []
    job.chunk.connect(chunks.append)
    before = sys.getrefcount(True)
    with qtbot.waitSignal(job.finished, timeout=60_000):
        job.run()
    assert len(chunks) == 5_000
    assert sys.getrefcount(True) >= before - 10
