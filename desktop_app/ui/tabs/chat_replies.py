"""The Chat tab's reply actions: send, stop, regenerate, switch a reply's version, edit and resend a message.

Each action writes the user's message through ChatSession (workers), which runs the reply and keeps its rows in the
database, and then updates the message view. `ChatTab` (chat_tab.py) mixes `ChatReplies` in and owns the widgets
these methods use; kept apart so chat_tab.py reads as the tab's layout, models and images, as ChatConversations
(chat_conversations.py) holds the conversation list's actions.

Its strings are ChatTab's: PySide6's `self.tr` looks them up under the instance's class name, while lupdate files a
mixin's `self.tr` under the mixin's, so they are written as QCoreApplication.translate("ChatTab", ...) and stay in
the ChatTab context of the translations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.storage.database import Database, Message
from desktop_app.core.tasks.chat import ChatResult, ChatSettings

if TYPE_CHECKING:
    from desktop_app.workers.chat_session import ChatSession
    from desktop_app.workers.model_manager import LoadedModel

TITLE_LENGTH = 48


class ChatReplies:
    """Reply actions of ChatTab, which sets these attributes and defines the methods named below."""

    db: Database
    chat: ChatSession
    chat_settings: ChatSettings
    conversation_id: int | None
    model: LoadedModel | None
    _edit_message_id: int | None
    _after_load: Callable[[], None] | None
    before_reply: Callable[[int, int | None], bool] | None
    composer: Any  # the pane's ComposerEdit
    attachments: Any  # AttachmentStrip
    input: Any  # ChatInput
    view: Any  # the pane's message view
    pane: Any  # ChatPane
    notice: Any  # NoticeBar
    model_bar: Any  # ChatModelBar
    generation_finished: Any  # ChatTab's Signal
    is_generating: Callable[[], bool]
    is_loading: Callable[[], bool]
    ensure_model: Callable[..., None]
    refresh_conversations: Callable[[], None]
    _remember_conversation: Callable[[int], None]
    _render_current: Callable[[], None]
    _refuse_images: Callable[[], bool]
    _last_assistant_id: Callable[[], int | None]
    _update_buttons: Callable[[], None]

    def send(self) -> None:
        text = self.composer.toPlainText()
        images = self.attachments.paths()
        if (not text.strip() and not images) or self.attachments.is_busy():
            return
        if self.is_generating() or (self.is_loading() and self._after_load is not None):
            return
        if images and self._refuse_images():
            return
        title = " ".join(text.split())[:TITLE_LENGTH] or (
            QCoreApplication.translate("ChatTab", "Image") if len(images) == 1
            else QCoreApplication.translate("ChatTab", "{n} images").format(n=len(images))
        )
        created, edited = self.conversation_id is None, self._edit_message_id
        try:
            message = self.chat.add_user_message(self.conversation_id, text, images, title,
                                                 self.chat_settings.to_dict(), edited)
        except DesktopAppError as exc:
            self.notice.show_message(str(exc), "error")
            return
        self.conversation_id = message.conversation_id
        if created:
            self._remember_conversation(self.conversation_id)
            self.refresh_conversations()
        if edited is not None:
            self._cancel_edit()
            self._render_current()
        else:
            self.view.add_message(message)
        self.input.clear()
        self._generate_when_ready()

    def _generate_when_ready(self, version_of: int | None = None) -> None:
        conversation = self.conversation_id
        self.ensure_model(lambda: self._start_generation(conversation, version_of))

    def _start_generation(self, conversation_id: int | None, version_of: int | None = None) -> None:
        if conversation_id is not None and self.model is not None:
            if self.before_reply is not None and self.before_reply(conversation_id, version_of):
                return
            switch = self.model_bar.thinking_switch
            self.chat.start(conversation_id, self.model, version_of, switch.mode(), thinking_budget=switch.budget(),
                            complete=self.input.complete_button.isChecked())
        self._update_buttons()

    def _on_reply_finished(self, message: Message, result: ChatResult | None) -> None:
        if message.conversation_id == self.conversation_id:
            shown = self.db.messages(message.conversation_id)
            if shown and shown[-1].id == message.id and shown[-1].versions > 1:
                self._render_current()  # the new version's "◀ n/n ▶"
        self._update_buttons()
        self.generation_finished.emit(result)

    def stop(self) -> None:
        if self.is_generating():
            self.chat.stop()
        elif self.is_loading() and self._after_load is not None:
            self._after_load = None
            self._update_buttons()

    def _on_escape(self) -> None:
        if self.is_generating():
            self.stop()
        elif self._edit_message_id is not None:
            self._cancel_edit()
            self.input.clear()

    def regenerate_last(self) -> None:
        last = self._last_assistant_id()
        if last is not None:
            self.regenerate(last)

    def regenerate(self, message_id: int) -> None:
        """A new version of a reply; the earlier one (and anything after it) stays, one ◀ away."""
        if self.is_generating() or self.conversation_id is None:
            return
        shown = self.db.messages(self.conversation_id)
        ids = [m.id for m in shown]
        if message_id not in ids:
            return
        self.pane.show_conversation(shown[: ids.index(message_id)], None, "")
        self._generate_when_ready(version_of=message_id)

    def switch_version(self, message_id: int, step: int) -> None:
        """◀ / ▶ on a message: show another version of it; the conversation below follows that branch."""
        if self.is_generating():
            self.notice.show_message(QCoreApplication.translate("ChatTab", "Stop the reply before switching versions."),
                                     "warning")
            return
        if self.conversation_id is None or self.db.switch_version(message_id, step) is None:
            return
        self._cancel_edit()
        bar = self.view.verticalScrollBar()
        position = bar.value()
        self._render_current()
        bar.setValue(min(position, bar.maximum()))  # stay where the user clicked
        self._update_buttons()

    def start_edit(self, message_id: int) -> None:
        if self.is_generating():
            return
        content = self.view.content_of(message_id)
        if content is None:
            return
        self._edit_message_id = message_id
        self.composer.setPlainText(content)
        self.attachments.clear()
        for path in self.view.images_of(message_id):  # Resend keeps the images unless they are removed
            self.attachments.add_ready(path)
        self.composer.setFocus()
        self.notice.show_message(
            QCoreApplication.translate("ChatTab", "Editing a message: Resend adds it as a new version; the earlier "
                                                  "one and its replies stay (◀ ▶). Esc cancels."), "info"
        )
        self._update_buttons()

    def _cancel_edit(self) -> None:
        if self._edit_message_id is not None:
            self._edit_message_id = None
            self.notice.hide()
        self._update_buttons()
