"""An honest placeholder for a tab that is not built yet: it says so, and does nothing it cannot do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ComingTab(QWidget):
    def __init__(self, title: str, description: str, parent: QWidget | None = None):
        super().__init__(parent)
        label = QLabel(
            self.tr("<h2>{title}</h2><p>{description}</p><p><i>This tab is coming in a later version.</i></p>").format(
                title=title, description=description
            )
        )
        label.setAlignment(Qt.AlignCenter)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
