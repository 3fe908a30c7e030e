"""Writing the Describe Image tab's captions to files: sidecar .txt files next to the images (the layout training
tools such as kohya, OneTrainer and taggui read), or one CSV / JSONL file with every caption.

Kept apart from the tab because it is file work with its own questions (replace sidecars that hold other text?)
and its own job: sidecars are written on the utility thread, and only the images whose file was written are
marked saved when the report comes back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.core.tasks import caption_files as core
from desktop_app.ui.widgets.image_grid import ImageListModel
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager


class CaptionFiles(QObject):
    saved = Signal(object)  # core.WriteReport

    def __init__(self, manager: ModelManager, images: ImageListModel, notice: NoticeBar, parent: QWidget):
        super().__init__(parent)
        self.manager = manager
        self.images = images
        self.notice = notice
        self.window_parent = parent  # for the dialogs
        self.write_job: Job | None = None

    def captioned(self) -> list[tuple[Path, str]]:
        return [(it.path, it.caption) for it in self.images.items if it.caption.strip()]

    def save_captions(self, overwrite: bool | None = None) -> Job | None:
        """Write sidecar .txt files; asks before replacing ones that hold something else (unless `overwrite`
        is given, as tests and scripts do)."""
        items = self.captioned()
        if not items:
            self.notice.show_message(self.tr("There are no captions to save yet."), "warning")
            return None
        if overwrite is None:
            conflicts = core.sidecar_conflicts(items)
            overwrite = False
            if conflicts:
                answer = QMessageBox.question(
                    self.window_parent, self.tr("Replace caption files?"),
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
        self.saved.emit(report)

    def _on_write_failed(self, error: BaseException) -> None:
        if self.sender() is self.write_job:
            self.write_job = None
            self.notice.show_message(str(error), "error")

    def export(self, path: str | None = None) -> bool:
        rows = self.captioned()
        if not rows:
            self.notice.show_message(self.tr("There are no captions to export yet."), "warning")
            return False
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self.window_parent, self.tr("Export captions"), str(Path.home() / "captions.csv"),
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
