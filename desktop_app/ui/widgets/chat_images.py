"""Thumbnails of chat images, decoded off the GUI thread and kept in a small cache shared by the composer's
attachment strip and the conversation view.

A request runs `open_image` (EXIF rotation, alpha, 16-bit: as the models see the image) on the manager's utility
thread and comes back as a QImage; the widgets turn it into a pixmap on the GUI thread. A file that is gone or
unreadable is remembered with its sentence, so the view draws a placeholder instead of trying again on every paint.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from desktop_app.core.tasks.chat import THUMBNAIL_SIDE
from desktop_app.core.tasks.images import open_image
from desktop_app.ui import theme
from desktop_app.ui.widgets.background_cache import BackgroundCache
from desktop_app.workers.thumbnails import pil_to_qimage

CACHE_LIMIT = 300  # 256 px thumbnails: ~60 MB at most


def placeholder_image(width: int, height: int, text: str = "", color: str = "") -> QImage:
    """A rounded grey box (with a word or two) standing in for an image still loading, or missing."""
    image = QImage(width, height, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setBrush(QColor(color or theme.color("placeholder")))
    painter.setPen(QPen(QColor(theme.color("placeholder_border")), 1, Qt.DashLine if text else Qt.NoPen))
    painter.drawRoundedRect(1, 1, width - 2, height - 2, 6, 6)
    if text:
        painter.setPen(QColor(theme.color("placeholder_text")))
        painter.drawText(QRect(4, 4, width - 8, height - 8), Qt.AlignCenter | Qt.TextWordWrap, text)
    painter.end()
    return image


class ChatImageCache(BackgroundCache):
    """path -> QImage thumbnail (longer side THUMBNAIL_SIDE), decoded as the models see the image."""

    job_name = "chat thumbnail"
    limit = CACHE_LIMIT

    def make(self, key: str) -> QImage:
        return pil_to_qimage(open_image(key, max_side=THUMBNAIL_SIDE))
