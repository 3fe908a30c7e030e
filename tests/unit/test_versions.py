"""Versions and branches (schema 5) on a real SQLite file: Regenerate and Edit add versions instead of deleting,
switching a version makes the conversation below follow its branch, search finds every version, the choice
survives a restart, and our JSON export keeps the whole tree through an import."""

from __future__ import annotations

import json

from desktop_app.core.storage import export, import_formats
from desktop_app.core.storage.database import Database


def contents(db: Database, cid: int) -> list[str]:
    return [m.content for m in db.messages(cid)]


def test_linear_messages_form_one_branch(tmp_path):
    db = Database(tmp_path / "c.sqlite3")
    cid = db.create_conversation("t")
    ids = [db.add_message(cid, r, t) for r, t in (("user", "q1"), ("assistant", "a1"), ("user", "q2"))]
    msgs = db.messages(cid)
    assert [m.parent_id for m in msgs] == [None, ids[0], ids[1]]
    assert all((m.version, m.versions) == (1, 1) for m in msgs) and db.active_leaf(cid) == ids[2]


def test_regenerate_and_edit_keep_versions_and_switching_follows_the_branch(tmp_path):
    path = tmp_path / "c.sqlite3"
    db = Database(path)
    cid = db.create_conversation("versions")
    q1 = db.add_message(cid, "user", "讲个笑话 tell a joke")
    a1 = db.add_message(cid, "assistant", "first joke")
    db.add_message(cid, "user", "another one")
    db.add_message(cid, "assistant", "second joke")

    a1b = db.add_message(cid, "assistant", "a better first joke", version_of=a1)  # Regenerate a1
    assert contents(db, cid) == ["讲个笑话 tell a joke", "a better first joke"]  # the new branch starts empty
    shown = db.messages(cid)[1]
    assert (shown.id, shown.version, shown.versions, shown.parent_id) == (a1b, 2, 2, q1)

    assert db.switch_version(a1b, -1) == a1
    assert contents(db, cid) == ["讲个笑话 tell a joke", "first joke", "another one", "second joke"]
    assert db.switch_version(a1, -1) is None  # nothing before the first version
    db.add_message(cid, "user", "a third")  # continues the branch on screen
    assert contents(db, cid)[-2:] == ["second joke", "a third"]

    q1b = db.add_message(cid, "user", "讲个故事 tell a story", version_of=q1)  # Edit the first message
    assert contents(db, cid) == ["讲个故事 tell a story"]
    db.add_message(cid, "assistant", "Once upon a time")
    assert [(m.version, m.versions) for m in db.messages(cid)] == [(2, 2), (1, 1)]
    assert {c.id for c in db.conversations("笑话")} == {cid}  # search covers versions not shown
    assert {c.id for c in db.conversations("better first")} == {cid}
    db.close()

    db = Database(path)  # the versions shown survive a restart
    assert contents(db, cid) == ["讲个故事 tell a story", "Once upon a time"]
    assert db.switch_version(q1b, -1) == q1
    assert contents(db, cid) == ["讲个笑话 tell a joke", "first joke", "another one", "second joke", "a third"]
    assert db.switch_version(a1, +1) == a1b
    assert contents(db, cid) == ["讲个笑话 tell a joke", "a better first joke"]


def test_a_stale_pointer_falls_back_to_the_newest_version(tmp_path):
    db = Database(tmp_path / "c.sqlite3")
    cid = db.create_conversation("t")
    db.add_message(cid, "user", "q")
    a = db.add_message(cid, "assistant", "old")
    b = db.add_message(cid, "assistant", "new", version_of=a)
    db._conn.execute("DELETE FROM messages WHERE id=?", (b,))  # a row removed behind the app's back
    db._conn.commit()
    assert contents(db, cid) == ["q", "old"]


def test_json_export_keeps_every_version_through_an_import(tmp_path):
    db = Database(tmp_path / "a.sqlite3")
    cid = db.create_conversation("tree")
    db.add_message(cid, "user", "q")
    a = db.add_message(cid, "assistant", "a")
    db.add_message(cid, "user", "follow-up")
    db.add_message(cid, "assistant", "a2", version_of=a)
    first = tmp_path / "first.json"
    export.export(db, None, first, export.JSON)
    doc = json.loads(first.read_text(encoding="utf-8"))
    messages = doc["conversations"][0]["messages"]
    assert [(m["content"], m["parent"], m["active"]) for m in messages] == [
        ("q", None, True), ("a", 0, False), ("follow-up", 1, True), ("a2", 0, True),
    ]
    (tmp_path / "b").mkdir()
    other = Database(tmp_path / "b" / "b.sqlite3")
    (new,) = import_formats.import_conversations(other, import_formats.read_export(first))
    assert contents(other, new) == ["q", "a2"]
    second = tmp_path / "second.json"
    export.export(other, None, second, export.JSON)
    strip = lambda d: {k: v for k, v in d.items() if k != "exported_at"}  # noqa: E731
    assert strip(json.loads(second.read_text(encoding="utf-8"))) == strip(doc)
    md = tmp_path / "tree.md"
    export.export(other, None, md, export.MARKDOWN)
    assert "version 2 of 2" in md.read_text(encoding="utf-8") and "follow-up" not in md.read_text(encoding="utf-8")
