"""One way to make things off the GUI thread and keep them: a keyed cache filled by `run_background` jobs.

A request made while the GUI thread is busy (a conversation opening asks for all its pictures and colours) starts
its job only once that event is over: work on the utility thread holds Python's lock half the time and would slow
the opening down.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.ui.core_text import core_text
from desktop_app.workers.jobs import Job


class BackgroundCache(QObject):
    """key -> value, made by `make(key)` in `run_background` jobs (never on the GUI thread), the `limit` most
    recent kept; a key whose value failed is remembered with its sentence. Chat thumbnails (key: a path), drawn
    formulas (message_math.py) and code colours (code_highlight.py) are its kinds."""

    ready = Signal(str)  # key: get(key) now returns its value
    failed = Signal(str, str)  # key, a sentence (missing, damaged, cannot be drawn...)
    job_name = "background"
    limit = 300

    def __init__(self, run_background: Callable[..., Job], parent: QObject | None = None):
        super().__init__(parent)
        self._run_background = run_background
        self._values: OrderedDict[str, Any] = OrderedDict()
        self._errors: dict[str, str] = {}
        self._pending: dict[Job, str] = {}
        self._queued: list[str] = []  # asked for in this event, started after it

    def make(self, key: str) -> Any:
        """The value for `key`, on the utility thread (never None); raises with a sentence when there is none."""
        raise NotImplementedError

    def get(self, key: str) -> Any:
        image = self._values.get(key)
        if image is not None:
            self._values.move_to_end(key)
        return image

    def error(self, key: str) -> str | None:
        return self._errors.get(key)

    def is_pending(self, key: str) -> bool:
        return key in self._queued or key in self._pending.values()

    def put(self, key: str, value: Any) -> None:
        """A value made elsewhere (an attachment's thumbnail just checked) is reused instead of made again."""
        self._errors.pop(key, None)
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self.limit:
            self._values.popitem(last=False)
        self.ready.emit(key)

    def request(self, key: str) -> None:
        """Make the value for `key` unless it is cached, known broken, or already on its way; `ready`/`failed`
        follow."""
        if key in self._values or key in self._errors or self.is_pending(key):
            return
        if not self._queued:
            QTimer.singleShot(0, self, self._start)
        self._queued.append(key)

    def _start(self) -> None:
        """The jobs asked for in the event that just ended."""
        queued, self._queued = self._queued, []
        for key in queued:
            self._run_background(lambda _job, key=key: self.make(key), name=self.job_name,
                                 before_start=lambda job, key=key: self._watch(job, key))

    def _watch(self, job: Job, key: str) -> None:
        self._pending[job] = key
        job.finished.connect(self._on_made)  # bound methods: always queued to the GUI thread
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)

    def _on_made(self, value: Any) -> None:
        key = self._pending.pop(self.sender(), None)
        if key is not None:
            self.put(key, value)

    def _on_failed(self, error: BaseException) -> None:
        key = self._pending.pop(self.sender(), None)
        if key is not None:
            self._errors[key] = core_text(error)
            self.failed.emit(key, core_text(error))

    def _on_cancelled(self) -> None:
        self._pending.pop(self.sender(), None)
