"""Jobs: one unit of background work with signals. The UI connects to a job, never to a thread.

A job is created on the GUI thread, so queued signals emitted from the worker thread arrive on the GUI thread.
`cancel()` only sets a threading.Event that the work checks between tokens or batches: nothing is ever killed.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.core.errors import Cancelled

log = logging.getLogger(__name__)


class Job(QObject):
    started = Signal()
    progress = Signal(int, int)  # done, total (total 0: unknown)
    chunk = Signal(str)  # streamed text
    thinking = Signal(str)  # a reasoning model's streamed thinking, apart from its answer (chat replies)
    tokens = Signal(int, int)  # prompt tokens, completion tokens so far (chat replies: what a Stop stores)
    notice = Signal(str)  # a sentence for the user, mid-job
    stage = Signal(str)  # what the job is doing now, for a status line ("chunk 2 of 5")
    partial = Signal(int, object)  # a batch job's finished items: (index of the first, list of results)
    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception (its str() is for the user)
    cancelled = Signal()
    ended = Signal()  # always last, whatever happened

    def __init__(self, work: Callable[[Job], Any], name: str = "job", parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._work = work
        self._cancel = threading.Event()
        self.state = "queued"  # queued → running → finished | failed | cancelled
        self.result: Any = None
        self.error: BaseException | None = None
        self.traceback = ""
        self._reported = threading.Event()  # set after the last signal was emitted (and so already queued)

    @property
    def cancel_event(self) -> threading.Event:
        return self._cancel

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def cancel(self) -> None:
        self._cancel.set()

    def is_done(self) -> bool:
        return self.state in ("finished", "failed", "cancelled")

    def run(self) -> None:
        """Runs on the worker thread."""
        try:
            if self._cancel.is_set():
                self.state = "cancelled"
                self.cancelled.emit()
                return
            self.state = "running"
            self.started.emit()
            try:
                self.result = self._work(self)
            except Cancelled:
                self.state = "cancelled"
                self.cancelled.emit()
            except Exception as exc:  # every failure reaches the UI as a signal
                self.error = exc
                self.traceback = traceback.format_exc()
                log.warning("job %s failed: %s", self.name, exc)
                self.state = "failed"
                self.failed.emit(exc)
            else:
                self.state = "finished"
                self.finished.emit(self.result)
        finally:
            self.ended.emit()
            self._reported.set()

    def reported(self) -> bool:
        """True once every signal of this job has been emitted. Queued deliveries are posted by then, so a
        script or test that waits for this and then processes events has seen the whole job."""
        return self._reported.is_set()


def wait_for_job(job: Job, timeout_s: float = 300.0) -> Any:
    """Block a script (the CLI-style benchmarks, never the GUI) until `job` ends, running the Qt event loop so its
    queued signals are delivered; return its result or raise with why it did not finish."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    loop = QEventLoop()
    job.ended.connect(loop.quit)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    if not job.reported():
        loop.exec()
    job._reported.wait(timeout_s)
    QCoreApplication.processEvents()  # deliver chunk/finished signals still queued
    if job.state != "finished":
        raise RuntimeError(f"{job.name}: {job.state} ({job.error or 'timed out'})")
    return job.result


class WorkerThread(threading.Thread):
    """A serial job queue on one thread: a model serves one job at a time, in order.

    A daemon Python thread rather than a QThread: llama.cpp cannot be interrupted inside one native call, and a
    QThread still running at exit aborts the process, while a daemon thread simply ends with it. Qt signals
    emitted from here are queued to the GUI thread like from any QThread.
    """

    _STOP = object()

    def __init__(self, name: str):
        super().__init__(name=name, daemon=True)
        import queue

        self._queue: queue.Queue = queue.Queue()
        self.current: Job | None = None
        self._pending: list[Job] = []
        self._lock = threading.Lock()
        self.start()

    def submit(self, job: Job) -> Job:
        with self._lock:
            self._pending.append(job)
        self._queue.put(job)
        return job

    def jobs(self) -> list[Job]:
        with self._lock:
            return list(self._pending)

    def stop(self) -> None:
        """Cancel queued and running jobs and let the thread end after the current one."""
        for job in self.jobs():
            job.cancel()
        self._queue.put(self._STOP)

    def run(self) -> None:
        while True:
            job = self._queue.get()
            if job is self._STOP:
                return
            self.current = job
            try:
                job.run()
            finally:
                self.current = None
                with self._lock:
                    if job in self._pending:
                        self._pending.remove(job)
