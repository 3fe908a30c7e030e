"""The message composer: Enter sends, Shift+Enter adds a newline, Enter during IME composition does not send.

Images dropped or pasted into it are not inserted as text: dropped files are handed on as `files_dropped(paths)`
and a pasted picture (a screenshot in the clipboard) as `image_pasted(QImage)`, for the Chat tab to attach.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit


def local_files(mime: QMimeData) -> list[str]:
    """The local file paths a drag or the clipboard carries (remote URLs are left out)."""
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def carries_attachment(mime: QMimeData) -> bool:
    return bool(local_files(mime)) or mime.hasImage()


class ComposerEdit(QPlainTextEdit):
    # Keys handled in keyPressEvent, listed in Help → Keyboard Shortcuts.
    KEY_HINTS = (
        ("Enter", QT_TRANSLATE_NOOP("ComposerEdit", "Send the message")),
        ("Shift+Enter", QT_TRANSLATE_NOOP("ComposerEdit", "New line")),
        ("Esc", QT_TRANSLATE_NOOP("ComposerEdit", "Stop the reply")),
    )

    send_requested = Signal()
    stop_requested = Signal()
    files_dropped = Signal(list)  # local paths dropped or pasted (the tab sorts images from other files)
    image_pasted = Signal(QImage)  # a picture pasted from the clipboard

    def __init__(self, parent=None):
        super().__init__(parent)
        self._preedit = ""
        self.setTabChangesFocus(True)
        self.setAccessibleName(self.tr("Message"))
        self.setAcceptDrops(True)

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

    # -- images: drop and paste ------------------------------------------------------------------------------------
    def _take(self, mime: QMimeData) -> bool:
        """Hand files or a picture on instead of inserting them as text; False when `mime` holds neither."""
        files = local_files(mime)
        if files:
            self.files_dropped.emit(files)
            return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.image_pasted.emit(image)
                return True
        return False

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 (Qt name)
        return carries_attachment(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt name): paste
        if not self._take(source):
            super().insertFromMimeData(source)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        if carries_attachment(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt name)
        if carries_attachment(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        if self._take(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dropEvent(event)
