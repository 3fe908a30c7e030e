"""The Chat tab: conversations, a streaming message view, the composer and per-conversation settings.

A view that forwards intent: its ModelSession (workers) loads the chat model, its ChatSession (workers) runs each
reply and keeps its rows in the database, and the conversations list reads the database. The reply comes back as
signals and streams into the view through a StreamBuffer (at most every 30 ms).

Images (dropped, pasted, or chosen with Attach image…) are checked and copied into the attachments folder by a
background job (ImageAttacher), wait as thumbnails above the composer, and go with the message to a model that has
Capability.VISION; a model without it is named in one sentence and the images stay out of its prompt.

The tab's actions live in two mixins: the conversation list's in ChatConversations (chat_conversations.py), sending,
stopping, regenerating and editing in ChatReplies (chat_replies.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desktop_app.core.engine.types import Capability
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.models import session as model_session
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks.chat import ChatSettings, vision_required_message
from desktop_app.ui import theme
from desktop_app.ui.dialogs.image_preview import ImagePreviewDialog
from desktop_app.ui.tabs.chat_conversations import ChatConversations
from desktop_app.ui.tabs.chat_replies import TITLE_LENGTH as TITLE_LENGTH  # importable from here, as before
from desktop_app.ui.tabs.chat_replies import ChatReplies
from desktop_app.ui.tabs.chat_tools import ChatTools
from desktop_app.ui.tabs.chat_transfer import ConversationTransfer
from desktop_app.ui.widgets.chat_images import ChatImageCache
from desktop_app.ui.widgets.chat_model_bar import ChatModelBar
from desktop_app.ui.widgets.chat_pane import ChatPane
from desktop_app.ui.widgets.chat_settings_panel import ChatSettingsPanel
from desktop_app.ui.widgets.conversation_list import ConversationList
from desktop_app.ui.widgets.image_attacher import ImageAttacher
from desktop_app.workers.chat_session import ChatSession
from desktop_app.workers.model_manager import LoadedModel, ModelManager


class ChatTab(ChatConversations, ChatReplies, QWidget):
    model_changed = Signal()  # a model finished loading, or was unloaded
    conversation_changed = Signal()  # another conversation (or a new one) is shown: its settings are in chat_settings
    generation_finished = Signal(object)  # ChatResult, for tests and the status bar

    def __init__(
        self,
        manager: ModelManager,
        db: Database,
        app_settings: AppSettings,
        save_app_settings: Callable[[], None],
        models_dir: Path,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.manager = manager
        self.db = db
        self.app_settings = app_settings
        self._save_app_settings = save_app_settings
        self.models_dir = models_dir
        self.conversation_id: int | None = None
        self.chat_settings = ChatSettings.from_dict(app_settings.chat_defaults)
        self._after_load: Callable[[], None] | None = None
        self._edit_message_id: int | None = None
        self._vision_notice = ""  # the "cannot see images" warning on show, if it is
        self._deleted_open: int | None = None  # the conversation on screen when the last delete moved it away
        # A hook that may take over starting a reply (documents attached: chat_documents.py fetches their passages
        # first, then calls chat.start itself); returns True when it did.
        self.before_reply: Callable[[int, int | None], bool] | None = None
        self.preview_dialog: ImagePreviewDialog | None = None
        self.image_cache = ChatImageCache(manager.run_background, self)
        self.chat = ChatSession(manager, db, self)
        self.chat.started.connect(lambda *_ids: self._update_buttons())
        self._build()
        error = self.model_bar.resolve_initial()
        if error:
            self.notice.show_message(error, "error")
        self._update_recommendation()
        self.refresh_conversations()

    # -- layout --------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.conversations = ConversationList()
        self.conversations.selected.connect(self.open_conversation)
        self.conversations.new_requested.connect(self.new_conversation)
        self.conversations.search_changed.connect(lambda _t: self.refresh_conversations())
        self.conversations.rename_requested.connect(self._rename)
        self.conversations.delete_requested.connect(self._delete)
        self.conversations.restore_requested.connect(self.restore_conversation)
        self.conversations.purge_requested.connect(self._purge)
        self.conversations.empty_trash_requested.connect(self._empty_trash)
        self.conversations.trash_toggled.connect(lambda _on: self.refresh_conversations())
        self.conversations.export_requested.connect(lambda ids: self.transfer.ask_export(ids))
        self.conversations.import_requested.connect(lambda: self.transfer.ask_import())
        self.conversations.train_requested.connect(lambda ids: self.transfer.send_to_training(ids))

        self.model_bar = ChatModelBar(self.manager, self.app_settings, self._save_app_settings, self.models_dir)
        self.pane = ChatPane(self.model_bar, self.image_cache, self.manager.run_background,
                             lambda: self.conversation_id)
        self.session, self.notice, self.undo_bar = self.model_bar.session, self.pane.notice, self.pane.undo_bar
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.transfer = ConversationTransfer(self.manager, self.db, self.notice, self)
        self.transfer.imported.connect(self._on_imported)
        self.view, self.buffer = self.pane.view, self.pane.buffer
        self.input, self.settings_button = self.pane.input, self.pane.settings_button
        self.composer, self.attachments = self.input.composer, self.input.attachments
        self.send_button, self.stop_button = self.input.send_button, self.input.stop_button
        self.regenerate_button, self.stats_label = self.input.regenerate_button, self.input.stats_label
        self.session.busy_changed.connect(lambda _busy: self._update_buttons())
        self.model_bar.picked.connect(self.use_model_file)
        self.model_bar.ready.connect(self._on_model_ready)
        self.model_bar.load_ended.connect(self._on_load_ended)
        self.model_bar.model_changed.connect(self.model_changed)
        self.model_bar.model_changed.connect(self._clear_vision_notice)
        self.recommend = self.pane.recommend
        self.model_bar.chosen.connect(self._update_recommendation)
        self.chat.started.connect(self.pane.on_reply_started)
        self.chat.chunk.connect(self.pane.on_chunk)
        self.chat.thinking.connect(self.pane.on_thinking)
        self.chat.failed.connect(self.pane.on_reply_failed)
        self.chat.finished.connect(self.pane.on_reply_finished)
        self.chat.finished.connect(self._on_reply_finished)
        self.chat.notice.connect(lambda text: self.notice.show_message(text, "info"))
        self.view.edit_requested.connect(self.start_edit)
        self.view.regenerate_requested.connect(self.regenerate)
        self.view.version_requested.connect(self.switch_version)
        self.view.image_clicked.connect(self.preview_image)
        theme.on_change(self, self._render_current, immediate=False)  # the conversation's colours follow the theme
        self.composer.send_requested.connect(self.send)
        self.composer.stop_requested.connect(self._on_escape)
        # Esc stops the reply wherever the focus is in the tab (after a click on Regenerate, in the conversation),
        # not only in the composer.
        self.escape_shortcut = QShortcut(QKeySequence(Qt.Key_Escape), self, self._on_escape,
                                         context=Qt.WidgetWithChildrenShortcut)
        self.composer.textChanged.connect(self._update_buttons)
        self.attachments.changed.connect(self._update_buttons)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.regenerate_button.clicked.connect(self.regenerate_last)
        self.attacher = ImageAttacher(self.manager, self.db.attachments, self.attachments, self.image_cache,
                                      self.notice, self._refuse_images, self)
        self.attacher.changed.connect(self._update_buttons)
        self.composer.files_dropped.connect(self.attacher.attach_files)
        self.composer.image_pasted.connect(self.attacher.attach_image)
        self.input.attach_button.clicked.connect(self.browse_images)
        self.attach_action = self.attacher.serve(self)  # Ctrl+Shift+A, and images dropped anywhere on the tab

        self.settings_panel = ChatSettingsPanel()
        self.settings_panel.set_settings(self.chat_settings)
        self.settings_panel.changed.connect(self._on_settings_changed)
        self.settings_button.toggled.connect(self.settings_panel.setVisible)
        self.tools = ChatTools(self)  # the Tools switch and page, and the reply's tool calls (chat_tools.py)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.conversations)
        splitter.addWidget(self.pane)
        splitter.addWidget(self.settings_panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 640, 260])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_buttons()

    def _update_recommendation(self) -> None:
        """Advise a bigger chat model (the catalogue's best that fits) while the built-in one answers."""
        spec = self.model_bar.spec
        self.recommend.update_for(spec is None or spec.builtin)

    # -- state ---------------------------------------------------------------------------------------------------
    model_combo = property(lambda self: self.model_bar.model_combo)
    load_progress = property(lambda self: self.model_bar.load_progress)
    cancel_load_button = property(lambda self: self.model_bar.cancel_load_button)
    load_job = property(lambda self: self.session.job)  # the model load under way, if any

    def is_generating(self) -> bool:
        return self.chat.is_generating()

    def is_loading(self) -> bool:
        return self.session.is_loading()

    def _update_buttons(self) -> None:
        busy = self.is_generating() or (self.is_loading() and self._after_load is not None)
        self.send_button.setEnabled(not busy and self.input.has_input() and not self.attachments.is_busy())
        self.send_button.setText(self.tr("Resend") if self._edit_message_id else self.tr("Send"))
        self.stop_button.setEnabled(busy)
        self.regenerate_button.setEnabled(not busy and self._last_assistant_id() is not None)

    def _last_assistant_id(self) -> int | None:
        if self.conversation_id is None:
            return None
        ids = [m.id for m in self.db.messages(self.conversation_id) if m.role == "assistant"]
        return ids[-1] if ids else None

    # -- models --------------------------------------------------------------------------------------------------
    spec = property(lambda self: self.model_bar.spec)  # the chosen chat model
    model = property(lambda self: self.model_bar.model)  # the chat model once loaded

    def browse_model(self) -> None:
        self.model_bar.browse_model()

    def use_model_file(self, path: str) -> None:
        """Switch the chat model to the file at `path` and start loading it; errors show in the notice bar."""
        try:
            spec = model_session.resolve(path, self.app_settings, self.models_dir)
        except DesktopAppError as exc:
            self.notice.show_message(str(exc), "error")
            return
        self.use_model_spec(spec)

    def use_model_spec(self, spec: ModelSpec) -> None:
        """Switch the chat model (from the model picker, a file dialog or the Models page) and load it."""
        if self.is_generating():
            self.notice.show_message(self.tr("Stop the current reply before switching models."), "warning")
            return
        self.model_bar.choose(spec)
        self.ensure_model()

    def open_in_new_conversation(self, spec: ModelSpec, keep_previous: bool = False) -> None:
        """Chat with `spec` in a new conversation (Fine-tune → Open in Chat), leaving the chat model in the settings
        as it was; `keep_previous` leaves the model loaded before in memory (the API server serves it)."""
        if self.is_generating():
            self.notice.show_message(self.tr("Stop the current reply before switching models."), "warning")
            return
        self.new_conversation()
        self.model_bar.choose(spec, remember=False, unload_previous=not keep_previous)
        self.ensure_model()

    def ensure_model(self, then: Callable[[], None] | None = None) -> None:
        """Make sure the chat model is loaded with this conversation's options, then call `then`."""
        if self.spec is None:
            self.notice.show_message(self.tr("Choose a model first (Open GGUF…)."), "error")
            return
        self._after_load = then
        self.model_bar.ensure(self.chat_settings.load_options(self.app_settings.default_device))
        self._update_buttons()

    def _on_model_ready(self, slot: LoadedModel) -> None:
        # ChatML around a base model gives garbage: it continues text instead. The engine read this at load; reading
        # the GGUF header here (its whole vocabulary) held the window 0.1-0.25 s at every send.
        if slot.info is not None and slot.info.base_model:
            self.input.complete_button.setChecked(True)
            self.notice.show_message(self.tr("{name} is a base model (no chat template): Complete is on, so it "
                                             "continues your text.").format(name=slot.spec.name), "info")
        then, self._after_load = self._after_load, None
        self._update_buttons()
        if then:
            then()

    def _on_load_ended(self, text: str, kind: str) -> None:
        if self._after_load is not None:
            self._render_current()  # a regenerate that waited for the model shows the conversation as stored
        self._after_load = None
        self.notice.show_message(text, kind)
        self._update_buttons()

    def cancel_load(self) -> None:
        self.session.cancel()

    def _on_settings_changed(self, settings: ChatSettings) -> None:
        self.chat_settings = settings
        if self.conversation_id is not None:
            self.db.update_settings(self.conversation_id, settings.to_dict())
        else:  # the defaults of new chats; Reply as JSON and attached documents stay with the chat they were set for
            self.app_settings.chat_defaults = replace(settings, params=replace(settings.params, json_schema=""),
                                                      documents=()).to_dict()
            self._save_app_settings()

    # -- images --------------------------------------------------------------------------------------------------
    def model_sees_images(self) -> bool | None:
        """True/False for the loaded chat model; None while none is loaded (it is known once one is)."""
        if self.model is None or self.model.backend is None:
            return None
        return Capability.VISION in getattr(self.model.backend, "capabilities", frozenset())

    def _refuse_images(self) -> bool:
        """Say so, and True, when the loaded model cannot see images."""
        if self.model_sees_images() is False:
            self._vision_notice = vision_required_message(self.model.spec.name)
            self.notice.show_message(self._vision_notice, "warning")
            return True
        return False

    def _clear_vision_notice(self) -> None:
        """The "cannot see images" warning was about the model and the conversation of then: it goes when
        either changes (it stayed on after a new chat with another model)."""
        if self._vision_notice and self.notice.isVisible() and self.notice.text() == self._vision_notice:
            self.notice.hide()
        self._vision_notice = ""

    def browse_images(self) -> None:
        self.attacher.browse(self)

    def preview_image(self, path: str) -> None:
        """A larger view of a conversation image (decoded off the GUI thread)."""
        if self.preview_dialog is not None:
            self.preview_dialog.close()
        self.preview_dialog = ImagePreviewDialog(path, self.manager.run_background, self)
        self.preview_dialog.destroyed.connect(self._forget_preview)
        self.preview_dialog.show()

    def _forget_preview(self, *_args) -> None:
        self.preview_dialog = None


    # -- shutdown ------------------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Keep the partial reply (marked stopped) before the window closes; the job may never report back."""
        self.buffer.clear()
        self.pane.thinking_buffer.clear()
        self.chat.shutdown()
