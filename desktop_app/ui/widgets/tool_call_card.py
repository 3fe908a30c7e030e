"""One tool call in the conversation: which tool (and whose), its arguments, its state and its result, and, while it
waits for the user, Allow once / Always for this tool / Deny. A running call has Cancel.

Only a view: its buttons emit `decided(call_id, decision)` and `cancel_requested(call_id)`; ToolCallsPanel passes
them to the ToolTurn, which answers the waiting model thread.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.tools.builtin import BUILTIN_SERVER
from desktop_app.core.tools.calls import ToolCall
from desktop_app.core.tools.loop import ALLOW, ALWAYS, DENY
from desktop_app.core.tools.mcp_client import ToolOutcome
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text

PREVIEW_CHARS = 4000  # of a result shown in the card (the model got up to MAX_RESULT_CHARS)


class ToolCallCard(QFrame):
    decided = Signal(str, str)  # call id, allow / always / deny
    cancel_requested = Signal(str)  # call id

    def __init__(self, call: ToolCall, server: str, needs_approval: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.call = call
        self.server = server
        self.state = "waiting" if needs_approval else "running"
        self.setObjectName("toolCallCard")
        self.setFrameShape(QFrame.StyledPanel)
        theme.style(self, "#toolCallCard { border: 1px solid $border; border-radius: 6px; }")
        self.setAccessibleName(self.tr("Tool call {name}").format(name=call.name))
        where = self.tr("built-in") if server == BUILTIN_SERVER else server
        self.title = QLabel(self.tr("Tool call: <b>{name}</b> <span>({where})</span>").format(
            name=_escape(call.name), where=_escape(where)))
        self.status = QLabel()
        theme.style(self.status, "color: $muted;")
        self.arguments = QPlainTextEdit(json.dumps(call.arguments, ensure_ascii=False, indent=2))
        self.arguments.setReadOnly(True)
        self.arguments.setAccessibleName(self.tr("Arguments"))
        self.arguments.setMaximumHeight(90)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setAccessibleName(self.tr("Result"))
        self.result.setMaximumHeight(120)
        self.result.hide()
        self.allow_button = QPushButton(self.tr("Allow once"))
        self.always_button = QPushButton(self.tr("Always for this tool"))
        self.always_button.setToolTip(self.tr("Run {name} from now on without asking (remembered in mcp.json)")
                                      .format(name=call.name))
        self.deny_button = QPushButton(self.tr("Deny"))
        self.deny_button.setToolTip(self.tr("Do not run it: the model is told the call was denied"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop waiting for this tool: the model is told it was cancelled"))
        self.allow_button.clicked.connect(lambda: self._decide(ALLOW))
        self.always_button.clicked.connect(lambda: self._decide(ALWAYS))
        self.deny_button.clicked.connect(lambda: self._decide(DENY))
        self.cancel_button.clicked.connect(lambda: self.cancel_requested.emit(self.call.id))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.allow_button, self.always_button, self.deny_button, self.cancel_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.arguments)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self._show_state()

    def _decide(self, decision: str) -> None:
        if self.state != "waiting":
            return
        self.state = "denied" if decision == DENY else "running"
        self._show_state()
        self.decided.emit(self.call.id, decision)

    def set_outcome(self, outcome: ToolOutcome) -> None:
        if self.state != "denied":
            self.state = "failed" if outcome.is_error else "done"
        text = outcome.text if len(outcome.text) <= PREVIEW_CHARS else outcome.text[:PREVIEW_CHARS] + "…"
        if outcome.is_error:  # a sentence from core, not the tool's data
            text = core_text(text)
        if outcome.note:
            text = core_text(outcome.note) + "\n\n" + text
        self.result.setPlainText(text)
        self.result.setVisible(self.state != "denied")
        self._show_state()

    def end(self) -> None:
        """The reply ended (stopped) while this call was still waiting or running."""
        if self.state in ("waiting", "running"):
            self.state = "stopped"
            self._show_state()

    def _show_state(self) -> None:
        words = {
            "waiting": self.tr("Waiting for your approval"),
            "running": self.tr("Running…"),
            "done": self.tr("Done"),
            "failed": self.tr("Failed: the model was told why"),
            "denied": self.tr("Denied"),
            "stopped": self.tr("Stopped"),
        }
        self.status.setText(words[self.state])
        waiting = self.state == "waiting"
        for b in (self.allow_button, self.always_button, self.deny_button):
            b.setVisible(waiting)
        self.always_button.setVisible(waiting and self.server != BUILTIN_SERVER)
        self.cancel_button.setVisible(self.state == "running")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
