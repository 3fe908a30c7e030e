"""Export… and Import… in the Chat tab, with real files, a real database and real jobs on the utility thread:
the chosen format is written, a peer's export shows up in the list, Cancel leaves no file, bad files get one
sentence in the notice bar."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.storage import export, paths
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.tabs.chat_tab import ChatTab
from desktop_app.workers.model_manager import ModelManager
from tests.gui.helpers import wait_job

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "imports"


@pytest.fixture
def tab(qtbot):
    manager = ModelManager()
    db = Database(paths.database_path())
    for i in range(40):
        cid = db.create_conversation(f"对话 {i} conversation")
        db.add_message(cid, "user", f"question {i} 问题")
        db.add_message(cid, "assistant", f"answer {i} 回答")
    t = ChatTab(manager, db, AppSettings(), lambda: None, paths.models_dir())
    qtbot.addWidget(t)
    t.show()
    yield t
    manager.shutdown(2.0)
    db.close()


def test_export_button_writes_the_format_chosen_in_the_dialog(qtbot, tab, tmp_path, monkeypatch):
    dest = tmp_path / "all chats"
    chosen = next(f for f, fmt in tab.transfer.filters.items() if fmt == export.MARKDOWN)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), chosen))
    tab.conversations.export_button.click()  # nothing selected: all conversations
    wait_job(qtbot, tab.transfer.job or pytest.fail("no export started"))
    text = (tmp_path / "all chats.md").read_text(encoding="utf-8")
    assert text.count("\n---\n") == 39 and "# 对话 0 conversation" in text and "answer 39 回答" in text
    assert "Exported 40 conversations to all chats.md." in tab.notice.text()
    assert tab.transfer.progress_text.startswith("Conversation 40 of 40 · ") and "left" in tab.transfer.progress_text

    tab.conversations.list.setCurrentRow(0)  # one selected: only it, named after it
    json_filter = next(f for f, fmt in tab.transfer.filters.items() if fmt == export.JSON)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "one.json"), json_filter))
    tab.conversations.export_button.click()
    wait_job(qtbot, tab.transfer.job)
    doc = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    assert [c["title"] for c in doc["conversations"]] == ["对话 39 conversation"]


def test_cancel_leaves_no_file(qtbot, tab, tmp_path):
    gate = threading.Event()
    blocker = tab.manager.run_background(lambda _job: gate.wait(10), "hold the utility thread")
    out = tmp_path / "out"
    out.mkdir()
    job = tab.transfer.export_to(None, out / "never.json", export.JSON)
    tab.transfer.progress.canceled.emit()  # the progress dialog's Cancel
    gate.set()
    wait_job(qtbot, blocker)
    wait_job(qtbot, job)
    assert job.state == "cancelled" and not list(out.iterdir())
    assert "no file was written" in tab.notice.text()
    assert not tab.transfer.is_busy()


def test_import_from_chatgpt_and_lm_studio_shows_them(qtbot, tab, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(SAMPLES / "chatgpt-conversations.json"), ""))
    tab.conversations.import_button.click()
    wait_job(qtbot, tab.transfer.job)
    assert "Imported 1 conversations from ChatGPT." in tab.notice.text()
    assert "Recursion explained" in tab.conversations.titles()  # among the others, by its own date
    assert tab.conversations.list.currentItem().text() == "Recursion explained"  # and open
    assert "递归就是函数" in tab.view.toPlainText() and tab.conversation_id is not None

    wait_job(qtbot, tab.transfer.import_from(SAMPLES / "lmstudio.conversation.json"))
    assert "from LM Studio" in tab.notice.text() and "1 attachments" in tab.notice.text()
    tab.conversations.search.setText("生命周期")
    qtbot.waitUntil(lambda: tab.conversations.titles() == ["Rust lifetimes 生命周期"], timeout=3000)


def test_a_bad_file_gets_one_sentence(qtbot, tab):
    before = len(tab.db.conversations())
    wait_job(qtbot, tab.transfer.import_from(SAMPLES / "unrelated.json"))
    assert tab.notice.kind == "error"
    assert tab.notice.text().startswith("unrelated.json is not a conversation export this app can read")
    assert len(tab.db.conversations()) == before


def test_a_session_without_a_database_file_still_exports_and_imports(qtbot, tmp_path):
    """When the real file could not be opened the app runs on an in-memory database: what the user wrote in that
    session can still be saved (on the GUI thread: it has no second connection)."""
    manager = ModelManager()
    db = Database(":memory:")
    try:
        cid = db.create_conversation("only in memory")
        db.add_message(cid, "user", "save me")
        t = ChatTab(manager, db, AppSettings(), lambda: None, paths.models_dir())
        qtbot.addWidget(t)
        job = t.transfer.export_to(None, tmp_path / "rescued.json", export.JSON)
        assert job.state == "finished" and "Exported 1 conversations" in t.notice.text()
        job = t.transfer.import_from(SAMPLES / "sharegpt.jsonl")
        assert job.state == "finished" and len(db.conversations()) == 3
        assert json.loads((tmp_path / "rescued.json").read_text())["conversations"][0]["messages"][0]["content"] == "save me"
    finally:
        manager.shutdown(2.0)
