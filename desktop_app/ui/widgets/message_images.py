"""A user message's images in the conversation view: thumbnails (bounded size) that the ChatImageCache decodes off
the GUI thread. A grey box stands in until the thumbnail arrives, and a file gone from disk stays a labelled
placeholder. Each image is a private resource (never a file URL, so QTextDocument can never decode the file
itself), anchored as `image:<message id>:<index>` so that a click can name it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QImage, QTextCharFormat, QTextCursor, QTextDocument, QTextImageFormat

from desktop_app.ui.widgets.chat_images import ChatImageCache, placeholder_image

IMAGE_BOX = 160  # the longer side of an image shown in a message, in pixels


def _tr(text: str) -> str:
    return QCoreApplication.translate("MessageView", text)


def _missing() -> QImage:
    return placeholder_image(IMAGE_BOX, IMAGE_BOX * 3 // 4, _tr("Image missing"))


def _box(image: QImage) -> tuple[int, int]:
    w, h = max(image.width(), 1), max(image.height(), 1)
    scale = min(1.0, IMAGE_BOX / max(w, h))
    return max(round(w * scale), 1), max(round(h * scale), 1)


def redraw_images(document: QTextDocument, positions: list[int], name: str, image: QImage, size: tuple[int, int],
                  tooltip: str, align: QTextCharFormat.VerticalAlignment | None = None) -> None:
    """Draw `image` (resource `name`) at `size` wherever it sits (and aligned so on its line, when `align` is
    given). Only its characters' formats change, so the document's positions stay as they were and only those
    blocks are laid out again."""
    document.addResource(QTextDocument.ImageResource, QUrl(name), image)
    batch = QTextCursor(document)
    batch.beginEditBlock()  # one layout pass for all the places: a format change alone costs a layout (3 ms)
    for pos in positions:
        cursor = QTextCursor(document)
        cursor.setPosition(pos)
        cursor.setPosition(pos + 1, QTextCursor.KeepAnchor)
        fmt = cursor.charFormat().toImageFormat()
        if not fmt.isValid():
            continue
        fmt.setWidth(size[0])
        fmt.setHeight(size[1])
        fmt.setToolTip(tooltip)
        if align is not None:
            fmt.setVerticalAlignment(align)
        cursor.setCharFormat(fmt)
    batch.endEditBlock()


class MessageImages:
    """Where each image sits in one document, and redrawing it there when its thumbnail arrives or fails.

    Earlier content never changes without a full rebuild (streaming only appends at the end), so the positions
    stay valid until clear()."""

    def __init__(self, document: QTextDocument, repaint: Callable[[], None]) -> None:
        self._document = document
        self._repaint = repaint
        self._positions: dict[str, list[int]] = {}
        self._resource_names: dict[str, str] = {}
        self._cache: ChatImageCache | None = None

    def set_cache(self, cache: ChatImageCache) -> None:
        self._cache = cache
        cache.ready.connect(self._on_ready)
        cache.failed.connect(self._on_failed)

    def clear(self) -> None:
        self._positions.clear()

    def insert(self, cursor: QTextCursor, message_id: int, paths: tuple[str, ...] | list[str]) -> None:
        for i, path in enumerate(paths):
            image, tooltip = self._image_for(path)
            name = self._resource_name(path)
            self._document.addResource(QTextDocument.ImageResource, QUrl(name), image)
            fmt = QTextImageFormat()
            fmt.setName(name)
            w, h = _box(image)
            fmt.setWidth(w)
            fmt.setHeight(h)
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"image:{message_id}:{i}")
            fmt.setToolTip(tooltip)
            self._positions.setdefault(path, []).append(cursor.position())
            cursor.insertImage(fmt)
            cursor.insertText("  ", QTextCharFormat())

    def state(self, path: str) -> str:
        """"ready", "missing" or "loading" for an image shown in the conversation ("" when it is not shown)."""
        if path not in self._positions:
            return ""
        if self._cache is not None and self._cache.get(path) is not None:
            return "ready"
        if self._cache is not None and self._cache.error(path):
            return "missing"
        return "loading"

    def shown_size(self, path: str) -> tuple[int, int]:
        """The size an image is drawn at in the conversation (its first occurrence)."""
        positions = self._positions.get(path)
        if not positions:
            return (0, 0)
        cursor = QTextCursor(self._document)
        cursor.setPosition(positions[0] + 1)
        fmt = cursor.charFormat().toImageFormat()
        return (round(fmt.width()), round(fmt.height()))

    def _resource_name(self, path: str) -> str:
        name = self._resource_names.get(path)
        if name is None:
            name = f"chat-image:{len(self._resource_names)}"
            self._resource_names[path] = name
        return name

    def _image_for(self, path: str) -> tuple[QImage, str]:
        """What to draw for `path` now (thumbnail, missing placeholder or loading box) and its tooltip."""
        cache = self._cache
        image = cache.get(path) if cache is not None else None
        if image is not None:
            return image, path
        error = cache.error(path) if cache is not None else None
        if error:
            return _missing(), error
        if cache is not None:
            cache.request(path)
        return placeholder_image(IMAGE_BOX, IMAGE_BOX * 3 // 4), _tr("Loading {path}…").format(path=path)

    def _refresh(self, path: str, image: QImage, tooltip: str) -> None:
        positions = self._positions.get(path)
        if positions:
            redraw_images(self._document, positions, self._resource_name(path), image, _box(image), tooltip)
            self._repaint()

    def _on_ready(self, path: str) -> None:
        image = self._cache.get(path) if self._cache is not None else None
        if image is not None:
            self._refresh(path, image, path)

    def _on_failed(self, path: str, reason: str) -> None:
        self._refresh(path, _missing(), reason)
