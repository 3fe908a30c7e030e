"""The Describe Image tab's image list: the grid of thumbnails, Add Images / Add Folder / Remove / Clear, paste
and the count line, and the list kept on disk (describe_session.json) so closing the window loses nothing.

Its own view because listing images is a job of its own: folders are scanned and existing sidecar captions read
on the utility thread, thumbnails decode off the GUI thread (ThumbnailLoader, shared with the tab's preview), and
the list is written back a second after it last changed. The tab describes what is listed; it hears about changes
through `changed` and `selection_changed`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.storage.paths import data_dir
from desktop_app.core.tasks.caption_files import read_sidecar
from desktop_app.core.tasks.describe_session import SessionEntry, load_session, save_session
from desktop_app.core.tasks.image_scan import ScanResult, scan_images
from desktop_app.ui import theme
from desktop_app.ui.widgets.image_grid import ImageGridView, ImageItem, ImageListModel
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.thumbnails import ThumbnailLoader

IMAGE_FILTER = QT_TRANSLATE_NOOP(
    "ImageListPanel", "Images (*.jpg *.jpeg *.png *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif);;All files (*)"
)


class ImageListPanel(QWidget):
    images_added = Signal(int)  # how many new images a drop / open / paste listed
    changed = Signal()  # images were added or removed
    selection_changed = Signal()

    def __init__(self, manager: ModelManager, notice: NoticeBar, session_file: Path, is_busy: Callable[[], bool],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.manager = manager
        self.notice = notice
        self.session_file = session_file
        self.is_busy = is_busy
        self.scan_job: Job | None = None
        self.current_row: int | None = None

        self.loader = ThumbnailLoader(parent=self)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(list_tools)
        layout.addWidget(self.drop_hint, 1)
        layout.addWidget(self.grid, 1)

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

    # -- adding images ---------------------------------------------------------------------------------------------
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
            self.add_qimage(mime.imageData())
        else:
            self.notice.show_message(self.tr("The clipboard holds no image."), "warning")

    def add_qimage(self, image) -> None:
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

        def work(job: Job) -> tuple[ScanResult, list[ImageItem]]:
            found = scan_images(paths, cancel=job.cancel_event)
            items = []
            for p in found.images:
                saved = read_sidecar(p)
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
        if added and self.current_row is None:
            self.select_row(len(self.images.items) - added)
        self.schedule_session_save()
        self.changed.emit()
        self.images_added.emit(added)

    def _on_scan_failed(self, error: BaseException) -> None:
        if self.sender() is self.scan_job:
            self.scan_job = None
            self.notice.show_message(str(error), "error")

    # -- removing and selecting ------------------------------------------------------------------------------------
    def remove_selected(self) -> None:
        if self.is_busy():
            return
        self.images.remove_rows(self.grid.selected_rows())
        self._list_emptied()

    def clear(self) -> None:
        if self.is_busy():
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
        self._list_emptied()

    def _list_emptied(self) -> None:
        self.current_row = None
        self.selection_changed.emit()
        self.schedule_session_save()
        self.changed.emit()

    def select_row(self, row: int) -> None:
        index = self.images.index(row)
        self.grid.selectionModel().select(index, QItemSelectionModel.ClearAndSelect)
        self.grid.setCurrentIndex(index)

    def _on_selection(self, *_args) -> None:
        rows = self.grid.selected_rows()
        current = self.grid.currentIndex().row()
        self.current_row = current if current in rows else (rows[0] if rows else None)
        self.selection_changed.emit()

    def update_state(self, busy: bool) -> None:
        n = len(self.images.items)
        self.remove_button.setEnabled(not busy and self.current_row is not None)
        self.clear_button.setEnabled(not busy and n > 0)
        self.drop_hint.setVisible(n == 0)
        self.grid.setVisible(n > 0)
        captioned = sum(1 for it in self.images.items if it.caption)
        failed = sum(1 for it in self.images.items if it.status == "failed")
        text = self.tr("{n:,} images · {c:,} captioned").format(n=n, c=captioned)
        if failed:
            text += self.tr(" · {f:,} failed").format(f=failed)
        self.count_label.setText(text)

    # -- session ---------------------------------------------------------------------------------------------------
    def schedule_session_save(self) -> None:
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

    def restore_session(self) -> None:
        entries = load_session(self.session_file)
        items = [
            ImageItem(Path(e.path), e.caption, e.status if e.status != "new" or not e.caption else "described",
                      e.error, e.saved_caption)
            for e in entries
        ]
        self.images.add(items)

    def shutdown(self) -> None:
        self.loader.shutdown()
        self.save_session()
