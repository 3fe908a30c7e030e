"""A dismissible one-line message above the conversation: info, warning or error, never a modal box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text

_STYLES = {  # $names are colours of the current theme (ui/theme.py), re-applied when it changes
    "info": "background:$info_bg; color:$info_fg; border:1px solid $info_border;",
    "warning": "background:$warning_bg; color:$warning_fg; border:1px solid $warning_border;",
    "error": "background:$error_bg; color:$error_fg; border:1px solid $error_border;",
}


class NoticeBar(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        close.setAccessibleName(self.tr("Dismiss message"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignTop)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        """Show `text`; a sentence from core (an error's str()) is translated here, so callers pass it as is."""
        self.kind = kind
        theme.style(self, f"NoticeBar {{ {_STYLES.get(kind, _STYLES['info'])} border-radius:4px; }}")
        self.label.setText(core_text(text))
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()
