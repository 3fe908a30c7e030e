"""The Describe tab's image list: a Qt list model over plain items, shown as a grid of thumbnails.

Rows hold only paths and captions; thumbnails are asked of the ThumbnailLoader the first time a row is painted and
kept in a bounded cache, so adding 10,000 files costs one model insert and the grid fills in as it is scrolled.
Thumbnail arrivals are coalesced into one dataChanged per ~50 ms instead of one repaint per image.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.workers.thumbnails import ThumbnailLoader

THUMB_SIZE = 128
CACHE_LIMIT = 1500  # ~100 MB of 128 px thumbnails at most
CaptionRole = Qt.UserRole + 1
StatusRole = Qt.UserRole + 2
PathRole = Qt.UserRole + 3


@dataclass
class ImageItem:
    path: Path
    caption: str = ""
    status: str = "new"  # new | described | edited | failed | saved
    error: str = ""
    saved_caption: str | None = None  # what the sidecar .txt holds on disk (None: no sidecar)

    @property
    def unsaved(self) -> bool:
        return bool(self.caption) and self.caption != (self.saved_caption or "")


def _placeholder(size: int, color: str) -> QPixmap:
    pm = QPixmap(size, size)
    pm.fill(Qt.transparent)
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.NoPen)
    painter.drawRoundedRect(8, 8, size - 16, size - 16, 8, 8)
    painter.end()
    return pm


def _boxed(pm: QPixmap, size: int) -> QPixmap:
    """The thumbnail centred on a transparent square: every cell's icon has the same size, so the file names
    line up under them whatever the aspect ratio."""
    box = QPixmap(size, size)
    box.fill(Qt.transparent)
    painter = QPainter(box)
    painter.drawPixmap((size - pm.width()) // 2, (size - pm.height()) // 2, pm)
    painter.end()
    return box


class ImageListModel(QAbstractListModel):
    def __init__(self, loader: ThumbnailLoader, parent: QObject | None = None):
        super().__init__(parent)
        self.items: list[ImageItem] = []
        self._rows: dict[str, int] = {}
        self._loader = loader
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._broken: dict[str, str] = {}
        theme.on_change(self, self._make_placeholders)  # again when the theme changes
        self._changed: set[int] = set()
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(50)
        self._flush.timeout.connect(self._emit_changed)
        loader.loaded.connect(self._on_thumbnail)
        loader.failed.connect(self._on_thumbnail_failed)

    def _make_placeholders(self) -> None:
        self._loading = QIcon(_placeholder(THUMB_SIZE, theme.color("placeholder")))
        self._bad = QIcon(_placeholder(THUMB_SIZE, theme.color("placeholder_bad")))

    # -- Qt model ------------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 (Qt signature)
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self.items):
            return None
        item = self.items[index.row()]
        role = int(role)
        if role == Qt.DisplayRole:
            mark = {"failed": "⚠ ", "described": "✓ ", "edited": "✎ ", "saved": "✓ "}.get(item.status, "")
            return mark + item.path.name
        if role == Qt.DecorationRole:
            return self._thumbnail(item)
        if role == Qt.ToolTipRole:
            body = core_text(item.error) if item.error else item.caption
            return f"{item.path}\n\n{body}" if body else str(item.path)
        if role == Qt.ForegroundRole and item.status == "failed":
            return QColor(theme.color("error_text"))
        if role == CaptionRole:
            return item.caption
        if role == StatusRole:
            return item.status
        if role == PathRole:
            return str(item.path)
        return None

    def _thumbnail(self, item: ImageItem):
        key = str(item.path)
        pm = self._cache.get(key)
        if pm is not None:
            self._cache.move_to_end(key)
            return pm
        if key in self._broken:
            return self._bad
        self._loader.request(key, THUMB_SIZE)
        return self._loading

    def _on_thumbnail(self, path: str, size: int, image) -> None:
        if size != THUMB_SIZE or path not in self._rows:
            return
        self._cache[path] = _boxed(QPixmap.fromImage(image), THUMB_SIZE)
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)
        self._mark(self._rows[path])

    def _on_thumbnail_failed(self, path: str, size: int, reason: str) -> None:
        row = self._rows.get(path)
        if size != THUMB_SIZE or row is None:
            return
        self._broken[path] = reason
        item = self.items[row]
        if not item.caption:
            item.status, item.error = "failed", reason
        self._mark(row)

    def _mark(self, row: int) -> None:
        self._changed.add(row)
        if not self._flush.isActive():
            self._flush.start()

    def _emit_changed(self) -> None:
        rows, self._changed = sorted(r for r in self._changed if r < len(self.items)), set()
        if rows:
            self.dataChanged.emit(self.index(rows[0]), self.index(rows[-1]))

    # -- items ---------------------------------------------------------------------------------------------------
    def add(self, items: list[ImageItem]) -> int:
        """Append the items whose path is not listed yet; returns how many were new."""
        fresh = []
        for item in items:
            key = str(item.path)
            if key not in self._rows:
                self._rows[key] = len(self.items) + len(fresh)
                fresh.append(item)
        if fresh:
            self.beginInsertRows(QModelIndex(), len(self.items), len(self.items) + len(fresh) - 1)
            self.items.extend(fresh)
            self.endInsertRows()
        return len(fresh)

    def clear(self) -> None:
        self.beginResetModel()
        self.items.clear()
        self._rows.clear()
        self._cache.clear()
        self._broken.clear()
        self._changed.clear()
        self.endResetModel()
        self._loader.clear()

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self.items):
                self.beginRemoveRows(QModelIndex(), row, row)
                item = self.items.pop(row)
                self.endRemoveRows()
                self._cache.pop(str(item.path), None)
        self._rows = {str(it.path): i for i, it in enumerate(self.items)}

    def row_of(self, path: str | Path) -> int | None:
        return self._rows.get(str(path))

    def item(self, row: int) -> ImageItem:
        return self.items[row]

    def update_item(self, row: int) -> None:
        """An item's caption or status changed: repaint its cell."""
        self._mark(row)

    def set_described(self, row: int, caption: str | None, error: str = "") -> ImageItem:
        """The model's answer for one image: its caption, or why it has none (the caption it had is kept)."""
        item = self.items[row]
        if error:
            item.status, item.error = "failed", error
        else:
            item.caption, item.status, item.error = caption or "", "described", ""
        self._mark(row)
        return item

    def set_edited(self, row: int, caption: str) -> None:
        """A caption typed by hand: "edited" until it matches what its .txt file holds again."""
        item = self.items[row]
        item.caption = caption
        item.status = "edited" if caption != (item.saved_caption or "") else "saved"
        item.error = ""
        self._mark(row)

    def thumbnail_error(self, path: str | Path) -> str | None:
        return self._broken.get(str(path))


class ImageGridView(QListView):
    """Icon-mode grid with fixed cells (uniform sizes keep layout O(1) per row, so 10,000 images scroll)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setViewMode(QListView.IconMode)
        self.setResizeMode(QListView.Adjust)
        self.setMovement(QListView.Static)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.Batched)
        self.setBatchSize(200)
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.setGridSize(QSize(THUMB_SIZE + 28, THUMB_SIZE + 40))
        self.setTextElideMode(Qt.ElideMiddle)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setDragEnabled(False)
        self.setSpacing(4)

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.selectionModel().selectedIndexes())
