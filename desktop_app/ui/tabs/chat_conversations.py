"""The Chat tab's conversation list actions: new, open, rename, move to the Trash with Undo, restore, purge.

Each action changes the database and then the list and the message view, and the conversation on screen is
remembered at once (a killed app reopens where the user was). `ChatTab` (chat_tab.py) mixes `ChatConversations`
in and owns the widgets these methods use; kept apart so chat_tab.py reads as the tab's layout, models and
images (the reply actions are chat_replies.py). A thin view like the rest: the rows come from the database, the reply in progress from ChatSession.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks.chat import ChatSettings

if TYPE_CHECKING:
    from desktop_app.workers.chat_session import ChatSession


class ChatConversations:
    """Conversation actions of ChatTab, which sets these attributes and defines the methods named below."""

    db: Database
    app_settings: AppSettings
    chat: ChatSession
    chat_settings: ChatSettings
    conversation_id: int | None
    _deleted_open: int | None
    _save_app_settings: Callable[[], None]
    conversations: Any  # ConversationList
    settings_panel: Any  # ChatSettingsPanel
    view: Any  # the pane's message view
    pane: Any  # ChatPane
    composer: Any
    undo_bar: Any
    conversation_changed: Any  # ChatTab's Signal
    _clear_vision_notice: Callable[[], None]
    _cancel_edit: Callable[[], None]
    _update_buttons: Callable[[], None]
    is_generating: Callable[[], bool]

    def refresh_conversations(self) -> None:
        found = self.db.conversations(self.conversations.search.text(), trashed=self.conversations.in_trash())
        self.conversations.set_conversations(found, self.conversation_id, self.db.trash_count())

    def new_conversation(self) -> None:
        self.conversation_id = None
        self._clear_vision_notice()
        self.chat_settings = ChatSettings.from_dict(self.app_settings.chat_defaults)
        self.settings_panel.set_settings(self.chat_settings)
        self.view.show_messages([])
        self.conversations.list.clearSelection()
        self.conversations.list.setCurrentItem(None)
        self._cancel_edit()
        self.composer.setFocus()
        self._update_buttons()
        self.conversation_changed.emit()

    def open_conversation(self, conversation_id: int) -> None:
        conv = self.db.conversation(conversation_id)
        if conv is None:
            return
        self._clear_vision_notice()
        self.conversation_id = conversation_id
        self._remember_conversation(conversation_id)
        self.chat_settings = ChatSettings.from_dict(conv.settings)
        self.settings_panel.set_settings(self.chat_settings)
        self._cancel_edit()
        self._render_current()
        self._update_buttons()
        self.conversation_changed.emit()

    def _render_current(self) -> None:
        if self.conversation_id is None:
            self.view.show_messages([])
            return
        streaming = self.chat.message_id if self.chat.conversation_id == self.conversation_id else None
        self.pane.show_conversation(self.db.messages(self.conversation_id), streaming, self.chat.partial_text(),
                                    self.chat.partial_thinking())

    def _remember_conversation(self, conversation_id: int) -> None:
        """Saved at once, so even a killed app reopens where the user was."""
        if self.app_settings.last_conversation_id != conversation_id:
            self.app_settings.last_conversation_id = conversation_id
            self._save_app_settings()

    def _rename(self, conversation_id: int, title: str) -> None:
        self.db.rename_conversation(conversation_id, title)
        self.refresh_conversations()

    def _delete(self, ids: list[int]) -> None:
        """Move to the Trash, with one Undo bar for them all (Undo after a restart: Restore in the Trash)."""
        found = [c for c in (self.db.conversation(i) for i in ids) if c is not None and c.deleted_at is None]
        if not found:
            return
        self._deleted_open = None
        for conv in found:
            self.chat.forget_conversation(conv.id)
            self.db.trash_conversation(conv.id)
            if self.conversation_id == conv.id:
                self._deleted_open = conv.id
                self.new_conversation()
        self.refresh_conversations()
        self.undo_bar.offer([c.id for c in found], found[0].title)

    def undo_delete(self, ids: list[int]) -> None:
        for conversation_id in ids:
            self.restore_conversation(conversation_id)
        if self._deleted_open in ids and self.conversation_id is None:
            self.open_conversation(self._deleted_open)  # back where the user was
            self.refresh_conversations()

    def restore_conversation(self, conversation_id: int) -> None:
        self.db.restore_conversation(conversation_id)
        if conversation_id in self.undo_bar.conversation_ids:
            self.undo_bar.dismiss()
        self.refresh_conversations()

    def _purge(self, conversation_id: int) -> None:
        if conversation_id in self.undo_bar.conversation_ids:
            self.undo_bar.dismiss()
        self.db.delete_conversation(conversation_id)
        self.refresh_conversations()

    def _empty_trash(self) -> None:
        self.undo_bar.dismiss()
        self.db.empty_trash()
        self.refresh_conversations()

    def _on_imported(self, summary) -> None:
        """Show what came in: the list, with the first imported conversation open."""
        self.conversations.show_trash(False)
        if summary.ids and not self.is_generating():
            self.open_conversation(summary.ids[0])
        self.refresh_conversations()

    def database_replaced(self) -> None:
        """After a restore from a backup: nothing on screen may refer to the old file's rows."""
        self._cancel_edit()
        self.undo_bar.dismiss()
        self.new_conversation()
        self.refresh_conversations()
