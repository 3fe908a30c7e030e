"""The tool calls of the reply on screen, as cards under the conversation (the view above is a rich-text document:
it cannot hold buttons). A card appears when the model asks for a call, waits for approval where needed, and shows
the result; the cards stay until the next reply starts.

It listens to a ToolTurn (workers) and answers it; it never runs anything itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.core.tools.calls import ToolCall
from desktop_app.core.tools.mcp_client import ToolOutcome
from desktop_app.ui.widgets.tool_call_card import ToolCallCard
from desktop_app.workers.tool_turn import ToolTurn

MAX_HEIGHT = 300


class ToolCallsPanel(QScrollArea):
    def __init__(self, turn: ToolTurn, parent: QWidget | None = None):
        super().__init__(parent)
        self.turn = turn
        self.cards: dict[str, ToolCallCard] = {}
        self.setWidgetResizable(True)
        self.setMaximumHeight(MAX_HEIGHT)
        self.setAccessibleName(self.tr("Tool calls"))
        inner = QWidget()
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self.tr("Tool calls in this reply"))
        self._layout.addWidget(self.heading)
        self._layout.addStretch(1)
        self.setWidget(inner)
        self.hide()
        turn.call_requested.connect(self.add_call)
        turn.call_finished.connect(self.set_outcome)

    def add_call(self, call: ToolCall, server: str, needs_approval: bool) -> ToolCallCard:
        card = ToolCallCard(call, server, needs_approval)
        card.decided.connect(self.turn.decide)
        card.cancel_requested.connect(self.turn.cancel_call)
        self.cards[call.id] = card
        self._layout.insertWidget(self._layout.count() - 1, card)
        self.show()
        self.ensureWidgetVisible(card)
        if needs_approval:
            card.allow_button.setFocus(Qt.OtherFocusReason)
        return card

    def set_outcome(self, call_id: str, outcome: ToolOutcome) -> None:
        card = self.cards.get(call_id)
        if card is not None:
            card.set_outcome(outcome)

    def waiting_cards(self) -> list[ToolCallCard]:
        return [c for c in self.cards.values() if c.state == "waiting"]

    def reply_ended(self) -> None:
        for card in self.cards.values():
            card.end()

    def clear(self) -> None:
        for card in self.cards.values():
            card.setParent(None)
            card.deleteLater()
        self.cards.clear()
        self.hide()
