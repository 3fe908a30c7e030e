"""The Documents tab: named collections of files and folders, indexed in the background for search and chat.

A thin view over workers.document_service.DocumentService: the collection list and file table are filled from a
job on the utility thread; Add Files…/Add Folder… start an indexing job on the embedding model's thread with a
progress bar, an ETA line and Cancel; files that could not be indexed (an empty file, a scanned PDF) stay listed
with the one sentence why. Files and folders dropped anywhere on the tab are added as Add Files… adds them. A
search box tries the collection before attaching it to a chat.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

from desktop_app.core.documents.indexer import IndexReport
from desktop_app.core.documents.search import SearchResult
from desktop_app.ui.widgets.composer import local_files
from desktop_app.ui.widgets.document_file_list import DocumentFileList
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.ui.widgets.recommend_bar import RecommendBar
from desktop_app.workers.document_service import DocumentService
from desktop_app.workers.jobs import Job

PROGRESS_MS = 100
FILE_FILTER = "Documents (*.txt *.md *.markdown *.html *.htm *.pdf *.docx *.epub);;All files (*)"


class DocumentsTab(QWidget):
    indexing_finished = Signal(object)  # IndexReport (tests and the status bar listen)

    def __init__(self, service: DocumentService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.job: Job | None = None  # the indexing under way
        self._job_name = ""  # the collection it indexes
        self.search_job: Job | None = None
        self._collections: list[tuple[str, dict, list]] = []
        self._select = ""  # a collection just created, to select when the list comes back
        self._latest_progress, self._latest_stage = (0, 0), ""
        self._show_progress_later = qthrottled(self._show_progress, timeout=PROGRESS_MS, parent=self)
        self._build()
        service.collections_changed.connect(self.refresh)
        service.sync_started.connect(self._follow_sync)
        self.refresh()

    def _build(self) -> None:
        self.collection_list = QListWidget()
        self.collection_list.setAccessibleName(self.tr("Collections"))
        self.collection_list.currentRowChanged.connect(self._show_files)
        new_button = QPushButton(self.tr("New Collection…"))
        new_button.clicked.connect(self.new_collection)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_collection)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Collections")))
        left.addWidget(self.collection_list, 1)
        row = QHBoxLayout()
        row.addWidget(new_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)
        left_box = QWidget()
        left_box.setLayout(left)

        self.files = DocumentFileList()
        self.files.setAccessibleName(self.tr("Files in the collection"))
        self.files.empty_text = self.tr(
            "Drop files or a folder here, or press Add Files… or Add Folder…: PDF, Word, EPUB, HTML, Markdown or "
            "text. They are indexed on this computer; then search them below, or press Documents in Chat to "
            "answer from them.")
        self.setAcceptDrops(True)
        self.add_files_button = QPushButton(self.tr("Add Files…"))
        self.add_files_button.clicked.connect(self.browse_files)
        self.add_folder_button = QPushButton(self.tr("Add Folder…"))
        self.add_folder_button.clicked.connect(self.browse_folder)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.eta = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Stop after the current file; Resume goes on from there"))
        self.pause_button.setVisible(False)
        self.pause_button.clicked.connect(self.pause)
        self.resume_button = QPushButton(self.tr("Resume Indexing"))
        self.resume_button.setVisible(False)
        self.resume_button.clicked.connect(self.resume)
        self.notice = NoticeBar()
        # A Chinese collection on the built-in English embedding model: the catalogue's multilingual one that fits
        self.recommend = RecommendBar("embeddings", self.tr("Get a Chinese embedding model"),
                                      self.tr("The built-in embedding model reads English only: this collection is "
                                              "in Chinese."))
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search this collection…"))
        self.query.returnPressed.connect(self.run_search)
        self.query.setAccessibleName(self.tr("Search this collection…"))
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.add_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.pause_button)
        progress_row.addWidget(self.cancel_button)
        right = QVBoxLayout()
        right.addLayout(buttons)
        right.addWidget(self.notice)
        right.addWidget(self.recommend)
        right.addWidget(self.files, 2)
        right.addLayout(progress_row)
        right.addWidget(self.eta)
        right.addWidget(self.query)
        right.addWidget(self.results, 1)
        right_box = QWidget()
        right_box.setLayout(right)
        split = QSplitter()
        split.addWidget(left_box)
        split.addWidget(right_box)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._update_buttons()

    # -- collections ----------------------------------------------------------------------------------------------
    def current_name(self) -> str:
        item = self.collection_list.currentItem()
        return item.data(Qt.UserRole) if item is not None else ""

    def refresh(self) -> None:
        def connect(job: Job) -> None:
            job.finished.connect(self._on_listed)
            job.failed.connect(lambda exc: self.notice.show_message(str(exc), "error"))

        self.service.list(connect)

    def _on_listed(self, collections: list) -> None:
        keep, self._select = self._select or self.current_name(), ""
        self._collections = collections
        self.collection_list.blockSignals(True)
        self.collection_list.clear()
        for name, stats, _files, _sources in collections:
            item = QListWidgetItem(self.tr("{name} ({files} files)").format(name=name, files=stats["indexed"]))
            item.setData(Qt.UserRole, name)
            self.collection_list.addItem(item)
            if name == keep:
                self.collection_list.setCurrentItem(item)
        if self.collection_list.currentRow() < 0 and collections:
            self.collection_list.setCurrentRow(0)
        self.collection_list.blockSignals(False)
        self._show_files(self.collection_list.currentRow())

    def _show_files(self, row: int) -> None:
        self.files.set_files(self._collections[row][2] if 0 <= row < len(self._collections) else [])
        languages = self._collections[row][1].get("languages", []) if 0 <= row < len(self._collections) else []
        self.recommend.update_for("zh" in languages and self.service.uses_builtin_embedding(), "zh")
        self._update_buttons()

    def new_collection(self, name: str = "") -> str:
        if not name:
            name, ok = QInputDialog.getText(self, self.tr("New Collection"), self.tr("Name:"))
            if not ok:
                return ""
        name = name.strip()
        if not name:
            self.notice.show_message(self.tr("A collection needs a name."), "error")
            return ""
        self.service.create(name)
        self._select = name
        return name

    def delete_collection(self) -> None:
        name = self.current_name()
        if not name or self.job is not None:
            return
        answer = QMessageBox.question(self, self.tr("Delete Collection"), self.tr(
            "Delete the collection {name} and its index? Your files are not touched.").format(name=name))
        if answer == QMessageBox.Yes:
            self.service.delete(name)

    # -- indexing -------------------------------------------------------------------------------------------------
    def browse_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add Files"), "", FILE_FILTER)
        if paths:
            self.add_paths([Path(p) for p in paths])

    def browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add Folder"))
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path], collection: str = "") -> Job | None:
        name = collection or self.current_name() or self.new_collection("default")
        if not name or self.job is not None:
            return None
        self.notice.hide()
        self.eta.setText(self.tr("Loading the embedding model…"))
        self._job_name = name
        return self.service.index(name, paths, self._follow)

    # -- drag and drop --------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt name)
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        paths = [Path(p) for p in local_files(event.mimeData())]
        if not paths:
            return
        event.acceptProposedAction()
        if self.job is not None:
            self.notice.show_message(self.tr("Wait until the indexing under way ends, then drop these files again."),
                                     "warning")
            return
        self.add_paths(paths)

    def pause(self) -> None:
        if self.job is not None:
            self.service.pause(self._job_name)
            self.pause_button.setEnabled(False)
            self.eta.setText(self.tr("Pausing after the current file…"))

    def resume(self) -> Job | None:
        name = self.current_name()
        if not name or self.job is not None:
            return None
        self.notice.hide()
        self._job_name = name
        return self.service.resume(name, self._follow)

    def _follow(self, job: Job) -> None:
        """Show an indexing job: progress, ETA, Cancel, and its result."""
        job.progress.connect(self._on_progress)
        job.stage.connect(self._on_stage)
        job.finished.connect(self._on_indexed)
        job.failed.connect(lambda exc: self.notice.show_message(str(exc), "error"))
        job.cancelled.connect(lambda: self.notice.show_message(
            self.tr("Indexing was cancelled; the files finished so far are searchable."), "info"))
        job.ended.connect(self._on_index_ended)
        self._latest_progress, self._latest_stage = (0, 0), self.eta.text()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.pause_button.setVisible(True)
        self.pause_button.setEnabled(True)
        self.job = job
        self._update_buttons()

    def _follow_sync(self, name: str, job: Job) -> None:
        """A re-index the file watcher started (files added, edited or deleted under a collection's folders)."""
        if self.job is None:
            self._job_name = name
            self._follow(job)

    def _on_progress(self, done: int, total: int) -> None:
        """Every file reports; the bar and the ETA line take the latest at most ten times a second (a folder of
        10,000 small files otherwise repaints them 20,000 times)."""
        self._latest_progress = (done, total)
        self._show_progress_later()

    def _on_stage(self, text: str) -> None:
        self._latest_stage = text
        self._show_progress_later()

    def _show_progress(self) -> None:
        if self.job is None:
            return  # ended meanwhile: the bar is hidden and the line cleared
        done, total = self._latest_progress
        if total:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
        if self.pause_button.isEnabled():  # else it says that it pauses after the current file
            self.eta.setText(self._latest_stage)

    def _on_indexed(self, report: IndexReport) -> None:
        problems = [why for _path, why in report.errors] + report.notes
        if report.paused:
            self.notice.show_message(self.tr(
                "Indexing paused: {done} of {total} files handled. The files indexed so far are searchable; "
                "Resume Indexing goes on from there.").format(done=report.files_done, total=report.files_total),
                "info")
        elif problems:
            self.notice.show_message(" ".join(problems[:3]) + (" …" if len(problems) > 3 else ""), "warning")
        self.indexing_finished.emit(report)

    def _on_index_ended(self) -> None:
        self.job = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.pause_button.setVisible(False)
        self.eta.clear()
        self._update_buttons()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _update_buttons(self) -> None:
        busy = self.job is not None
        name = self.current_name()
        stats = next((st for n, st, *_rest in self._collections if n == name), {})
        # Paused, or a run that never finished (the app was closed or killed while indexing): offer to go on.
        self.resume_button.setVisible(not busy and bool(name) and (name in self.service.paused
                                                                    or bool(stats.get("unfinished"))))
        self.add_files_button.setEnabled(not busy)
        self.add_folder_button.setEnabled(not busy)
        self.delete_button.setEnabled(not busy and bool(self.current_name()))

    # -- search ---------------------------------------------------------------------------------------------------
    def run_search(self) -> None:
        name, query = self.current_name(), self.query.text().strip()
        if not name or not query:
            return

        def connect(job: Job) -> None:
            job.finished.connect(self._on_results)
            job.failed.connect(lambda exc: self.notice.show_message(str(exc), "error"))

        self.search_job = self.service.search([name], query, 5, connect)

    def _on_results(self, result: SearchResult) -> None:
        self.results.clear()
        if result.nothing_relevant:
            self.results.addItem(self.tr("Nothing in this collection matches."))
        for hit in result.hits:
            p = hit.passage
            self.results.addItem(f"{Path(p.file).name}: " + " ".join(p.text.split())[:240])
