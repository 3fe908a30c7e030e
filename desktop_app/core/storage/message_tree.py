"""Messages as a tree (schema 5): versions of a turn, and the branch the conversation follows.

Regenerate and Edit never delete: the new reply (or the edited message) is stored as another child of the same
parent, a *version*, and becomes the active one. Each message remembers which of its children is active
(`active_child_id`; the conversation does for its first messages), so the conversation is the path those pointers
select: `messages()` returns that path, with each message's place among its versions ("2 of 3"), and everything that
builds a prompt or shows the conversation reads only it. `switch_version` moves a pointer, and the conversation
below follows the branch under the version chosen. A pointer that is missing or stale (a row deleted by hand, an
older file) falls back to the newest child, so a path always exists.

A part of Database (a mixin): it provides `_conn`, `_write`, `_touch`, `_image_name` and `attachments`.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.errors import StorageError
from desktop_app.core.messages import phrase
from desktop_app.core.storage.attachments import AttachmentStore
from desktop_app.core.storage.records import COMPLETE, Message


class MessageTree:
    _conn: sqlite3.Connection
    attachments: AttachmentStore

    # provided by Database
    def _touch(self, conversation_id: int) -> None:
        raise NotImplementedError

    def _image_name(self, path: str | Path) -> str:
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------------------------------------
    def _tree(self, conversation_id: int) -> tuple[dict[int, sqlite3.Row], dict[int | None, list[int]], int | None]:
        rows = {r["id"]: r for r in self._conn.execute(
            "SELECT * FROM messages WHERE conversation_id=? ORDER BY id", (conversation_id,)
        )}
        children: dict[int | None, list[int]] = {}
        for r in rows.values():
            parent = r["parent_id"] if r["parent_id"] in rows else None
            children.setdefault(parent, []).append(r["id"])
        top = self._conn.execute("SELECT active_child_id FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        return rows, children, top[0] if top else None

    @staticmethod
    def _path(rows: dict[int, sqlite3.Row], children: dict[int | None, list[int]], top: int | None) -> list[int]:
        path: list[int] = []
        kids, chosen = children.get(None, []), top
        while kids:
            current = chosen if chosen in kids else kids[-1]
            path.append(current)
            kids, chosen = children.get(current, []), rows[current]["active_child_id"]
        return path

    def _images(self, conversation_id: int) -> dict[int, list[str]]:
        images: dict[int, list[str]] = {}
        for r in self._conn.execute(
            "SELECT i.message_id, i.file FROM message_images i JOIN messages m ON m.id = i.message_id "
            "WHERE m.conversation_id=? ORDER BY i.message_id, i.position",
            (conversation_id,),
        ):
            images.setdefault(r["message_id"], []).append(str(self.attachments.path_for(r["file"])))
        return images

    @staticmethod
    def _message(r: sqlite3.Row, images: dict[int, list[str]], siblings: list[int]) -> Message:
        return Message(
            r["id"], r["conversation_id"], r["role"], r["content"], r["status"], r["prompt_tokens"],
            r["completion_tokens"], r["tokens_per_s"], r["created_at"], tuple(images.get(r["id"], ())),
            r["parent_id"], siblings.index(r["id"]) + 1, len(siblings), r["reasoning"], r["thinking_s"],
        )

    def messages(self, conversation_id: int) -> list[Message]:
        """The conversation as shown and prompted: the active branch, first message first."""
        rows, children, top = self._tree(conversation_id)
        images = self._images(conversation_id)
        out = []
        for mid in self._path(rows, children, top):
            parent = rows[mid]["parent_id"] if rows[mid]["parent_id"] in rows else None
            out.append(self._message(rows[mid], images, children[parent]))
        return out

    def all_messages(self, conversation_id: int) -> list[tuple[Message, bool]]:
        """Every message of every version, oldest first, each with whether it is the active child of its parent
        (for a complete export)."""
        rows, children, top = self._tree(conversation_id)
        images = self._images(conversation_id)
        active = set(self._active_children(rows, children, top))
        out = []
        for r in rows.values():
            parent = r["parent_id"] if r["parent_id"] in rows else None
            out.append((self._message(r, images, children[parent]), r["id"] in active))
        return out

    def _active_children(self, rows, children, top) -> list[int]:
        chosen = []
        for parent, kids in children.items():
            pointer = top if parent is None else rows[parent]["active_child_id"]
            chosen.append(pointer if pointer in kids else kids[-1])
        return chosen

    def active_leaf(self, conversation_id: int) -> int | None:
        """The last message of the active branch (a new message follows it)."""
        rows, children, top = self._tree(conversation_id)
        path = self._path(rows, children, top)
        return path[-1] if path else None

    # -- writing -------------------------------------------------------------------------------------------------
    def _activate(self, conversation_id: int, parent_id: int | None, child_id: int) -> None:
        """Make `child_id` the shown version among the children of `parent_id` (inside a transaction)."""
        if parent_id is None:
            self._conn.execute("UPDATE conversations SET active_child_id=? WHERE id=?", (child_id, conversation_id))
        else:
            self._conn.execute("UPDATE messages SET active_child_id=? WHERE id=?", (child_id, parent_id))

    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        status: str = COMPLETE,
        images: Sequence[str | Path] = (),
        version_of: int | None = None,
    ) -> int:
        """Add a message at the end of the active branch or, with `version_of`, as a new version of that message
        (same parent; it becomes the one shown, and the branch below it starts empty). `images` are files already
        in `self.attachments` (see store_image), in order. One transaction."""
        files = [self._image_name(p) for p in images]
        if version_of is not None:
            row = self._conn.execute(
                "SELECT parent_id FROM messages WHERE id=? AND conversation_id=?", (version_of, conversation_id)
            ).fetchone()
            if row is None:
                raise StorageError(phrase("The message to make a new version of is no longer in the conversation."))
            parent = row[0]
        else:
            parent = self.active_leaf(conversation_id)
        try:
            with self._conn:
                cur = self._conn.execute(
                    "INSERT INTO messages(conversation_id, role, content, status, created_at, parent_id) "
                    "VALUES (?,?,?,?,?,?)",
                    (conversation_id, role, content, status, time.time(), parent),
                )
                message_id = int(cur.lastrowid)
                self._conn.executemany(
                    "INSERT INTO message_images(message_id, position, file) VALUES (?,?,?)",
                    [(message_id, i, f) for i, f in enumerate(files)],
                )
                self._activate(conversation_id, parent, message_id)
        except sqlite3.Error as exc:
            raise StorageError(phrase("Could not save to the conversation database: {error}", error=exc)) from exc
        self._touch(conversation_id)
        return message_id

    def switch_version(self, message_id: int, step: int) -> int | None:
        """Show the version `step` places away (-1: the one before, +1: the one after) of `message_id`'s turn;
        returns the message now shown, or None when there is none that way."""
        row = self._conn.execute(
            "SELECT conversation_id, parent_id FROM messages WHERE id=?", (message_id,)
        ).fetchone()
        if row is None:
            return None
        conversation_id, parent = row
        rows, children, _top = self._tree(conversation_id)
        siblings = children.get(parent if parent in rows else None, [])
        if message_id not in siblings:
            return None
        index = siblings.index(message_id) + step
        if not 0 <= index < len(siblings):
            return None
        try:
            with self._conn:
                self._activate(conversation_id, parent if parent in rows else None, siblings[index])
        except sqlite3.Error as exc:
            raise StorageError(phrase("Could not save to the conversation database: {error}", error=exc)) from exc
        return siblings[index]

    def insert_conversation(
        self,
        title: str,
        messages: Sequence[dict[str, Any]],
        *,
        created_at: float | None = None,
        updated_at: float | None = None,
        settings: dict[str, Any] | None = None,
        model_path: str = "",
    ) -> int:
        """Add a whole conversation at once (an import), in one transaction: all of it or nothing. Each message is
        a dict with role and content and optionally status, prompt_tokens, completion_tokens, tokens_per_s,
        created_at, images (files already in `self.attachments`), and for a tree `parent` (the index of an
        earlier message in `messages`; absent: the one before it) and `active` (False: a version not shown)."""
        now = time.time()
        try:
            with self._conn:
                cur = self._conn.execute(
                    "INSERT INTO conversations(title, created_at, updated_at, settings, model_path) VALUES (?,?,?,?,?)",
                    (title, created_at or now, updated_at or created_at or now,
                     json.dumps(settings or {}, ensure_ascii=False), model_path),
                )
                conversation_id = int(cur.lastrowid)
                ids: list[int] = []
                for i, m in enumerate(messages):
                    index = m.get("parent", i - 1 if i else None)
                    if index is not None and not (isinstance(index, int) and 0 <= index < i):
                        raise StorageError(phrase("Message {value} follows a message that is not before it.", value=i + 1))
                    parent = ids[index] if index is not None else None
                    cur = self._conn.execute(
                        "INSERT INTO messages(conversation_id, role, content, status, prompt_tokens, "
                        "completion_tokens, tokens_per_s, created_at, parent_id, reasoning, thinking_s) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (conversation_id, m["role"], m["content"], m.get("status", COMPLETE),
                         int(m.get("prompt_tokens", 0)), int(m.get("completion_tokens", 0)),
                         float(m.get("tokens_per_s", 0.0)), m.get("created_at") or now, parent,
                         str(m.get("reasoning") or ""), float(m.get("thinking_s") or 0.0)),
                    )
                    ids.append(int(cur.lastrowid))
                    self._conn.executemany(
                        "INSERT INTO message_images(message_id, position, file) VALUES (?,?,?)",
                        [(ids[-1], p, self._image_name(f)) for p, f in enumerate(m.get("images", ()))],
                    )
                    if m.get("active", True):
                        self._activate(conversation_id, parent, ids[-1])
        except sqlite3.Error as exc:
            raise StorageError(phrase("Could not save to the conversation database: {error}", error=exc)) from exc
        return conversation_id
