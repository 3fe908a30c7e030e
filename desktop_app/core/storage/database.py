"""Conversations and messages in SQLite (WAL), under the user data dir.

Durability: every message is its own committed transaction. WAL with synchronous=NORMAL survives a killed
process (only a power cut can lose the last commit). A reply being streamed is stored as status 'streaming' and
its text is checkpointed now and then; on the next start such rows become 'interrupted', so a crash loses at most
the last few seconds of one reply and nothing before it.

A file that is corrupt, or locked by another program, raises StorageError and is never written to.

Images attached to user messages are copied into an `attachments/` folder next to the database (see
attachments.py) and listed per message in `message_images`, so a conversation keeps its pictures whatever happens
to the originals.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.attachments import ATTACHMENTS_DIR, AttachmentStore

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
SCHEMA_VERSION = 3
SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    model_path TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'complete',
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    tokens_per_s REAL NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, id);
"""
# Version 2: recent runs of the Summarize / Sentiment / Translate tabs. Created on every open (IF NOT EXISTS), so
# a version-1 file gains the table without a migration step.
TASK_RUNS_SCHEMA = """
CREATE TABLE IF NOT EXISTS task_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task TEXT NOT NULL,
    created_at REAL NOT NULL,
    engine TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    input TEXT NOT NULL DEFAULT '',
    output TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'complete'
);
CREATE INDEX IF NOT EXISTS task_runs_by_task ON task_runs(task, id);
"""
# Version 3: images attached to messages, in order. `file` is a name in the attachments folder (an absolute path
# only for an image that could not be copied there). Created on every open, like task_runs: older files gain it.
MESSAGE_IMAGES_SCHEMA = """
CREATE TABLE IF NOT EXISTS message_images (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    file TEXT NOT NULL,
    PRIMARY KEY (message_id, position)
);
"""
# A run's input is kept whole up to this many characters (a 10 MB text would bloat every history query).
TASK_INPUT_LIMIT = 2_000_000

# Message statuses
COMPLETE, STOPPED, STREAMING, INTERRUPTED, ERROR = "complete", "stopped", "streaming", "interrupted", "error"


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: float
    updated_at: float
    settings: dict[str, Any]
    model_path: str


@dataclass(frozen=True)
class TaskRun:
    """One run of a task tab: what went in, which engine, what came out."""

    id: int
    task: str  # summarize / sentiment / translate
    created_at: float
    engine: str
    model: str
    input: str
    output: str
    settings: dict[str, Any]
    status: str = COMPLETE
    input_truncated: bool = False


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    role: str
    content: str
    status: str = COMPLETE
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_per_s: float = 0.0
    created_at: float = 0.0
    images: tuple[str, ...] = ()  # absolute paths of the attached images, in order

    def as_chat(self) -> dict[str, object]:
        """The message as the Backend protocol's ChatMessage; "images" only when there are some."""
        chat: dict[str, object] = {"role": self.role, "content": self.content}
        if self.images:
            chat["images"] = list(self.images)
        return chat


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == SQLITE_HEADER


class Database:
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
        if not self.in_memory:
            p = Path(self.path)
            try:
                if p.exists() and p.stat().st_size > 0 and not _looks_like_sqlite(p):
                    raise StorageError(
                        f"The conversation database {p} is damaged (it is not an SQLite file). "
                        "It was left untouched; move it away to start fresh, or restore a backup."
                    )
            except OSError as exc:
                raise StorageError(f"Cannot read the conversation database {p}: {exc.strerror or exc}") from exc
        try:
            self._conn = sqlite3.connect(self.path, timeout=2.0)
        except sqlite3.Error as exc:
            raise StorageError(f"Cannot open the conversation database {self.path}: {exc}") from exc
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys=ON")
            if not self.in_memory:
                check = self._conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise StorageError(
                        f"The conversation database {self.path} is damaged ({check}). "
                        "It was left untouched; move it away to start fresh, or restore a backup."
                    )
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            # Prove we can write now, before the user types anything that could then not be saved.
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("ROLLBACK")
            if self._needs_schema():
                self._conn.executescript(SCHEMA)
            self._conn.executescript(
                TASK_RUNS_SCHEMA + MESSAGE_IMAGES_SCHEMA + f"PRAGMA user_version={SCHEMA_VERSION};"
            )
            self.interrupted_on_open = self._recover_interrupted()
            if not self.in_memory:
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
                    f"The conversation database {self.path} is locked by another program "
                    "(is another copy of the app running?). It was left untouched."
                ) from exc
            raise StorageError(f"The conversation database {self.path} cannot be used: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StorageError(
                f"The conversation database {self.path} is damaged ({exc}). It was left untouched; "
                "move it away to start fresh, or restore a backup."
            ) from exc

    def _needs_schema(self) -> bool:
        row = self._conn.execute("SELECT count(*) FROM sqlite_master WHERE name='messages'").fetchone()
        return row[0] == 0

    def _recover_interrupted(self) -> int:
        with self._conn:
            cur = self._conn.execute("UPDATE messages SET status=? WHERE status=?", (INTERRUPTED, STREAMING))
        return cur.rowcount

    def close(self) -> None:
        self._conn.close()

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _write(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        try:
            with self._conn:
                return self._conn.execute(sql, args)
        except sqlite3.Error as exc:
            raise StorageError(f"Could not save to the conversation database: {exc}") from exc

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
            row["id"], row["title"], row["created_at"], row["updated_at"], settings, row["model_path"]
        )

    def conversations(self, search: str = "") -> list[Conversation]:
        """Newest first. `search` matches titles and message text (any language; case-insensitive for ASCII)."""
        if search.strip():
            pattern = f"%{search.strip()}%"
            rows = self._conn.execute(
                "SELECT * FROM conversations c WHERE c.title LIKE ? OR EXISTS "
                "(SELECT 1 FROM messages m WHERE m.conversation_id=c.id AND m.content LIKE ?) "
                "ORDER BY c.updated_at DESC, c.id DESC",
                (pattern, pattern),
            ).fetchall()
        else:
            rows = self._conn.execute("SELECT * FROM conversations ORDER BY updated_at DESC, id DESC").fetchall()
        return [self._conversation(r) for r in rows]

    def conversation(self, conversation_id: int) -> Conversation | None:
        row = self._conn.execute("SELECT * FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        return self._conversation(row) if row else None

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        self._write("UPDATE conversations SET title=? WHERE id=?", (title, conversation_id))

    def delete_conversation(self, conversation_id: int) -> None:
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
    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        status: str = COMPLETE,
        images: Sequence[str | Path] = (),
    ) -> int:
        """Add a message; `images` are files already in `self.attachments` (see store_image), in order. The
        message and its image list are one transaction."""
        files = [self._image_name(p) for p in images]
        try:
            with self._conn:
                cur = self._conn.execute(
                    "INSERT INTO messages(conversation_id, role, content, status, created_at) VALUES (?,?,?,?,?)",
                    (conversation_id, role, content, status, time.time()),
                )
                message_id = int(cur.lastrowid)
                self._conn.executemany(
                    "INSERT INTO message_images(message_id, position, file) VALUES (?,?,?)",
                    [(message_id, i, f) for i, f in enumerate(files)],
                )
        except sqlite3.Error as exc:
            raise StorageError(f"Could not save to the conversation database: {exc}") from exc
        self._touch(conversation_id)
        return message_id

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
        """Delete attachment files no message uses any more (deleted conversations, edited messages), if they
        are older than `min_age_s`: an image just attached in the composer is not in the database yet."""
        rows = self._conn.execute("SELECT DISTINCT file FROM message_images").fetchall()
        return self.attachments.prune((r["file"] for r in rows), min_age_s)

    def update_message(
        self,
        message_id: int,
        content: str,
        status: str,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        tokens_per_s: float = 0.0,
    ) -> None:
        self._write(
            "UPDATE messages SET content=?, status=?, prompt_tokens=?, completion_tokens=?, tokens_per_s=? "
            "WHERE id=?",
            (content, status, prompt_tokens, completion_tokens, tokens_per_s, message_id),
        )

    def checkpoint_message(self, message_id: int, content: str) -> None:
        """Save a partial reply while it streams, so a crash keeps most of it."""
        self._write("UPDATE messages SET content=? WHERE id=?", (content, message_id))

    def messages(self, conversation_id: int) -> list[Message]:
        rows = self._conn.execute(
            "SELECT * FROM messages WHERE conversation_id=? ORDER BY id", (conversation_id,)
        ).fetchall()
        images: dict[int, list[str]] = {}
        for r in self._conn.execute(
            "SELECT i.message_id, i.file FROM message_images i JOIN messages m ON m.id = i.message_id "
            "WHERE m.conversation_id=? ORDER BY i.message_id, i.position",
            (conversation_id,),
        ):
            images.setdefault(r["message_id"], []).append(str(self.attachments.path_for(r["file"])))
        return [
            Message(
                r["id"], r["conversation_id"], r["role"], r["content"], r["status"],
                r["prompt_tokens"], r["completion_tokens"], r["tokens_per_s"], r["created_at"],
                tuple(images.get(r["id"], ())),
            )
            for r in rows
        ]

    def delete_messages_from(self, conversation_id: int, message_id: int) -> None:
        """Delete a message and every later one: used to regenerate a reply or resend an edited message."""
        self._write("DELETE FROM messages WHERE conversation_id=? AND id>=?", (conversation_id, message_id))

    # -- task runs (Summarize, Sentiment, Translate) --------------------------------------------------------------
    def add_task_run(
        self,
        task: str,
        *,
        engine: str,
        model: str,
        input: str,
        output: str,
        settings: dict[str, Any] | None = None,
        status: str = COMPLETE,
    ) -> int:
        settings = dict(settings or {})
        if len(input) > TASK_INPUT_LIMIT:
            settings["input_chars"] = len(input)
            input = input[:TASK_INPUT_LIMIT]
        cur = self._write(
            "INSERT INTO task_runs(task, created_at, engine, model, input, output, settings, status) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (task, time.time(), engine, model, input, output, json.dumps(settings, ensure_ascii=False), status),
        )
        return int(cur.lastrowid)

    @staticmethod
    def _task_run(row: sqlite3.Row) -> TaskRun:
        try:
            settings = json.loads(row["settings"])
        except ValueError:
            settings = {}
        return TaskRun(
            id=row["id"], task=row["task"], created_at=row["created_at"], engine=row["engine"], model=row["model"],
            input=row["input"], output=row["output"], settings=settings, status=row["status"],
            input_truncated="input_chars" in settings,
        )

    def task_runs(self, task: str, limit: int = 100) -> list[TaskRun]:
        """The newest runs first. Inputs and outputs are cut to 300 characters here (a list needs no more);
        `task_run(id)` gives the whole run."""
        rows = self._conn.execute(
            "SELECT id, task, created_at, engine, model, substr(input, 1, 300) AS input, "
            "substr(output, 1, 300) AS output, settings, status FROM task_runs WHERE task=? ORDER BY id DESC LIMIT ?",
            (task, limit),
        ).fetchall()
        return [self._task_run(r) for r in rows]

    def task_run(self, run_id: int) -> TaskRun | None:
        row = self._conn.execute("SELECT * FROM task_runs WHERE id=?", (run_id,)).fetchone()
        return self._task_run(row) if row else None

    def delete_task_run(self, run_id: int) -> None:
        self._write("DELETE FROM task_runs WHERE id=?", (run_id,))
