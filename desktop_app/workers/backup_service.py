"""BackupService: the daily backup of the conversation database, "Back up now" and Restore, for the window.

Backups run on the utility thread with their own SQLite connection (core/storage/backups.py), so the window never
waits for one; the reply streaming meanwhile goes on writing through the window's connection. One runs at a time.
Restore closes and reopens the window's own connection, so it runs on the GUI thread, never while a backup runs or
while anything that writes to the database (a reply) is under way: `blockers` say so in a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.errors import StorageError
from desktop_app.core.storage import backups
from desktop_app.core.storage.database import Database
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

CHECK_EVERY_MS = 60 * 60 * 1000  # a window left open for days still takes its daily backup


class BackupService(QObject):
    busy_changed = Signal(bool)
    backed_up = Signal(object)  # the new Backup
    failed = Signal(str)  # why a backup failed, in a sentence
    restored = Signal(object)  # after a restore: the Backup of the database it replaced

    def __init__(self, manager: ModelManager, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.manager = manager
        self.db = db
        self.job: Job | None = None
        self.blockers: list[Callable[[], str]] = []  # each returns why a restore must wait now, or ""
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.maybe_daily)

    @property
    def folder(self) -> Path:
        return backups.backups_folder(self.db.path)

    def available(self) -> bool:
        """False for a database that lives only in memory (the real one could not be opened)."""
        return not self.db.in_memory

    def entries(self) -> list[backups.Backup]:
        return backups.list_backups(self.folder) if self.available() else []

    def is_busy(self) -> bool:
        return self.job is not None and not self.job.is_done()

    def start_daily(self) -> Job | None:
        """At start-up: take today's backup if there is none yet, and check again every hour."""
        self._timer.start()
        return self.maybe_daily()

    def maybe_daily(self) -> Job | None:
        if self.available() and not self.is_busy() and backups.daily_backup_due(self.folder):
            return self.back_up(backups.DAILY)
        return None

    def back_up(self, kind: str = backups.MANUAL) -> Job | None:
        """Start a backup on the utility thread; None when one is already running (or there is no file)."""
        if not self.available() or self.is_busy():
            return None
        path = self.db.path

        def before_start(job: Job) -> None:
            self.job = job
            job.finished.connect(self._on_finished)
            job.failed.connect(self._on_failed)
            job.ended.connect(self._on_ended)

        job = self.manager.run_background(lambda _job: backups.create_backup(path, kind), "backup", before_start)
        self.busy_changed.emit(True)
        return job

    def _on_finished(self, backup: backups.Backup) -> None:
        self.backed_up.emit(backup)

    def _on_failed(self, error: BaseException) -> None:
        self.failed.emit(str(error))

    def _on_ended(self) -> None:
        if self.sender() is self.job:
            self.job = None
            self.busy_changed.emit(False)

    def why_not_restore(self) -> str:
        """A sentence saying why a restore cannot run now, or ""."""
        if not self.available():
            return self.tr("This session's conversations are not saved to a file, so there is nothing to restore.")
        if self.is_busy():
            return self.tr("A backup is being taken; restore when it has finished.")
        return next((why for why in (b() for b in self.blockers) if why), "")

    def restore(self, path: str | Path) -> backups.Backup:
        """Replace the conversation database with the backup at `path` (the current one is backed up first).
        Raises StorageError with a sentence; on success emits `restored`."""
        why = self.why_not_restore()
        if why:
            raise StorageError(why)
        safety = backups.restore(self.db, path)
        self.restored.emit(safety)
        return safety
