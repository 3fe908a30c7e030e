"""Conversations in SQLite, and settings in JSON: nothing the user wrote is ever lost or overwritten."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.core.storage.database import INTERRUPTED, STREAMING, Database
from desktop_app.core.storage.settings import AppSettings, load_settings, save_settings


def test_conversations_and_messages(tmp_path):
    db = Database(tmp_path / "c.sqlite3")
    cid = db.create_conversation("第一次对话", {"n_ctx": 1024})
    db.add_message(cid, "user", "北京的天气怎么样？")
    mid = db.add_message(cid, "assistant", "", STREAMING)
    db.update_message(mid, "晴天。", "complete", 10, 3, 12.5)
    msgs = db.messages(cid)
    assert [m.role for m in msgs] == ["user", "assistant"]
    assert msgs[1].content == "晴天。" and msgs[1].tokens_per_s == 12.5
    assert db.conversation(cid).settings == {"n_ctx": 1024}
    db.rename_conversation(cid, "天气")
    assert db.conversations()[0].title == "天气"
    assert db._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_search_matches_titles_and_message_text(tmp_path):
    db = Database(tmp_path / "c.sqlite3")
    a = db.create_conversation("Recipes")
    b = db.create_conversation("Travel")
    db.add_message(b, "user", "我想去上海旅游")
    assert [c.id for c in db.conversations("recip")] == [a]
    assert [c.id for c in db.conversations("上海")] == [b]
    assert db.conversations("nothing-like-this") == []


def test_delete_conversation_and_truncate_messages(tmp_path):
    db = Database(tmp_path / "c.sqlite3")
    cid = db.create_conversation("t")
    ids = [db.add_message(cid, r, str(i)) for i, r in enumerate(["user", "assistant", "user", "assistant"])]
    db.delete_messages_from(cid, ids[2])
    assert [m.content for m in db.messages(cid)] == ["0", "1"]
    db.delete_conversation(cid)
    assert db.conversations() == [] and db.messages(cid) == []


def test_streaming_message_becomes_interrupted_on_reopen(tmp_path):
    path = tmp_path / "c.sqlite3"
    db = Database(path)
    cid = db.create_conversation("t")
    mid = db.add_message(cid, "assistant", "", STREAMING)
    db.checkpoint_message(mid, "partial answer")
    db.close()
    db = Database(path)
    assert db.interrupted_on_open == 1
    (m,) = db.messages(cid)
    assert m.status == INTERRUPTED and m.content == "partial answer"


def test_corrupt_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "c.sqlite3"
    junk = b"this is not a database" * 100
    path.write_bytes(junk)
    with pytest.raises(StorageError, match="damaged"):
        Database(path)
    assert path.read_bytes() == junk


def test_damaged_sqlite_pages_are_refused_and_left_untouched(tmp_path):
    path = tmp_path / "c.sqlite3"
    db = Database(path)
    cid = db.create_conversation("t")
    for i in range(200):
        db.add_message(cid, "user", f"message {i} " * 50)
    db._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[5000:9000] = b"\xff" * 4000  # scribble over b-tree pages, keep the header
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(StorageError):
        Database(path)
    assert path.read_bytes() == before


def test_locked_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "c.sqlite3"
    Database(path).close()
    other = sqlite3.connect(path)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError, match="locked"):
            Database(path)
    finally:
        other.rollback()
        other.close()


def test_broken_settings_json_is_moved_aside(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{ this is not json", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == AppSettings()
    assert "could not be read" in loaded.warnings[0]
    aside = list(tmp_path.glob("settings.json.broken-*"))
    assert len(aside) == 1 and aside[0].read_text() == "{ this is not json"
    assert not path.exists()


def test_settings_round_trip_and_bad_field(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(path, AppSettings(chat_model_path="/m/x.gguf", last_conversation_id=3))
    assert load_settings(path).settings.chat_model_path == "/m/x.gguf"
    data = json.loads(path.read_text())
    data["last_conversation_id"] = "three"
    path.write_text(json.dumps(data))
    loaded = load_settings(path)
    assert loaded.settings.last_conversation_id == 0 and loaded.settings.chat_model_path == "/m/x.gguf"
    assert "last_conversation_id" in loaded.warnings[0]
