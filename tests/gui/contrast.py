"""WCAG contrast of what a window really shows: each visible text's colour against the pixels behind it.

Why pixels for the background: a label's background is whatever its ancestors, a style sheet or a notice bar
painted, which no single palette role says. So the window is grabbed once and the background of a widget is the
most common colour inside its rectangle (text covers far less of it than the space around). The foreground is what
the text is drawn with: the widget's palette role (which a style sheet's `color:` also sets) and, for rich text,
each fragment's own colour. An item view's rows are checked by the colours their model gives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QPoint, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPalette, QTextDocument
from PySide6.QtGui import Qt as QtGuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

AA = 4.5
AA_LARGE = 3.0  # 18 pt, or 14 pt bold (WCAG 2.1 "large text")
VIEW_ROWS = 30  # rows of each item view looked at


def _channel(v: int) -> float:
    c = v / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(c: QColor) -> float:
    return 0.2126 * _channel(c.red()) + 0.7152 * _channel(c.green()) + 0.0722 * _channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def is_large(font: QFont) -> bool:
    size = font.pointSizeF()
    return size >= 18 or (size >= 14 and font.weight() >= QFont.DemiBold)


@dataclass
class Problem:
    where: str
    text: str
    ratio: float
    fg: str
    bg: str

    def __str__(self) -> str:
        return f"{self.where}: {self.ratio:.2f}:1 {self.fg} on {self.bg}: {self.text[:50]!r}"


def _text_of(w: QWidget) -> str:
    if isinstance(w, QGroupBox):
        return w.title()
    return w.text() if isinstance(w, (QLabel, QAbstractButton)) else ""


def foregrounds(w: QWidget) -> list[tuple[QColor, str]]:
    """The colours `w`'s text is drawn in, each with the text drawn in it."""
    base = w.palette().color(QPalette.Active, w.foregroundRole())
    text = _text_of(w)
    rich = isinstance(w, QLabel) and (w.textFormat() == Qt.RichText
                                      or (w.textFormat() == Qt.AutoText and QtGuiQt.mightBeRichText(text)))
    if not rich:
        return [(base, text)]
    doc = QTextDocument()
    doc.setHtml(text)
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.text().strip():
                brush = frag.charFormat().foreground()
                out.append((brush.color() if brush.style() != Qt.NoBrush else base, frag.text()))
            it += 1
        block = block.next()
    return out


def background(image: QImage, top_left: QPoint, width: int, height: int) -> QColor | None:
    """The most common colour inside the rectangle less its frame (a button's border, a focus ring).

    Colours are counted in buckets of 8 levels per channel, so that a gradient face (Fusion's buttons) counts as
    one colour rather than twenty rare ones, and the bucket's mean is returned. Every other pixel is read."""
    inset = min(3, width // 4, height // 4)
    buckets: Counter[tuple[int, int, int]] = Counter()
    sums: dict[tuple[int, int, int], list[int]] = {}
    for x in range(max(0, top_left.x() + inset), min(image.width(), top_left.x() + width - inset), 2):
        for y in range(max(0, top_left.y() + inset), min(image.height(), top_left.y() + height - inset), 2):
            c = QColor.fromRgb(image.pixel(x, y))
            key = (c.red() >> 3, c.green() >> 3, c.blue() >> 3)
            buckets[key] += 1
            total = sums.setdefault(key, [0, 0, 0])
            total[0] += c.red()
            total[1] += c.green()
            total[2] += c.blue()
    if not buckets:
        return None
    key, n = buckets.most_common(1)[0]
    return QColor(*(round(v / n) for v in sums[key]))


def _shown(w: QWidget) -> bool:
    return w.isVisible() and w.isEnabled() and w.width() > 0 and not w.visibleRegion().isEmpty()


def check_window(window: QWidget, where: str) -> list[Problem]:
    """Every enabled, visible text of `window` below AA (large text: below 3:1)."""
    image = window.grab().toImage()
    problems = []
    for w in window.findChildren(QWidget):
        if not isinstance(w, (QLabel, QAbstractButton, QGroupBox)) or not _text_of(w).strip() or not _shown(w):
            continue
        bg = background(image, w.mapTo(window, QPoint(0, 0)), w.width(), w.height())
        if bg is None:
            continue
        need = AA_LARGE if is_large(w.font()) else AA
        for fg, text in foregrounds(w):
            ratio = contrast(fg, bg)
            if ratio < need:
                problems.append(Problem(f"{where} {type(w).__name__}", text, ratio, fg.name(), bg.name()))
    for view in window.findChildren(QAbstractItemView):
        if _shown(view) and view.model() is not None:
            problems += _check_rows(view, where)
    for edit in [*window.findChildren(QTextEdit), *window.findChildren(QPlainTextEdit)]:
        if _shown(edit):
            problems += _check_document(edit, where)
    return problems


def _check_document(edit: QTextEdit | QPlainTextEdit, where: str) -> list[Problem]:
    """Text a document colours itself (the conversation's names, thinking, notes): each coloured fragment on its
    own background, or the editor's base."""
    base = edit.viewport().palette().color(QPalette.Base)
    problems = []
    block = edit.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            fmt = frag.charFormat()
            if frag.text().strip() and fmt.foreground().style() != Qt.NoBrush:
                fg = fmt.foreground().color()
                bg = fmt.background().color() if fmt.background().style() != Qt.NoBrush else base
                need = AA_LARGE if is_large(fmt.font()) else AA
                ratio = contrast(fg, bg)
                if ratio < need:
                    problems.append(Problem(f"{where} {type(edit).__name__}", frag.text(), ratio, fg.name(),
                                            bg.name()))
            it += 1
        block = block.next()
    return problems


def _check_rows(view: QAbstractItemView, where: str) -> list[Problem]:
    """Rows whose model sets their colours: the row's colour on its background (the view's base when unset)."""
    model, pal = view.model(), view.palette()
    problems = []
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()  # a list's is private
    for row in range(min(model.rowCount(), VIEW_ROWS)):
        for col in range(columns):
            index = model.index(row, col)
            fg, bg = index.data(Qt.ForegroundRole), index.data(Qt.BackgroundRole)
            if fg is None and bg is None:
                continue
            fg = QColor(fg.color() if hasattr(fg, "color") else fg) if fg is not None else pal.color(QPalette.Text)
            alternate = view.alternatingRowColors() and row % 2
            behind = pal.color(QPalette.AlternateBase if alternate else QPalette.Base)
            bg = QColor(bg.color() if hasattr(bg, "color") else bg) if bg is not None else behind
            ratio = contrast(fg, bg)
            if ratio < AA:
                problems.append(Problem(f"{where} {type(view).__name__} row {row}", str(index.data() or ""), ratio,
                                        fg.name(), bg.name()))
    return problems
