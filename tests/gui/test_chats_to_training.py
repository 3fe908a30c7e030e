"""Chats as training data, through the real window: conversations selected in the Chat tab become a chat JSONL in
the data folder and the Fine-tune wizard's dataset; with SmolLM2 as the base model the wizard reads and tokenizes it
on its Data page and trains on them (a few LoRA steps in its worker process)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from desktop_app.core.finetune import runs
from desktop_app.core.storage import paths
from desktop_app.core.storage.database import STOPPED, Database
from tests.conftest import link_smollm2_torch, write_settings
from tests.gui.helpers import open_window, wait_job

CHECK_TIMEOUT_MS = 120_000
RUN_TIMEOUT_MS = 300_000


def seed() -> dict[str, int]:
    db = Database(paths.database_path())
    ids = {}
    for name, q, a in (("Capitals", "What is the capital of France?", "Paris."),
                       ("颜色", "天空是什么颜色？", "蓝色。"),
                       ("Maths", "2 + 2?", "4")):
        ids[name] = db.create_conversation(name, {"system_prompt": "Answer briefly."})
        db.add_message(ids[name], "user", q)
        db.add_message(ids[name], "assistant", a)
    for i in range(6):  # enough rows for a few steps and a held-out one
        cid = db.create_conversation(f"Code {i}")
        db.add_message(cid, "user", f"What is the secret code of door {i}?")
        db.add_message(cid, "assistant", f"The code of door {i} is {1000 + 37 * i}.")
        ids[f"code{i}"] = cid
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


def test_all_chats_train_smollm2_through_the_wizard(qtbot, app_home, smollm2, smollm2_torch):
    link_smollm2_torch(smollm2_torch)
    write_settings(app_home, chat_model_path=str(smollm2), chat_defaults={"n_ctx": 2048})
    seed()
    w = open_window(qtbot, wait_for_model=False)
    ft = w.finetune_tab
    w.tabs.setCurrentWidget(ft)
    page = ft.task_page  # the base model first this time: the chats then go straight to the Data page
    page.set_task("causal")
    page.set_model_path(str(smollm2))
    qtbot.waitUntil(lambda: "✓" in page.status.text(), timeout=CHECK_TIMEOUT_MS)
    w.tabs.setCurrentWidget(w.chat_tab)
    w.chat_tab.conversations.list.clearSelection()
    w.train_action.trigger()  # nothing selected: every conversation with a finished reply
    wait_job(qtbot, w.chat_tab.transfer.job)
    assert w.tabs.currentWidget() is ft and ft.stack.currentWidget() is ft.data_page
    qtbot.waitUntil(lambda: ft.state.dataset is not None and bool(ft.state.lengths), timeout=CHECK_TIMEOUT_MS)
    assert len(ft.state.dataset.examples) == 9  # 3 + 6 conversations; the stopped one is not a target
    ft.data_page.max_length.setValue(64)
    qtbot.waitUntil(lambda: ft.next_button.isEnabled(), timeout=CHECK_TIMEOUT_MS)
    ft.next_button.click()
    settings = ft.settings_page
    settings.preset_combo.setCurrentIndex(settings.preset_combo.findData("quick"))
    settings.preset_combo.activated.emit(settings.preset_combo.currentIndex())
    settings.advanced_button.click()
    for name, value in dict(threads=1, device="cpu", warmup_ratio="0.0", max_steps=2, batch_size=1, eval_every=0,
                            save_every=0, learning_rate="0.001").items():
        widget = settings.widgets[name]
        if hasattr(widget, "setValue"):
            widget.setValue(value)
        elif hasattr(widget, "findData"):
            widget.setCurrentIndex(widget.findData(value))
        else:
            widget.setText(str(value))
            widget.textEdited.emit(str(value))
    assert not settings.problems(), settings.problems()
    qtbot.waitUntil(lambda: ft.next_button.isEnabled(), timeout=CHECK_TIMEOUT_MS)
    ft.next_button.click()
    assert ft.stack.currentWidget() is ft.estimate_page
    qtbot.waitUntil(lambda: ft.next_button.isEnabled(), timeout=CHECK_TIMEOUT_MS)
    with qtbot.waitSignal(ft.run_started, timeout=10_000) as blocker:
        ft.next_button.click()
    run_dir = blocker.args[0]
    try:
        qtbot.waitUntil(lambda: ft.train_page.run_state() in ("finished", "failed"), timeout=RUN_TIMEOUT_MS)
        assert ft.train_page.run_state() == "finished", ft.train_page.log.toPlainText()[-2000:]
        # The plot follows metrics.jsonl on its own timer, so the last step may land just after "finished".
        qtbot.waitUntil(lambda: ft.train_page.plot.point_count() == 2, timeout=10_000)
    finally:
        if runs.read_status(run_dir)["state"] in runs.ACTIVE_STATES:
            runs.send_control(run_dir, "stop-now")
