"""Backups through the real window: the daily backup at start-up (off the GUI thread), one taken while SmolLM2's
reply streams and is checkpointed, and Settings → Backups with Back up now and Restore (after a question)."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox

from desktop_app.core.storage import backups, paths
from desktop_app.core.storage.database import COMPLETE, STREAMING, Database
from tests.gui.helpers import REPLY_TIMEOUT_MS, open_window, set_params, type_and_send

LONG_PROMPT = "Write a very long story about a dragon who learns to cook. Use many paragraphs."


def wait_idle(qtbot, service) -> None:
    qtbot.waitUntil(lambda: not service.is_busy(), timeout=20_000)


def test_backup_while_a_reply_streams_holds_the_completed_messages(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab, service = w.chat_tab, w.backups
    wait_idle(qtbot, service)  # today's daily backup, taken at start-up
    assert [b.kind for b in service.entries()] == [backups.DAILY]
    set_params(tab, max_tokens=8, temperature=0.0)
    type_and_send(qtbot, tab, "Say hello.")
    set_params(tab, max_tokens=1500)
    type_and_send(qtbot, tab, LONG_PROMPT, wait=False)
    # Past the first one-second checkpoint of the reply's row, then back up while it keeps streaming.
    qtbot.waitUntil(lambda: len(tab.db.messages(tab.conversation_id)[-1].content) > 20, timeout=REPLY_TIMEOUT_MS)
    with qtbot.waitSignal(service.backed_up, timeout=20_000) as blocker:
        assert service.back_up() is not None
    assert tab.is_generating()
    with qtbot.waitSignal(tab.generation_finished, timeout=10_000):
        tab.stop_button.click()
    backup = blocker.args[0]
    conn = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    rows = conn.execute(
        "SELECT role, content, status FROM messages WHERE conversation_id=? ORDER BY id", (tab.conversation_id,)
    ).fetchall()
    conn.close()
    live = tab.db.messages(tab.conversation_id)
    assert [(r[0], r[1], r[2]) for r in rows[:3]] == [(m.role, m.content, m.status) for m in live[:3]]
    assert rows[1][2] == COMPLETE and rows[1][1]  # the finished reply to "Say hello."
    assert rows[3][2] == STREAMING and live[3].content.startswith(rows[3][1]) and rows[3][1]


def test_settings_back_up_now_and_restore(qtbot, use_smollm2, monkeypatch):
    db = Database(paths.database_path())
    before = db.create_conversation("在备份之前 Before the backup")
    db.add_message(before, "user", "kept")
    db.close()
    w = open_window(qtbot, wait_for_model=False)
    tab, service = w.chat_tab, w.backups
    wait_idle(qtbot, service)
    tab.db.add_message(tab.db.create_conversation("After the backup"), "user", "not in the backup")
    tab.refresh_conversations()
    assert tab.conversations.titles() == ["After the backup", "在备份之前 Before the backup"]

    dialog = w.open_settings()
    panel = dialog.backups_panel
    assert panel.list.count() == 1 and not panel.restore_button.isEnabled()
    with qtbot.waitSignal(service.backed_up, timeout=20_000):
        panel.backup_button.click()
    qtbot.waitUntil(lambda: panel.list.count() == 2 and panel.backup_button.isEnabled(), timeout=10_000)
    assert "Backed up to" in panel.status.text()

    panel.list.setCurrentRow(1)  # the older one: the daily backup from start-up
    assert panel.restore_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    panel.restore_button.click()
    assert len(tab.conversations.titles()) == 2  # asked, and the answer was No

    monkeypatch.setattr(tab, "is_generating", lambda: True)  # a reply writing to the database
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    panel.restore_button.click()
    assert "Stop the reply" in panel.status.text() and len(tab.conversations.titles()) == 2
    monkeypatch.undo()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    tab.open_conversation(before)
    panel.list.setCurrentRow(1)
    panel.restore_button.click()
    assert "Restored" in panel.status.text(), panel.status.text()
    assert tab.conversations.titles() == ["在备份之前 Before the backup"]
    assert tab.conversation_id is None and tab.view.toPlainText() == ""
    kinds = sorted(b.kind for b in service.entries())
    assert kinds == [backups.DAILY, backups.MANUAL, backups.RESTORE] and panel.list.count() == 3
    tab.composer.setPlainText("a new message after the restore")  # the reopened database takes writes
    assert tab.db.create_conversation("new") > 0
