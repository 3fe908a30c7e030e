"""The Describe Image tab's right side: a large preview of the selected image, its path, its caption (streamed in
as the model writes it, and editable by hand), Describe, and the caption settings.

Its own view so that the three ways a caption changes (streamed, a batch result, typed by the user) stay apart:
only typing emits `edited`. The preview is decoded off the GUI thread by the list's ThumbnailLoader at
PREVIEW_SIZE and scaled to the label here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.ui.widgets.caption_settings import CaptionSettingsPanel
from desktop_app.ui.widgets.image_grid import ImageItem
from desktop_app.workers.thumbnails import ThumbnailLoader

PREVIEW_SIZE = 768


class CaptionEditor(QWidget):
    edited = Signal(str)  # the user changed the caption by hand

    def __init__(self, loader: ThumbnailLoader, parent: QWidget | None = None):
        super().__init__(parent)
        self.loader = loader
        loader.loaded.connect(self._on_preview_loaded)
        loader.failed.connect(self._on_preview_failed)
        self._shown: Path | None = None  # the image on show
        self._preview_pixmap: QPixmap | None = None
        self._setting_caption = False
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setMinimumSize(280, 220)
        self.preview.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.preview.setAccessibleName(self.tr("Preview"))
        theme.style(self.preview, "background: $base; border: 1px solid $border;")
        self.file_label = QLabel()
        self.file_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.file_label.setWordWrap(True)
        self.caption = QPlainTextEdit()
        self.caption.setPlaceholderText(self.tr("The caption appears here. You can edit it."))
        self.caption.setAccessibleName(self.tr("Caption"))
        self.caption.setMaximumHeight(140)
        self.caption.textChanged.connect(self._on_caption_edited)
        self.describe_button = QPushButton(self.tr("Describe"))
        self.describe_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.describe_button.setToolTip(self.tr("Caption the selected image, streaming (Ctrl+Enter)"))
        single_row = QHBoxLayout()
        single_row.addWidget(self.file_label, 1)
        single_row.addWidget(self.describe_button)
        self.settings_panel = CaptionSettingsPanel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview, 3)
        layout.addLayout(single_row)
        layout.addWidget(self.caption)
        layout.addWidget(self.settings_panel)

    # -- what is shown ---------------------------------------------------------------------------------------------
    def show_item(self, item: ImageItem | None) -> None:
        """Show an image (None: nothing selected): its path and caption now, its preview once decoded."""
        self._setting_caption = True
        self._preview_pixmap = None
        if item is None:
            self._shown = None
            self.file_label.setText("")
            self.caption.setPlainText("")
            self.preview.clear()
        else:
            self._shown = item.path
            self.file_label.setText(str(item.path))
            self.caption.setPlainText(item.caption)
            self.preview.setText(core_text(item.error) if item.error else self.tr("Loading preview…"))
            self.loader.request(str(item.path), PREVIEW_SIZE)
        self._setting_caption = False

    def show_caption(self, item: ImageItem) -> None:
        """The caption box follows a batch result for the image on show (the preview stays as it is)."""
        self.set_caption(item.caption)
        if item.error:
            self.preview.setText(core_text(item.error))

    def set_caption(self, text: str) -> None:
        self._setting_caption = True
        self.caption.setPlainText(text)
        self._setting_caption = False

    def append_streamed(self, text: str) -> None:
        """Streamed text goes at the end (the model's leading blank is dropped from an empty caption)."""
        self._setting_caption = True
        cursor = self.caption.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(text.lstrip() if not self.caption.toPlainText() else text)
        self._setting_caption = False

    def _on_caption_edited(self) -> None:
        if not self._setting_caption:
            self.edited.emit(self.caption.toPlainText())

    # -- the preview -----------------------------------------------------------------------------------------------
    def _on_preview_loaded(self, path: str, size: int, image) -> None:
        if size != PREVIEW_SIZE or self._shown is None or str(self._shown) != path:
            return
        self._preview_pixmap = QPixmap.fromImage(image)
        self._fit_preview()

    def _on_preview_failed(self, path: str, size: int, reason: str) -> None:
        if size == PREVIEW_SIZE and self._shown is not None and str(self._shown) == path:
            self.preview.setText(reason)

    def _fit_preview(self) -> None:
        if self._preview_pixmap is not None:
            self.preview.setPixmap(
                self._preview_pixmap.scaled(self.preview.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation)
            )

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit_preview()
