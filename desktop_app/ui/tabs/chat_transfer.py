"""Export… and Import… of the Chat tab: file dialogs, a progress dialog (count, ETA, Cancel) and the sentence at
the end. The work itself runs as jobs (workers/transfer_jobs.py) over core/storage/export.py and import_formats.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from desktop_app.core.storage import export, paths
from desktop_app.core.storage.database import Database
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.transfer_jobs import ImportSummary, start_export, start_import


def _eta(seconds: float) -> str:
    seconds = int(max(seconds, 0) + 0.5)
    m, s = divmod(seconds, 60)
    return f"{m}:{s:02d}"


class ConversationTransfer(QObject):
    imported = Signal(object)  # ImportSummary, after an import stored its conversations
    dataset_ready = Signal(str, int)  # a chat JSONL for the Fine-tune wizard, and how many conversations it holds

    def __init__(self, manager: ModelManager, db: Database, notice: NoticeBar, parent: QWidget):
        super().__init__(parent)
        self.manager, self.db, self.notice, self.window = manager, db, notice, parent
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self._started = 0.0
        self._verb = ""
        self._dest = Path()
        self.progress_text = ""  # what the progress dialog says now (count and ETA)
        self.filters = {
            self.tr("Markdown, to read (*.md)"): export.MARKDOWN,
            self.tr("JSON, complete, to import again (*.json)"): export.JSON,
            self.tr("ShareGPT JSONL, for training (*.jsonl)"): export.SHAREGPT,
            self.tr("OpenAI messages JSONL, for training (*.jsonl)"): export.OPENAI,
        }

    def is_busy(self) -> bool:
        return self.job is not None and not self.job.is_done()

    # -- export --------------------------------------------------------------------------------------------------
    def ask_export(self, ids: Sequence[int] | None) -> None:
        """Export… : the selected conversations (`ids`) or, with None, all of them (not the Trash)."""
        if self.is_busy():
            return
        if ids and len(ids) == 1 and (conv := self.db.conversation(ids[0])) is not None:
            name = re.sub(r'[\\/:*?"<>|]+', "_", conv.title).strip() or "conversation"
        else:
            name = "conversations"
        path, chosen = QFileDialog.getSaveFileName(
            self.window, self.tr("Export conversations"), str(Path.home() / name), ";;".join(self.filters)
        )
        if path:
            fmt = self.filters.get(chosen, export.JSON)
            if not Path(path).suffix:
                path += export.SUFFIXES[fmt]
            self.export_to(ids, path, fmt)

    def export_to(self, ids: Sequence[int] | None, dest: str | Path, fmt: str) -> Job:
        self._verb, self._dest = "export", Path(dest)

        def before_start(job: Job) -> None:
            self._watch(job, self.tr("Exporting conversations…"))
            job.finished.connect(self._on_exported)

        return start_export(self.manager, self.db, ids, self._dest, fmt, before_start)

    def _on_exported(self, n: int) -> None:
        self.notice.show_message(self.tr("Exported {n} conversations to {name}.").format(n=n, name=self._dest.name))

    # -- training data -------------------------------------------------------------------------------------------
    def send_to_training(self, ids: Sequence[int] | None) -> Job | None:
        """Write the conversations (`ids`, or all) as OpenAI-messages JSONL into the data folder's datasets/ and
        hand it to the Fine-tune wizard (`dataset_ready`). Only finished replies go in (see export.training_turns)."""
        if self.is_busy():
            return None
        folder = paths.data_dir() / "datasets"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.notice.show_message(
                self.tr("Cannot create {folder}: {error}").format(folder=folder, error=exc.strerror or exc), "error"
            )
            return None
        self._verb, self._dest = "export", folder / f"chats-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"

        def before_start(job: Job) -> None:
            self._watch(job, self.tr("Preparing the conversations as training data…"))
            job.finished.connect(self._on_dataset)

        return start_export(self.manager, self.db, ids, self._dest, export.TRAINING, before_start)

    def _on_dataset(self, n: int) -> None:
        if n == 0:
            self._dest.unlink(missing_ok=True)
            self.notice.show_message(
                self.tr("None of these conversations has a finished reply to learn from."), "warning"
            )
            return
        self.notice.show_message(
            self.tr("{n} conversations are ready as training data in the Fine-tune tab ({name}).").format(
                n=n, name=self._dest.name
            )
        )
        self.dataset_ready.emit(str(self._dest), n)

    # -- import --------------------------------------------------------------------------------------------------
    def ask_import(self) -> None:
        if self.is_busy():
            return
        path, _chosen = QFileDialog.getOpenFileName(
            self.window, self.tr("Import conversations"), str(Path.home()),
            self.tr("Conversation exports (*.json *.jsonl);;All files (*)"),
        )
        if path:
            self.import_from(path)

    def import_from(self, path: str | Path) -> Job:
        self._verb = "import"

        def before_start(job: Job) -> None:
            self._watch(job, self.tr("Importing conversations…"))
            job.finished.connect(self._on_imported)

        return start_import(self.manager, self.db, path, before_start)

    def _on_imported(self, summary: ImportSummary) -> None:
        text = self.tr("Imported {n} conversations from {source}.").format(n=len(summary.ids), source=summary.source)
        if summary.left_out:
            text += " " + self.tr("{n} attachments or tool calls it refers to could not come along.").format(
                n=summary.left_out
            )
        self.notice.show_message(text, "info")
        self.imported.emit(summary)

    # -- progress ------------------------------------------------------------------------------------------------
    def _watch(self, job: Job, label: str) -> None:
        self.job = job
        self._started = time.monotonic()
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, self.window)
        dialog.setWindowTitle(self.tr("Conversations"))
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(400)  # a quick one never flashes a dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel)
        self.progress = dialog
        job.progress.connect(self._on_progress)
        job.failed.connect(self._on_failed)  # bound methods: always delivered on the GUI thread
        job.cancelled.connect(self._on_cancelled)
        job.ended.connect(self._on_ended)

    def _on_failed(self, error: BaseException) -> None:
        self.notice.show_message(str(error), "error")

    def _on_cancelled(self) -> None:
        self.notice.show_message(
            self.tr("Export cancelled; no file was written.") if self._verb == "export"
            else self.tr("Import cancelled; the conversations read so far were kept."), "info"
        )

    def _on_progress(self, done: int, total: int) -> None:
        dialog = self.progress
        if dialog is None:
            return
        elapsed = time.monotonic() - self._started
        left = elapsed / done * (total - done) if done else 0
        self.progress_text = self.tr("Conversation {done:,} of {total:,} · {eta} left").format(
            done=done, total=total, eta=_eta(left)
        )
        dialog.setLabelText(self.progress_text)
        dialog.setMaximum(total)
        # Last: a modal progress dialog processes events in setValue, where the job's end may close it.
        dialog.setValue(done)

    def _on_ended(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.job = None
