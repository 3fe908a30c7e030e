"""Backups of the conversation database through SQLite's online backup API: consistent while a reply is being
checkpointed by another connection, the last 7 of each kind kept, one before every schema migration, and Restore
(close, swap, reopen) that backs up what it replaces and refuses anything that is not a sound backup."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.core.storage import backups
from desktop_app.core.storage.database import COMPLETE, INTERRUPTED, STREAMING, Database
from desktop_app.core.storage.schema import SCHEMA_VERSION
from tests.fixtures.old_schemas import build_old_database
from tests.waiting import wait_for

REPLY = "".join(f"第{i}句。Sentence {i}. " for i in range(4000))  # ~70 kB, written in growing checkpoints


def seed(db: Database) -> tuple[int, int]:
    cid = db.create_conversation("备份测试 backup test")
    for i in range(20):
        db.add_message(cid, "user" if i % 2 == 0 else "assistant", f"完成的消息 {i} complete message {i}")
    streaming = db.add_message(cid, "assistant", "", STREAMING)
    return cid, streaming


def open_backup(path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    return conn


def test_backup_while_a_reply_is_checkpointed_by_another_connection(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    db = Database(path)
    cid, streaming = seed(db)
    stop = threading.Event()
    writes = [0]

    def checkpoint_reply() -> None:  # what ChatSession does every second, here as fast as it can, on its own thread
        conn = sqlite3.connect(path, timeout=10)
        try:
            step = 0
            while not stop.is_set():
                step = (step + 1) % 400
                with conn:
                    conn.execute("UPDATE messages SET content=? WHERE id=?", (REPLY[: step * 170], streaming))
                writes[0] += 1
        finally:
            conn.close()

    writer = threading.Thread(target=checkpoint_reply)
    writer.start()
    try:
        wait_for(lambda: writes[0] >= 20, 60, 0.005, "twenty writes")
        taken = []
        for _ in range(5):
            before = writes[0]
            taken.append(backups.create_backup(path, backups.MANUAL))
            assert writes[0] >= before  # the writer was never blocked for good
    finally:
        stop.set()
        writer.join()
    assert writes[0] > 20
    for backup in taken:
        conn = open_backup(backup.path)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, no WAL beside it
        rows = conn.execute(
            "SELECT content, status FROM messages WHERE conversation_id=? ORDER BY id", (cid,)
        ).fetchall()
        conn.close()
        assert [r[0] for r in rows[:20]] == [f"完成的消息 {i} complete message {i}" for i in range(20)]
        assert all(r[1] == COMPLETE for r in rows[:20])
        assert REPLY.startswith(rows[20][0]) and rows[20][1] == STREAMING  # a whole checkpoint, never a torn one
        assert not backup.path.with_name(backup.path.name + "-wal").exists()
    reopened = Database(taken[-1].path, attachments_dir=tmp_path / "att")  # the app opens it like any database
    assert reopened.messages(cid)[-1].status == INTERRUPTED
    reopened.close()
    db.close()


def test_the_last_seven_of_each_kind_are_kept(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    db = Database(path)
    seed(db)
    for _ in range(9):
        backups.create_backup(path, backups.MANUAL)
    daily = backups.create_backup(path, backups.DAILY)
    found = backups.list_backups(backups.backups_folder(path))
    assert [b.kind for b in found].count(backups.MANUAL) == 7
    assert found[0] == daily  # newest first
    assert not backups.daily_backup_due(backups.backups_folder(path))
    assert backups.daily_backup_due(backups.backups_folder(path), now=time.time() + 2 * 86400)
    assert len({b.path for b in found}) == 8  # several in one second all keep their own file


def test_every_migration_is_preceded_by_a_backup(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    build_old_database(path, 3)
    db = Database(path)
    (backup,) = backups.list_backups(backups.backups_folder(path))
    assert backup.kind == backups.UPGRADE
    conn = open_backup(backup.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3  # the file as it was
    assert "deleted_at" not in {r[1] for r in conn.execute("PRAGMA table_info(conversations)")}
    assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 4
    conn.close()
    db.close()
    Database(path).close()  # no migration, no new backup
    assert len(backups.list_backups(backups.backups_folder(path))) == 1


def test_no_migration_without_a_backup(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    build_old_database(path, 2)
    (tmp_path / backups.BACKUPS_DIR).write_text("a file where the backups folder should be")
    with pytest.raises(StorageError, match="no backup of it could be taken"):
        Database(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()


def test_restore_swaps_the_file_and_backs_up_what_it_replaced(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    db = Database(path)
    a = db.create_conversation("Before the backup")
    db.add_message(a, "user", "kept in the backup")
    backup = backups.create_backup(path, backups.MANUAL)
    b = db.create_conversation("After the backup 之后")
    db.add_message(b, "user", "only in the live file")

    safety = backups.restore(db, backup.path)
    assert [c.title for c in db.conversations()] == ["Before the backup"]
    new = db.create_conversation("written after the restore")  # the same Database object works on
    db.add_message(new, "user", "still saving")
    assert safety.kind == backups.RESTORE
    conn = open_backup(safety.path)
    assert {r[0] for r in conn.execute("SELECT title FROM conversations")} == {"Before the backup", "After the backup 之后"}
    conn.close()
    db.close()
    db = Database(path)  # and the swap survives a restart
    assert {c.title for c in db.conversations()} == {"Before the backup", "written after the restore"}
    db.close()


def test_restore_of_an_older_backup_upgrades_it_and_bad_files_are_refused(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    db = Database(path)
    db.create_conversation("live")
    old = tmp_path / "old.sqlite3"
    build_old_database(old, 1)
    backups.restore(db, old)
    assert db.schema_version == SCHEMA_VERSION and {c.title for c in db.conversations()} == {"北京的天气", "Apple pie"}

    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    before = {c.title for c in db.conversations()}
    with pytest.raises(StorageError, match="not a conversation database backup"):
        backups.restore(db, junk)
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t(x)")
    conn.close()
    with pytest.raises(StorageError, match="not a conversation database backup"):
        backups.restore(db, other)
    assert {c.title for c in db.conversations()} == before and "live" not in before
    db.close()


def test_images_a_backup_uses_survive_the_attachment_prune(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    db = Database(path)
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG pretend pixels")
    cid = db.create_conversation("photo")
    stored = db.store_image(image)
    db.add_message(cid, "user", "look", images=[stored])
    backup = backups.create_backup(path, backups.MANUAL)
    db.delete_conversation(cid)
    assert db.prune_attachments(min_age_s=0) == 0 and stored.exists()  # the backup still needs it
    backups.restore(db, backup.path)
    assert db.messages(cid)[0].images == (str(stored),)
    db.close()
