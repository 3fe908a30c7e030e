"""Coalesce streamed text so the view is touched at most every ~30 ms, however fast tokens arrive."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal


class StreamBuffer(QObject):
    flushed = Signal(str)

    def __init__(self, interval_ms: int = 30, parent: QObject | None = None):
        super().__init__(parent)
        self._parts: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)

    def append(self, text: str) -> None:
        self._parts.append(text)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if self._parts:
            text = "".join(self._parts)
            self._parts.clear()
            self.flushed.emit(text)

    def clear(self) -> None:
        self._timer.stop()
        self._parts.clear()
