"""A one-line "Moved “title” to the Trash · Undo" bar, shown after a conversation is deleted.

Undo is only a shortcut: the conversation stays in the Trash (and can be restored from there, even after a restart)
until the Trash is emptied, so the bar may hide itself after a while without anything being lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from desktop_app.ui import theme

SHOWN_FOR_MS = 20_000


class UndoBar(QFrame):
    undo_requested = Signal(object)  # the ids of the conversations to bring back

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("undo_bar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Bring the conversation back from the Trash (Ctrl+Z)"))
        self.undo_button.setShortcut("Ctrl+Z")
        self.undo_button.clicked.connect(self._undo)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        close.setAccessibleName(self.tr("Dismiss message"))
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(close, 0, Qt.AlignTop)
        theme.style(self, "#undo_bar { background:$info_bg; color:$info_fg; border:1px solid $info_border; "
                          "border-radius:4px; }")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.conversation_ids: list[int] = []
        self.hide()

    def offer(self, conversation_ids: list[int], title: str) -> None:
        """Show the bar for conversations just moved to the Trash (replacing any earlier offer); `title` is the
        first one's, named when it is the only one."""
        self.conversation_ids = list(conversation_ids)
        if len(self.conversation_ids) == 1:
            text = self.tr("Moved “{title}” to the Trash. It can also be restored from the Trash later.")
        else:
            text = self.tr("Moved {n} conversations to the Trash. They can also be restored from the Trash later.")
        self.label.setText(text.format(title=title, n=len(self.conversation_ids)))
        self.show()
        self._timer.start(SHOWN_FOR_MS)

    def dismiss(self) -> None:
        self._timer.stop()
        self.conversation_ids = []
        self.hide()

    def _undo(self) -> None:
        ids = self.conversation_ids
        self.dismiss()
        if ids:
            self.undo_requested.emit(ids)
