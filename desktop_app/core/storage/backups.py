"""Backups of the conversation database, taken with SQLite's online backup API, and Restore.

Why the backup API and never a file copy: the database is live (WAL mode; a reply may be checkpointed while a
backup runs). A copy of the main file alone misses what is still in the WAL, and a copy taken mid-write can be
torn. `sqlite3.Connection.backup` reads one consistent snapshot through SQLite itself, so a backup always opens as
a valid database holding every committed message. The copy is written to a temporary name, switched to a
single-file journal, checked, and only then renamed into place.

Backups live in `backups/` next to the database, named `conversations-YYYYMMDD-HHMMSS-MMM-KIND.sqlite3` (local time, milliseconds). Kinds: daily
(taken at start-up and while the app runs when the newest daily one is from another day), manual ("Back up now"),
upgrade (before every schema migration) and restore (the current database, just before a Restore replaces it).
The newest KEEP of each kind are kept, so a burst of manual backups never pushes out the daily ones.

Restore (see `restore`): close the live connection, swap the file, reopen, after a backup of the current file; a
restore that cannot finish puts the current file back. Plain Python: the backup itself runs on a worker thread
with its own connection (workers/backup_service.py); Restore runs on the thread that owns the Database.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import StorageError
from desktop_app.core.messages import phrase

if TYPE_CHECKING:
    from desktop_app.core.storage.database import Database

log = logging.getLogger(__name__)

BACKUPS_DIR = "backups"
KEEP = 7
DAILY, MANUAL, UPGRADE, RESTORE = "daily", "manual", "upgrade", "restore"
KINDS = (DAILY, MANUAL, UPGRADE, RESTORE)
_NAME = re.compile(r"^conversations-(\d{8}-\d{6})-(\d{3,})-([a-z]+)\.sqlite3$")


@dataclass(frozen=True)
class Backup:
    path: Path
    created_at: float
    kind: str
    size: int


def backups_folder(db_path: str | Path) -> Path:
    return Path(db_path).parent / BACKUPS_DIR


def _parse(path: Path) -> Backup | None:
    match = _NAME.match(path.name)
    if match is None or match.group(3) not in KINDS:
        return None
    try:
        created = time.mktime(time.strptime(match.group(1), "%Y%m%d-%H%M%S"))
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return Backup(path, created + int(match.group(2)) / 1000, match.group(3), size)


def list_backups(folder: str | Path) -> list[Backup]:
    """The backups in `folder`, newest first (files that are not ours are ignored)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [b for b in (_parse(p) for p in folder.iterdir()) if b is not None]
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def prune_backups(folder: str | Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups of each kind; returns what was deleted."""
    removed = []
    for kind in KINDS:
        for old in [b for b in list_backups(folder) if b.kind == kind][keep:]:
            try:
                old.path.unlink()
                removed.append(old.path)
            except OSError as exc:
                log.warning("could not remove old backup %s: %s", old.path, exc)
    return removed


def daily_backup_due(folder: str | Path, now: float | None = None) -> bool:
    """True when no daily backup was taken today (local time)."""
    today = time.strftime("%Y%m%d", time.localtime(now if now is not None else time.time()))
    return not any(
        b.kind == DAILY and time.strftime("%Y%m%d", time.localtime(b.created_at)) == today for b in list_backups(folder)
    )


def _target(folder: Path, kind: str) -> Path:
    """A new file name that sorts after every backup there (two in one millisecond: the next millisecond)."""
    newest = max((b.created_at for b in list_backups(folder)), default=0.0)
    when = max(time.time(), newest + 0.001)
    while True:
        seconds, millis = int(when), round((when - int(when)) * 1000)
        if millis >= 1000:
            seconds, millis = seconds + 1, millis - 1000
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(seconds))
        path = folder / f"conversations-{stamp}-{millis:03d}-{kind}.sqlite3"
        if not path.exists() and seconds + millis / 1000 > newest:
            return path
        when += 0.001


def create_backup(
    db_path: str | Path, kind: str, source: sqlite3.Connection | None = None, keep: int = KEEP
) -> Backup:
    """Back up the database at `db_path` into its backups folder through the online backup API, reading through
    `source` when given (a connection of the calling thread; else one opened here). Raises StorageError."""
    folder = backups_folder(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(phrase("Cannot create the backups folder {folder}: {error}", folder=folder, error=exc.strerror or exc)) from exc
    dest = _target(folder, kind)
    tmp = dest.with_name(dest.name + ".tmp")
    own = source is None
    try:
        src = sqlite3.connect(str(db_path), timeout=10.0) if own else source
        try:
            out = sqlite3.connect(str(tmp))
            try:
                src.backup(out)  # one step: one consistent snapshot, whatever other connections write meanwhile
                out.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
                check = out.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                out.close()
        finally:
            if own:
                src.close()
        if check != "ok":
            raise StorageError(phrase("The backup of the conversation database failed its check ({check}).", check=check))
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(phrase("Could not back up the conversation database: {error}", error=exc)) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(phrase("Could not write the backup {name}: {error}", name=dest.name, error=exc.strerror or exc)) from exc
    except StorageError:
        tmp.unlink(missing_ok=True)
        raise
    prune_backups(folder, keep)
    backup = _parse(dest)
    assert backup is not None
    log.info("conversation database backed up to %s", dest)
    return backup


def check_backup(path: str | Path) -> None:
    """Raise StorageError with a sentence unless `path` is a sound conversation database."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise StorageError(phrase("{name} is not a conversation database backup.", name=p.name))
        conn = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise StorageError(phrase("The backup {name} is damaged.", name=p.name))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except OSError as exc:
        raise StorageError(phrase("Cannot read the backup {name}: {error}", name=p.name, error=exc.strerror or exc)) from exc
    except sqlite3.Error as exc:
        raise StorageError(phrase("The backup {name} cannot be read: {error}", name=p.name, error=exc)) from exc
    if not {"conversations", "messages"} <= tables:
        raise StorageError(phrase("{name} is not a conversation database backup.", name=p.name))


def referenced_files(folder: str | Path) -> set[str]:
    """The attachment file names the backups use, so pruning attachments never breaks a backup's images."""
    names: set[str] = set()
    for backup in list_backups(folder):
        try:
            conn = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
            try:
                names.update(r[0] for r in conn.execute("SELECT DISTINCT file FROM message_images"))
            finally:
                conn.close()
        except sqlite3.Error:
            continue  # an older backup without images, or one being written
    return names


def restore(db: Database, backup_path: str | Path) -> Backup:
    """Replace the live database with a backup: check it, back up the current file (kind "restore"), close the
    connection, swap the file in, reopen (an older backup is upgraded as any older file is). Returns the backup of
    the file that was replaced. If anything fails after the swap, the replaced file is put back and reopened."""
    if db.in_memory:
        raise StorageError(phrase("This session's conversations are not saved to a file, so there is nothing to restore."))
    backup_path = Path(backup_path)
    check_backup(backup_path)
    live = Path(db.path)
    safety = create_backup(live, RESTORE, source=db._conn)
    incoming = live.with_name(live.name + ".restoring")
    try:
        src = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        out = sqlite3.connect(str(incoming))
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
        finally:
            out.close()
            src.close()
    except sqlite3.Error as exc:
        incoming.unlink(missing_ok=True)
        raise StorageError(phrase("Could not read the backup {name}: {error}", name=backup_path.name, error=exc)) from exc
    db.close()
    wal = live.with_name(live.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Another connection still has the file open (its WAL could not be folded in): swapping now would lose
        # or corrupt data. Leave everything as it was.
        incoming.unlink(missing_ok=True)
        db.reopen()
        raise StorageError(phrase("The conversation database is busy; try the restore again in a moment."))
    try:
        for stale in (wal, live.with_name(live.name + "-shm")):
            stale.unlink(missing_ok=True)  # they belong to the old file and must never be applied to the new one
        os.replace(incoming, live)
        db.reopen()
    except (OSError, StorageError) as exc:
        log.error("restore failed, putting the previous database back: %s", exc)
        incoming.unlink(missing_ok=True)
        put_back = live.with_name(live.name + ".restoring")
        src = sqlite3.connect(f"file:{safety.path}?mode=ro", uri=True)
        out = sqlite3.connect(str(put_back))
        try:
            src.backup(out)
        finally:
            out.close()
            src.close()
        os.replace(put_back, live)
        db.reopen()
        raise StorageError(phrase("Could not restore {name}: {error}. The conversations are as they were.", name=backup_path.name, error=exc)) from exc
    return safety
