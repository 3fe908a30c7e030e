"""Export and import of conversations as jobs on the utility thread, so a long export never freezes the window.

The job opens its own connection to the database file (Database.open_for_worker: read-only for an export, read-write
for an import), since the window's connection belongs to the GUI thread; SQLite's WAL lets both work at once. A
database that lives only in memory (the real file could not be opened) has no second connection: its jobs run on
the GUI thread, which is quick for a session's worth of conversations.

Progress is (done, total) conversations; cancel() stops between conversations (an export then leaves no file; an
import keeps what it stored so far, each conversation whole).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.storage import export
from desktop_app.core.storage.database import Database
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager


@dataclass(frozen=True)
class ImportSummary:
    source: str  # which app's format it was
    ids: list[int]  # the new conversations
    left_out: int  # parts that could not come along


def _run(manager: ModelManager, db: Database, work: Callable[[Job, Database], object], name: str,
         before_start: Callable[[Job], None], write: bool) -> Job:
    if db.in_memory:
        job = Job(lambda j: work(j, db), name=name)
        before_start(job)
        job.run()  # on this thread: signals are delivered at once
        return job

    def in_worker(job: Job) -> object:
        own = Database.open_for_worker(db.path, db.attachments.folder, write=write)
        try:
            return work(job, own)
        finally:
            own.close()

    return manager.run_background(in_worker, name, before_start)


def start_export(manager: ModelManager, db: Database, ids: Sequence[int] | None, dest: str | Path, fmt: str,
                 before_start: Callable[[Job], None]) -> Job:
    """Export `ids` (None: every conversation not in the Trash) to `dest`; the job's result is how many."""
    ids = list(ids) if ids is not None else None

    def work(job: Job, source: Database) -> int:
        return export.export(source, ids, dest, fmt, job.progress.emit, job.cancel_event)

    return _run(manager, db, work, "export", before_start, write=False)


def start_import(manager: ModelManager, db: Database, path: str | Path,
                 before_start: Callable[[Job], None]) -> Job:
    """Read an export file and store its conversations; the job's result is an ImportSummary."""
    # The readers of every format (ours, ChatGPT, LM Studio, Open WebUI) load on the first import, not at start-up.
    from desktop_app.core.storage import import_formats

    def work(job: Job, target: Database) -> ImportSummary:
        result = import_formats.read_export(path)
        ids = import_formats.import_conversations(target, result, job.progress.emit, job.cancel_event)
        return ImportSummary(result.source, ids, result.left_out)

    return _run(manager, db, work, "import", before_start, write=True)
