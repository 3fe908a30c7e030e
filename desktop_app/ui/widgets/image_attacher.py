"""Attaching images to the next chat message: dropped, pasted or chosen files, checked off the GUI thread.

Images come from the Attach button and its shortcut (Ctrl+Shift+A, an action on the tab), from a drop anywhere on
the tab (an event filter, so the tab need not override its drop events), and from the composer (drop and paste).
Each image waits as a tile in the AttachmentStrip while a utility-thread job (workers.thumbnails.stage_chat_image)
checks it, copies it into the attachments folder and makes its thumbnail; a file that is not an image, or an image
that cannot be read, gets one sentence in the tab's notice bar and never reaches the message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.tasks.chat import StagedImage
from desktop_app.core.tasks.images import IMAGE_SUFFIXES, is_image_path
from desktop_app.ui.widgets.attachment_strip import AttachmentStrip
from desktop_app.ui.widgets.chat_images import ChatImageCache
from desktop_app.ui.widgets.composer import carries_attachment, local_files
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.thumbnails import stage_chat_image_work


class ImageAttacher(QObject):
    changed = Signal()  # an image became ready, or was dropped

    def __init__(self, manager: ModelManager, store, strip: AttachmentStrip, cache: ChatImageCache,
                 notice: NoticeBar, refuse_images: Callable[[], bool], parent: QObject | None = None):
        """`refuse_images()` says so and returns True when the loaded model cannot see images."""
        super().__init__(parent)
        self.manager = manager
        self.store = store
        self.strip = strip
        self.cache = cache
        self.notice = notice
        self.refuse_images = refuse_images
        self._staging: dict[Job, int] = {}  # image checks under way -> their tile in the attachment strip

    def serve(self, tab: QWidget) -> QAction:
        """Take drops anywhere on `tab` and give it the Attach Image… action (Ctrl+Shift+A), returned."""
        tab.setAcceptDrops(True)
        tab.installEventFilter(self)
        action = QAction(self.tr("Attach Image…"), tab)
        action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: self.browse(tab))
        tab.addAction(action)
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.DragEnter and carries_attachment(event.mimeData()):
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Drop:
            mime = event.mimeData()
            files = local_files(mime)
            if files:
                self.attach_files(files)
            elif mime.hasImage():
                self.attach_image(mime.imageData())
            else:
                return False
            event.acceptProposedAction()
            return True
        return False

    def attach_files(self, paths: list[str]) -> None:
        """Attach dropped or chosen files: images are checked on a worker; anything else gets a sentence."""
        if not paths or self.refuse_images():
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

    def browse(self, parent: QWidget) -> None:
        """Attach images chosen in a file dialog."""
        if self.refuse_images():
            return
        patterns = " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
        paths, _ = QFileDialog.getOpenFileNames(
            parent, self.tr("Attach images"), str(Path.home()),
            self.tr("Images ({patterns});;All files (*)").format(patterns=patterns),
        )
        if paths:
            self.attach_files(paths)

    def attach_image(self, image: QImage) -> None:
        """Attach a picture pasted from the clipboard (saved as PNG in the attachments folder)."""
        if image.isNull() or self.refuse_images():
            return
        self._stage(self.tr("Pasted image"), image=image.copy())

    def _stage(self, name: str, path: str | None = None, image: QImage | None = None) -> None:
        key = self.strip.add_pending(name)

        def watch(job: Job) -> None:
            self._staging[job] = key
            job.finished.connect(self._on_staged)  # bound methods: always queued to the GUI thread
            job.failed.connect(self._on_stage_failed)
            job.cancelled.connect(self._on_stage_cancelled)

        self.manager.run_background(stage_chat_image_work(self.store, path, image), name="attach image",
                                    before_start=watch)

    def _on_staged(self, result: tuple[StagedImage, QImage]) -> None:
        key = self._staging.pop(self.sender(), None)
        staged, thumbnail = result
        self.cache.put(str(staged.stored), thumbnail)
        if key is not None:
            self.strip.set_ready(key, str(staged.stored), thumbnail)
        self.changed.emit()

    def _on_stage_failed(self, error: BaseException) -> None:
        key = self._staging.pop(self.sender(), None)
        if key is not None:
            self.strip.remove(key)
        self.notice.show_message(str(error), "error")
        self.changed.emit()

    def _on_stage_cancelled(self) -> None:
        key = self._staging.pop(self.sender(), None)
        if key is not None:
            self.strip.remove(key)
