"""Thumbnails of chat images, decoded off the GUI thread and kept in a small cache shared by the composer's
attachment strip and the conversation view.

A request runs `open_image` (EXIF rotation, alpha, 16-bit: as the models see the image) on the manager's utility
thread and comes back as a QImage; the widgets turn it into a pixmap on the GUI thread. A file that is gone or
unreadable is remembered with its sentence, so the view draws a placeholder instead of trying again on every paint.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from desktop_app.core.tasks.chat import THUMBNAIL_SIDE
from desktop_app.core.tasks.images import open_image
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.workers.jobs import Job
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


class ChatImageCache(QObject):
    """path -> QImage thumbnail (longer side THUMBNAIL_SIDE), decoded by `run_background` jobs."""

    ready = Signal(str)  # path: get(path) now returns its thumbnail
    failed = Signal(str, str)  # path, a sentence (missing, damaged...)

    def __init__(self, run_background: Callable[..., Job], parent: QObject | None = None):
        super().__init__(parent)
        self._run_background = run_background
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._errors: dict[str, str] = {}
        self._pending: dict[Job, str] = {}

    def get(self, path: str) -> QImage | None:
        image = self._images.get(path)
        if image is not None:
            self._images.move_to_end(path)
        return image

    def error(self, path: str) -> str | None:
        return self._errors.get(path)

    def is_pending(self, path: str) -> bool:
        return path in self._pending.values()

    def put(self, path: str, image: QImage) -> None:
        """A thumbnail made elsewhere (an attachment just checked) is reused instead of decoded again."""
        self._errors.pop(path, None)
        self._images[path] = image
        self._images.move_to_end(path)
        while len(self._images) > CACHE_LIMIT:
            self._images.popitem(last=False)
        self.ready.emit(path)

    def request(self, path: str) -> None:
        """Decode `path` unless it is cached, known broken, or already on its way; `ready`/`failed` follow."""
        if path in self._images or path in self._errors or self.is_pending(path):
            return

        def work(_job: Job) -> QImage:
            return pil_to_qimage(open_image(path, max_side=THUMBNAIL_SIDE))

        self._run_background(work, name="chat thumbnail", before_start=lambda job: self._watch(job, path))

    def _watch(self, job: Job, path: str) -> None:
        self._pending[job] = path
        job.finished.connect(self._on_decoded)  # bound methods: always queued to the GUI thread
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)

    def _on_decoded(self, image: QImage) -> None:
        path = self._pending.pop(self.sender(), None)
        if path is not None:
            self.put(path, image)

    def _on_failed(self, error: BaseException) -> None:
        path = self._pending.pop(self.sender(), None)
        if path is not None:
            self._errors[path] = core_text(error)
            self.failed.emit(path, core_text(error))

    def _on_cancelled(self) -> None:
        self._pending.pop(self.sender(), None)
