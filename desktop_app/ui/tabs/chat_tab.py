"""The Chat tab: conversations, a streaming message view, the composer and per-conversation settings.

It only forwards intent: the database (core.storage) keeps the messages, the ModelManager (workers) runs loading
and generation on the model's thread, and the reply comes back as job signals.

Images (dropped, pasted, or chosen with Attach image…) are checked and copied into the attachments folder by a
background job, wait as thumbnails above the composer, and go with the message to a model that has
Capability.VISION; a model without it is named in one sentence and the images stay out of its prompt.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QImage, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import Capability
from desktop_app.core.errors import DesktopAppError, EngineCrashedError
from desktop_app.core.models.registry import known_models
from desktop_app.core.models.resolve import needs_preparation, prepare, resolve_chat_model, resolve_task_model
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.database import (
    COMPLETE,
    ERROR,
    INTERRUPTED,
    STOPPED,
    STREAMING,
    Database,
    Message,
)
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks.chat import (
    ChatResult,
    ChatSettings,
    StagedImage,
    build_messages,
    count_images,
    stage_image,
    vision_required_message,
    without_images,
)
from desktop_app.core.tasks.images import IMAGE_SUFFIXES, is_image_path
from desktop_app.ui import theme
from desktop_app.ui.dialogs.image_preview import ImagePreviewDialog
from desktop_app.ui.widgets.attachment_strip import AttachmentStrip
from desktop_app.ui.widgets.chat_images import ChatImageCache
from desktop_app.ui.widgets.chat_settings_panel import ChatSettingsPanel
from desktop_app.ui.widgets.composer import ComposerEdit, carries_attachment, local_files
from desktop_app.ui.widgets.conversation_list import ConversationList
from desktop_app.ui.widgets.message_view import MessageView
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.ui.widgets.stream_buffer import StreamBuffer
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import LoadedModel, ModelManager
from desktop_app.workers.thumbnails import pil_to_qimage

CHECKPOINT_EVERY_S = 1.0
TITLE_LENGTH = 48


def _png_bytes(image: QImage) -> bytes:
    """A QImage as PNG bytes (QImage and QBuffer are safe on a worker thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _stage_work(store, path: str | None, image: QImage | None) -> tuple[StagedImage, QImage]:
    """Runs on the utility thread: check and copy the image, and make its thumbnail as a QImage."""
    if image is not None:
        staged = stage_image(None, store, data=_png_bytes(image))
    else:
        staged = stage_image(path, store)
    return staged, pil_to_qimage(staged.thumbnail)


class ChatTab(QWidget):
    model_changed = Signal()  # a model finished loading, or was unloaded
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
        self.model: LoadedModel | None = None
        self.spec: ModelSpec | None = None
        self.chat_job: Job | None = None
        self.load_job: Job | None = None
        self._after_load: Callable[[], None] | None = None
        self._prepared_load: tuple[ModelSpec, object] | None = None
        self._edit_message_id: int | None = None
        self._stream_conversation: int | None = None
        self._stream_message_id: int | None = None
        self._stream_parts: list[str] = []
        self._last_checkpoint = 0.0
        self._staging: dict[Job, int] = {}  # image checks under way -> their tile in the attachment strip
        self.preview_dialog: ImagePreviewDialog | None = None
        self.image_cache = ChatImageCache(manager.run_background, self)
        self._build()
        self._resolve_initial_model()
        self.refresh_conversations()

    # -- layout --------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.conversations = ConversationList()
        self.conversations.selected.connect(self.open_conversation)
        self.conversations.new_requested.connect(self.new_conversation)
        self.conversations.search_changed.connect(lambda _t: self.refresh_conversations())
        self.conversations.rename_requested.connect(self._rename)
        self.conversations.delete_requested.connect(self._delete)

        self.model_combo = QComboBox()
        self.model_combo.setMinimumContentsLength(28)
        self.model_combo.setToolTip(self.tr("The model that answers in this tab"))
        self.model_combo.setAccessibleName(self.tr("Model"))
        self.model_combo.activated.connect(self._on_model_picked)
        self.browse_button = QPushButton(self.tr("Open GGUF…"))
        self.browse_button.setToolTip(self.tr("Choose any .gguf model file on this computer (Ctrl+O)"))
        self.browse_button.clicked.connect(self.browse_model)
        self.load_progress = QProgressBar()
        self.load_progress.setMaximumWidth(220)
        self.load_progress.setTextVisible(True)
        self.load_progress.hide()
        self.load_status = QLabel()
        self.cancel_load_button = QPushButton(self.tr("Cancel"))
        self.cancel_load_button.setToolTip(self.tr("Stop loading the model"))
        self.cancel_load_button.clicked.connect(self.cancel_load)
        self.cancel_load_button.hide()
        self.settings_button = QPushButton(self.tr("Settings"))
        self.settings_button.setCheckable(True)
        self.settings_button.setChecked(True)
        self.settings_button.setToolTip(self.tr("Show or hide this conversation's settings"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Model:")))
        top.addWidget(self.model_combo, 1)
        top.addWidget(self.browse_button)
        top.addWidget(self.load_status)
        top.addWidget(self.load_progress)
        top.addWidget(self.cancel_load_button)
        top.addWidget(self.settings_button)

        self.notice = NoticeBar()
        self.view = MessageView()
        self.view.set_image_cache(self.image_cache)
        self.view.edit_requested.connect(self.start_edit)
        self.view.regenerate_requested.connect(self.regenerate)
        self.view.image_clicked.connect(self.preview_image)
        self.buffer = StreamBuffer(30, self)
        theme.on_change(self, self._render_current, immediate=False)  # the conversation's colours follow the theme
        self.buffer.flushed.connect(self.view.append_stream)

        self.composer = ComposerEdit()
        self.composer.setPlaceholderText(self.tr("Type a message. Enter sends, Shift+Enter adds a line."))
        self.composer.setMaximumHeight(140)
        self.composer.send_requested.connect(self.send)
        self.composer.stop_requested.connect(self._on_escape)
        self.composer.textChanged.connect(self._update_buttons)
        self.composer.files_dropped.connect(self.attach_files)
        self.composer.image_pasted.connect(self.attach_image)
        self.attachments = AttachmentStrip(self.image_cache)
        self.attachments.changed.connect(self._update_buttons)
        self.attach_button = QPushButton(self.tr("Attach image…"))
        self.attach_button.setToolTip(
            self.tr("Add images for a vision model to see (Ctrl+Shift+A); you can also drop or paste them")
        )
        self.attach_button.clicked.connect(self.browse_images)
        self.attach_action = QAction(self.tr("Attach Image…"), self)
        self.attach_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.attach_action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.attach_action.triggered.connect(self.browse_images)
        self.addAction(self.attach_action)
        self.setAcceptDrops(True)  # images dropped anywhere on the tab, not only on the composer
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Send the message (Enter)"))
        self.send_button.clicked.connect(self.send)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the reply and keep what was written (Esc)"))
        self.stop_button.clicked.connect(self.stop)
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setToolTip(self.tr("Write the last reply again (Ctrl+R)"))
        self.regenerate_button.clicked.connect(self.regenerate_last)
        self.stats_label = QLabel()
        theme.style(self.stats_label, "color: $muted;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.stats_label, 1)
        buttons.addWidget(self.regenerate_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.send_button)

        center = QWidget()
        cl = QVBoxLayout(center)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(top)
        cl.addWidget(self.notice)
        cl.addWidget(self.view, 1)
        cl.addWidget(self.attachments)
        cl.addWidget(self.composer)
        cl.addLayout(buttons)

        self.settings_panel = ChatSettingsPanel()
        self.settings_panel.set_settings(self.chat_settings)
        self.settings_panel.changed.connect(self._on_settings_changed)
        self.settings_button.toggled.connect(self.settings_panel.setVisible)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.conversations)
        splitter.addWidget(center)
        splitter.addWidget(self.settings_panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 640, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_buttons()

    # -- state ---------------------------------------------------------------------------------------------------
    def is_generating(self) -> bool:
        return self.chat_job is not None and not self.chat_job.is_done()

    def is_loading(self) -> bool:
        return self.load_job is not None and not self.load_job.is_done()

    def _update_buttons(self) -> None:
        busy = self.is_generating() or (self.is_loading() and self._after_load is not None)
        has_input = bool(self.composer.toPlainText().strip()) or bool(self.attachments.paths())
        self.send_button.setEnabled(not busy and has_input and not self.attachments.is_busy())
        self.send_button.setText(self.tr("Resend") if self._edit_message_id else self.tr("Send"))
        self.stop_button.setEnabled(busy)
        self.regenerate_button.setEnabled(not busy and self._last_assistant_id() is not None)

    def _last_assistant_id(self) -> int | None:
        if self.conversation_id is None:
            return None
        ids = [m.id for m in self.db.messages(self.conversation_id) if m.role == "assistant"]
        return ids[-1] if ids else None

    # -- models --------------------------------------------------------------------------------------------------
    def _resolve_initial_model(self) -> None:
        try:
            # A folder is a PyTorch model (a vision-language model chats too), a file a GGUF.
            self.spec = resolve_task_model(
                self.app_settings.chat_model_path, self.models_dir, self.app_settings.model_consents,
                self.app_settings.model_projectors,
            )
        except DesktopAppError as exc:
            self.spec = None
            self.notice.show_message(str(exc), "error")
        self._fill_model_combo()

    def _fill_model_combo(self) -> None:
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        specs = known_models(self.models_dir)
        if self.spec is not None and all(s.path != self.spec.path for s in specs):
            specs.append(self.spec)
        for s in specs:
            self.model_combo.addItem(s.name, str(s.path))
            self.model_combo.setItemData(self.model_combo.count() - 1, f"{s.path}\n{s.note}", Qt.ToolTipRole)
        if self.spec is not None:
            self.model_combo.setCurrentIndex(max(self.model_combo.findData(str(self.spec.path)), 0))
        self.model_combo.blockSignals(False)

    def _on_model_picked(self, index: int) -> None:
        path = self.model_combo.itemData(index)
        if path and (self.spec is None or str(self.spec.path) != path):
            self.use_model_file(path)

    def browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.use_model_file(path)

    def use_model_file(self, path: str) -> None:
        """Switch the chat model to the file at `path` and start loading it; errors show in the notice bar."""
        self.use_model_spec(
            resolve_task_model(
                path, self.models_dir, self.app_settings.model_consents, self.app_settings.model_projectors
            )
        )

    def use_model_spec(self, spec: ModelSpec) -> None:
        """Switch the chat model (from the model picker, a file dialog or the Models page) and load it."""
        if self.is_generating():
            self.notice.show_message(self.tr("Stop the current reply before switching models."), "warning")
            return
        self.spec = spec
        builtin_default = resolve_chat_model("", self.models_dir)
        self.app_settings.chat_model_path = "" if self.spec.path == builtin_default.path else str(self.spec.path)
        self._save_app_settings()
        self._fill_model_combo()
        if self.is_loading():  # a load of the previous choice is under way: it is no longer wanted
            self.load_job.cancel()
            self.load_job = None
        if self.model is not None and self.model.id != self.spec.id:
            self.manager.unload(self.model.id)
            self.model = None
            self.model_changed.emit()
        self.ensure_model()

    def ensure_model(self, then: Callable[[], None] | None = None) -> None:
        """Make sure the chat model is loaded with this conversation's options, then call `then`."""
        if self.spec is None:
            self.notice.show_message(self.tr("Choose a model first (Open GGUF…)."), "error")
            return
        options = self.chat_settings.load_options(self.app_settings.default_device)
        if self.manager.is_loaded(self.spec, options):
            self.model = self.manager.get(self.spec.id)
            if then:
                then()
            return
        self._after_load = then
        if self.is_loading():
            return
        spec = self.spec
        if needs_preparation(spec, self.models_dir):
            self._show_load_progress(self.tr("Preparing the built-in model (first run only)…"))
            self._prepared_load = (spec, options)
            self.manager.run_background(
                lambda j: prepare(spec, self.models_dir, j.progress.emit, j.cancel_event), name="prepare",
                before_start=self._watch_prepare,
            )
        else:
            self._start_load(spec, options)

    def _watch_prepare(self, job: Job) -> None:
        self._watch_load(job)
        job.finished.connect(self._on_prepared)

    def _on_prepared(self, _path) -> None:
        spec, options = self._prepared_load
        self._start_load(spec, options)

    def _start_load(self, spec: ModelSpec, options) -> Job:
        self._show_load_progress(self.tr("Loading {name}…").format(name=spec.name))
        return self.manager.load(spec, options, before_start=self._watch_model_load)

    def _watch_model_load(self, job: Job) -> None:
        self._watch_load(job)
        job.finished.connect(self._on_model_loaded)

    def _watch_load(self, job: Job) -> None:
        self.load_job = job
        job.progress.connect(self._on_load_progress)
        job.failed.connect(self._on_load_failed)
        job.cancelled.connect(self._on_load_cancelled)
        self._update_buttons()

    def _show_load_progress(self, text: str) -> None:
        self.load_status.setText(text)
        self.load_progress.setRange(0, 0)
        self.load_progress.show()
        self.cancel_load_button.show()

    def _hide_load_progress(self) -> None:
        self.load_status.setText("")
        self.load_progress.hide()
        self.cancel_load_button.hide()

    def _on_load_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.load_progress.setRange(0, 1000)
            self.load_progress.setValue(int(done * 1000 / total))
        else:
            self.load_progress.setRange(0, 0)

    def _on_model_loaded(self, slot: LoadedModel) -> None:
        if self.spec is None or slot.id != self.spec.id:
            self.manager.unload(slot.id)  # finished loading after the user picked another model
            return
        self.model = slot
        self.load_job = None
        self._hide_load_progress()
        self.model_changed.emit()
        then, self._after_load = self._after_load, None
        self._update_buttons()
        if then:
            then()

    def _on_load_failed(self, error: BaseException) -> None:
        if self.sender() is not self.load_job:
            return  # a load the user already replaced
        self.load_job = None
        self._after_load = None
        self._hide_load_progress()
        self.notice.show_message(str(error), "error")
        self._update_buttons()

    def _on_load_cancelled(self) -> None:
        if self.sender() is not self.load_job:
            return
        self.load_job = None
        self._after_load = None
        self._hide_load_progress()
        self.notice.show_message(self.tr("Loading was cancelled."), "info")
        self._update_buttons()

    def cancel_load(self) -> None:
        if self.load_job is not None:
            self.load_job.cancel()

    # -- conversations -------------------------------------------------------------------------------------------
    def refresh_conversations(self) -> None:
        found = self.db.conversations(self.conversations.search.text())
        self.conversations.set_conversations(found, self.conversation_id)

    def new_conversation(self) -> None:
        self.conversation_id = None
        self.chat_settings = ChatSettings.from_dict(self.app_settings.chat_defaults)
        self.settings_panel.set_settings(self.chat_settings)
        self.view.show_messages([])
        self.conversations.list.clearSelection()
        self.conversations.list.setCurrentItem(None)
        self._cancel_edit()
        self.composer.setFocus()
        self._update_buttons()

    def open_conversation(self, conversation_id: int) -> None:
        conv = self.db.conversation(conversation_id)
        if conv is None:
            return
        self.conversation_id = conversation_id
        self._remember_conversation(conversation_id)
        self.chat_settings = ChatSettings.from_dict(conv.settings)
        self.settings_panel.set_settings(self.chat_settings)
        self._cancel_edit()
        self._render_current()
        self._update_buttons()

    def _render_current(self) -> None:
        if self.conversation_id is None:
            self.view.show_messages([])
            return
        messages = self.db.messages(self.conversation_id)
        if self._stream_conversation == self.conversation_id and self._stream_message_id is not None:
            # The reply is still streaming: show the rest, then resume the live stream where it is.
            self.view.show_messages([m for m in messages if m.id != self._stream_message_id])
            self.view.begin_stream(self._stream_message_id)
            self.view.append_stream("".join(self._stream_parts))
        else:
            self.view.show_messages(messages)

    def _remember_conversation(self, conversation_id: int) -> None:
        """Saved at once, so even a killed app reopens where the user was."""
        if self.app_settings.last_conversation_id != conversation_id:
            self.app_settings.last_conversation_id = conversation_id
            self._save_app_settings()

    def _rename(self, conversation_id: int, title: str) -> None:
        self.db.rename_conversation(conversation_id, title)
        self.refresh_conversations()

    def _delete(self, conversation_id: int) -> None:
        if self._stream_conversation == conversation_id:
            self.stop()
        self.db.delete_conversation(conversation_id)
        if self.conversation_id == conversation_id:
            self.new_conversation()
        self.refresh_conversations()

    def _on_settings_changed(self, settings: ChatSettings) -> None:
        self.chat_settings = settings
        if self.conversation_id is not None:
            self.db.update_settings(self.conversation_id, settings.to_dict())
        else:
            self.app_settings.chat_defaults = settings.to_dict()
            self._save_app_settings()

    # -- images --------------------------------------------------------------------------------------------------
    def model_sees_images(self) -> bool | None:
        """True/False for the loaded chat model; None while none is loaded (it is known once one is)."""
        if self.model is None or self.model.backend is None:
            return None
        return Capability.VISION in getattr(self.model.backend, "capabilities", frozenset())

    def _model_name(self) -> str:
        if self.model is not None:
            return self.model.spec.name
        return self.spec.name if self.spec is not None else self.tr("This model")

    def _refuse_images(self) -> bool:
        """Say so, and True, when the loaded model cannot see images."""
        if self.model_sees_images() is False:
            self.notice.show_message(vision_required_message(self._model_name()), "warning")
            return True
        return False

    def browse_images(self) -> None:
        if self._refuse_images():
            return
        patterns = " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Attach images"), str(Path.home()),
            self.tr("Images ({patterns});;All files (*)").format(patterns=patterns),
        )
        if paths:
            self.attach_files(paths)

    def attach_files(self, paths: list[str]) -> None:
        """Attach dropped or chosen files: images are checked on a worker; anything else gets a sentence."""
        if not paths or self._refuse_images():
            return
        images = [p for p in paths if is_image_path(p)]
        others = [Path(p).name or p for p in paths if not is_image_path(p)]
        if others:
            self.notice.show_message(
                self.tr(
                    "{names} {verb} not an image, so {pronoun} cannot be attached. Chat takes images: PNG, JPEG, "
                    "WebP, GIF, BMP, TIFF or HEIC."
                ).format(
                    names=", ".join(others),
                    verb=self.tr("is") if len(others) == 1 else self.tr("are"),
                    pronoun=self.tr("it") if len(others) == 1 else self.tr("they"),
                ),
                "warning",
            )
        for path in images:
            self._stage(Path(path).name, path=path)

    def attach_image(self, image: QImage) -> None:
        """Attach a picture pasted from the clipboard (saved as PNG in the attachments folder)."""
        if image.isNull() or self._refuse_images():
            return
        self._stage(self.tr("Pasted image"), image=image.copy())

    def _stage(self, name: str, path: str | None = None, image: QImage | None = None) -> None:
        key = self.attachments.add_pending(name)
        store = self.db.attachments

        def watch(job: Job) -> None:
            self._staging[job] = key
            job.finished.connect(self._on_staged)  # bound methods: always queued to the GUI thread
            job.failed.connect(self._on_stage_failed)
            job.cancelled.connect(self._on_stage_cancelled)

        self.manager.run_background(lambda _job: _stage_work(store, path, image), name="attach image",
                                    before_start=watch)

    def _on_staged(self, result: tuple[StagedImage, QImage]) -> None:
        key = self._staging.pop(self.sender(), None)
        staged, thumbnail = result
        self.image_cache.put(str(staged.stored), thumbnail)
        if key is not None:
            self.attachments.set_ready(key, str(staged.stored), thumbnail)
        self._update_buttons()

    def _on_stage_failed(self, error: BaseException) -> None:
        key = self._staging.pop(self.sender(), None)
        if key is not None:
            self.attachments.remove(key)
        self.notice.show_message(str(error), "error")
        self._update_buttons()

    def _on_stage_cancelled(self) -> None:
        key = self._staging.pop(self.sender(), None)
        if key is not None:
            self.attachments.remove(key)

    def preview_image(self, path: str) -> None:
        """A larger view of a conversation image (decoded off the GUI thread)."""
        if self.preview_dialog is not None:
            self.preview_dialog.close()
        self.preview_dialog = ImagePreviewDialog(path, self.manager.run_background, self)
        self.preview_dialog.destroyed.connect(self._forget_preview)
        self.preview_dialog.show()

    def _forget_preview(self, *_args) -> None:
        self.preview_dialog = None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        if carries_attachment(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        mime = event.mimeData()
        files = local_files(mime)
        if files:
            self.attach_files(files)
        elif mime.hasImage():
            self.attach_image(mime.imageData())
        else:
            return
        event.acceptProposedAction()

    # -- sending and streaming -----------------------------------------------------------------------------------
    def send(self) -> None:
        text = self.composer.toPlainText()
        images = self.attachments.paths()
        if (not text.strip() and not images) or self.attachments.is_busy():
            return
        if self.is_generating() or (self.is_loading() and self._after_load is not None):
            return
        if images and self._refuse_images():
            return
        if self.conversation_id is None:
            title = " ".join(text.split())[:TITLE_LENGTH] or (
                self.tr("Image") if len(images) == 1 else self.tr("{n} images").format(n=len(images))
            )
            self.conversation_id = self.db.create_conversation(title, self.chat_settings.to_dict())
            self._remember_conversation(self.conversation_id)
            self.refresh_conversations()
        if self._edit_message_id is not None:
            self.db.delete_messages_from(self.conversation_id, self._edit_message_id)
            self._cancel_edit()
            self._render_current()
        try:
            message_id = self.db.add_message(self.conversation_id, "user", text, images=images)
        except DesktopAppError as exc:
            self.notice.show_message(str(exc), "error")
            return
        stored = self.db.message_images(message_id) if images else ()
        self.view.add_message(Message(message_id, self.conversation_id, "user", text, images=stored))
        self.composer.clear()
        self.attachments.clear()
        self._generate_when_ready()

    def _generate_when_ready(self) -> None:
        conversation = self.conversation_id
        self.ensure_model(lambda: self._start_generation(conversation))
        self._update_buttons()

    def _start_generation(self, conversation_id: int | None) -> None:
        if conversation_id is None or self.model is None or self.is_generating():
            return
        conv = self.db.conversation(conversation_id)
        if conv is None:
            return
        settings = ChatSettings.from_dict(conv.settings)
        history = [
            m.as_chat() for m in self.db.messages(conversation_id) if (m.content or m.images) and m.status != ERROR
        ]
        messages = build_messages(settings.system_prompt, history)
        if count_images(messages) and not self.model_sees_images():
            messages = without_images(messages)
            self.notice.show_message(
                self.tr("The images in this conversation are left out of the reply: {why}").format(
                    why=vision_required_message(self._model_name())
                ),
                "info",
            )
        self._stream_conversation = conversation_id
        self._stream_message_id = self.db.add_message(conversation_id, "assistant", "", STREAMING)
        self._stream_parts = []
        self._last_checkpoint = time.monotonic()
        if self.conversation_id == conversation_id:
            self.view.begin_stream(self._stream_message_id)
        self.stats_label.setText(self.tr("Thinking…"))
        job = self.manager.chat(self.model.id, messages, settings.params)
        job.chunk.connect(self._on_chunk)
        job.notice.connect(self._on_chat_notice)  # bound methods: always queued to the GUI thread
        job.finished.connect(self._on_chat_finished)
        job.failed.connect(self._on_chat_failed)
        self.chat_job = job
        self._update_buttons()

    def _on_chat_notice(self, text: str) -> None:
        self.notice.show_message(text, "info")

    def _on_chunk(self, text: str) -> None:
        self._stream_parts.append(text)
        if self.conversation_id == self._stream_conversation:
            self.buffer.append(text)
        now = time.monotonic()
        if now - self._last_checkpoint >= CHECKPOINT_EVERY_S and self._stream_message_id is not None:
            self._last_checkpoint = now
            self.db.checkpoint_message(self._stream_message_id, "".join(self._stream_parts))

    def _finish_stream(self, text: str, status: str, result: ChatResult | None) -> None:
        message_id, conversation_id = self._stream_message_id, self._stream_conversation
        if message_id is None:
            return
        self.buffer.flush()
        tps = result.tokens_per_s if result else 0.0
        prompt_tokens = result.prompt_tokens if result else 0
        completion_tokens = result.completion_tokens if result else 0
        self.db.update_message(message_id, text, status, prompt_tokens, completion_tokens, tps)
        if self.conversation_id == conversation_id:
            self.view.end_stream(
                Message(message_id, conversation_id, "assistant", text, status, prompt_tokens, completion_tokens, tps)
            )
        self._stream_message_id = self._stream_conversation = None
        self._stream_parts = []
        self.chat_job = None
        self._update_buttons()

    def _on_chat_finished(self, result: ChatResult) -> None:
        status = STOPPED if result.finish_reason == "cancelled" else COMPLETE
        self._finish_stream(result.text, status, result)
        self.stats_label.setText(
            self.tr("{n} tokens · {tps:.1f} tok/s · first token {ttft:.2f} s").format(
                n=result.completion_tokens, tps=result.tokens_per_s, ttft=result.first_token_s
            )
        )
        self.generation_finished.emit(result)

    def _on_chat_failed(self, error: BaseException) -> None:
        # A dead engine interrupts the reply: what was written is kept, and the next send reloads the model.
        status = INTERRUPTED if isinstance(error, EngineCrashedError) else ERROR
        self._finish_stream("".join(self._stream_parts), status, None)
        self.stats_label.setText("")
        self.notice.show_message(str(error), "error")
        self.generation_finished.emit(None)

    def stop(self) -> None:
        if self.chat_job is not None:
            self.chat_job.cancel()
        elif self.is_loading() and self._after_load is not None:
            self._after_load = None
            self._update_buttons()

    def _on_escape(self) -> None:
        if self.is_generating():
            self.stop()
        elif self._edit_message_id is not None:
            self._cancel_edit()
            self.composer.clear()
            self.attachments.clear()

    def regenerate_last(self) -> None:
        last = self._last_assistant_id()
        if last is not None:
            self.regenerate(last)

    def regenerate(self, message_id: int) -> None:
        if self.is_generating() or self.conversation_id is None:
            return
        self.db.delete_messages_from(self.conversation_id, message_id)
        self._render_current()
        self._generate_when_ready()

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
            self.tr("Editing a message: Resend replaces it and every message after it. Esc cancels."), "info"
        )
        self._update_buttons()

    def _cancel_edit(self) -> None:
        if self._edit_message_id is not None:
            self._edit_message_id = None
            self.notice.hide()
        self._update_buttons()

    # -- shutdown ------------------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Keep the partial reply (marked stopped) before the window closes; the job may never report back."""
        if self.chat_job is not None:
            self.chat_job.cancel()
        if self._stream_message_id is not None:
            self.buffer.clear()
            self.db.update_message(self._stream_message_id, "".join(self._stream_parts), STOPPED)
            self._stream_message_id = self._stream_conversation = None
