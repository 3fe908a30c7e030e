"""Code in the conversation view: a monospace font on a tinted background, colours for its language
(code_highlight.py), and above each fenced block a line with its language and a Copy link that copies that block
alone, as LM Studio, Open WebUI and Jan have.

Qt's Markdown reader makes each line of a fenced block a block of its own, marked with the fence and the language.
The header line is a block inserted before the first line; it carries "message id:n" as a property, and a click
on its link finds it again by that property, so that nothing depends on document positions.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from desktop_app.ui import theme
from desktop_app.ui.widgets.code_highlight import CodeHighlighter

CODE_HEADER = QTextFormat.UserProperty + 11  # block property of a header line: "message id:n"
TINT = QColor(127, 127, 127, 28)


def _is_code(block: QTextBlock) -> bool:
    fmt = block.blockFormat()
    return fmt.hasProperty(QTextFormat.BlockCodeFence) or fmt.nonBreakableLines()


def _fenced(block: QTextBlock) -> bool:
    return block.isValid() and block.blockFormat().hasProperty(QTextFormat.BlockCodeFence)


class CodeBlocks:
    """Styles the code of each message as it goes in, and finds a block's code again for Copy."""

    def __init__(self, document: QTextDocument, mono: QFont, small_point_size: float) -> None:
        self._document = document
        self._mono = mono
        self._small = small_point_size
        self._highlighter: CodeHighlighter | None = None
        self._numbers: dict[str, int] = {}  # header ident -> its block number when it went in
        self._shown = 0  # counts the conversations shown: colours for one shown before are not looked for

    def set_highlighter(self, highlighter: CodeHighlighter) -> None:
        """Colour each fenced block of a known language from now on (code_highlight.py)."""
        self._highlighter = highlighter

    def clear(self) -> None:
        self._numbers.clear()
        self._shown += 1

    def style(self, start: int, end: int, message_id: int) -> None:
        """Code between `start` and `end` (just inserted) gets its look; fenced blocks get their header line."""
        limit = QTextCursor(self._document)
        limit.setPosition(end)  # moves along as header lines go in before it
        block = self._document.findBlock(start)
        count = 0
        while block.isValid() and block.position() <= limit.position():
            if not _is_code(block):
                block = block.next()
                continue
            fenced = _fenced(block)
            ident = language = ""
            if fenced and not _fenced(block.previous()):
                ident, language = f"{message_id}:{count}", str(block.blockFormat().property(
                    QTextFormat.BlockCodeLanguage) or "")
                block = self._insert_header(block, ident)
                count += 1
            lines = [block]
            while _is_code(lines[-1].next()) and _fenced(lines[-1].next()) == fenced:
                lines.append(lines[-1].next())
            self._tint(block, lines[-1])
            if language and self._highlighter is not None:
                code = "\n".join(line.text() for line in lines)
                self._highlighter.colour(self._document, lambda i=ident, s=self._shown: self._lines(i)
                                         if s == self._shown else [], language, code)
            block = lines[-1].next()

    def code_of(self, ident: str) -> str:
        """The code under the header line `ident` ("message id:n"), one line per block."""
        return "\n".join(block.text() for block in self._lines(ident))

    def _lines(self, ident: str) -> list[QTextBlock]:
        """The blocks of the code under the header line `ident`, found by its property (none when it is gone).
        The header's block number when it went in is tried first: later messages only add blocks after it, so a
        long conversation is not read from the top for each of its code blocks."""
        block = self._document.findBlockByNumber(self._numbers.get(ident, -1))
        if not block.isValid() or block.blockFormat().property(CODE_HEADER) != ident:
            block = self._document.begin()
            while block.isValid() and block.blockFormat().property(CODE_HEADER) != ident:
                block = block.next()
        lines = []
        block = block.next() if block.isValid() else block
        while _fenced(block):
            lines.append(block)
            block = block.next()
        return lines

    def _tint(self, first: QTextBlock, last: QTextBlock) -> None:
        """Monospace on a tint, for the lines `first` to `last` at once (a call per line cost a second for a long
        coding conversation)."""
        cursor = QTextCursor(first)
        cursor.setPosition(last.position() + last.length() - 1, QTextCursor.KeepAnchor)
        char = QTextCharFormat()
        char.setFont(self._mono)
        cursor.mergeCharFormat(char)
        tint = QTextBlockFormat()
        tint.setBackground(TINT)
        cursor.mergeBlockFormat(tint)

    def _insert_header(self, first: QTextBlock, ident: str) -> QTextBlock:
        """A line before `first`, and `first` again: the block is split at its start, so the empty half before it
        becomes the header (QTextCursor.insertBlock gives its format to the half after the cursor)."""
        code_format = first.blockFormat()
        language = str(code_format.property(QTextFormat.BlockCodeLanguage) or "")
        cursor = QTextCursor(first)
        cursor.insertBlock(code_format)
        cursor.movePosition(QTextCursor.PreviousBlock)
        header = QTextBlockFormat()
        header.setBackground(TINT)
        header.setTopMargin(6)
        header.setProperty(CODE_HEADER, ident)
        cursor.setBlockFormat(header)
        muted = QTextCharFormat()
        muted.setForeground(QColor(theme.color("muted")))
        muted.setFontPointSize(self._small)
        cursor.setCharFormat(muted)
        cursor.insertText(f"{language}   " if language else "", muted)
        link = QTextCharFormat(muted)
        link.setAnchor(True)
        link.setAnchorHref(f"code:{ident}")
        cursor.insertText(QCoreApplication.translate("MessageView", "Copy code"), link)
        self._numbers[ident] = cursor.blockNumber()
        return cursor.block().next()
