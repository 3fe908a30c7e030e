"""Conversations and messages in SQLite (WAL), under the user data dir.

Durability: every message is its own committed transaction. WAL with synchronous=NORMAL survives a killed
process (only a power cut can lose the last commit). A reply being streamed is stored as status 'streaming' and
its text is checkpointed now and then; on the next start such rows become 'interrupted', so a crash loses at most
the last few seconds of one reply and nothing before it.

A file that is corrupt, or locked by another program, raises StorageError and is never written to.

Images attached to user messages are copied into an `attachments/` folder next to the database (see
attachments.py) and listed per message in `message_images`, so a conversation keeps its pictures whatever happens
to the originals.

Deleting a conversation moves it to the Trash (a `deleted_at` time, schema 4); it is deleted for ever only when the
Trash is emptied: by hand, or of what has been there more than TRASH_DAYS days, each time the file is opened.
Older files are upgraded in place when opened (schema.py), after a backup of the file as it was.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop_app.core.errors import StorageError
from desktop_app.core.messages import phrase
from desktop_app.core.storage import backups
from desktop_app.core.storage.attachments import ATTACHMENTS_DIR, AttachmentStore
from desktop_app.core.storage.message_tree import MessageTree
from desktop_app.core.storage.records import (  # noqa: F401 (re-exported: the app imports them from here)
    COMPLETE,
    ERROR,
    INTERRUPTED,
    STOPPED,
    STREAMING,
    Conversation,
    Message,
)
from desktop_app.core.storage.schema import BASE_TABLES, SCHEMA_VERSION, TRASH_DAYS, migrate
from desktop_app.core.storage.task_runs import TaskRun, TaskRunStore  # noqa: F401 (TaskRun: re-exported)

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"

def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == SQLITE_HEADER


class Database(MessageTree, TaskRunStore):
    def __init__(self, path: str | Path, attachments_dir: str | Path | None = None):
        """`attachments_dir` defaults to `attachments/` next to the database file (a temporary folder for an
        in-memory database, whose conversations do not outlive the session either)."""
        self.path = str(path)
        self.in_memory = self.path == ":memory:"
        if attachments_dir is None:
            attachments_dir = (
                tempfile.mkdtemp(prefix="desktop_app_attachments_")
                if self.in_memory
                else Path(self.path).parent / ATTACHMENTS_DIR
            )
        self.attachments = AttachmentStore(attachments_dir)
        self.interrupted_on_open = 0  # replies a crash left streaming, found at the last open
        self.purged_on_open = 0  # conversations older than TRASH_DAYS removed from the Trash at the last open
        self.migrated_from: int | None = None  # the schema version the file had, when the last open upgraded it
        self._open()

    def _open(self) -> None:
        """Check, open and upgrade the file; tidy the Trash and attachments. Raises StorageError, touching nothing,
        when the file is not a usable SQLite database or is locked."""
        if not self.in_memory:
            p = Path(self.path)
            try:
                if p.exists() and p.stat().st_size > 0 and not _looks_like_sqlite(p):
                    raise StorageError(
                        phrase("The conversation database {path} is damaged (it is not an SQLite file). It was left untouched; move it away to start fresh, or restore a backup.", path=p)
                    )
            except OSError as exc:
                raise StorageError(phrase("Cannot read the conversation database {path}: {error}", path=p, error=exc.strerror or exc)) from exc
        try:
            self._conn = sqlite3.connect(self.path, timeout=2.0)
        except sqlite3.Error as exc:
            raise StorageError(phrase("Cannot open the conversation database {path}: {error}", path=self.path, error=exc)) from exc
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys=ON")
            if not self.in_memory:
                check = self._conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise StorageError(
                        phrase("The conversation database {path} is damaged ({check}). It was left untouched; move it away to start fresh, or restore a backup.", path=self.path, check=check)
                    )
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            # Prove we can write now, before the user types anything that could then not be saved.
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("ROLLBACK")
            self._upgrade()
            self.interrupted_on_open = self._recover_interrupted()
            if not self.in_memory:
                self.purged_on_open = self.empty_trash(older_than_days=TRASH_DAYS)
                try:
                    self.prune_attachments()
                except (OSError, sqlite3.Error) as exc:  # tidying up is never a reason to refuse the database
                    log.warning("could not prune attachments: %s", exc)
        except StorageError:
            self._conn.close()
            raise
        except sqlite3.OperationalError as exc:
            self._conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise StorageError(
                    phrase("The conversation database {path} is locked by another program (is another copy of the app running?). It was left untouched.", path=self.path)
                ) from exc
            raise StorageError(phrase("The conversation database {path} cannot be used: {error}", path=self.path, error=exc)) from exc
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StorageError(
                phrase("The conversation database {path} is damaged ({error}). It was left untouched; move it away to start fresh, or restore a backup.", path=self.path, error=exc)
            ) from exc

    def _upgrade(self) -> None:
        """Create the tables of a new file, or bring an older file to SCHEMA_VERSION (after a backup of it)."""
        version = self.schema_version
        fresh = self._needs_schema()
        if not fresh and version > SCHEMA_VERSION:
            raise StorageError(
                phrase("The conversation database {path} was written by a newer version of the app (schema {version}, this version knows {latest}). It was left untouched; update the app to open it.", path=self.path, version=version, latest=SCHEMA_VERSION)
            )
        if not fresh and version < SCHEMA_VERSION:
            self._backup_before_migration(version)
        self._conn.executescript(BASE_TABLES)  # versions 1-3 gain their tables here (IF NOT EXISTS)
        migrate(self._conn, 3 if fresh else version)
        if not fresh and version < SCHEMA_VERSION:
            self.migrated_from = version
            log.info("conversation database upgraded from schema %d to %d", version, SCHEMA_VERSION)

    def _backup_before_migration(self, version: int) -> None:
        """Every upgrade starts from a backup of the file as it was; without one, the file is not upgraded."""
        try:
            backups.create_backup(self.path, backups.UPGRADE, source=self._conn)
        except StorageError as exc:
            raise StorageError(
                phrase("The conversation database {path} needs an upgrade (schema {version} to {latest}), but no backup of it could be taken first ({error}). It was left untouched.", path=self.path, version=version, latest=SCHEMA_VERSION, error=exc)
            ) from exc

    @classmethod
    def open_for_worker(cls, path: str | Path, attachments_dir: str | Path, write: bool = False) -> Database:
        """A second connection to the same file for a worker thread (exports read, imports write), without the
        checks, upgrades and tidying of the main one: that one is open already. Close it on the same thread."""
        self = cls.__new__(cls)
        self.path, self.in_memory = str(path), False
        self.attachments = AttachmentStore(attachments_dir)
        self.interrupted_on_open = self.purged_on_open = 0
        self.migrated_from = None
        try:
            uri = f"{Path(path).resolve().as_uri()}?mode={'rw' if write else 'ro'}"
            self._conn = sqlite3.connect(uri, uri=True, timeout=10.0)
        except sqlite3.Error as exc:
            raise StorageError(phrase("Cannot open the conversation database {path}: {error}", path=path, error=exc)) from exc
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA foreign_keys=ON")
        return self

    def _needs_schema(self) -> bool:
        row = self._conn.execute("SELECT count(*) FROM sqlite_master WHERE name='messages'").fetchone()
        return row[0] == 0

    def _recover_interrupted(self) -> int:
        with self._conn:
            cur = self._conn.execute("UPDATE messages SET status=? WHERE status=?", (INTERRUPTED, STREAMING))
        return cur.rowcount

    def close(self) -> None:
        self._conn.close()

    def reopen(self) -> None:
        """Open the file again after close() (a restore swapped it): the same checks and upgrades as at start."""
        self._open()

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _write(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        try:
            with self._conn:
                return self._conn.execute(sql, args)
        except sqlite3.Error as exc:
            raise StorageError(phrase("Could not save to the conversation database: {error}", error=exc)) from exc

    # -- conversations -------------------------------------------------------------------------------------------
    def create_conversation(self, title: str, settings: dict[str, Any] | None = None, model_path: str = "") -> int:
        now = time.time()
        cur = self._write(
            "INSERT INTO conversations(title, created_at, updated_at, settings, model_path) VALUES (?,?,?,?,?)",
            (title, now, now, json.dumps(settings or {}, ensure_ascii=False), model_path),
        )
        return int(cur.lastrowid)

    @staticmethod
    def _conversation(row: sqlite3.Row) -> Conversation:
        try:
            settings = json.loads(row["settings"] or "{}")
        except json.JSONDecodeError:
            settings = {}
        return Conversation(
            row["id"], row["title"], row["created_at"], row["updated_at"], settings, row["model_path"],
            row["deleted_at"],
        )

    def conversations(self, search: str = "", trashed: bool = False) -> list[Conversation]:
        """The conversations (or, with `trashed`, those in the Trash), newest first. `search` matches titles and
        message text (any language; case-insensitive for ASCII)."""
        where = "c.deleted_at IS NOT NULL" if trashed else "c.deleted_at IS NULL"
        order = "c.deleted_at DESC, c.id DESC" if trashed else "c.updated_at DESC, c.id DESC"
        if search.strip():
            pattern = f"%{search.strip()}%"
            rows = self._conn.execute(
                f"SELECT * FROM conversations c WHERE {where} AND (c.title LIKE ? OR EXISTS "
                "(SELECT 1 FROM messages m WHERE m.conversation_id=c.id AND m.content LIKE ?)) "
                f"ORDER BY {order}",
                (pattern, pattern),
            ).fetchall()
        else:
            rows = self._conn.execute(f"SELECT * FROM conversations c WHERE {where} ORDER BY {order}").fetchall()
        return [self._conversation(r) for r in rows]

    def conversation(self, conversation_id: int) -> Conversation | None:
        """The conversation, whether or not it is in the Trash (see its `deleted_at`)."""
        row = self._conn.execute("SELECT * FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        return self._conversation(row) if row else None

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        self._write("UPDATE conversations SET title=? WHERE id=?", (title, conversation_id))

    # -- the Trash -----------------------------------------------------------------------------------------------
    def trash_conversation(self, conversation_id: int) -> None:
        """Move a conversation to the Trash: it leaves the list but keeps every message until the Trash is
        emptied, so Undo (even after a restart) is `restore_conversation`."""
        self._write(
            "UPDATE conversations SET deleted_at=? WHERE id=? AND deleted_at IS NULL", (time.time(), conversation_id)
        )

    def restore_conversation(self, conversation_id: int) -> None:
        self._write("UPDATE conversations SET deleted_at=NULL WHERE id=?", (conversation_id,))

    def trash_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM conversations WHERE deleted_at IS NOT NULL").fetchone()[0])

    def empty_trash(self, older_than_days: float | None = None) -> int:
        """Delete for ever the conversations in the Trash (only those deleted more than `older_than_days` ago,
        when given); returns how many. Their image files go at the next attachment prune."""
        if older_than_days is None:
            cur = self._write("DELETE FROM conversations WHERE deleted_at IS NOT NULL")
        else:
            cutoff = time.time() - older_than_days * 86400
            cur = self._write("DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at < ?", (cutoff,))
        return cur.rowcount

    def delete_conversation(self, conversation_id: int) -> None:
        """Delete a conversation and its messages for ever ("Delete forever" in the Trash)."""
        self._write("DELETE FROM conversations WHERE id=?", (conversation_id,))

    def update_settings(self, conversation_id: int, settings: dict[str, Any], model_path: str | None = None) -> None:
        blob = json.dumps(settings, ensure_ascii=False)
        if model_path is None:
            self._write("UPDATE conversations SET settings=? WHERE id=?", (blob, conversation_id))
        else:
            self._write(
                "UPDATE conversations SET settings=?, model_path=? WHERE id=?", (blob, model_path, conversation_id)
            )

    def _touch(self, conversation_id: int) -> None:
        self._write("UPDATE conversations SET updated_at=? WHERE id=?", (time.time(), conversation_id))

    # -- messages ------------------------------------------------------------------------------------------------
    def _image_name(self, path: str | Path) -> str:
        p = Path(path)
        return p.name if self.attachments.contains(p) else str(p.resolve())

    def store_image(self, source: str | Path) -> Path:
        """Copy an image file into the attachments folder (once per content); the path to give add_message."""
        return self.attachments.add_file(source)

    def message_images(self, message_id: int) -> tuple[str, ...]:
        rows = self._conn.execute(
            "SELECT file FROM message_images WHERE message_id=? ORDER BY position", (message_id,)
        ).fetchall()
        return tuple(str(self.attachments.path_for(r["file"])) for r in rows)

    def prune_attachments(self, min_age_s: float = 3600.0) -> int:
        """Delete attachment files no message (nor any backup) uses any more (deleted conversations, edited
        messages), if they are older than `min_age_s`: an image just attached in the composer is not in the database yet."""
        keep = {r["file"] for r in self._conn.execute("SELECT DISTINCT file FROM message_images")}
        if not self.in_memory:  # a backup's images too, so a restored conversation keeps its pictures
            keep |= backups.referenced_files(backups.backups_folder(self.path))
        return self.attachments.prune(keep, min_age_s)

    def update_message(
        self,
        message_id: int,
        content: str,
        status: str,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        tokens_per_s: float = 0.0,
        reasoning: str = "",
        thinking_s: float = 0.0,
    ) -> None:
        """`reasoning`: a reasoning model's thinking, stored apart from the answer (`content`)."""
        self._write(
            "UPDATE messages SET content=?, status=?, prompt_tokens=?, completion_tokens=?, tokens_per_s=?, "
            "reasoning=?, thinking_s=? WHERE id=?",
            (content, status, prompt_tokens, completion_tokens, tokens_per_s, reasoning, thinking_s, message_id),
        )

    def checkpoint_message(self, message_id: int, content: str, reasoning: str = "") -> None:
        """Save a partial reply (and its thinking) while it streams, so a crash keeps most of it."""
        self._write("UPDATE messages SET content=?, reasoning=? WHERE id=?", (content, reasoning, message_id))

    def delete_messages_from(self, conversation_id: int, message_id: int) -> None:
        """Delete a message and every later one (by id, whatever their branch). Regenerate and Edit no longer use
        it: they add versions (add_message(version_of=...)), so nothing the user wrote or read is deleted."""
        self._write("DELETE FROM messages WHERE conversation_id=? AND id>=?", (conversation_id, message_id))
