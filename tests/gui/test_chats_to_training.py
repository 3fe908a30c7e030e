"""Chats as training data, through the real window: conversations selected in the Chat tab become a chat JSONL in
the data folder and the Fine-tune wizard's dataset; with SmolLM2 as the base model the wizard reads and tokenizes it
on its Data page (the run itself is the wizard's own tests' business)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from desktop_app.core.storage import paths
from desktop_app.core.storage.database import STOPPED, Database
from tests.conftest import link_smollm2_torch, write_settings
from tests.gui.helpers import open_window, wait_job

CHECK_TIMEOUT_MS = 120_000


def seed() -> dict[str, int]:
    db = Database(paths.database_path())
    ids = {}
    for name, q, a in (("Capitals", "What is the capital of France?", "Paris."),
                       ("颜色", "天空是什么颜色？", "蓝色。"),
                       ("Maths", "2 + 2?", "4")):
        ids[name] = db.create_conversation(name, {"system_prompt": "Answer briefly."})
        db.add_message(ids[name], "user", q)
        db.add_message(ids[name], "assistant", a)
    ids["stopped"] = db.create_conversation("Stopped")
    db.add_message(ids["stopped"], "user", "Tell me a story")
    db.add_message(ids["stopped"], "assistant", "Once", STOPPED)
    db.close()
    return ids


def select(tab, ids) -> None:
    lst = tab.conversations.list
    lst.clearSelection()
    for i in range(lst.count()):
        if lst.item(i).data(Qt.UserRole) in ids:
            lst.item(i).setSelected(True)


def test_selected_chats_become_the_wizards_dataset(qtbot, app_home, smollm2, smollm2_torch):
    link_smollm2_torch(smollm2_torch)
    write_settings(app_home, chat_model_path=str(smollm2), chat_defaults={"n_ctx": 2048})
    ids = seed()
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab

    select(tab, [ids["stopped"]])  # nothing finished to learn from: said so, and the wizard is left alone
    wait_job(qtbot, tab.transfer.send_to_training(tab.conversations.selected_ids()))
    assert tab.notice.text() == "None of these conversations has a finished reply to learn from."
    assert w.tabs.currentWidget() is tab and not list((paths.data_dir() / "datasets").glob("*.jsonl"))

    select(tab, [ids["Capitals"], ids["颜色"], ids["stopped"]])
    w.train_action.trigger()  # Chat → Use Conversations as Training Data
    wait_job(qtbot, tab.transfer.job)
    ft = w.finetune_tab
    assert w.tabs.currentWidget() is ft
    path = ft.state.config.dataset
    assert path.startswith(str(paths.data_dir() / "datasets")) and ft.state.config.task == "causal"
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    assert sorted(r["messages"][1]["content"] for r in rows) == ["What is the capital of France?", "天空是什么颜色？"]
    assert all(r["messages"][0] == {"role": "system", "content": "Answer briefly."} for r in rows)
    assert ft.stack.currentWidget() is ft.task_page and "2 conversations" in ft.notice.text()

    page = ft.task_page  # the user picks the base model; the wizard reads the chats on its Data page
    page.set_model_path(str(smollm2))
    qtbot.waitUntil(lambda: "✓" in page.status.text(), timeout=CHECK_TIMEOUT_MS)
    qtbot.waitUntil(lambda: ft.next_button.isEnabled(), timeout=CHECK_TIMEOUT_MS)
    ft.next_button.click()
    assert ft.stack.currentWidget() is ft.data_page
    qtbot.waitUntil(lambda: ft.state.dataset is not None and bool(ft.state.lengths), timeout=CHECK_TIMEOUT_MS)
    assert ft.state.dataset.report.format == "messages" and len(ft.state.dataset.examples) == 2
    assert all(n > 5 for n in ft.state.lengths)  # tokenized with SmolLM2's chat template
