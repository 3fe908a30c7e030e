"""Tools → Local API Server… in the real main window: turn it on, ask through the openai client, see the log."""

from __future__ import annotations

import concurrent.futures

import openai
from PySide6.QtWidgets import QMessageBox

from tests.gui.helpers import REPLY_TIMEOUT_MS, open_window
from tests.server.conftest import free_port

QUESTION = [{"role": "user", "content": "What is the capital of France? Answer in one sentence."}]


def test_server_dialog_serves_the_chat_model(qtbot, use_smollm2):
    window = open_window(qtbot)
    window.server_action.trigger()
    dialog = window.server_dialog
    assert dialog.isVisible() and not dialog.is_running()
    assert dialog.host() == "127.0.0.1" and not dialog.host_edit.isEnabled() and dialog.warning_label.isHidden()
    dialog.network_check.setChecked(True)  # listening beyond this computer is explicit, and warned about
    assert dialog.host() == "0.0.0.0" and dialog.host_edit.isEnabled() and not dialog.warning_label.isHidden()
    assert "network" in dialog.warning_label.text() and "No API key" in dialog.warning_label.text()
    dialog.network_check.setChecked(False)
    assert dialog.warning_label.isHidden()
    assert "SmolLM2" in dialog.model_combo.currentText()  # the Chat tab's model by default

    port = free_port()
    dialog.port_spin.setValue(port)
    dialog.key_edit.setText("gui-key")
    dialog.toggle_button.click()
    assert dialog.is_running(), dialog.status_label.text()
    assert f"http://127.0.0.1:{port}/v1" in dialog.status_label.text()
    assert not dialog.port_spin.isEnabled() and not dialog.parallel_spin.isEnabled()
    assert dialog.server.service.parallel == window.app_settings.server_parallel == 4  # GGUF requests are batched
    served = dialog.runner.served_model()
    assert served is not None and served.spec.id == window.chat_tab.model.id

    client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="gui-key", max_retries=0, timeout=120)

    def ask() -> tuple[str, str]:
        reply = client.chat.completions.create(model=served.id, messages=QUESTION, temperature=0, max_tokens=20)
        stream = client.chat.completions.create(model=served.id, messages=QUESTION, temperature=0, max_tokens=20,
                                                stream=True)
        streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        return reply.choices[0].message.content, streamed

    # The client runs on another thread: the GUI thread must stay free to hand requests to the model's thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        answer = pool.submit(ask)
        qtbot.waitUntil(answer.done, timeout=REPLY_TIMEOUT_MS)
    whole, streamed = answer.result()
    assert "Paris" in whole and whole == streamed
    qtbot.waitUntil(lambda: dialog.log_view.toPlainText().count("POST /v1/chat/completions 200") == 2)
    assert "stream" in dialog.log_view.toPlainText().splitlines()[-1]

    # A client that leaves mid-stream cancels its request in the engine's batch.
    tickets = []
    submit = dialog.runner.submit
    dialog.runner.submit = lambda model, work, batched=False: tickets.append(submit(model, work, batched)) or tickets[-1]

    def leave_early() -> None:
        stream = client.completions.create(model=served.id, prompt="1, 2, 3, 4, 5,", max_tokens=900, stream=True,
                                           temperature=0)
        for _chunk in zip(range(3), stream, strict=False):
            pass
        stream.close()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        left = pool.submit(leave_early)
        qtbot.waitUntil(left.done, timeout=REPLY_TIMEOUT_MS)
    left.result()
    qtbot.waitUntil(lambda: tickets and tickets[0].future.done(), timeout=REPLY_TIMEOUT_MS)
    final = tickets[0].future.result()
    assert final.finish_reason == "cancelled" and final.completion_tokens < 100
    qtbot.waitUntil(lambda: "client disconnected; cancelled" in dialog.log_view.toPlainText())
    qtbot.waitUntil(lambda: not window.manager.active_jobs(), timeout=REPLY_TIMEOUT_MS)

    dialog.toggle_button.click()
    assert not dialog.is_running() and "Server stopped." in dialog.log_view.toPlainText()
    assert dialog.port_spin.isEnabled()


def test_closing_the_window_stops_the_server(qtbot, use_smollm2, monkeypatch):
    window = open_window(qtbot)
    window.server_action.trigger()
    dialog = window.server_dialog
    dialog.port_spin.setValue(free_port())
    assert dialog.start_server()
    server = dialog.server
    # Issue 15, item 13: File → Quit warns that the server is running; No keeps the app and the server.
    asked = []
    answers = iter([QMessageBox.No, QMessageBox.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: asked.append(args[2]) or next(answers))
    window.quit()
    assert window.isVisible() and dialog.is_running() and server.base_url in asked[0]
    window.quit()
    assert len(asked) == 2 and not window.isVisible()
    assert not dialog.is_running() and not server.is_running()


def test_open_in_chat_opens_a_new_conversation_and_the_server_keeps_its_model(qtbot, use_smollm2, tmp_path):
    """Issue 15, item 5: Fine-tune → Open in Chat loads the exported model in a new conversation; the running
    server goes on serving what it served (still loaded), and the chat model in the settings stays as it was."""
    from desktop_app.core.storage import paths
    from desktop_app.core.storage.settings import load_settings

    window = open_window(qtbot)
    tab = window.chat_tab
    first = tab.chat.add_user_message(None, "hello", []).conversation_id
    tab.open_conversation(first)
    window.server_action.trigger()
    dialog = window.server_dialog
    dialog.port_spin.setValue(free_port())
    dialog.toggle_button.click()
    assert dialog.is_running(), dialog.status_label.text()
    before = dialog.runner.served_model()
    saved = load_settings(paths.settings_path()).settings.chat_model_path
    exported = tmp_path / "my-finetune.gguf"
    exported.symlink_to(use_smollm2)  # the same weights under an exported model's name: no copy

    window._chat_with_path(str(exported))
    assert tab.conversation_id is None and tab.spec.path == exported  # a new conversation with the new model
    qtbot.waitUntil(lambda: tab.model is not None and tab.model.spec.path == exported, timeout=REPLY_TIMEOUT_MS)
    assert dialog.runner.served_model().spec.id == before.spec.id
    assert window.manager.get(before.spec.id) is not None  # still loaded for the server
    assert load_settings(paths.settings_path()).settings.chat_model_path == saved
    assert tab.db.conversation(first) is not None and tab.db.messages(first)[0].content == "hello"
    dialog.stop_server()
    window.close()
