"""Colours for the code blocks of the conversation view, lexed by Pygments in `run_background` jobs.

A block's colours go on as its lines' layout formats (what QSyntaxHighlighter uses), not as character formats:
the document's text and positions stay as they were, the formulas and thumbnails placed by position stay right,
and copying a block copies plain code. The lexed spans are kept per (language, code), so a conversation opened
again is coloured at once; the colours come from the theme when they are applied.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextDocument, QTextLayout

from desktop_app.core.tasks.code_tokens import Span, code_spans
from desktop_app.ui import theme
from desktop_app.workers.jobs import Job

KEPT = 200  # lexed blocks kept, most recent first


def _utf16(text: str, column: int) -> int:
    """Qt counts UTF-16 units; Python counts characters (an emoji in a comment is two units, one character)."""
    return len(text[:column].encode("utf-16-le")) // 2


class CodeHighlighter(QObject):
    """Asks for each block's spans once, and paints them on the block's lines when they come."""

    def __init__(self, run_background: Callable[..., Job], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run_background = run_background
        self._spans: OrderedDict[tuple[str, str], list[list[Span]] | None] = OrderedDict()
        self._waiting: dict[Job, tuple[tuple[str, str], weakref.ref, Callable]] = {}
        self._queued: list[tuple[tuple[str, str], weakref.ref, Callable]] = []  # to lex once the view is shown

    def colour(self, document: QTextDocument, lines: Callable[[], list], language: str, code: str) -> None:
        """Colour the blocks `lines()` returns (found again when the spans arrive: the document may have changed)
        as `language` code."""
        key = (language, code)
        if key in self._spans:  # a conversation opened again: painted after it is shown, a block per event
            self._spans.move_to_end(key)
            spans = self._spans[key]
            QTimer.singleShot(0, self, lambda: self._paint(lines(), spans))
            return

        if not self._queued:
            QTimer.singleShot(0, self, self._start)
        self._queued.append((key, weakref.ref(document), lines))

    def _start(self) -> None:
        """The lexing starts once the conversation is shown: a lexer on the utility thread holds Python's lock
        half the time, and opening a long coding conversation took twice as long while 60 blocks were lexed."""
        queued, self._queued = self._queued, []
        for key, document, lines in queued:
            def watch(job: Job, key=key, document=document, lines=lines) -> None:
                self._waiting[job] = (key, document, lines)
                job.finished.connect(self._on_lexed)  # bound methods: queued to the GUI thread
                job.failed.connect(self._on_failed)
                job.cancelled.connect(self._on_failed)

            language, code = key
            self._run_background(lambda _job, language=language, code=code: code_spans(language, code),
                                 name="colour code", before_start=watch)

    def _on_lexed(self, spans) -> None:
        key, document, lines = self._waiting.pop(self.sender(), (None, None, None))
        if key is None:
            return
        self._spans[key] = spans
        while len(self._spans) > KEPT:
            self._spans.popitem(last=False)
        if document() is not None:
            self._paint(lines(), spans)

    def _on_failed(self, *_args) -> None:
        self._waiting.pop(self.sender(), None)  # the code stays plain

    @staticmethod
    def _paint(blocks: list, spans: list[list[Span]] | None) -> None:
        if not spans or len(blocks) != len(spans):
            return  # an unknown language, or the block is no longer there as it was
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
