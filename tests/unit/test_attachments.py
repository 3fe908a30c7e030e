"""Images attached to chat messages: copied into the app's data dir once per content, listed per message in SQLite,
and kept through deletes of the originals, reopening, and the migration of databases written before images."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest
from PIL import Image

from desktop_app.core.errors import ImageFileError
from desktop_app.core.storage import paths
from desktop_app.core.storage.attachments import AttachmentStore
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.schema import SCHEMA_VERSION
from desktop_app.core.tasks.chat import build_messages, count_images, stage_image, without_images
from tests.fixtures.old_schemas import SCHEMAS


def _png(path, color=(200, 30, 30), size=(64, 48)):
    Image.new("RGB", size, color).save(path)
    return path


def test_store_copies_once_per_content_and_survives_the_original(tmp_path):
    store = AttachmentStore(tmp_path / "attachments")
    a = _png(tmp_path / "a.png")
    b = tmp_path / "copy of a.PNG"
    b.write_bytes(a.read_bytes())
    first = store.add_file(a)
    second = store.add_file(b)
    assert first == second and first.parent == store.folder and first.suffix == ".png"
    assert len(first.stem) == 64  # sha256 hex
    assert [p.name for p in store.folder.iterdir()] == [first.name]  # no temporary file left behind
    a.unlink()
    b.unlink()
    assert Image.open(first).size == (64, 48)
    assert store.add_file(first) == first  # already stored: not copied again
    pasted = store.add_bytes(first.read_bytes())
    assert pasted == first


def test_messages_carry_their_images_through_reopen_and_deletes(tmp_path):
    db_path = paths.database_path()
    db = Database(db_path)
    assert db.attachments.folder == db_path.parent / "attachments"
    src = [_png(tmp_path / "red.png"), _png(tmp_path / "blue.png", (20, 20, 220))]
    stored = [db.store_image(p) for p in src]
    cid = db.create_conversation("photos")
    m1 = db.add_message(cid, "user", "What is in these?", images=stored)
    db.add_message(cid, "assistant", "Two squares.")
    m3 = db.add_message(cid, "user", "And now?", images=[stored[1]])
    for p in src:
        p.unlink()
    db.close()

    db = Database(db_path)
    msgs = db.messages(cid)
    assert msgs[0].images == tuple(str(p) for p in stored) and msgs[1].images == ()
    assert msgs[2].images == (str(stored[1]),)
    assert all(os.path.isfile(p) for p in msgs[0].images)
    assert db.message_images(m1) == msgs[0].images
    chat = [m.as_chat() for m in msgs]
    assert chat[0] == {"role": "user", "content": "What is in these?", "images": [str(p) for p in stored]}
    assert "images" not in chat[1]
    # Only the file name is recorded: moving the whole app folder keeps the conversation working.
    files = [r[0] for r in db._conn.execute("SELECT file FROM message_images ORDER BY message_id, position")]
    assert files == [stored[0].name, stored[1].name, stored[1].name]

    db.delete_messages_from(cid, m3)  # editing or regenerating deletes rows, never the shared files
    assert db.message_images(m3) == () and stored[1].is_file()
    db.delete_conversation(cid)
    assert db._conn.execute("SELECT count(*) FROM message_images").fetchone()[0] == 0
    assert db.prune_attachments(min_age_s=3600) == 0  # just attached: kept (it may wait in a composer)
    old = time.time() - 7200
    for p in stored:
        os.utime(p, (old, old))
    assert db.prune_attachments() == 2 and not any(p.exists() for p in stored)
    db.close()


def test_old_schema_database_gains_images_and_keeps_everything(tmp_path):
    """A version-2 file (before images) opens, migrates in place, and its messages are untouched."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMAS[2] + "PRAGMA user_version=2;")
    conn.execute(
        "INSERT INTO conversations(title, created_at, updated_at, settings) VALUES ('old chat', 1, 1, '{}')"
    )
    conn.execute(
        "INSERT INTO messages(conversation_id, role, content, status, created_at) VALUES (1, 'user', '你好', "
        "'complete', 1)"
    )
    conn.commit()
    conn.close()

    db = Database(path)
    assert db.schema_version == SCHEMA_VERSION
    (m,) = db.messages(1)
    assert m.content == "你好" and m.images == ()
    img = db.store_image(_png(tmp_path / "x.png"))
    mid = db.add_message(1, "user", "look", images=[img])
    db.close()
    db = Database(path)
    assert db.messages(1)[-1].images == (str(img),) and db.message_images(mid) == (str(img),)
    db.close()


def test_in_memory_database_keeps_attachments_in_a_temporary_folder(tmp_path):
    db = Database(":memory:")
    stored = db.store_image(_png(tmp_path / "a.png"))
    assert stored.is_file() and db.attachments.folder != paths.data_dir() / "attachments"
    cid = db.create_conversation("t")
    db.add_message(cid, "user", "", images=[stored])
    assert db.messages(cid)[0].images == (str(stored),)


def test_stage_image_checks_copies_and_thumbnails(tmp_path):
    store = AttachmentStore(tmp_path / "att")
    big = _png(tmp_path / "wide.png", size=(1200, 600))
    staged = stage_image(big, store)
    assert staged.size == (1200, 600) and staged.stored.parent == store.folder
    assert max(staged.thumbnail.size) == 256 and staged.thumbnail.mode == "RGB"
    pasted = stage_image(None, store, data=big.read_bytes())
    assert pasted.stored == staged.stored
    broken = tmp_path / "broken.png"
    broken.write_bytes(big.read_bytes()[:200])  # truncated: the header reads, the pixels do not
    with pytest.raises(ImageFileError, match="broken.png"):
        stage_image(broken, store)
    not_image = tmp_path / "notes.png"
    not_image.write_text("hello")
    with pytest.raises(ImageFileError, match="notes.png"):
        stage_image(not_image, store)
    assert sorted(p.name for p in store.folder.iterdir()) == [staged.stored.name]  # nothing bad was kept


def test_build_messages_keeps_images_for_the_model():
    history = [
        {"role": "user", "content": "What is this?", "images": ["/a.png"]},
        {"role": "assistant", "content": "A cat."},
    ]
    msgs = build_messages("Be brief.", history)
    assert msgs[1] == {"role": "user", "content": "What is this?", "images": ["/a.png"]}
    assert count_images(msgs) == 1 and count_images(without_images(msgs)) == 0
    assert without_images(msgs)[1] == {"role": "user", "content": "What is this?"}
