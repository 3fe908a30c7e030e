"""The conversation view: one QTextBrowser, built once per conversation and appended to while a reply streams.

Streaming text is inserted at the end through a QTextCursor (never re-rendering the conversation); when the reply
ends, only that reply is re-rendered as Markdown. Very long messages are shown as plain text, which Qt lays out
lazily, so a conversation holding a 30,000-token message still opens at once and scrolls smoothly.

A user message's images are shown above its text as thumbnails (message_images.py) that the ChatImageCache decodes
off the GUI thread. Clicking a thumbnail emits `image_clicked(path)`.

A reasoning model's thinking is a collapsible block above its answer (thinking_block.py): open and growing while
the reply streams, closed under "Thought for 12 s" once it is done. Copy copies the answer only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QDesktopServices,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextBrowser, QToolTip

from desktop_app.core.storage.database import ERROR, INTERRUPTED, STOPPED, STREAMING, Message
from desktop_app.core.tasks.markdown_code import separate_fenced_blocks
from desktop_app.ui import theme
from desktop_app.ui.widgets.chat_images import ChatImageCache
from desktop_app.ui.widgets.message_code import CodeBlocks
from desktop_app.ui.widgets.message_images import MessageImages
from desktop_app.ui.widgets.message_math import MessageMath
from desktop_app.ui.widgets.thinking_block import ThinkingBlocks
from desktop_app.ui.widgets.tool_call_blocks import ToolCallBlocks

MARKDOWN_LIMIT = 50_000  # characters; longer messages are shown as plain text


class MessageView(QTextBrowser):
    edit_requested = Signal(int)
    regenerate_requested = Signal(int)
    version_requested = Signal(int, int)  # message id, -1 (the version before) or +1 (the one after)
    copied = Signal(int)
    code_copied = Signal(str)  # "message id:n": the n-th code block of that message went to the clipboard
    image_clicked = Signal(str)  # the path of an image shown in a message
    citation_clicked = Signal(int)  # a source number [n] linked in a reply (ui/tabs/chat_documents.py links them)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(self.tr("Conversation"))
        self.document().setUndoRedoEnabled(False)
        self.document().setDocumentMargin(12)
        self.anchorClicked.connect(self._on_anchor)
        self.highlighted.connect(self._on_hover)  # a web link says where it goes before it is clicked
        self._contents: dict[int, str] = {}
        self._images: dict[int, tuple[str, ...]] = {}
        self.images = MessageImages(self.document(), self.viewport().update)  # a user message's thumbnails
        self.math = MessageMath(self)  # formulas, drawn once a message is complete (message_math.py)
        self._stream_start: int | None = None
        self._stream_id: int | None = None
        self.thinking = ThinkingBlocks(self.document(), self.font().pointSizeF())
        self.tool_calls = ToolCallBlocks()  # a reply's calls between its thinking and its answer
        self.code = CodeBlocks(self.document(), QFontDatabase.systemFont(QFontDatabase.FixedFont),
                               max(self.font().pointSizeF() - 1, 7))  # code's look, and Copy code (message_code.py)
        # Follow the end while the user is at the bottom. Qt lays long documents out lazily, so the scroll range
        # keeps growing after we append: pin to the bottom on every range change, until the user scrolls up.
        self._stick_to_bottom = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    # -- public API ----------------------------------------------------------------------------------------------
    def set_image_cache(self, cache: ChatImageCache) -> None:
        self.images.set_cache(cache)

    def show_messages(self, messages: Sequence[Message]) -> None:
        self.clear()
        self.thinking.clear()
        self._contents.clear()
        self._images.clear()
        self.images.clear()
        self.math.clear()
        self.code.clear()
        self._stream_start = self._stream_id = None
        batch = self._end_cursor()
        batch.beginEditBlock()  # one layout update for the whole conversation, not one per paragraph and picture
        for m in messages:
            self._append_message(m)
        batch.endEditBlock()
        self.scroll_to_bottom()

    def add_message(self, message: Message) -> None:
        self._append_message(message)

    def begin_stream(self, message_id: int) -> None:
        cursor = self._end_cursor()
        self._insert_header(cursor, "assistant", message_id, None)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        self._stream_start = cursor.position()
        self._stream_id = message_id
        self._contents[message_id] = ""
        self.thinking.stream_started()

    def append_thinking(self, text: str) -> None:
        """Streamed thinking, into the open block above the answer."""
        if self._stream_start is None or self._stream_id is None or not text:
            return
        self.thinking.append(self._stream_id, text, self._end_cursor())

    def append_stream(self, text: str) -> None:
        if self._stream_start is None or not text:
            return
        cursor = self._end_cursor()
        self.thinking.answer_starting(cursor)
        cursor.insertText(text, QTextCharFormat())

    def end_stream(self, message: Message) -> None:
        """Replace the streamed plain text by the final rendering, and add the stats line."""
        if self._stream_start is None:
            return
        cursor = self._end_cursor()
        cursor.beginEditBlock()  # the reply re-rendered with its code lines and formulas: one layout pass
        cursor.setPosition(self._stream_start, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        self.thinking.stream_ended()
        if message.reasoning:
            self.thinking.insert(cursor, message.id, message.reasoning, message.thinking_s)
        self.tool_calls.insert(cursor, message.id)
        self._insert_body(cursor, message.content, message.id)
        self._insert_footer(cursor, message)
        cursor.endEditBlock()
        self._contents[message.id] = message.content
        self._stream_start = self._stream_id = None

    def is_streaming(self) -> bool:
        return self._stream_start is not None

    def streamed_text(self) -> str:
        """The plain text of the answer shown so far for the streaming reply (used by tests and for checkpoints)."""
        if self._stream_start is None:
            return ""
        cursor = self._end_cursor()
        answer = self.thinking.answer_position()
        if answer is None and self.thinking.streaming():
            return ""  # only thinking so far
        cursor.setPosition(self._stream_start if answer is None else answer, QTextCursor.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")

    def content_of(self, message_id: int) -> str | None:
        return self._contents.get(message_id)

    def images_of(self, message_id: int) -> tuple[str, ...]:
        return self._images.get(message_id, ())

    def image_state(self, path: str) -> str:
        """"ready", "missing" or "loading" for an image shown in the conversation ("" when it is not shown)."""
        return self.images.state(path)

    def shown_image_size(self, path: str) -> tuple[int, int]:
        """The size an image is drawn at in the conversation (its first occurrence)."""
        return self.images.shown_size(path)

    def scroll_to_bottom(self) -> None:
        self._stick_to_bottom = True
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_scrolled(self, value: int) -> None:
        self._stick_to_bottom = value >= self.verticalScrollBar().maximum() - 8

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._stick_to_bottom:
            self.verticalScrollBar().setValue(maximum)

    # -- rendering -----------------------------------------------------------------------------------------------
    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.End)
        return cursor

    def _append_message(self, m: Message) -> None:
        cursor = self._end_cursor()
        self._insert_header(cursor, m.role, m.id, (m.version, m.versions) if m.versions > 1 else None)
        if m.images:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            self.images.insert(cursor, m.id, m.images)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        if m.reasoning:
            self.thinking.insert(cursor, m.id, m.reasoning, m.thinking_s)
        if m.role == "assistant":
            self.tool_calls.insert(cursor, m.id)
        self._insert_body(cursor, m.content, m.id)
        self._insert_footer(cursor, m)
        self._contents[m.id] = m.content
        self._images[m.id] = tuple(m.images)

    def _insert_header(self, cursor: QTextCursor, role: str, message_id: int,
                       version: tuple[int, int] | None) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(14 if not self.document().isEmpty() else 0)
        if self.document().isEmpty():
            cursor.setBlockFormat(block)
        else:
            cursor.insertBlock(block, QTextCharFormat())
        name = {"user": self.tr("You"), "assistant": self.tr("Assistant"), "system": self.tr("System")}.get(role, role)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Bold)
        bold.setForeground(QColor(theme.color("assistant" if role == "assistant" else "user")))
        cursor.insertText(name, bold)
        cursor.insertText("    ", QTextCharFormat())
        self._insert_link(cursor, self.tr("Copy"), f"copy:{message_id}")
        if role == "user":
            cursor.insertText("  ", QTextCharFormat())
            self._insert_link(cursor, self.tr("Edit"), f"edit:{message_id}")
        elif role == "assistant":
            cursor.insertText("  ", QTextCharFormat())
            self._insert_link(cursor, self.tr("Regenerate"), f"regen:{message_id}")
        if version is not None:  # "◀ 2/3 ▶": the versions of this turn
            index, count = version
            cursor.insertText("    ", QTextCharFormat())
            self._insert_link(cursor, "◀", f"prev:{message_id}" if index > 1 else "")
            self._insert_link(cursor, f" {index}/{count} ", "")
            self._insert_link(cursor, "▶", f"next:{message_id}" if index < count else "")

    def _insert_link(self, cursor: QTextCursor, text: str, href: str) -> None:
        """A small muted link (no `href`: the same look, not clickable)."""
        fmt = QTextCharFormat()
        fmt.setAnchor(bool(href))
        fmt.setAnchorHref(href)
        fmt.setForeground(QColor(theme.color("muted")))
        fmt.setFontPointSize(max(self.font().pointSizeF() - 1, 7))
        cursor.insertText(text, fmt)

    def _insert_body(self, cursor: QTextCursor, text: str, message_id: int) -> None:
        cursor.setBlockFormat(QTextBlockFormat())
        cursor.setCharFormat(QTextCharFormat())
        if len(text) > MARKDOWN_LIMIT or not text:
            cursor.insertText(text, QTextCharFormat())
            return
        start = cursor.position()
        cursor.insertMarkdown(self.math.markdown(separate_fenced_blocks(text)))
        self.code.style(start, cursor.position(), message_id)  # adds header lines: before the math is placed
        self.math.place(start, cursor.position())

    def _insert_footer(self, cursor: QTextCursor, m: Message) -> None:
        bits = []
        if m.role == "assistant" and m.completion_tokens:
            bits.append(self.tr("{n} tokens").format(n=m.completion_tokens))
            if m.tokens_per_s:
                bits.append(self.tr("{tps:.1f} tok/s").format(tps=m.tokens_per_s))
        status = {
            STOPPED: self.tr("stopped"),
            INTERRUPTED: self.tr("interrupted (the app closed or the model's engine stopped while it was written)"),
            ERROR: self.tr("failed"),
            STREAMING: self.tr("incomplete"),
        }.get(m.status)
        if status:
            bits.append(status)
        if len(m.content) > MARKDOWN_LIMIT:
            bits.append(self.tr("{n:,} characters, shown as plain text").format(n=len(m.content)))
        if not bits:
            return
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(theme.color("muted")))
        fmt.setFontItalic(True)
        fmt.setFontPointSize(max(self.font().pointSizeF() - 1, 7))
        cursor.insertBlock(QTextBlockFormat(), fmt)
        cursor.insertText(" · ".join(bits), fmt)

    def _on_hover(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QToolTip.showText(QCursor.pos(), url.toString(), self)
        else:
            QToolTip.hideText()

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):  # a link in a message: the user's click opens it, outside
            QDesktopServices.openUrl(url)
            return
        kind, _, ident = url.toString().partition(":")
        if kind == "cite":
            if ident.isdigit():
                self.citation_clicked.emit(int(ident))
            return
        if kind == "code":
            QGuiApplication.clipboard().setText(self.code.code_of(ident))
            self.code_copied.emit(ident)
            return
        if kind == "image":
            message, _, index = ident.partition(":")
            try:
                images = self._images.get(int(message), ())
                self.image_clicked.emit(images[int(index)])
            except (ValueError, IndexError):
                pass
            return
        try:
            message_id = int(ident)
        except ValueError:
            return
        if kind == "think":
            self.thinking.toggle(message_id)
        elif kind == "copy":
            QGuiApplication.clipboard().setText(self._contents.get(message_id, ""))
            self.copied.emit(message_id)
        elif kind == "edit":
            self.edit_requested.emit(message_id)
        elif kind == "regen":
            self.regenerate_requested.emit(message_id)
        elif kind in ("prev", "next"):
            self.version_requested.emit(message_id, -1 if kind == "prev" else 1)
