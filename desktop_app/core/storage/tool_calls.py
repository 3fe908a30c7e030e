"""The tool calls a reply made, stored beside the reply: name, arguments, server, the user's decision and the result.

A table of its own (created when missing, like message_images: no schema version step), keyed by the reply's
message id and removed with it (ON DELETE CASCADE), so a conversation reopened later still shows what each tool was
asked and answered, and the model's later turns (with Tools on) get the calls and results again before the reply's
text (workers/chat_session.py prompt_history).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from desktop_app.core.errors import StorageError
from desktop_app.core.messages import phrase
from desktop_app.core.storage.database import Database

TOOL_CALLS_SCHEMA = """
CREATE TABLE IF NOT EXISTS message_tool_calls (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (message_id, position)
);
"""


def _ensure(db: Database) -> sqlite3.Connection:
    conn = db._conn
    with conn:
        conn.executescript(TOOL_CALLS_SCHEMA)
    return conn


def save_tool_calls(db: Database, message_id: int, records: Sequence[dict[str, Any]]) -> None:
    """Store a reply's calls (core/tools/loop.summarize_records), replacing what it had."""
    try:
        conn = _ensure(db)
        with conn:
            conn.execute("DELETE FROM message_tool_calls WHERE message_id=?", (message_id,))
            conn.executemany(
                "INSERT INTO message_tool_calls (message_id, position, record) VALUES (?, ?, ?)",
                [(message_id, i, json.dumps(r, ensure_ascii=False)) for i, r in enumerate(records)],
            )
    except sqlite3.Error as exc:
        raise StorageError(phrase("Could not save the reply's tool calls: {error}", error=exc)) from exc


def tool_calls_of(db: Database, message_id: int) -> list[dict[str, Any]]:
    """Read only (an export reads through a read-only connection): no table yet means no calls."""
    try:
        rows = db._conn.execute(
            "SELECT record FROM message_tool_calls WHERE message_id=? ORDER BY position", (message_id,)
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise StorageError(phrase("Could not read the reply's tool calls: {error}", error=exc)) from exc
    except sqlite3.Error as exc:
        raise StorageError(phrase("Could not read the reply's tool calls: {error}", error=exc)) from exc
    out = []
    for (text,) in rows:
        try:
            record = json.loads(text)
        except ValueError:
            continue  # a damaged row is left out; the reply itself is intact
        if isinstance(record, dict):
            out.append(record)
    return out


def save_imported_tool_calls(db: Database, conversation_id: int, per_message: Sequence[Sequence[dict[str, Any]]]) -> None:
    """An imported conversation's calls, `per_message[i]` for its i-th message in the order they were inserted
    (Database.insert_conversation gives them rising ids)."""
    try:
        ids = [row[0] for row in db._conn.execute(
            "SELECT id FROM messages WHERE conversation_id=? ORDER BY id", (conversation_id,)).fetchall()]
    except sqlite3.Error as exc:
        raise StorageError(phrase("Could not save the imported tool calls: {error}", error=exc)) from exc
    for message_id, records in zip(ids, per_message, strict=False):
        if records:
            save_tool_calls(db, message_id, records)


def clean_records(raw: Any) -> list[dict[str, Any]]:
    """The records of a file being imported: dicts with a tool name; anything else is left out."""
    if not isinstance(raw, list):
        return []
    return [r for r in raw if isinstance(r, dict) and isinstance(r.get("name"), str) and r["name"]]
