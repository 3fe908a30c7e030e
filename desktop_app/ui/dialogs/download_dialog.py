"""Find and download models from the Hugging Face Hub: search, files with sizes, a quantization picker with RAM
estimates, and a download with bytes, speed, ETA, Cancel and resume. All network work runs on a worker thread.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models import downloader, hub
from desktop_app.core.models.memory import human_size
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

# Labels are marked for lupdate and translated where they are shown (self.tr, context "DownloadDialog").
TASK_FILTERS = [
    (QT_TRANSLATE_NOOP("DownloadDialog", "Any task"), None),
    (QT_TRANSLATE_NOOP("DownloadDialog", "Chat / text generation"), "text-generation"),
    (QT_TRANSLATE_NOOP("DownloadDialog", "Summarization"), "summarization"),
    (QT_TRANSLATE_NOOP("DownloadDialog", "Translation"), "translation"),
    (QT_TRANSLATE_NOOP("DownloadDialog", "Text classification"), "text-classification"),
    (QT_TRANSLATE_NOOP("DownloadDialog", "Image to text"), "image-to-text"),
]


def _mb(n: float) -> str:
    return human_size(n)  # decimal MB/GB, as everywhere in the app


class DownloadDialog(QDialog):
    downloaded = Signal(object)  # downloader.DownloadResult

    def __init__(self, manager: ModelManager, models_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Download models"))
        self.resize(900, 560)
        self.manager = manager
        self.models_dir = models_dir
        self.job: Job | None = None
        self.notice = NoticeBar()
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search the Hugging Face Hub, e.g. qwen2.5 gguf"))
        self.query.setAccessibleName(self.tr("Search models"))
        self.query.returnPressed.connect(self.search)
        self.gguf_only = QCheckBox(self.tr("GGUF only"))
        self.gguf_only.setToolTip(self.tr("Only repositories with llama.cpp (.gguf) files"))
        self.task = QComboBox()
        for label, value in TASK_FILTERS:
            self.task.addItem(self.tr(label), value)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.task)
        top.addWidget(self.gguf_only)
        top.addWidget(self.search_button)

        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.currentItemChanged.connect(lambda item, _p: item and self.show_files(item.data(Qt.UserRole)))
        self.files = QTableWidget(0, 4)
        self.files.setHorizontalHeaderLabels([self.tr("File"), self.tr("Size"), self.tr("Quantization"), self.tr("RAM needed")])
        self.files.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.files.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.files.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.files.setAccessibleName(self.tr("Files"))
        self.files.setToolTip(self.tr("Select the files to download (for GGUF repos, one quantization is enough)"))
        self.files.itemSelectionChanged.connect(self._update_download_button)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.results)
        splitter.addWidget(self.files)
        splitter.setSizes([300, 600])

        self.dest = QComboBox()
        self.dest.addItem(self.tr("Hugging Face cache (shared with other apps)"), "hf-cache")
        self.dest.addItem(self.tr("This app's models folder"), "app")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status = QLabel()
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("Save to:")))
        bottom.addWidget(self.dest)
        bottom.addStretch(0)  # the room the progress bar takes while it shows, not the label's or the button's
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.download_button)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self._repo = ""
        self._busy = False
        self._update_download_button()

    def _update_download_button(self) -> None:
        """Download is there only for files that are listed: the chosen ones, or with none chosen the whole
        repository, which the button then says (a click on it with nothing to download did nothing but warn)."""
        listed = bool(self._repo) and self.files.rowCount() > 0
        self.download_button.setEnabled(listed and not self._busy)
        self.download_button.setText(
            self.tr("Download") if self.selected_files() or not listed else self.tr("Download all files"))

    def _run(self, work, on_done, watch=None) -> Job:
        """Start `work` on the utility thread with its signals connected before it starts: a search against a
        closed port fails at once, and a failure that came before its connection left the dialog blank."""
        if self.job is not None and not self.job.is_done():
            self.job.cancel()

        def connect(job: Job) -> None:
            job.finished.connect(on_done)
            job.failed.connect(self._on_failed)  # bound methods: always queued to the GUI thread
            if watch is not None:
                watch(job)

        self.job = self.manager.run_background(work, name="hub", before_start=connect)
        return self.job

    def search(self) -> None:
        query, task, gguf = self.query.text().strip(), self.task.currentData(), self.gguf_only.isChecked()
        self.status.setText(self.tr("Searching…"))
        self.notice.hide()
        self._run(lambda _j: hub.search_models(query, filter_task=task, gguf_only=gguf), self._show_results)

    def _show_results(self, models: list) -> None:
        self.results.clear()
        for m in models:
            item = QListWidgetItem(f"{m.repo_id}   ↓{m.downloads:,}")
            item.setData(Qt.UserRole, m.repo_id)
            self.results.addItem(item)
        self.status.setText(self.tr("{n} models found").format(n=len(models)))

    def show_files(self, repo_id: str) -> None:
        self._repo = repo_id
        self.files.setRowCount(0)  # the last repository's files are not this one's
        self._update_download_button()
        self.status.setText(self.tr("Listing files of {repo}…").format(repo=repo_id))
        self._run(lambda _j: hub.list_files(repo_id), self._show_files)

    def _show_files(self, files: list) -> None:
        self.files.setRowCount(len(files))
        for row, f in enumerate(files):
            quant = hub.parse_quant(f.filename) or ""
            ram = _mb(hub.estimate_ram_bytes(f.size)) if f.filename.lower().endswith(".gguf") else ""
            for col, text in enumerate((f.filename, _mb(f.size), quant, ram)):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, f.filename)
                self.files.setItem(row, col, item)
        self.status.setText(self.tr("{n} files in {repo}").format(n=len(files), repo=self._repo))
        self._update_download_button()

    def selected_files(self) -> list[str]:
        rows = sorted({i.row() for i in self.files.selectedIndexes()})
        return [self.files.item(r, 0).data(Qt.UserRole) for r in rows]

    def download_selected(self) -> None:
        names = self.selected_files() or None  # nothing selected: the whole repository
        repo = self._repo
        if not repo:
            self.notice.show_message(self.tr("Pick a model from the search results first."), "warning")
            return
        dest = "hf-cache" if self.dest.currentData() == "hf-cache" else self.models_dir

        def work(job: Job):
            last = [0.0]

            def progress(done: int, total: int, speed: float, eta: float) -> None:
                now = time.monotonic()
                if now - last[0] < 0.1 and done < total:
                    return  # ten updates a second are plenty for a progress bar
                last[0] = now
                job.progress.emit(int(done / max(total, 1) * 1000), 1000)
                job.notice.emit(
                    self.tr("{done} of {total} · {speed}/s · {eta:.0f} s left").format(
                        done=_mb(done), total=_mb(total), speed=_mb(speed), eta=eta
                    )
                )

            return downloader.download(repo, names, dest, progress, job.cancel_event)

        def watch(job: Job) -> None:
            job.progress.connect(self._on_progress)
            job.notice.connect(self.status.setText)
            job.cancelled.connect(self._on_cancelled)

        self._run(work, self._on_downloaded, watch)
        self._downloading(True, self.tr("Starting download…"))

    def _on_failed(self, error: BaseException) -> None:
        self.notice.show_message(str(error), "error")
        self._downloading(False, "")
        self.status.setText("")  # not "Searching…" or "Listing files…" any more: the notice says what happened

    def _on_progress(self, done: int, _total: int) -> None:
        self.progress.setValue(done)

    def _on_cancelled(self) -> None:
        self._downloading(False, self.tr("Cancelled. Download again to resume."))

    def _downloading(self, on: bool, text: str) -> None:
        self.progress.setVisible(on)
        self.cancel_button.setVisible(on)
        self._busy = on
        self._update_download_button()
        if text:
            self.status.setText(text)

    def _on_downloaded(self, result) -> None:
        self._downloading(False, self.tr("Downloaded {n} files.").format(n=len(result.paths)))
        self.downloaded.emit(result)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def reject(self) -> None:  # closing the dialog cancels a running search or download
        self.cancel()
        super().reject()
