"""Coalesce streamed text so the view is touched at most every ~30 ms, however fast tokens arrive, and append it
at the end of an output without re-rendering what is there."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit


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


def append_at_end(edit: QPlainTextEdit, text: str) -> None:
    """Where a flushed StreamBuffer's text goes in a read-only output: at the end, through a cursor (never
    re-setting the whole text), and scrolled into view."""
    cursor = edit.textCursor()
    cursor.movePosition(QTextCursor.End)
    cursor.insertText(text)
    edit.setTextCursor(cursor)
    edit.ensureCursorVisible()
