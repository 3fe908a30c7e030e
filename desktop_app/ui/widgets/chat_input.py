"""The bottom of the Chat tab: images waiting to be sent, the composer, and the row of Attach, stats and buttons.

Only widgets: the tab connects their signals (Send, Stop, Regenerate, Attach) to what they do.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui import theme
from desktop_app.ui.widgets.attachment_strip import AttachmentStrip
from desktop_app.ui.widgets.chat_images import ChatImageCache
from desktop_app.ui.widgets.composer import ComposerEdit
from desktop_app.ui.widgets.eliding_label import ElidingLabel


class ChatInput(QWidget):
    def __init__(self, image_cache: ChatImageCache, parent: QWidget | None = None):
        super().__init__(parent)
        self.attachments = AttachmentStrip(image_cache)
        self.composer = ComposerEdit()
        self.composer.setPlaceholderText(self.tr("Type a message. Enter sends, Shift+Enter adds a line."))
        self.composer.setMaximumHeight(140)
        self.attach_button = QPushButton(self.tr("Attach image…"))
        self.attach_button.setToolTip(
            self.tr("Add images for a vision model to see (Ctrl+Shift+A); you can also drop or paste them")
        )
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Send the message (Enter)"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the reply and keep what was written (Esc)"))
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setToolTip(self.tr("Write the last reply again (Ctrl+R)"))
        self.complete_button = QPushButton(self.tr("Complete"))
        self.complete_button.setCheckable(True)
        self.complete_button.setToolTip(
            self.tr("Continue your text as plain text instead of chatting (what a base model does well)")
        )
        # A reply's stats ("16 tokens · 40.3 tok/s · first token 0.08 s · 2 threads", or a tool's name) end in "…"
        # when the row is short: as a QLabel they raised the pane's minimum width after the first reply, and the
        # splitter squeezed the settings panel until its fields were cut (eliding_label.py).
        self.stats_label = ElidingLabel()
        theme.style(self.stats_label, "color: $muted;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.complete_button)
        buttons.addWidget(self.stats_label, 1)
        buttons.addWidget(self.regenerate_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.attachments)
        layout.addWidget(self.composer)
        layout.addLayout(buttons)

    def has_input(self) -> bool:
        return bool(self.composer.toPlainText().strip()) or bool(self.attachments.paths())

    def clear(self) -> None:
        self.composer.clear()
        self.attachments.clear()
