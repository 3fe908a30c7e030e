"""Formulas in the conversation view, drawn as a math textbook prints them.

A finished message's LaTeX (core/tasks/math_spans.py finds it) goes into the Markdown as image references; each
image is drawn by matplotlib's mathtext in a `run_background` job (core/tasks/math_render.py), never on the GUI
thread. Until it arrives the formula's source stands in, drawn as text; a formula mathtext cannot draw keeps that
stand-in, with the reason as its tooltip. The tooltip of a drawn one is its LaTeX, and Copy copies the message's
Markdown, LaTeX included, as LM Studio and Open WebUI do.

An image sits on the line like a word: Qt centres an inline image (AlignMiddle) a quarter of the font's x-height
above the baseline, so each picture is padded until the formula's own baseline lands on the line's.
"""

from __future__ import annotations

import hashlib
import json

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFontInfo,
    QFontMetricsF,
    QImage,
    QPainter,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextBrowser

from desktop_app.core.tasks.math_render import render_math
from desktop_app.core.tasks.math_spans import Piece, to_markdown
from desktop_app.ui import theme
from desktop_app.ui.widgets.background_cache import BackgroundCache
from desktop_app.ui.widgets.message_images import redraw_images

DEPTH = "depth"  # the QImage text key holding how many pixels the formula reaches below its baseline
# Computer Modern is small beside the interface's sans-serif at the same size (its x-height is lower); KaTeX, which
# LM Studio and Open WebUI use, draws math at 1.21 em for the same reason.
MATH_SCALE = 1.2


def _resource(key: str) -> str:
    """The document resource name of what `key` draws: the same formula in the same style is one picture."""
    return "math:" + hashlib.sha1(key.encode()).hexdigest()[:16]


class MathImageCache(BackgroundCache):
    """What to draw (a JSON list: kind, LaTeX, font pixels, colour, device pixel ratio) -> the drawn formula."""

    job_name = "draw formula"

    def make(self, key: str) -> QImage:
        kind, latex, size_px, color, ratio = json.loads(key)
        bitmap = render_math(latex, size_px * ratio, color, kind)
        image = QImage(bitmap.rgba, bitmap.width, bitmap.height, bitmap.width * 4, QImage.Format_RGBA8888).copy()
        image.setText(DEPTH, str(bitmap.depth))
        image.setDevicePixelRatio(ratio)
        return image


class MessageMath:
    """The formulas of one view's document: their names, where they sit, and their pictures."""

    def __init__(self, view: QTextBrowser) -> None:
        self._view = view
        self._cache: MathImageCache | None = None
        self._keys: dict[str, str] = {}  # resource name -> cache key
        self._display: set[str] = set()
        self._positions: dict[str, list[int]] = {}
        self._stand_ins: dict[str, QImage] = {}  # name -> its source drawn as text (the name holds the colour)

    def set_cache(self, cache: MathImageCache) -> None:
        self._cache = cache
        cache.ready.connect(self._on_drawn)
        cache.failed.connect(self._on_failed)

    def clear(self) -> None:
        self._positions.clear()
        self._stand_ins.clear()

    def markdown(self, text: str) -> str:
        """`text` with its formulas as image references (as it is without a cache to draw them)."""
        if self._cache is None:
            return text
        style = (round(QFontInfo(self._view.font()).pixelSize() * MATH_SCALE, 1),
                 self._view.palette().color(QPalette.Text).name(), self._view.devicePixelRatioF())
        return to_markdown(text, lambda piece, display: self._name(piece, display, style))

    def state(self) -> dict[str, str]:
        """Each formula shown, by its LaTeX: "drawn", "failed" or "waiting" (for tests and the curious)."""
        out = {}
        for name in self._positions:
            key, cache = self._keys[name], self._cache
            drawn = cache is not None and cache.get(key) is not None
            out[self._latex(name)] = "drawn" if drawn else "failed" if cache and cache.error(key) else "waiting"
        return out

    def place(self, start: int, end: int) -> None:
        """After Markdown with formulas went in between `start` and `end`: give each its picture (or its stand-in),
        and centre the lines that hold nothing but display formulas."""
        document = self._view.document()
        block = document.findBlock(start)
        while block.isValid() and block.position() < end:
            if "\ufffc" not in block.text():  # no picture in this paragraph (most are code or text)
                block = block.next()
                continue
            names, other = [], False
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                name = fmt.toImageFormat().name() if fmt.isImageFormat() else ""
                if name in self._keys:
                    spots = list(range(fragment.position(), fragment.position() + fragment.length()))
                    self._positions.setdefault(name, []).extend(spots)
                    names.append((name, spots))
                elif fragment.text().strip(" \u2028\n"):
                    other = True
                it += 1
            if names and not other and any(n in self._display for n, _spots in names):
                centred = QTextBlockFormat(block.blockFormat())
                centred.setAlignment(Qt.AlignHCenter)
                QTextCursor(block).setBlockFormat(centred)
            for name, spots in names:
                self._draw(name, spots)  # these places only: the same formula elsewhere is drawn already
            block = block.next()

    # -- names, pictures ---------------------------------------------------------------------------------------
    def _name(self, piece: Piece, display: bool, style: tuple[float, str, float]) -> str:
        """The resource name of `piece` drawn in `style` (font pixels, colour, device pixel ratio)."""
        key = json.dumps([piece.kind, piece.text, *style])
        name = _resource(key)
        self._keys[name] = key
        if display:
            self._display.add(name)
        return name

    def _latex(self, name: str) -> str:
        return json.loads(self._keys[name])[1]  # the key is [kind, LaTeX, style...]

    def _draw(self, name: str, positions: list[int]) -> None:
        key, cache = self._keys[name], self._cache
        image = cache.get(key) if cache is not None else None
        tooltip = self._latex(name)
        if image is None:
            error = cache.error(key) if cache is not None else None
            if error is None and cache is not None:
                cache.request(key)
            image, tooltip = self._stand_in(name), error or tooltip
        else:
            image = self._on_baseline(image)
        ratio = image.devicePixelRatio()
        size = (max(1, round(image.width() / ratio)), max(1, round(image.height() / ratio)))
        redraw_images(self._view.document(), positions, name, image, size, tooltip, QTextCharFormat.AlignMiddle)

    def _on_baseline(self, image: QImage) -> QImage:
        """The picture padded above or below so that AlignMiddle puts its baseline on the line's."""
        ratio = image.devicePixelRatio()
        centre = QFontMetricsF(self._view.font()).xHeight() / 4 * ratio  # where Qt centres it, above the baseline
        depth = float(image.text(DEPTH) or 0)
        above = image.height() - depth
        extra = round(2 * centre - above + depth)  # top padding when positive, bottom padding when negative
        if extra == 0:
            return image
        padded = QImage(image.width(), image.height() + abs(extra), QImage.Format_ARGB32_Premultiplied)
        padded.fill(Qt.transparent)
        painter = QPainter(padded)
        painter.drawImage(0, max(extra, 0), image)
        painter.end()
        padded.setDevicePixelRatio(ratio)
        return padded

    def _stand_in(self, name: str) -> QImage:
        """The LaTeX itself, drawn as muted text, while the picture is on its way or when there is none."""
        if name in self._stand_ins:
            return self._stand_ins[name]
        ratio = self._view.devicePixelRatioF()
        font = self._view.font()
        metrics = QFontMetricsF(font)
        text = self._latex(name)
        image = QImage(round((metrics.horizontalAdvance(text) + 2) * ratio), round(metrics.height() * ratio),
                       QImage.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setFont(font)
        painter.setPen(QColor(theme.color("muted")))
        painter.drawText(1, round(metrics.ascent()), text)
        painter.end()
        image.setText(DEPTH, str(round(metrics.descent() * ratio)))
        self._stand_ins[name] = self._on_baseline(image)
        return self._stand_ins[name]

    def _on_drawn(self, key: str) -> None:
        name = _resource(key)
        if name in self._positions:
            self._draw(name, self._positions[name])
            self._view.viewport().update()

    def _on_failed(self, key: str, _reason: str) -> None:
        self._on_drawn(key)
