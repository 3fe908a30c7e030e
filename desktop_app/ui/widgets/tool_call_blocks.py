"""A finished reply's tool calls, inline in the conversation above its answer: which tool (and whose), what the user
decided, the arguments and the start of the result, one small framed paragraph group per call.

The conversation is one rich-text document (message_view.py), which cannot hold buttons: a call still waiting for
approval is a card with buttons under the conversation (tool_calls_panel.py); once the reply ends, its calls are
shown here, for every reply that made some, also when the conversation is opened again later. The records come from
`source(message_id)` (the stored message_tool_calls rows, core/storage/tool_calls.py), set by ui/tabs/chat_tools.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextBlockFormat, QTextCharFormat, QTextCursor

from desktop_app.core.tools.builtin import BUILTIN_SERVER
from desktop_app.core.tools.loop import DENY
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text

ARGUMENTS_CHARS = 300  # of the arguments shown inline
RESULT_CHARS = 600  # of a result shown inline (the whole result went to the model)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())  # one paragraph: a result's newlines would split the block
    return text if len(text) <= limit else text[:limit] + "…"


def call_lines(record: dict[str, Any]) -> tuple[str, str, str]:
    """The title, arguments and result lines of one stored call, in the user's language."""
    name = str(record.get("name") or "?")
    server = str(record.get("server") or "")
    where = QCoreApplication.translate("ToolCallBlocks", "built-in") if server == BUILTIN_SERVER else server
    if record.get("decision") == DENY:
        state = QCoreApplication.translate("ToolCallBlocks", "denied")
    elif record.get("error"):
        state = QCoreApplication.translate("ToolCallBlocks", "failed")
    else:
        state = QCoreApplication.translate("ToolCallBlocks", "done")
    title = QCoreApplication.translate("ToolCallBlocks", "Tool call: {name} ({where}) · {state}").format(
        name=name, where=where, state=state)
    arguments = record.get("arguments")
    args = _clip(json.dumps(arguments if isinstance(arguments, dict) else {}, ensure_ascii=False), ARGUMENTS_CHARS)
    result = str(record.get("result") or "")
    if record.get("decision") == DENY or record.get("error"):  # core's sentence ("The user denied this tool call.")
        result = core_text(result)
    result = "→ " + _clip(result, RESULT_CHARS)
    return title, args, result


class ToolCallBlocks:
    def __init__(self) -> None:
        self.source: Callable[[int], list[dict[str, Any]]] | None = None

    def insert(self, cursor: QTextCursor, message_id: int) -> int:
        """The calls of reply `message_id` at `cursor` (the start of an empty paragraph); the cursor ends in a new
        paragraph below, for the answer. How many calls were shown (0: nothing was inserted)."""
        records = self.source(message_id) if self.source is not None else []
        if not records:
            return 0
        block = QTextBlockFormat()
        block.setLeftMargin(14)
        block.setBackground(QColor(theme.color("placeholder")).lighter(112))
        title_fmt, mono, muted = QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
        title_fmt.setFontWeight(QFont.Bold)
        mono.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        muted.setFont(mono.font())
        muted.setForeground(QColor(theme.color("muted")))
        for record in records:
            title, args, result = call_lines(record)
            error = QTextCharFormat(muted)
            if record.get("error"):
                error.setForeground(QColor(theme.color("error_text")))
            for text, fmt in ((title, title_fmt), (args, mono), (result, error)):
                cursor.setBlockFormat(block)
                cursor.insertText(text, fmt)
                cursor.insertBlock(block, QTextCharFormat())
        cursor.setBlockFormat(QTextBlockFormat())
        return len(records)
