"""Thumbnails of chat images, decoded off the GUI thread and kept in a small cache shared by the composer's
attachment strip and the conversation view.

A request runs `open_image` (EXIF rotation, alpha, 16-bit: as the models see the image) on the manager's utility
thread and comes back as a QImage; the widgets turn it into a pixmap on the GUI thread. A file that is gone or
unreadable is remembered with its sentence, so the view draws a placeholder instead of trying again on every paint.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
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


class BackgroundImageCache(QObject):
    """key -> QImage, made by `make_image(key)` in `run_background` jobs (never on the GUI thread); a key whose
    image failed is remembered with its sentence. Chat thumbnails (key: a path) and drawn formulas (key: what to
    draw, message_math.py) are the two kinds."""

    ready = Signal(str)  # key: get(key) now returns its image
    failed = Signal(str, str)  # key, a sentence (missing, damaged, cannot be drawn...)
    job_name = "image"

    def __init__(self, run_background: Callable[..., Job], parent: QObject | None = None):
        super().__init__(parent)
        self._run_background = run_background
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._errors: dict[str, str] = {}
        self._pending: dict[Job, str] = {}
        self._queued: list[str] = []  # asked for in this event, started after it

    def make_image(self, key: str) -> QImage:
        """The image for `key`, on the utility thread; raises with a sentence when there is none."""
        raise NotImplementedError

    def get(self, key: str) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def error(self, key: str) -> str | None:
        return self._errors.get(key)

    def is_pending(self, key: str) -> bool:
        return key in self._queued or key in self._pending.values()

    def put(self, key: str, image: QImage) -> None:
        """An image made elsewhere (an attachment just checked) is reused instead of made again."""
        self._errors.pop(key, None)
        self._images[key] = image
        self._images.move_to_end(key)
        while len(self._images) > CACHE_LIMIT:
            self._images.popitem(last=False)
        self.ready.emit(key)

    def request(self, key: str) -> None:
        """Make the image for `key` unless it is cached, known broken, or already on its way; `ready`/`failed`
        follow."""
        if key in self._images or key in self._errors or self.is_pending(key):
            return
        if not self._queued:
            QTimer.singleShot(0, self, self._start)
        self._queued.append(key)

    def _start(self) -> None:
        """The jobs start once the request's event is over (a conversation opening asks for all its pictures):
        work on the utility thread holds Python's lock half the time and would slow the opening down."""
        queued, self._queued = self._queued, []
        for key in queued:
            self._run_background(lambda _job, key=key: self.make_image(key), name=self.job_name,
                                 before_start=lambda job, key=key: self._watch(job, key))

    def _watch(self, job: Job, key: str) -> None:
        self._pending[job] = key
        job.finished.connect(self._on_made)  # bound methods: always queued to the GUI thread
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)

    def _on_made(self, image: QImage) -> None:
        key = self._pending.pop(self.sender(), None)
        if key is not None:
            self.put(key, image)

    def _on_failed(self, error: BaseException) -> None:
        key = self._pending.pop(self.sender(), None)
        if key is not None:
            self._errors[key] = core_text(error)
            self.failed.emit(key, core_text(error))

    def _on_cancelled(self) -> None:
        self._pending.pop(self.sender(), None)


class ChatImageCache(BackgroundImageCache):
    """path -> QImage thumbnail (longer side THUMBNAIL_SIDE), decoded as the models see the image."""

    job_name = "chat thumbnail"

    def make_image(self, key: str) -> QImage:
        return pil_to_qimage(open_image(key, max_side=THUMBNAIL_SIDE))
