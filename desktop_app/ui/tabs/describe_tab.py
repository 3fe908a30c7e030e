"""Describe Image: drop images or whole folders, caption one (streamed next to a large preview) or all of them
(batched on the model, with i of n, ETA and Cancel), edit captions by hand, and save them as sidecar .txt files
or export CSV / JSONL.

The tab holds paths and captions only. Scanning folders, reading sidecars, thumbnails, previews and writing files
run on worker threads; the model runs on its own thread through the EngineBar. The list and its captions are
kept on disk as they arrive (describe_session.json), so closing the window mid-batch loses nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import Capability
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.paths import data_dir
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks import describe as core
from desktop_app.core.tasks.describe_session import SessionEntry, load_session, save_session
from desktop_app.ui import theme
from desktop_app.ui.tabs.task_tab import TaskTab
from desktop_app.ui.widgets.caption_settings import CaptionSettingsPanel
from desktop_app.ui.widgets.engine_bar import EngineBar
from desktop_app.ui.widgets.image_grid import ImageGridView, ImageItem, ImageListModel
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.task_jobs import DescribeRequest, describe_work
from desktop_app.workers.thumbnails import ThumbnailLoader

TASK = "describe"
PREVIEW_SIZE = 768
IMAGE_FILTER = QT_TRANSLATE_NOOP(
    "DescribeTab", "Images (*.jpg *.jpeg *.png *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif);;All files (*)"
)


def _format_eta(seconds: float) -> str:
    seconds = int(max(seconds, 0) + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class DescribeTab(TaskTab):
    images_added = Signal(int)  # how many new images a drop / open / paste listed
    single_finished = Signal(str)  # the caption
    batch_finished = Signal(int)  # images described in the run
    saved = Signal(object)  # core.WriteReport

    def __init__(
        self,
        manager: ModelManager,
        db: Database | None,
        app_settings: AppSettings,
        save_settings: Callable[[], None],
        models_dir: Path,
        parent: QWidget | None = None,
        session_file: Path | None = None,
    ):
        super().__init__(manager, app_settings, save_settings, parent)
        self.session_file = session_file or data_dir() / "describe_session.json"
        self.scan_job: Job | None = None
        self.write_job: Job | None = None
        self.mode = "single"
        self._run_paths: list[Path] = []
        self._run_started = 0.0
        self._run_done = 0
        self._current_row: int | None = None
        self._streaming_row: int | None = None
        self._setting_caption = False
        self.setAcceptDrops(True)

        self.attach_engine(EngineBar(
            TASK, manager, app_settings, save_settings, models_dir,
            frozenset({Capability.CAPTIONER, Capability.VISION}),
            self.tr("an image captioner (BLIP, ViT-GPT2) or a vision-language model (SmolVLM, Qwen2-VL, LLaVA, or "
                    "a GGUF with its mmproj projector)"),
            no_model_message=self.tr(
                "Choose an image model first: Open… a captioner folder (BLIP, ViT-GPT2), a vision-language model "
                "(SmolVLM, Qwen2-VL, LLaVA) or a GGUF with its mmproj file next to it. The Models page can "
                "download one, e.g. Salesforce/blip-image-captioning-base or HuggingFaceTB/SmolVLM-256M-Instruct."
            ),
        ))
        self.engine.model_ready.connect(self._on_model_ready)
        self.engine.path_changed.connect(self._on_model_ready)
        self.notice = NoticeBar()

        # -- the image list --------------------------------------------------------------------------------------
        self.loader = ThumbnailLoader(parent=self)
        self.loader.loaded.connect(self._on_preview_loaded)
        self.loader.failed.connect(self._on_preview_failed)
        self.images = ImageListModel(self.loader, self)
        self.grid = ImageGridView()
        self.grid.setModel(self.images)
        self.grid.setAccessibleName(self.tr("Images"))
        self.grid.selectionModel().selectionChanged.connect(self._on_selection)
        self.drop_hint = QLabel(
            self.tr("Drop images or folders here, paste an image (Ctrl+V), or use Add Images…")
        )
        self.drop_hint.setAlignment(Qt.AlignCenter)
        self.drop_hint.setWordWrap(True)
        theme.style(self.drop_hint, "color: $muted; font-size: 13pt; padding: 24px;")
        self.add_button = QPushButton(self.tr("Add Images…"))
        self.add_button.setToolTip(self.tr("Add image files (JPEG, PNG, WebP, GIF, TIFF, BMP, HEIC)"))
        self.add_button.clicked.connect(self.browse_images)
        self.folder_button = QPushButton(self.tr("Add Folder…"))
        self.folder_button.setToolTip(self.tr("Add every image in a folder and its subfolders"))
        self.folder_button.clicked.connect(self.browse_folder)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Take the selected images off the list (the files stay on disk)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Empty the list (files and saved captions stay on disk)"))
        self.clear_button.clicked.connect(self.clear)
        self.count_label = QLabel()
        list_tools = QHBoxLayout()
        for w in (self.add_button, self.folder_button, self.remove_button, self.clear_button):
            list_tools.addWidget(w)
        list_tools.addStretch(1)
        list_tools.addWidget(self.count_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(list_tools)
        left_layout.addWidget(self.drop_hint, 1)
        left_layout.addWidget(self.grid, 1)

        # -- the selected image ----------------------------------------------------------------------------------
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setMinimumSize(280, 220)
        self.preview.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.preview.setAccessibleName(self.tr("Preview"))
        theme.style(self.preview, "background: $base; border: 1px solid $border;")
        self._preview_pixmap: QPixmap | None = None
        self.file_label = QLabel()
        self.file_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.file_label.setWordWrap(True)
        self.caption = QPlainTextEdit()
        self.caption.setPlaceholderText(self.tr("The caption appears here. You can edit it."))
        self.caption.setAccessibleName(self.tr("Caption"))
        self.caption.setMaximumHeight(140)
        self.caption.textChanged.connect(self._on_caption_edited)
        self.describe_button = QPushButton(self.tr("Describe"))
        self.describe_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.describe_button.setToolTip(self.tr("Caption the selected image, streaming (Ctrl+Enter)"))
        self.describe_button.clicked.connect(self.describe_current)
        single_row = QHBoxLayout()
        single_row.addWidget(self.file_label, 1)
        single_row.addWidget(self.describe_button)
        self.settings_panel = CaptionSettingsPanel()
        self.settings_panel.changed.connect(self._remember_settings)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview, 3)
        right_layout.addLayout(single_row)
        right_layout.addWidget(self.caption)
        right_layout.addWidget(self.settings_panel)

        # -- batch and saving ------------------------------------------------------------------------------------
        self.describe_all_button = QPushButton(self.tr("Describe All"))
        self.describe_all_button.setToolTip(
            self.tr("Caption every listed image. Images that already have a caption are skipped unless "
                    "“Redo captioned images” is ticked, so after Cancel this continues where it stopped.")
        )
        self.describe_all_button.clicked.connect(self.describe_all)
        self.describe_selected_button = QPushButton(self.tr("Describe Selected"))
        self.describe_selected_button.setToolTip(self.tr("Caption the selected images"))
        self.describe_selected_button.clicked.connect(self.describe_selected)
        self.redo = QCheckBox(self.tr("Redo captioned images"))
        self.redo.setToolTip(self.tr("Describe All also replaces captions images already have"))
        self.save_button = QPushButton(self.tr("Save Captions (.txt)"))
        self.save_button.setToolTip(
            self.tr("Write each caption to a .txt file next to its image (photo.jpg → photo.txt), the layout "
                    "training tools (kohya, OneTrainer, taggui) read")
        )
        self.save_button.clicked.connect(self._save_clicked)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("All captions in one CSV or JSONL file"))
        self.export_button.clicked.connect(self._export_clicked)
        actions = QHBoxLayout()
        actions.addWidget(self.describe_all_button)
        actions.addWidget(self.describe_selected_button)
        actions.addWidget(self.redo)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.export_button)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.engine)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        layout.addLayout(actions)

        self.paste_shortcut = QShortcut(QKeySequence.Paste, self.grid)
        self.paste_shortcut.setWhatsThis(self.tr("Paste images"))  # its name in Help → Keyboard Shortcuts
        self.paste_shortcut.activated.connect(self.paste)
        self.delete_shortcut = QShortcut(QKeySequence.Delete, self.grid)
        self.delete_shortcut.setWhatsThis(self.tr("Remove the selected images from the list"))
        self.delete_shortcut.activated.connect(self.remove_selected)
        self._session_timer = QTimer(self)
        self._session_timer.setSingleShot(True)
        self._session_timer.setInterval(1000)
        self._session_timer.timeout.connect(self.save_session)
        self._stream_text = ""
        self._stream_timer = QTimer(self)
        self._stream_timer.setSingleShot(True)
        self._stream_timer.setInterval(30)
        self._stream_timer.timeout.connect(self._flush_stream)

        self.settings_panel.restore(self.app_settings.task_settings.get(TASK) or {})
        self._restore_session()
        self._on_model_ready()
        self._update()

    # -- adding images ---------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        mime = event.mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)
        elif mime.hasImage():
            event.acceptProposedAction()
            self._add_qimage(mime.imageData())

    def browse_images(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add images"), str(Path.home()), self.tr(IMAGE_FILTER))
        if paths:
            self.add_paths(paths)

    def browse_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of images"), str(Path.home()))
        if path:
            self.add_paths([path])

    def paste(self) -> None:
        """An image in the clipboard (a screenshot) is saved as a PNG in the app's data folder and listed;
        copied files are listed as they are."""
        mime = QGuiApplication.clipboard().mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if paths:
            self.add_paths(paths)
        elif mime.hasImage():
            self._add_qimage(mime.imageData())
        else:
            self.notice.show_message(self.tr("The clipboard holds no image."), "warning")

    def _add_qimage(self, image) -> None:
        if image is None or image.isNull():
            self.notice.show_message(self.tr("The clipboard holds no image."), "warning")
            return
        folder = data_dir() / "pasted"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / time.strftime("pasted-%Y%m%d-%H%M%S.png")
        n = 1
        while path.exists():
            path = folder / time.strftime(f"pasted-%Y%m%d-%H%M%S-{n}.png")
            n += 1
        if not image.save(str(path), "PNG"):
            self.notice.show_message(self.tr("Could not save the pasted image to {path}.").format(path=path), "error")
            return
        self.add_paths([str(path)])

    def add_paths(self, paths: list[str]) -> Job:
        """List image files and folders (recursively); runs on the utility thread and reads existing sidecar
        captions too, so a folder captioned before shows its captions."""

        def work(job: Job) -> tuple[core.ScanResult, list[ImageItem]]:
            found = core.scan_images(paths, cancel=job.cancel_event)
            items = []
            for p in found.images:
                saved = core.read_sidecar(p)
                items.append(ImageItem(p, caption=saved or "", status="saved" if saved else "new",
                                       saved_caption=saved))
            return found, items

        self.notice.show_message(self.tr("Looking for images…"), "info")
        return self.manager.run_background(work, name="scan images", before_start=self._watch_scan)

    def _watch_scan(self, job: Job) -> None:
        self.scan_job = job
        job.finished.connect(self._on_scanned)
        job.failed.connect(self._on_scan_failed)

    def _on_scanned(self, result) -> None:
        if self.sender() is not self.scan_job:
            return
        self.scan_job = None
        found, items = result
        added = self.images.add(items)
        notes = []
        if added:
            notes.append(self.tr("Added {n:,} images.").format(n=added))
        elif items:
            notes.append(self.tr("Those images are listed already."))
        for folder in found.empty_folders:
            notes.append(self.tr("No images in {folder}.").format(folder=folder))
        for path, why in found.skipped[:5]:
            notes.append(self.tr("Skipped {name}: {why}").format(name=Path(path).name, why=why))
        if len(found.skipped) > 5:
            notes.append(self.tr("…and {n:,} more files that are not images.").format(n=len(found.skipped) - 5))
        kind = "warning" if (found.empty_folders or found.skipped) and not added else "info"
        if notes:
            self.notice.show_message(" ".join(notes), kind)
        else:
            self.notice.hide()
        if added and self._current_row is None:
            self.select_row(len(self.images.items) - added)
        self._schedule_session_save()
        self._update()
        self.images_added.emit(added)

    def _on_scan_failed(self, error: BaseException) -> None:
        if self.sender() is self.scan_job:
            self.scan_job = None
            self.notice.show_message(str(error), "error")

    def remove_selected(self) -> None:
        if self.engine.is_busy():
            return
        self.images.remove_rows(self.grid.selected_rows())
        self._current_row = None
        self._show_current()
        self._schedule_session_save()
        self._update()

    def clear(self) -> None:
        if self.engine.is_busy():
            return
        if any(it.unsaved for it in self.images.items):
            answer = QMessageBox.question(
                self, self.tr("Clear the list?"),
                self.tr("Some captions are not saved to .txt files yet. Clear the list anyway?"),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No,
            )
            if answer != QMessageBox.Yes:
                return
        self.images.clear()
        self._current_row = None
        self._show_current()
        self._schedule_session_save()
        self._update()

    # -- selection, preview and editing ----------------------------------------------------------------------------
    def select_row(self, row: int) -> None:
        index = self.images.index(row)
        self.grid.selectionModel().select(index, QItemSelectionModel.ClearAndSelect)
        self.grid.setCurrentIndex(index)

    def _on_selection(self, *_args) -> None:
        rows = self.grid.selected_rows()
        current = self.grid.currentIndex().row()
        self._current_row = current if current in rows else (rows[0] if rows else None)
        self._show_current()
        self._update()

    def _show_current(self) -> None:
        row = self._current_row
        self._setting_caption = True
        if row is None or row >= len(self.images.items):
            self.file_label.setText("")
            self.caption.setPlainText("")
            self.preview.clear()
            self._preview_pixmap = None
        else:
            item = self.images.item(row)
            self.file_label.setText(str(item.path))
            self.caption.setPlainText(item.caption)
            self.preview.setText(item.error or self.tr("Loading preview…"))
            self._preview_pixmap = None
            self.loader.request(str(item.path), PREVIEW_SIZE)
        self._setting_caption = False

    def _show_caption(self, item: ImageItem) -> None:
        """The caption box follows a batch result for the image on show (the preview stays as it is)."""
        self._setting_caption = True
        self.caption.setPlainText(item.caption)
        self._setting_caption = False
        if item.error:
            self.preview.setText(item.error)

    def _on_preview_loaded(self, path: str, size: int, image) -> None:
        row = self._current_row
        if size != PREVIEW_SIZE or row is None or str(self.images.item(row).path) != path:
            return
        self._preview_pixmap = QPixmap.fromImage(image)
        self._fit_preview()

    def _on_preview_failed(self, path: str, size: int, reason: str) -> None:
        row = self._current_row
        if size == PREVIEW_SIZE and row is not None and str(self.images.item(row).path) == path:
            self.preview.setText(reason)

    def _fit_preview(self) -> None:
        if self._preview_pixmap is not None:
            self.preview.setPixmap(
                self._preview_pixmap.scaled(self.preview.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation)
            )

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit_preview()

    def _on_caption_edited(self) -> None:
        row = self._current_row
        if self._setting_caption or row is None or row == self._streaming_row:
            return
        item = self.images.item(row)
        item.caption = self.caption.toPlainText()
        item.status = "edited" if item.caption != (item.saved_caption or "") else "saved"
        item.error = ""
        self.images.update_item(row)
        self._schedule_session_save()

    # -- describing ------------------------------------------------------------------------------------------------
    def _on_model_ready(self, *_args) -> None:
        slot = self.engine.model or self.manager.get(self.engine.spec_id())
        backend = slot.backend if slot is not None else None
        if backend is None:
            self.settings_panel.set_prompt_supported(None)
            return
        self.settings_panel.set_prompt_supported(Capability.VISION in backend.capabilities, slot.spec.name)

    def _remember_settings(self) -> None:
        self.app_settings.task_settings[TASK] = self.settings_panel.to_dict()
        self.save_settings()

    def describe_current(self) -> None:
        row = self._current_row
        if self.is_running():
            return
        if row is None:
            self.notice.show_message(self.tr("Select an image first, or add some."), "warning")
            return
        settings = self.settings_panel.settings()
        path = self.images.item(row).path
        self.notice.hide()
        self.mode = "single"
        self._outcome = "failed"
        self._streaming_row = row
        self._stream_text = ""
        self._setting_caption = True
        self.caption.setPlainText("")
        self._setting_caption = False

        self.engine.run(describe_work(DescribeRequest((path,), settings, stream=True)), "describe",
                        self.tr("Describing {name}…").format(name=path.name))
        self._update()

    def describe_all(self) -> None:
        rows = range(len(self.images.items))
        if not self.redo.isChecked():
            rows = [r for r in rows if not self.images.item(r).caption]
            if not rows and self.images.items:
                self.notice.show_message(
                    self.tr("Every image has a caption already. Tick “Redo captioned images” to describe them "
                            "again."), "info"
                )
                return
        self._describe_rows(list(rows))

    def describe_selected(self) -> None:
        self._describe_rows(self.grid.selected_rows())

    def _describe_rows(self, rows: list[int]) -> None:
        if self.is_running():
            return
        if not rows:
            self.notice.show_message(self.tr("There are no images to describe: add some first."), "warning")
            return
        settings = self.settings_panel.settings()
        paths = [self.images.item(r).path for r in rows]
        self.notice.hide()
        self.mode = "batch"
        self._outcome = "failed"
        self._run_paths = paths
        self._run_done = 0
        self._run_started = time.monotonic()

        self.engine.run(describe_work(DescribeRequest(tuple(paths), settings)), "describe batch",
                        self.tr("Describing {n:,} images…").format(n=len(paths)))
        self._update()

    def _update_buttons(self) -> None:
        self._update()

    def on_chunk(self, text: str) -> None:
        self._stream_text += text
        if not self._stream_timer.isActive():
            self._stream_timer.start()

    def _flush_stream(self) -> None:
        """Streamed text reaches the caption box at most ~30 times a second, appended at the end."""
        text, self._stream_text = self._stream_text, ""
        if not text or self._streaming_row is None or self._streaming_row != self._current_row:
            return
        self._setting_caption = True
        cursor = self.caption.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(text.lstrip() if not self.caption.toPlainText() else text)
        self._setting_caption = False

    def on_partial(self, start: int, results: list) -> None:
        for r in results:
            row = self.images.row_of(r.path)
            if row is None:
                continue
            item = self.images.item(row)
            if r.error:
                item.status, item.error = "failed", r.error
            else:
                item.caption, item.status, item.error = r.caption or "", "described", ""
            self.images.update_item(row)
            if row == self._current_row:
                self._show_caption(item)
        self._run_done = start + len(results)
        total = len(self._run_paths)
        elapsed = time.monotonic() - self._run_started
        eta = elapsed / self._run_done * (total - self._run_done) if self._run_done else 0
        self.engine.set_progress(
            self._run_done, total,
            self.tr("Image {done:,} of {total:,} · {eta} left").format(
                done=self._run_done, total=total, eta=_format_eta(eta)
            ),
        )
        self._schedule_session_save()
        self._update()

    def show_result(self, result) -> None:
        if self.mode == "single":
            self._stream_timer.stop()
            row = self._streaming_row
            self._streaming_row = None
            if row is not None and row < len(self.images.items):
                item = self.images.item(row)
                item.caption, item.status, item.error = result, "described", ""
                self.images.update_item(row)
                if row == self._current_row:
                    self._show_current()
            self._schedule_session_save()
            self.single_finished.emit(result)
            return
        failed = [r for r in result if r.error]
        done = len(result) - len(failed)
        if failed:
            self.notice.show_message(core.failures_summary(result), "warning")
        else:
            self.notice.show_message(
                self.tr("Described {n:,} images. Save Captions writes them next to the images.").format(n=done),
                "info",
            )
        self.batch_finished.emit(done)

    def show_failure(self, error: BaseException) -> None:
        self.notice.show_message(str(error), "error")
        self._end_stream()

    def show_cancelled(self) -> None:
        if self.mode == "batch":
            self.notice.show_message(
                self.tr("Cancelled after {done:,} of {total:,} images; their captions are kept. Describe All "
                        "continues with the rest.").format(done=self._run_done, total=len(self._run_paths)),
                "info",
            )
        else:
            self.notice.show_message(self.tr("Cancelled."), "info")
            self._end_stream()

    def _end_stream(self) -> None:
        """A single caption that did not finish: keep what the user had before, not a fragment."""
        self._stream_timer.stop()
        self._stream_text = ""
        self._streaming_row = None
        self._show_current()

    def after_end(self) -> None:
        self._streaming_row = None
        self.save_session()
        self._update()

    def _on_model_failed(self, message: str) -> None:
        self._streaming_row = None
        super()._on_model_failed(message)

    # -- saving and export -----------------------------------------------------------------------------------------
    def _captioned(self) -> list[tuple[Path, str]]:
        return [(it.path, it.caption) for it in self.images.items if it.caption.strip()]

    def _save_clicked(self) -> None:
        self.save_captions()

    def _export_clicked(self) -> None:
        self.export()

    def save_captions(self, overwrite: bool | None = None) -> Job | None:
        """Write sidecar .txt files; asks before replacing ones that hold something else (unless `overwrite`
        is given, as tests and scripts do)."""
        items = [(p, c) for p, c in self._captioned()]
        if not items:
            self.notice.show_message(self.tr("There are no captions to save yet."), "warning")
            return None
        if overwrite is None:
            conflicts = core.sidecar_conflicts(items)
            overwrite = False
            if conflicts:
                answer = QMessageBox.question(
                    self, self.tr("Replace caption files?"),
                    self.tr("{n:,} images already have a .txt caption file with different text (e.g. {name}). "
                            "Replace them?\n\nYes replaces them, No keeps them and writes only the new ones.")
                    .format(n=len(conflicts), name=conflicts[0].name),
                    QMessageBox.Yes | QMessageBox.No | QMessageBox.Cancel, QMessageBox.No,
                )
                if answer == QMessageBox.Cancel:
                    return None
                overwrite = answer == QMessageBox.Yes
        return self.manager.run_background(
            lambda _job: core.write_sidecars(items, overwrite), name="write captions", before_start=self._watch_write
        )

    def _watch_write(self, job: Job) -> None:
        self.write_job = job
        job.finished.connect(self._on_written)
        job.failed.connect(self._on_write_failed)

    def _on_written(self, report) -> None:
        if self.sender() is not self.write_job:
            return
        self.write_job = None
        written = {str(p) for p in report.written}
        for item in self.images.items:
            if str(item.path) in written:
                item.saved_caption = item.caption
                item.status = "saved"
                self.images.update_item(self.images.row_of(item.path))
        parts = [self.tr("Saved {n:,} caption files.").format(n=len(report.written))]
        if report.skipped:
            parts.append(self.tr("Kept {n:,} existing files.").format(n=len(report.skipped)))
        if report.failed:
            parts.append(
                self.tr("{n:,} could not be written: {first}").format(
                    n=len(report.failed), first=f"{Path(report.failed[0][0]).name}: {report.failed[0][1]}"
                )
            )
        self.notice.show_message(" ".join(parts), "warning" if report.failed else "info")
        self._schedule_session_save()
        self.saved.emit(report)

    def _on_write_failed(self, error: BaseException) -> None:
        if self.sender() is self.write_job:
            self.write_job = None
            self.notice.show_message(str(error), "error")

    def export(self, path: str | None = None) -> bool:
        rows = self._captioned()
        if not rows:
            self.notice.show_message(self.tr("There are no captions to export yet."), "warning")
            return False
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export captions"), str(Path.home() / "captions.csv"),
                self.tr("CSV (*.csv);;JSON Lines (*.jsonl)"),
            )
        if not path:
            return False
        try:
            if path.lower().endswith((".jsonl", ".json")):
                core.export_jsonl(path, rows)
            else:
                core.export_csv(path, rows)
        except OSError as exc:
            self.notice.show_message(self.tr("Could not export {path}: {why}").format(path=path, why=exc), "error")
            return False
        self.notice.show_message(self.tr("Exported {n:,} captions to {path}.").format(n=len(rows), path=path), "info")
        return True

    # -- session ---------------------------------------------------------------------------------------------------
    def _schedule_session_save(self) -> None:
        if not self._session_timer.isActive():
            self._session_timer.start()

    def save_session(self) -> None:
        self._session_timer.stop()
        entries = [
            SessionEntry(str(it.path), it.caption, it.status, it.error, it.saved_caption) for it in self.images.items
        ]
        try:
            save_session(self.session_file, entries)
        except OSError as exc:
            self.notice.show_message(
                self.tr("Could not keep the image list in {path}: {why}").format(path=self.session_file, why=exc),
                "warning",
            )

    def _restore_session(self) -> None:
        entries = load_session(self.session_file)
        items = [
            ImageItem(Path(e.path), e.caption, e.status if e.status != "new" or not e.caption else "described",
                      e.error, e.saved_caption)
            for e in entries
        ]
        self.images.add(items)

    # -- state -----------------------------------------------------------------------------------------------------
    def _update(self) -> None:
        busy = self.is_running()
        n = len(self.images.items)
        has_selection = self._current_row is not None
        self.describe_button.setEnabled(not busy and has_selection)
        self.describe_all_button.setEnabled(not busy and n > 0)
        self.describe_selected_button.setEnabled(not busy and has_selection)
        self.remove_button.setEnabled(not busy and has_selection)
        self.clear_button.setEnabled(not busy and n > 0)
        self.save_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)
        self.drop_hint.setVisible(n == 0)
        self.grid.setVisible(n > 0)
        captioned = sum(1 for it in self.images.items if it.caption)
        failed = sum(1 for it in self.images.items if it.status == "failed")
        text = self.tr("{n:,} images · {c:,} captioned").format(n=n, c=captioned)
        if failed:
            text += self.tr(" · {f:,} failed").format(f=failed)
        self.count_label.setText(text)

    def shutdown(self) -> None:
        """Closing the window: stop the run (the captions so far are kept) and write the list to disk."""
        self.engine.shutdown()
        self.loader.shutdown()
        self.save_session()
