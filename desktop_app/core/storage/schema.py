"""The conversation database's tables, and the steps that upgrade an older file in place.

`PRAGMA user_version` records the schema a file has. Versions:
1. conversations and messages;
2. task_runs (recent runs of the Summarize / Sentiment / Translate tabs);
3. message_images (images attached to messages, in order);
4. conversations.deleted_at: a conversation in the Trash (NULL: not deleted). Deleting moves a conversation there;
   it can be restored until the Trash is emptied (by hand, or of items older than TRASH_DAYS at start-up).
5. versions: messages form a tree. `messages.parent_id` is the message a message answers or follows (NULL for the
   first message of a conversation); several children of one parent are versions of one turn (a regenerated reply,
   an edited message). `messages.active_child_id` (and, for first messages, `conversations.active_child_id`) picks
   the version shown; the conversation on screen and in the prompt is the path these pointers select. Upgrading
   links the messages of a conversation in id order, which is what they were.
6. thinking: `messages.reasoning` holds a reasoning model's thinking apart from its answer (`content`), and
   `messages.thinking_s` how long it thought. The thinking is shown above the answer and never sent back to the
   model. Upgrading moves the thinking that older versions stored inside a reply (`<think>…</think>` at its start,
   or text before a `</think>` with no opening tag) into the new column.

Versions 2 and 3 only add tables, created with IF NOT EXISTS on every open. Version 4 and later change tables, so
they are steps in MIGRATIONS, each run in one transaction with the version bump: a file is at one version or the
next, never in between. The Database takes a backup of the file before it runs any step (see backups.py).
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 6
TRASH_DAYS = 30

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
# `file` is a name in the attachments folder (an absolute path only for an image that could not be copied there).
MESSAGE_IMAGES_SCHEMA = """
CREATE TABLE IF NOT EXISTS message_images (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    file TEXT NOT NULL,
    PRIMARY KEY (message_id, position)
);
"""
# The tables every version creates when missing (versions 1 to 3 differ only by these).
BASE_TABLES = SCHEMA + TASK_RUNS_SCHEMA + MESSAGE_IMAGES_SCHEMA

# version → the statements that bring a file at version-1 to it
MIGRATIONS: dict[int, tuple[str, ...]] = {
    4: (
        "ALTER TABLE conversations ADD COLUMN deleted_at REAL",
        "CREATE INDEX IF NOT EXISTS conversations_by_deleted ON conversations(deleted_at)",
    ),
    5: (
        "ALTER TABLE messages ADD COLUMN parent_id INTEGER",
        "ALTER TABLE messages ADD COLUMN active_child_id INTEGER",
        "ALTER TABLE conversations ADD COLUMN active_child_id INTEGER",
        "UPDATE messages SET parent_id = (SELECT max(p.id) FROM messages p "
        "WHERE p.conversation_id = messages.conversation_id AND p.id < messages.id)",
        "UPDATE messages SET active_child_id = (SELECT min(c.id) FROM messages c "
        "WHERE c.conversation_id = messages.conversation_id AND c.id > messages.id)",
        "UPDATE conversations SET active_child_id = (SELECT min(m.id) FROM messages m "
        "WHERE m.conversation_id = conversations.id)",
        "CREATE INDEX IF NOT EXISTS messages_by_parent ON messages(conversation_id, parent_id)",
    ),
    6: (
        "ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE messages ADD COLUMN thinking_s REAL NOT NULL DEFAULT 0",
        # SET expressions all read the row as it was: the thinking and the answer are cut from the old content.
        "UPDATE messages SET "
        "reasoning = trim(replace(substr(content, 1, instr(content, '</think>') - 1), '<think>', ''), "
        "char(32, 9, 10, 13)), "
        "content = ltrim(substr(content, instr(content, '</think>') + 8), char(32, 9, 10, 13)) "
        "WHERE role = 'assistant' AND instr(content, '</think>') > 0 AND ("
        "ltrim(content, char(32, 9, 10, 13)) LIKE '<think>%' OR instr(content, '<think>') = 0)",
    ),
}


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def migrate(conn: sqlite3.Connection, from_version: int) -> list[int]:
    """Run every step after `from_version`, one transaction each; returns the versions reached. A step whose column
    is already there (a file a crash left between a step and its version bump cannot exist, but a hand-edited one
    can) is skipped rather than failing."""
    done = []
    for version in sorted(v for v in MIGRATIONS if v > from_version):
        with conn:
            for statement in MIGRATIONS[version]:
                if statement.startswith("ALTER TABLE"):
                    table, column = statement.split()[2], statement.split()[5]
                    if column in columns(conn, table):
                        continue
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={version}")
        done.append(version)
    return done
