"""Describe Image: drop images or whole folders, caption one (streamed next to a large preview) or all of them
(batched on the model, with i of n, ETA and Cancel), edit captions by hand, and save them as sidecar .txt files
or export CSV / JSONL.

The tab holds paths and captions only. Scanning folders, reading sidecars, thumbnails, previews and writing files
run on worker threads; the model runs on its own thread through the EngineBar. The list and its captions are
kept on disk as they arrive (describe_session.json), so closing the window mid-batch loses nothing.

Views: the image list (widgets/image_list_panel.py), the selected image and its caption (widgets/caption_editor.py)
and the caption files (widgets/caption_files.py); this tab runs the model and routes its results to them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop_app.core.engine.types import Capability
from desktop_app.core.models.registry import gguf_without_projector
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.paths import data_dir
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks import describe as core
from desktop_app.ui.tabs.task_tab import TaskTab
from desktop_app.ui.widgets.caption_editor import CaptionEditor
from desktop_app.ui.widgets.caption_files import CaptionFiles
from desktop_app.ui.widgets.engine_bar import EngineBar
from desktop_app.ui.widgets.image_list_panel import ImageListPanel
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.ui.widgets.stream_buffer import StreamBuffer
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.task_jobs import DescribeRequest, describe_work

TASK = "describe"


def _format_eta(seconds: float) -> str:
    seconds = int(max(seconds, 0) + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _accepts(event) -> bool:
    return event.mimeData().hasUrls() or event.mimeData().hasImage()


class DescribeTab(TaskTab):
    images_added = Signal(int)  # how many new images a drop / open / paste listed
    single_finished = Signal(str)  # the caption
    batch_finished = Signal(int)  # images described in the run
    saved = Signal(object)  # core.tasks.caption_files.WriteReport

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
        self.mode = "single"
        self._run_paths: list[Path] = []
        self._run_started = 0.0
        self._run_done = 0
        self._streaming_row: int | None = None
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
            refuse=self._refuse_blind_model,
        ))
        self.engine.model_ready.connect(self._on_model_ready)
        self.engine.path_changed.connect(self._on_model_ready)
        self.notice = NoticeBar()
        # No image model yet: offer the catalogue's best captioner that fits (the main window opens Discover).
        self.attach_recommendation("captioner", self.tr("Get a captioning model"),
                                   self.tr("Describing images needs an image model."))

        self.image_list = ImageListPanel(manager, self.notice, session_file or data_dir() / "describe_session.json",
                                         self.is_running)
        self.image_list.images_added.connect(self.images_added)
        self.image_list.changed.connect(self._update)
        self.image_list.selection_changed.connect(self._on_selection)
        self.images = self.image_list.images  # the listed images and their captions, which a run fills in
        self.grid = self.image_list.grid
        self.editor = CaptionEditor(self.image_list.loader)
        self.editor.edited.connect(self._on_caption_edited)
        self.editor.describe_button.clicked.connect(self.describe_current)
        self.editor.settings_panel.changed.connect(self._remember_settings)
        self.files = CaptionFiles(manager, self.images, self.notice, self)
        self.files.saved.connect(self.image_list.schedule_session_save)
        self.files.saved.connect(self.saved)

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
        self.save_button.clicked.connect(lambda: self.save_captions())
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("All captions in one CSV or JSONL file"))
        self.export_button.clicked.connect(lambda: self.export())
        actions = QHBoxLayout()
        actions.addWidget(self.describe_all_button)
        actions.addWidget(self.describe_selected_button)
        actions.addWidget(self.redo)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.export_button)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.image_list)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.engine)
        layout.addWidget(self.recommend)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        layout.addLayout(actions)

        self.buffer = StreamBuffer(parent=self)
        self.buffer.flushed.connect(self._flush_stream)
        self.editor.settings_panel.restore(self.app_settings.task_settings.get(TASK) or {})
        self.image_list.restore_session()
        self._on_model_ready()
        self._update()

    @property
    def _current_row(self) -> int | None:
        return self.image_list.current_row

    # -- adding images (the whole tab takes drops) -----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        if _accepts(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if _accepts(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        mime = event.mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)
        elif mime.hasImage():
            event.acceptProposedAction()
            self.image_list.add_qimage(mime.imageData())

    def add_paths(self, paths: list[str]) -> Job:
        return self.image_list.add_paths(paths)

    def paste(self) -> None:
        self.image_list.paste()

    def select_row(self, row: int) -> None:
        self.image_list.select_row(row)

    # -- selection and editing -------------------------------------------------------------------------------------
    def _on_selection(self) -> None:
        self._show_current()
        self._update()

    def _show_current(self) -> None:
        row = self._current_row
        self.editor.show_item(None if row is None or row >= len(self.images.items) else self.images.item(row))

    def _on_caption_edited(self, text: str) -> None:
        row = self._current_row
        if row is not None and row != self._streaming_row:
            self.images.set_edited(row, text)
            self.image_list.schedule_session_save()

    # -- describing ------------------------------------------------------------------------------------------------
    def _refuse_blind_model(self, spec: ModelSpec) -> str:
        """Why `spec` cannot describe images, in a sentence, or "" when it may: a text-only GGUF is refused when
        chosen rather than failing at the first image."""
        if not gguf_without_projector(spec):
            return ""
        return self.tr("{name} cannot see images (a text-only GGUF, with no vision projector next to it): choose a "
                       "captioner, a vision-language model or a GGUF with its mmproj file.").format(name=spec.name)

    def _on_model_ready(self, *_args) -> None:
        slot = self.engine.model or self.manager.get(self.engine.spec_id())
        backend = slot.backend if slot is not None else None
        if backend is None:
            self.editor.settings_panel.set_prompt_supported(None)
            return
        self.editor.settings_panel.set_prompt_supported(Capability.VISION in backend.capabilities, slot.spec.name)

    def _remember_settings(self) -> None:
        self.app_settings.task_settings[TASK] = self.editor.settings_panel.to_dict()
        self.save_settings()

    def describe_current(self) -> None:
        row = self._current_row
        if self.is_running():
            return
        if row is None:
            self.notice.show_message(self.tr("Select an image first, or add some."), "warning")
            return
        settings = self.editor.settings_panel.settings()
        path = self.images.item(row).path
        self.notice.hide()
        self.mode = "single"
        self._outcome = "failed"
        self._streaming_row = row
        self.buffer.clear()
        self.editor.set_caption("")

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
        settings = self.editor.settings_panel.settings()
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
        self.buffer.append(text)

    def _flush_stream(self, text: str) -> None:
        """Streamed text reaches the caption box at most ~30 times a second, appended at the end."""
        if self._streaming_row is not None and self._streaming_row == self._current_row:
            self.editor.append_streamed(text)

    def on_partial(self, start: int, results: list) -> None:
        for r in results:
            row = self.images.row_of(r.path)
            if row is not None:
                item = self.images.set_described(row, r.caption, r.error)
                if row == self._current_row:
                    self.editor.show_caption(item)
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
        self.image_list.schedule_session_save()
        self._update()

    def show_result(self, result) -> None:
        if self.mode == "single":
            self.buffer.clear()
            row = self._streaming_row
            self._streaming_row = None
            if row is not None and row < len(self.images.items):
                self.images.set_described(row, result)
                if row == self._current_row:
                    self._show_current()
            self.image_list.schedule_session_save()
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
        self.buffer.clear()
        self._streaming_row = None
        self._show_current()

    def after_end(self) -> None:
        self._streaming_row = None
        self.image_list.save_session()
        self._update()

    def _on_model_failed(self, message: str) -> None:
        self._streaming_row = None
        super()._on_model_failed(message)

    # -- saving and export -----------------------------------------------------------------------------------------
    def save_captions(self, overwrite: bool | None = None) -> Job | None:
        return self.files.save_captions(overwrite)

    def export(self, path: str | None = None) -> bool:
        return self.files.export(path)

    def save_session(self) -> None:
        self.image_list.save_session()

    # -- state -----------------------------------------------------------------------------------------------------
    def _update(self) -> None:
        busy = self.is_running()
        n = len(self.images.items)
        has_selection = self._current_row is not None
        self.editor.describe_button.setEnabled(not busy and has_selection)
        self.describe_all_button.setEnabled(not busy and n > 0)
        self.describe_selected_button.setEnabled(not busy and has_selection)
        self.save_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)
        self.image_list.update_state(busy)

    def shutdown(self) -> None:
        """Closing the window: stop the run (the captions so far are kept) and write the list to disk."""
        self.engine.shutdown()
        self.image_list.shutdown()
