"""Tools in the Chat tab: the Tools switch and the Tools… page in the model row, and the tool calls of the reply
(cards with approval) between the conversation and the input.

Kept apart from chat_tab.py, which calls `ChatTools(tab)` once: the switch is the conversation's ChatSettings.tools
(remembered with it; a new chat starts from the defaults; ChatSession runs its replies through the ToolTurn), the
cards follow the ToolTurn's signals. The files the model may read are remembered app-wide in
AppSettings.task_settings["tools"] (whose "enabled", the switch before it was per conversation, still seeds the
defaults of new chats).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.storage.tool_calls import tool_calls_of
from desktop_app.core.tools.calls import ToolCall
from desktop_app.core.tools.loop import DENY
from desktop_app.ui.dialogs.tools_dialog import ToolsDialog
from desktop_app.ui.widgets.tool_calls_panel import ToolCallsPanel

log = logging.getLogger(__name__)


class ChatTools(QObject):
    def __init__(self, tab: Any):
        super().__init__(tab)
        self.tab = tab
        self.turn = tab.chat.tools
        self.panel = ToolCallsPanel(self.turn)
        tab.pane.add_above_input(self.panel)
        remembered = tab.app_settings.task_settings.get("tools")
        remembered = remembered if isinstance(remembered, dict) else {}  # a hand-edited file: the defaults
        files = remembered.get("files")
        if "tools" not in tab.app_settings.chat_defaults and remembered.get("enabled") is True:
            tab.app_settings.chat_defaults = {**tab.app_settings.chat_defaults, "tools": True}  # the old switch
            if tab.conversation_id is None:
                tab.chat_settings = replace(tab.chat_settings, tools=True)
                tab.settings_panel.set_settings(tab.chat_settings)
        self.turn.chosen_files = tuple(p for p in files if isinstance(p, str)) if isinstance(files, list) else ()
        self.toggle = QPushButton(self.tr("Tools"))
        self.toggle.setCheckable(True)
        self.toggle.setChecked(tab.chat_settings.tools)
        self.toggle.setToolTip(self.tr("Let the model call tools: built-in ones and your MCP servers' (each call "
                                       "is shown, and asks first unless you trust its server)"))
        self.toggle.toggled.connect(self.set_enabled)
        self.page_button = QPushButton(self.tr("Tools…"))
        self.page_button.setToolTip(self.tr("MCP servers, their tools, and files the model may read"))
        self.page_button.clicked.connect(self.open_page)
        row = tab.pane.top_row
        row.insertWidget(row.indexOf(tab.pane.settings_button), self.toggle)
        row.insertWidget(row.indexOf(tab.pane.settings_button), self.page_button)
        tab.chat.started.connect(lambda *_ids: self.panel.clear())
        tab.conversations.selected.connect(self.show_stored)
        tab.view.tool_calls.source = self._stored_calls  # every reply's calls, inline above its answer
        tab.conversation_changed.connect(self._show_switch)
        tab.chat.finished.connect(lambda *_args: self.panel.reply_ended())
        self.turn.call_requested.connect(self._on_call)  # after the panel's: the call's card exists
        self.turn.call_finished.connect(lambda *_args: self._status_after_call())
        self.dialog: ToolsDialog | None = None
        if self.turn.config_error:
            tab.notice.show_message(self.turn.config_error, "error")

    def show_stored(self, conversation_id: int) -> None:
        """Another conversation is opened: its replies show their calls inline (tool_call_blocks.py), so the live
        cards of the reply before are cleared, unless that reply is still streaming into this conversation."""
        if self.tab.chat.conversation_id != conversation_id:
            self.panel.clear()

    def _stored_calls(self, message_id: int) -> list[dict]:
        """A reply's stored calls for the conversation view; an unreadable table shows the reply without them."""
        try:
            return tool_calls_of(self.tab.db, message_id)
        except DesktopAppError as exc:
            log.warning("%s", exc)
            return []

    def _on_call(self, call: ToolCall, _server: str, needs_approval: bool) -> None:
        """The status line says what the reply waits on: the user's approval, or the tool running."""
        if needs_approval:
            self.tab.pane.input.stats_label.setText(self.tr("Waiting for your approval…"))
            card = self.panel.cards.get(call.id)
            if card is not None:
                card.decided.connect(lambda _id, decision, name=call.name: self._on_decided(name, decision))
        else:
            self._show_running(call.name)

    def _on_decided(self, name: str, decision: str) -> None:
        if decision == DENY:
            self._status_after_call()
        else:
            self._show_running(name)

    def _show_running(self, name: str) -> None:
        self.tab.pane.input.stats_label.setText(self.tr("Running {tool}…").format(tool=name))

    def _status_after_call(self) -> None:
        """Back to the model's own status once a call is answered, unless another call still waits."""
        if self.tab.chat.is_generating() and not self.panel.waiting_cards():
            self.tab.pane.show_thinking_status()

    def _remember(self) -> None:
        remembered = self.tab.app_settings.task_settings.get("tools")
        remembered = dict(remembered) if isinstance(remembered, dict) else {}
        remembered["files"] = list(self.turn.chosen_files)
        self.tab.app_settings.task_settings["tools"] = remembered
        self.tab._save_app_settings()

    def _show_switch(self) -> None:
        """Another conversation is shown: the switch shows its Tools setting (without writing it back)."""
        self.toggle.blockSignals(True)
        self.toggle.setChecked(self.tab.chat_settings.tools)
        self.toggle.blockSignals(False)

    def set_enabled(self, on: bool) -> None:
        """Saved with the conversation shown (with a new, unsent one: as the defaults of new chats)."""
        if on == self.tab.chat_settings.tools:
            return
        settings = replace(self.tab.chat_settings, tools=on)
        self.tab.settings_panel.set_settings(settings)  # its later edits keep the switch
        self.tab._on_settings_changed(settings)

    def open_page(self) -> ToolsDialog:
        self.dialog = ToolsDialog(self.turn, self.tab.manager, self.tab)
        self.dialog.accepted.connect(self._remember)
        self.dialog.open()
        return self.dialog
