"""The Trash: deleting a conversation is undoable (also after a restart) until the Trash is emptied, by hand or
after 30 days; and older database files are upgraded in place to the schema that has it."""

from __future__ import annotations

import sqlite3
import time

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.database import INTERRUPTED, Database
from desktop_app.core.storage.schema import SCHEMA_VERSION, TRASH_DAYS
from tests.fixtures.old_schemas import IMAGE_FILE, build_old_database


def test_trash_hides_keeps_and_restores_after_a_restart(tmp_path):
    path = tmp_path / "c.sqlite3"
    db = Database(path)
    keep = db.create_conversation("Keep me")
    gone = db.create_conversation("上海旅游计划")
    db.add_message(gone, "user", "我想去上海")
    db.trash_conversation(gone)
    assert [c.id for c in db.conversations()] == [keep]
    assert [c.title for c in db.conversations(trashed=True)] == ["上海旅游计划"]
    assert db.conversation(gone).deleted_at is not None
    assert db.trash_count() == 1
    db.close()

    db = Database(path)  # a restart: Undo is "restore from Trash", and nothing was lost
    assert [c.id for c in db.conversations(trashed=True)] == [gone]
    db.restore_conversation(gone)
    assert {c.id for c in db.conversations()} == {keep, gone}
    assert db.conversation(gone).deleted_at is None
    assert [m.content for m in db.messages(gone)] == ["我想去上海"]
    assert db.conversations(trashed=True) == []


def test_search_covers_the_trash_in_chinese_and_english(tmp_path):
    db = Database(tmp_path / "c.sqlite3")
    live = db.create_conversation("Recipes")
    db.add_message(live, "user", "apple pie with cinnamon")
    a = db.create_conversation("旅行")
    db.add_message(a, "user", "我想去上海旅游")
    b = db.create_conversation("Garden notes")
    db.add_message(b, "user", "When to plant Apple trees?")
    db.trash_conversation(a)
    db.trash_conversation(b)
    assert [c.id for c in db.conversations("上海", trashed=True)] == [a]
    assert [c.id for c in db.conversations("APPLE", trashed=True)] == [b]  # ASCII is case-insensitive
    assert [c.id for c in db.conversations("apple")] == [live]  # the list leaves the Trash out
    assert db.conversations("上海") == []


def test_empty_trash_by_hand_and_after_thirty_days_at_start_up(tmp_path):
    path = tmp_path / "c.sqlite3"
    db = Database(path)
    old = db.create_conversation("old")
    db.add_message(old, "user", "from long ago")
    recent = db.create_conversation("recent")
    live = db.create_conversation("live")
    db.trash_conversation(old)
    db.trash_conversation(recent)
    long_ago = time.time() - (TRASH_DAYS + 1) * 86400
    db._conn.execute("UPDATE conversations SET deleted_at=? WHERE id=?", (long_ago, old))
    db._conn.commit()
    db.close()

    db = Database(path)
    assert db.purged_on_open == 1
    assert db.conversation(old) is None and db.messages(old) == []
    assert [c.id for c in db.conversations(trashed=True)] == [recent]
    assert db.empty_trash() == 1
    assert db.conversations(trashed=True) == [] and [c.id for c in db.conversations()] == [live]


def test_delete_forever_removes_messages_and_images_rows(tmp_path):
    db = Database(tmp_path / "c.sqlite3")
    image = tmp_path / "dot.png"
    image.write_bytes(b"\x89PNG fake but stored as bytes")
    cid = db.create_conversation("with image")
    mid = db.add_message(cid, "user", "look", images=[db.store_image(image)])
    db.trash_conversation(cid)
    assert db.message_images(mid)  # the Trash keeps the images too
    db.delete_conversation(cid)
    assert db.conversation(cid) is None
    assert db._conn.execute("SELECT count(*) FROM message_images").fetchone()[0] == 0


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_older_schemas_upgrade_in_place_keeping_everything(tmp_path, version):
    path = tmp_path / "conversations.sqlite3"
    ids = build_old_database(path, version)
    db = Database(path)
    assert db.schema_version == SCHEMA_VERSION and db.migrated_from == version
    assert {c.title for c in db.conversations()} == {"北京的天气", "Apple pie"}
    zh = db.conversation(ids["zh"])
    assert zh.settings == {"temperature": 0.3} and zh.model_path == "/models/qwen.gguf" and zh.deleted_at is None
    reply = next(m for m in db.messages(ids["zh"]) if m.id == ids["zh_reply"])
    assert (reply.content, reply.prompt_tokens, reply.completion_tokens, reply.tokens_per_s) == (
        "今天晴，最高气温二十度。", 21, 9, 14.5,
    )
    en = db.messages(ids["en"])
    assert en[1].status == INTERRUPTED and en[1].content == "Preheat the oven to"
    if version >= 3:
        assert en[0].images[0].endswith(IMAGE_FILE)
    assert len(db.task_runs("summarize")) == (1 if version >= 2 else 0)
    # schema 5: the old messages are one branch, linked in order, each the only version of its turn
    assert [m.parent_id for m in en] == [None, en[0].id] and all(m.versions == 1 for m in en)
    assert db.active_leaf(ids["en"]) == en[1].id
    trashed = [ids["trashed"]] if version >= 4 else []
    assert [c.id for c in db.conversations(trashed=True)] == trashed
    db.trash_conversation(ids["en"])  # the Trash works on the upgraded file
    assert {c.id for c in db.conversations(trashed=True)} == {ids["en"], *trashed}
    db.close()
    db = Database(path)  # opening again does not migrate again
    assert db.migrated_from is None and {c.id for c in db.conversations(trashed=True)} == {ids["en"], *trashed}


def test_a_database_from_a_newer_app_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "c.sqlite3"
    Database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="newer version"):
        Database(path)
    assert path.read_bytes() == before
