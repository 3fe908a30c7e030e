"""The message composer: Enter sends, Shift+Enter adds a newline, Enter during IME composition does not send."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit


class ComposerEdit(QPlainTextEdit):
    send_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._preedit = ""
        self.setTabChangesFocus(True)
        self.setAccessibleName(self.tr("Message"))

    def is_composing(self) -> bool:
        """True while an input method (Pinyin, for instance) still holds uncommitted text."""
        return bool(self._preedit)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt name)
        self._preedit = event.preeditString()
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        key = event.key()
        if key in (Qt.Key_Return, Qt.Key_Enter):
            if self.is_composing():
                return  # the Enter that confirms a pinyin candidate belongs to the input method
            if event.modifiers() & Qt.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.send_requested.emit()
            return
        if key == Qt.Key_Escape:
            self.stop_requested.emit()
            return
        super().keyPressEvent(event)
