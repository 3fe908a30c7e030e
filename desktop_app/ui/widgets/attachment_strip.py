"""The images waiting above the composer: one small tile per attachment, each removable.

A tile is added as soon as an image is dropped ("checking" while a worker decodes and copies it) and shows its
thumbnail once ready; only ready tiles are sent. The strip hides itself when empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from desktop_app.ui.widgets.chat_images import ChatImageCache, placeholder_image

TILE = 72  # pixels


@dataclass
class _Tile:
    key: int
    name: str
    widget: QFrame
    label: QLabel
    stored: str | None = None  # the file in the attachments folder, once checked


class AttachmentStrip(QScrollArea):
    changed = Signal()
    removed = Signal(int)  # key of a tile the user removed

    def __init__(self, cache: ChatImageCache, parent: QWidget | None = None):
        super().__init__(parent)
        self._cache = cache
        self._tiles: list[_Tile] = []
        self._next_key = 0
        self.setAccessibleName(self.tr("Attached images"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFixedHeight(TILE + 30)
        inner = QWidget()
        self._row = QHBoxLayout(inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self._row.addStretch(1)
        self.setWidget(inner)
        cache.ready.connect(self._on_thumbnail)
        cache.failed.connect(self._on_thumbnail_failed)
        self.hide()

    # -- public API ----------------------------------------------------------------------------------------------
    def add_pending(self, name: str) -> int:
        """A tile for an image being checked; returns its key for set_ready / remove."""
        key = self._next_key
        self._next_key += 1
        self._add_tile(_Tile(key, name, *self._make_tile(key, name)))
        return key

    def add_ready(self, stored: str, name: str = "") -> int:
        """A tile for an image already in the attachments folder (the images of a message being edited)."""
        key = self.add_pending(name or stored.rsplit("/", 1)[-1])
        self.set_ready(key, stored, self._cache.get(stored))
        return key

    def set_ready(self, key: int, stored: str, thumbnail: QImage | None) -> bool:
        tile = self._tile(key)
        if tile is None:
            return False  # removed while it was being checked
        tile.stored = stored
        tile.label.setToolTip(tile.name)
        if thumbnail is not None:
            self._show(tile, thumbnail)
        elif self._cache.error(stored):
            self._show_missing(tile, self._cache.error(stored))
        else:
            self._cache.request(stored)
        self.changed.emit()
        return True

    def remove(self, key: int) -> None:
        tile = self._tile(key)
        if tile is None:
            return
        self._tiles.remove(tile)
        tile.widget.deleteLater()
        self.setVisible(bool(self._tiles))
        self.changed.emit()

    def clear(self) -> None:
        for tile in list(self._tiles):
            tile.widget.deleteLater()
        self._tiles.clear()
        self.hide()
        self.changed.emit()

    def has_key(self, key: int) -> bool:
        return self._tile(key) is not None

    def paths(self) -> list[str]:
        """The checked images, in the order they were added: what a send attaches."""
        return [t.stored for t in self._tiles if t.stored]

    def names(self) -> list[str]:
        return [t.name for t in self._tiles]

    def is_busy(self) -> bool:
        """True while an image is still being checked (sending waits for it)."""
        return any(t.stored is None for t in self._tiles)

    def count(self) -> int:
        return len(self._tiles)

    def remove_button(self, index: int) -> QToolButton:
        return self._tiles[index].widget.findChild(QToolButton)

    # -- tiles ---------------------------------------------------------------------------------------------------
    def _tile(self, key: int) -> _Tile | None:
        return next((t for t in self._tiles if t.key == key), None)

    def _make_tile(self, key: int, name: str) -> tuple[QFrame, QLabel]:
        frame = QFrame()
        frame.setFrameShape(QFrame.StyledPanel)
        label = QLabel()
        label.setFixedSize(QSize(TILE, TILE))
        label.setAlignment(Qt.AlignCenter)
        label.setPixmap(QPixmap.fromImage(placeholder_image(TILE, TILE, self.tr("checking…"))))
        label.setToolTip(self.tr("{name} (checking…)").format(name=name))
        label.setAccessibleName(name)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Remove {name}").format(name=name))
        close.setAccessibleName(self.tr("Remove {name}").format(name=name))
        close.clicked.connect(lambda: self._remove_clicked(key))
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        layout.addWidget(close, 0, Qt.AlignRight)
        layout.addWidget(label)
        return frame, label

    def _add_tile(self, tile: _Tile) -> None:
        self._tiles.append(tile)
        self._row.insertWidget(self._row.count() - 1, tile.widget)
        self.show()
        self.changed.emit()

    def _remove_clicked(self, key: int) -> None:
        self.remove(key)
        self.removed.emit(key)

    def _show(self, tile: _Tile, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(TILE, TILE, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        tile.label.setPixmap(pixmap)

    def _show_missing(self, tile: _Tile, reason: str) -> None:
        tile.label.setPixmap(QPixmap.fromImage(placeholder_image(TILE, TILE, self.tr("missing"))))
        tile.label.setToolTip(reason)

    def _on_thumbnail(self, path: str) -> None:
        for tile in self._tiles:
            if tile.stored == path:
                self._show(tile, self._cache.get(path))

    def _on_thumbnail_failed(self, path: str, reason: str) -> None:
        for tile in self._tiles:
            if tile.stored == path:
                self._show_missing(tile, reason)
