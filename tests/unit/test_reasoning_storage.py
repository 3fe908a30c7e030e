"""Schema 6: a reply's thinking is stored apart from its answer, and older files have theirs moved out of the text."""

from __future__ import annotations

import sqlite3
import time

import pytest

from desktop_app.core.storage.database import COMPLETE, Database
from desktop_app.core.storage.schema import SCHEMA_VERSION
from desktop_app.core.tasks.chat import build_messages
from tests.fixtures.old_schemas import build_old_database


def _add_old_thinking_replies(path, version: int) -> int:
    """A conversation an older app stored with the thinking inside the replies: one <think>…</think> reply, one
    whose template had opened the tag (only </think>), and one that merely mentions the tags later on."""
    conn = sqlite3.connect(path)
    now = time.time()
    with conn:
        cid = conn.execute(
            "INSERT INTO conversations(title, created_at, updated_at) VALUES (?,?,?)", ("思考 Thinking", now, now)
        ).lastrowid
        rows = [
            ("user", "2+2?"),
            ("assistant", "<think>\nAdd them.\n</think>\n\nIt is 4."),
            ("user", "为什么？"),
            ("assistant", "用户问为什么。\n</think>\n\n因为二加二等于四。"),
            ("user", "Show the tags"),
            ("assistant", "Models write <think> and then </think> around thinking."),
        ]
        for i, (role, content) in enumerate(rows):
            conn.execute(
                "INSERT INTO messages(conversation_id, role, content, created_at) VALUES (?,?,?,?)",
                (cid, role, content, now + i),
            )
        if version >= 5:
            conn.execute("UPDATE messages SET parent_id = id - 1 WHERE conversation_id=? AND id > "
                         "(SELECT min(id) FROM messages WHERE conversation_id=?)", (cid, cid))
            conn.execute("UPDATE messages SET active_child_id = id + 1 WHERE conversation_id=?", (cid,))
            conn.execute("UPDATE conversations SET active_child_id = (SELECT min(id) FROM messages "
                         "WHERE conversation_id=?) WHERE id=?", (cid, cid))
    conn.close()
    return int(cid)


@pytest.mark.parametrize("version", [1, 4, 5])
def test_upgrade_moves_old_thinking_out_of_the_answer(tmp_path, version):
    path = tmp_path / "conversations.sqlite3"
    ids = build_old_database(path, version)
    cid = _add_old_thinking_replies(path, version)
    db = Database(path)
    assert db.schema_version == SCHEMA_VERSION == 6 and db.migrated_from == version
    replies = [m for m in db.messages(cid) if m.role == "assistant"]
    assert [(m.reasoning, m.content) for m in replies] == [
        ("Add them.", "It is 4."),
        ("用户问为什么。", "因为二加二等于四。"),
        ("", "Models write <think> and then </think> around thinking."),  # an answer that quotes the tags
    ]
    zh = [m for m in db.messages(ids["zh"]) if m.role == "assistant"]
    assert (zh[0].content, zh[0].reasoning) == ("今天晴，最高气温二十度。", "")
    db.close()


def test_thinking_is_stored_apart_and_never_sent_back(tmp_path):
    db = Database(tmp_path / "c.sqlite3")
    cid = db.create_conversation("t")
    db.add_message(cid, "user", "2+2?")
    mid = db.add_message(cid, "assistant", "", "streaming")
    db.checkpoint_message(mid, "", "Let me add")
    assert db.messages(cid)[-1].reasoning == "Let me add"
    db.update_message(mid, "4", COMPLETE, 10, 20, 5.0, reasoning="Let me add: 2+2=4.", thinking_s=12.0)
    reply = db.messages(cid)[-1]
    assert (reply.content, reply.reasoning, reply.thinking_s) == ("4", "Let me add: 2+2=4.", 12.0)
    sent = build_messages("", [m.as_chat() for m in db.messages(cid)])
    assert sent == [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]
    db.close()
