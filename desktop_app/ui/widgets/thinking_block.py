"""A reasoning model's thinking in the conversation: a collapsible block above the answer.

The block is a title line ("▸ Thought for 12 s", a link that opens and closes it) and the thinking as muted,
indented paragraphs. Closing hides those paragraphs (QTextBlock.setVisible) instead of removing them, so nothing
else in the document moves and the positions the view keeps (images, the streaming reply) stay valid; only the
arrow character of the title changes, for one of the same length.

While a reply streams, the block is open and the thinking grows live at its end; the answer streams below it.
Blocks are tracked by paragraph number, which text typed into an earlier paragraph does not change.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from desktop_app.ui import theme

OPEN, CLOSED = "▾", "▸"


def thought_for(seconds: float) -> str:
    """ "Thought for 12 s" (or minutes), the title of a finished block."""
    s = max(int(round(seconds)), 0)
    if s < 1:
        return QCoreApplication.translate("ThinkingBlock", "Thought for a moment")
    if s < 60:
        return QCoreApplication.translate("ThinkingBlock", "Thought for {n} s").format(n=s)
    return QCoreApplication.translate("ThinkingBlock", "Thought for {m} min {s} s").format(m=s // 60, s=s % 60)


def thinking_now(seconds: float = 0.0) -> str:
    """The title while the model thinks: "Thinking…", then "Thinking… 5 s" as the seconds pass."""
    s = int(seconds)
    if s < 1:
        return QCoreApplication.translate("ThinkingBlock", "Thinking…")
    return QCoreApplication.translate("ThinkingBlock", "Thinking… {n} s").format(n=s)


class ThinkingBlocks:
    """The thinking blocks of one document: where each is, whether it is open, and the one streaming."""

    def __init__(self, document: QTextDocument, font_size: float) -> None:
        self.document = document
        self.font_size = font_size
        self._blocks: dict[int, tuple[int, int, int]] = {}  # message id → (title, first, last paragraph numbers)
        self._open: set[int] = set()  # blocks the user opened (a finished block starts closed)
        self._closed: set[int] = set()  # streaming blocks the user closed (a streaming block starts open)
        # the streaming reply's block: its message, title and first paragraph, when its first thought came, and
        # the paragraph its answer starts at (None until the answer starts)
        self._stream: tuple[int, int, int, float] | None = None
        self._answer_block: int | None = None
        self._shown_second = 0  # the seconds the streaming title shows

    def clear(self) -> None:
        self._blocks.clear()
        self._stream = None
        self._answer_block = None

    # -- formats -------------------------------------------------------------------------------------------------
    def _title_format(self, message_id: int) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setAnchor(True)
        fmt.setAnchorHref(f"think:{message_id}")
        fmt.setForeground(QColor(theme.color("muted")))
        fmt.setFontPointSize(max(self.font_size, 7))
        return fmt

    def _body_formats(self) -> tuple[QTextBlockFormat, QTextCharFormat]:
        block = QTextBlockFormat()
        block.setLeftMargin(14)
        char = QTextCharFormat()
        char.setForeground(QColor(theme.color("muted")))
        return block, char

    # -- finished replies ------------------------------------------------------------------------------------------
    def insert(self, cursor: QTextCursor, message_id: int, text: str, seconds: float) -> None:
        """The block of a finished reply at `cursor` (at the start of an empty paragraph), closed unless the user
        opened it; the cursor ends in a new paragraph below, for the answer."""
        is_open = message_id in self._open
        cursor.setBlockFormat(QTextBlockFormat())
        title = cursor.blockNumber()
        cursor.insertText(f"{OPEN if is_open else CLOSED} {thought_for(seconds)}", self._title_format(message_id))
        block, char = self._body_formats()
        cursor.insertBlock(block, char)
        first = cursor.blockNumber()
        cursor.insertText(text.strip("\n"), char)
        last = cursor.blockNumber()
        self._blocks[message_id] = (title, first, last)
        self._show(first, last, is_open)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())

    def toggle(self, message_id: int) -> bool:
        """Open or close a block; whether it is open now."""
        where = self._blocks.get(message_id)
        if where is None:
            return False
        title, first, last = where
        streaming = self._stream is not None and self._stream[0] == message_id
        if streaming:
            last = (self._answer_block - 1) if self._answer_block is not None else self.document.blockCount() - 1
            now_open = message_id in self._closed
            (self._closed.discard if now_open else self._closed.add)(message_id)
        else:
            now_open = message_id not in self._open
            (self._open.add if now_open else self._open.discard)(message_id)
        self._set_arrow(title, now_open)
        self._show(first, last, now_open)
        return now_open

    def is_open(self, message_id: int) -> bool:
        where = self._blocks.get(message_id)
        return where is not None and self.document.findBlockByNumber(where[1]).isVisible()

    def _set_arrow(self, title: int, is_open: bool) -> None:
        block = self.document.findBlockByNumber(title)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + 1, QTextCursor.KeepAnchor)
        fmt = cursor.charFormat()
        cursor.insertText(OPEN if is_open else CLOSED, fmt)

    def _show(self, first: int, last: int, visible: bool) -> None:
        doc = self.document
        for n in range(first, last + 1):
            doc.findBlockByNumber(n).setVisible(visible)
        start = doc.findBlockByNumber(first).position()
        end_block = doc.findBlockByNumber(last)
        doc.markContentsDirty(start, end_block.position() + end_block.length() - start)

    # -- the streaming reply ---------------------------------------------------------------------------------------
    def stream_started(self) -> None:
        self._stream = None
        self._answer_block = None

    def append(self, message_id: int, text: str, end: QTextCursor) -> None:
        """Streamed thinking: the block is made at `end` with the first thought, then grows at its own end."""
        block, char = self._body_formats()
        if self._stream is None:
            if not text.strip():
                return  # blank lines before any thought (or an empty thinking block) make no block
            end.setBlockFormat(QTextBlockFormat())
            title = end.blockNumber()
            end.insertText(f"{OPEN} {thinking_now()}", self._title_format(message_id))
            end.insertBlock(block, char)
            self._stream = (message_id, title, end.blockNumber(), time.monotonic())
            self._shown_second = 0
            self._blocks[message_id] = (title, end.blockNumber(), end.blockNumber())
            self._closed.discard(message_id)
        _mid, _title, first, _since = self._stream
        if self._answer_block is None:
            cursor = end
        else:  # thinking after the answer began (a server that interleaves): at the end of the block
            cursor = QTextCursor(self.document.findBlockByNumber(self._answer_block - 1))
            cursor.movePosition(QTextCursor.EndOfBlock)
        before = self.document.blockCount()
        start_block = cursor.blockNumber()
        cursor.insertText(text, char)
        added = self.document.blockCount() - before
        if self._answer_block is not None:
            self._answer_block += added
        if message_id in self._closed:
            self._show(start_block, start_block + added, False)
        elapsed = time.monotonic() - self._stream[3]
        if self._answer_block is None and int(elapsed) != self._shown_second:
            self._shown_second = int(elapsed)
            self._set_title(thinking_now(elapsed))

    def answer_starting(self, end: QTextCursor) -> bool:
        """The answer's first text is about to stream: when there is thinking above, it gets its own paragraph and
        the title says how long the model thought. True when a paragraph was added."""
        if self._stream is None or self._answer_block is not None:
            return False
        since = self._stream[3]
        end.insertBlock(QTextBlockFormat(), QTextCharFormat())
        self._answer_block = end.blockNumber()
        self._set_title(thought_for(time.monotonic() - since))
        return True

    def _set_title(self, text: str) -> None:
        """The streaming block's title after its arrow (its paragraph only: no other position moves)."""
        message_id, title = self._stream[0], self._stream[1]
        block = self.document.findBlockByNumber(title)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + 2)  # after the arrow and its space
        cursor.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
        cursor.insertText(text, self._title_format(message_id))

    def streaming(self) -> bool:
        """Whether the streaming reply has thought (its block is on screen)."""
        return self._stream is not None

    def answer_position(self) -> int | None:
        """Where the streaming answer starts, when there is thinking above it."""
        if self._answer_block is None:
            return None
        return self.document.findBlockByNumber(self._answer_block).position()

    def stream_ended(self) -> None:
        if self._stream is not None:
            self._blocks.pop(self._stream[0], None)
        self._stream = None
        self._answer_block = None
