"""Colours for the code blocks of the conversation view, lexed by Pygments in `run_background` jobs.

The spans come from a BackgroundCache (lexed off the GUI thread, the most recent 200 kept, so a conversation
opened again is coloured at once). A block's colours go on as its lines' layout formats (what QSyntaxHighlighter
uses), not as character formats: the document's text and positions stay as they were, the formulas and thumbnails
placed by position stay right, and copying a block copies plain code. The colours come from the theme when they
are applied.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextDocument, QTextLayout

from desktop_app.core.tasks.code_tokens import Span, code_spans
from desktop_app.ui import theme
from desktop_app.ui.widgets.background_cache import BackgroundCache
from desktop_app.workers.jobs import Job


def _utf16(text: str, column: int) -> int:
    """Qt counts UTF-16 units; Python counts characters (an emoji in a comment is two units, one character)."""
    return len(text[:column].encode("utf-16-le")) // 2


class CodeSpans(BackgroundCache):
    """JSON [language, code] -> the spans to colour, per line (no line for a language Pygments does not know)."""

    job_name = "colour code"
    limit = 200

    def make(self, key: str) -> list[list[Span]]:
        language, code = json.loads(key)
        return code_spans(language, code) or []


class CodeHighlighter(QObject):
    """Asks for each block's spans once, and paints them on the block's lines when they come."""

    def __init__(self, run_background: Callable[..., Job], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._spans = CodeSpans(run_background, self)
        self._spans.ready.connect(self._on_lexed)
        self._spans.failed.connect(self._on_failed)
        self._waiting: dict[str, list[tuple[weakref.ref, Callable[[], list]]]] = {}

    def colour(self, document: QTextDocument, lines: Callable[[], list], language: str, code: str) -> None:
        """Colour the blocks `lines()` returns (found again when the spans arrive: the document may have changed)
        as `language` code."""
        key = json.dumps([language, code])
        spans = self._spans.get(key)
        if spans is not None:  # a conversation opened again: painted after it is shown, a block per event
            QTimer.singleShot(0, self, lambda: self._paint(lines(), spans))
            return
        self._waiting.setdefault(key, []).append((weakref.ref(document), lines))
        self._spans.request(key)

    def _on_lexed(self, key: str) -> None:
        spans = self._spans.get(key)
        for document, lines in self._waiting.pop(key, []):
            if document() is not None and spans is not None:
                self._paint(lines(), spans)

    def _on_failed(self, key: str, _reason: str) -> None:
        self._waiting.pop(key, None)  # the code stays plain

    @staticmethod
    def _paint(blocks: list, spans: list[list[Span]] | None) -> None:
        if not spans or len(blocks) != len(spans):
            return  # an unknown language, or the block is no longer shown as it was
        formats: dict[str, QTextCharFormat] = {}
        for block, line in zip(blocks, spans, strict=True):
            ranges = []
            text = block.text()
            for start, length, kind in line:
                fmt = formats.get(kind)
                if fmt is None:
                    fmt = formats[kind] = QTextCharFormat()
                    fmt.setForeground(QColor(theme.color(f"code_{kind}")))
                r = QTextLayout.FormatRange()
                r.start, r.length, r.format = _utf16(text, start), _utf16(text, start + length) - _utf16(text, start), fmt
                ranges.append(r)
            block.layout().setFormats(ranges)
        start = blocks[0].position()
        blocks[0].document().markContentsDirty(start, blocks[-1].position() + blocks[-1].length() - start)
