"""Thumbnails and previews decoded off the GUI thread, newest request first.

A folder of 1,000 photos must show at once and fill in while the window stays responsive, so the grid asks for a
thumbnail only when a row is painted (its `data()` is called), and these threads decode it: JPEGs at a reduced
scale straight from the file (draft mode), EXIF rotation and alpha handled as the models see them
(core.tasks.images). Requests are served last-in first-out: after a fast scroll the rows on screen now come before
the ones scrolled past. The result travels as a QImage (safe to build on any thread); the view turns it into a
QPixmap on the GUI thread.
"""

from __future__ import annotations

import threading
from collections import deque

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal
from PySide6.QtGui import QImage

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.tasks.images import open_image


def pil_to_qimage(im) -> QImage:
    """An RGB PIL image as a QImage that owns its pixels (the PIL buffer may be freed afterwards)."""
    rgb = im if im.mode == "RGB" else im.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format_RGB888).copy()


def _png_bytes(image: QImage) -> bytes:
    """A QImage as PNG bytes (QImage and QBuffer are safe on a worker thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def stage_chat_image(store, path: str | None, image: QImage | None):
    """Runs on the utility thread: check and copy an image the user attached to a chat message (a file, or a
    picture pasted from the clipboard, saved as PNG), and make its thumbnail. Returns (StagedImage, QImage)."""
    from desktop_app.core.tasks.chat import stage_image

    staged = stage_image(None, store, data=_png_bytes(image)) if image is not None else stage_image(path, store)
    return staged, pil_to_qimage(staged.thumbnail)


def stage_chat_image_work(store, path: str | None, image: QImage | None):
    """stage_chat_image as the work of a utility job (ModelManager.run_background), its arguments fixed now."""
    return lambda _job: stage_chat_image(store, path, image)


class ThumbnailLoader(QObject):
    loaded = Signal(str, int, object)  # path, requested size, QImage
    failed = Signal(str, int, str)  # path, requested size, a sentence for the user

    def __init__(self, threads: int = 2, parent: QObject | None = None):
        super().__init__(parent)
        self._stack: deque[tuple[str, int]] = deque()
        self._queued: set[tuple[str, int]] = set()
        self._cond = threading.Condition()
        self._stopped = False
        self._generation = 0  # bumped by clear(): results of older requests are dropped
        self._threads = [
            threading.Thread(target=self._run, name=f"thumbnails-{i}", daemon=True) for i in range(threads)
        ]
        for t in self._threads:
            t.start()

    def request(self, path: str, size: int) -> None:
        """Decode `path` to fit `size` x `size`; a request already waiting moves to the front."""
        key = (path, size)
        with self._cond:
            if key in self._queued:
                try:
                    self._stack.remove(key)
                except ValueError:
                    pass
            self._queued.add(key)
            self._stack.append(key)
            self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._queued)

    def clear(self) -> None:
        """Forget every waiting request (the list was cleared); decodes under way finish but are not reported."""
        with self._cond:
            self._stack.clear()
            self._queued.clear()
            self._generation += 1

    def shutdown(self) -> None:
        with self._cond:
            self._stopped = True
            self._stack.clear()
            self._queued.clear()
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stack and not self._stopped:
                    self._cond.wait()
                if self._stopped:
                    return
                key = self._stack.pop()
                generation = self._generation
            path, size = key
            image: QImage | None = None
            error = ""
            try:
                image = pil_to_qimage(open_image(path, max_side=size))
            except DesktopAppError as exc:
                error = str(exc)
            except Exception as exc:  # noqa: BLE001 - a decoder bug must not end the thread
                error = f"{path}: {exc}"
            with self._cond:
                self._queued.discard(key)
                stale = generation != self._generation or self._stopped
            if stale:
                continue
            if image is not None:
                self.loaded.emit(path, size, image)
            else:
                self.failed.emit(path, size, error)
