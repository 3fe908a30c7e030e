"""The Chat tab, driven through the real window with the real SmolLM2 model."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFontInfo, QGuiApplication, QInputMethodEvent, QTextCursor, QTextFormat

from desktop_app.core.storage import paths
from desktop_app.core.storage.database import COMPLETE, STOPPED, Database
from tests.gui.helpers import REPLY_TIMEOUT_MS, open_window, set_params, type_and_send

LONG_PROMPT = "Write a very long story about a dragon who learns to cook. Use many paragraphs."


def test_type_send_and_watch_the_reply_stream(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    assert "SmolLM2" in w.model_label.text() and "CPU" in w.device_label.text()
    set_params(tab, temperature=0.0, max_tokens=60)
    # Not "What is the capital of France?": SmolLM2's greedy answer to that depends on the CPU's rounding.
    tab.composer.setPlainText("Name the capital city of France and describe it.")
    sizes = []
    tab.buffer.flushed.connect(lambda text: sizes.append(len(tab.view.streamed_text())))
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        tab.send_button.click()
        assert not tab.send_button.isEnabled() and tab.stop_button.isEnabled()
    result = blocker.args[0]
    assert "Paris" in result.text
    assert len(sizes) >= 2 and sizes == sorted(sizes)  # appended in pieces, never re-rendered
    assert tab.composer.toPlainText() == ""
    assert "Paris" in tab.view.toPlainText()
    assert "tok/s" in tab.stats_label.text()
    msgs = tab.db.messages(tab.conversation_id)
    assert [(m.role, m.status) for m in msgs] == [("user", COMPLETE), ("assistant", COMPLETE)]
    assert msgs[1].completion_tokens == result.completion_tokens > 0
    assert tab.conversations.titles() == ["Name the capital city of France and describe it."]


def test_stop_mid_reply_keeps_the_partial_text(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=1500)
    type_and_send(qtbot, tab, LONG_PROMPT, wait=False)
    qtbot.waitUntil(lambda: len(tab.view.streamed_text()) > 40, timeout=REPLY_TIMEOUT_MS)
    with qtbot.waitSignal(tab.generation_finished, timeout=10_000) as blocker:
        tab.stop_button.click()
    result = blocker.args[0]
    assert result.finish_reason == "cancelled" and result.text
    reply = tab.db.messages(tab.conversation_id)[-1]
    assert reply.status == STOPPED and reply.content == result.text
    assert "stopped" in tab.view.toPlainText()
    assert tab.send_button.isEnabled() is False  # composer is empty
    tab.composer.setPlainText("next")
    assert tab.send_button.isEnabled()


def test_escape_stops_generation(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=1500)
    type_and_send(qtbot, tab, LONG_PROMPT, wait=False)
    qtbot.waitUntil(lambda: len(tab.view.streamed_text()) > 20, timeout=REPLY_TIMEOUT_MS)
    # The focus is not in the composer (the user clicked into the conversation): Esc still stops the reply.
    tab.view.setFocus()
    qtbot.waitUntil(tab.view.hasFocus)
    with qtbot.waitSignal(tab.generation_finished, timeout=1_000) as blocker:
        qtbot.keyClick(tab.view, Qt.Key_Escape)
    assert blocker.args[0].finish_reason == "cancelled"


def test_regenerate_replaces_the_last_reply(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=40, temperature=1.0)
    type_and_send(qtbot, tab, "Tell me a short joke.")
    first = tab.db.messages(tab.conversation_id)[-1]
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS):
        tab.regenerate_button.click()
    msgs = tab.db.messages(tab.conversation_id)
    assert [m.role for m in msgs] == ["user", "assistant"]
    assert msgs[1].id != first.id and msgs[1].content


def test_edit_a_message_and_resend_from_there(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=30, temperature=0.0)
    type_and_send(qtbot, tab, "What is the capital of Italy?")
    type_and_send(qtbot, tab, "And of Spain?")
    first_user = tab.db.messages(tab.conversation_id)[0]
    tab.view.anchorClicked.emit(QUrl(f"edit:{first_user.id}"))
    assert tab.composer.toPlainText() == "What is the capital of Italy?"
    assert tab.send_button.text() == "Resend"
    tab.composer.setPlainText("What is the capital of France?")
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS):
        tab.send_button.click()
    msgs = tab.db.messages(tab.conversation_id)
    assert [m.content for m in msgs][0] == "What is the capital of France?"
    assert len(msgs) == 2 and "Spain" not in tab.view.toPlainText()


def test_restart_restores_conversations(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=20, temperature=0.0)
    type_and_send(qtbot, tab, "Say hello to Alice.")
    reply = tab.db.messages(tab.conversation_id)[-1].content
    w.close()
    w2 = open_window(qtbot, wait_for_model=False)
    tab2 = w2.chat_tab
    assert tab2.conversations.titles() == ["Say hello to Alice."]
    assert tab2.conversation_id is not None  # the last conversation is reopened
    text = tab2.view.toPlainText()
    assert "Say hello to Alice." in text and reply.strip()[:20] in text
    assert tab2.chat_settings.params.max_tokens == 20  # its settings came back too


def test_enter_sends_shift_enter_adds_a_line_and_ime_composition_does_not_send(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=8)
    sent = []
    tab.composer.send_requested.connect(lambda: sent.append(True))
    tab.composer.setFocus()
    qtbot.keyClicks(tab.composer, "hello")
    qtbot.keyClick(tab.composer, Qt.Key_Return, Qt.ShiftModifier)
    assert tab.composer.toPlainText() == "hello\n" and not sent
    # An input method is composing pinyin: Enter belongs to the IME, not to us.
    QGuiApplication.sendEvent(tab.composer, QInputMethodEvent("nihao", []))
    assert tab.composer.is_composing()
    qtbot.keyClick(tab.composer, Qt.Key_Return)
    assert not sent
    commit = QInputMethodEvent()
    commit.setCommitString("你好")
    QGuiApplication.sendEvent(tab.composer, commit)
    assert not tab.composer.is_composing() and tab.composer.toPlainText() == "hello\n你好"
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS):
        qtbot.keyClick(tab.composer, Qt.Key_Return)
    assert sent and tab.db.messages(tab.conversation_id)[0].content == "hello\n你好"


def test_empty_message_cannot_be_sent(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    assert not tab.send_button.isEnabled()
    tab.composer.setPlainText("   \n  ")
    assert not tab.send_button.isEnabled()
    tab.send()
    qtbot.keyClick(tab.composer, Qt.Key_Return)
    assert tab.conversation_id is None and tab.db.conversations() == []


def test_new_rename_search_and_delete_conversations(qtbot, use_smollm2, monkeypatch):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=8)
    type_and_send(qtbot, tab, "First chat about apples")
    w.new_chat_action.trigger()
    assert tab.conversation_id is None and tab.view.toPlainText() == ""
    type_and_send(qtbot, tab, "第二个对话：上海的美食")
    assert tab.conversations.titles() == ["第二个对话：上海的美食", "First chat about apples"]
    tab.conversations.search.setText("上海")
    qtbot.waitUntil(lambda: tab.conversations.titles() == ["第二个对话：上海的美食"], timeout=3000)
    tab.conversations.search.setText("apples")
    qtbot.waitUntil(lambda: tab.conversations.titles() == ["First chat about apples"], timeout=3000)
    tab.conversations.search.clear()
    qtbot.waitUntil(lambda: len(tab.conversations.titles()) == 2, timeout=3000)
    second = tab.conversation_id
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("美食笔记", True))
    tab.conversations.ask_rename(second)
    assert "美食笔记" in tab.conversations.titles()
    tab.conversations.ask_delete(second)  # to the Trash, with an Undo bar: no question needed
    assert tab.conversations.titles() == ["First chat about apples"]
    assert tab.conversation_id is None and tab.undo_bar.isVisible()
    assert [c.id for c in tab.db.conversations(trashed=True)] == [second]


def test_copy_button_copies_the_message(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=20, temperature=0.0)
    type_and_send(qtbot, tab, "What is the capital of France?")
    reply = tab.db.messages(tab.conversation_id)[-1]
    tab.view.anchorClicked.emit(QUrl(f"copy:{reply.id}"))
    assert QGuiApplication.clipboard().text() == reply.content


def test_markdown_and_code_blocks_render(qtbot, use_smollm2):
    db = Database(paths.database_path())
    cid = db.create_conversation("code")
    db.add_message(cid, "user", "show code")
    db.add_message(cid, "assistant", "Here is **bold** and code:\n\n```python\nprint('hi')\n```\n")
    db.close()
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    tab.open_conversation(cid)
    text = tab.view.toPlainText()
    assert "**" not in text and "```" not in text and "print('hi')" in text
    doc = tab.view.document()
    block = doc.findBlock(text.index("print('hi')"))
    assert block.blockFormat().hasProperty(QTextFormat.BlockCodeFence) or block.blockFormat().nonBreakableLines()
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.NextCharacter)
    assert QFontInfo(cursor.charFormat().font()).fixedPitch()


def test_chinese_reply_with_qwen_renders_without_replacement_characters(qtbot, app_home, qwen_installed):
    from tests.conftest import write_settings

    write_settings(app_home, chat_defaults={"n_ctx": 2048})  # the built-in default: Qwen
    w = open_window(qtbot)
    tab = w.chat_tab
    assert "Qwen2.5" in w.model_label.text()
    set_params(tab, temperature=0.0, max_tokens=80)
    result = type_and_send(qtbot, tab, "请原样重复这句话：饕餮、魑魅魍魉、龘。然后用一句话介绍北京。")
    assert "\ufffd" not in result.text and "\ufffd" not in tab.view.toPlainText()
    assert "饕餮" in tab.view.toPlainText()


def test_close_mid_generation_exits_cleanly(qtbot, use_smollm2):
    import time

    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=3000)
    type_and_send(qtbot, tab, LONG_PROMPT, wait=False)
    qtbot.waitUntil(lambda: len(tab.view.streamed_text()) > 20, timeout=REPLY_TIMEOUT_MS)
    start = time.monotonic()
    w.close()
    assert time.monotonic() - start < 2.0
    assert w.clean_shutdown  # every worker thread ended
    db = Database(paths.database_path())
    reply = db.messages(db.conversations()[0].id)[-1]
    assert reply.status == STOPPED and len(reply.content) > 20


def test_status_bar_and_menus(qtbot, use_smollm2):
    w = open_window(qtbot)
    assert w.memory_label.text().startswith("App memory:")
    assert "This window" in w.memory_label.toolTip() and "models" in w.memory_label.toolTip()
    assert w.new_chat_action.shortcut().toString() == "Ctrl+N"
    titles = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert titles == ["Chat", "Models", "Summarize", "Sentiment", "Translate", "Describe Image", "Fine-tune",
                      "Documents"]
    # every tab but Chat is built when first shown or asked for, and then sits at its own index
    assert w.lazy_tabs.built("summarize") is None and w.lazy_tabs.built("finetune") is None
    assert w.lazy_tabs.built("documents") is None
    assert w.tabs.indexOf(w.summarize_tab) == 2 and w.tabs.indexOf(w.translate_tab) == 4
    pages = [w.chat_tab, w.models_tab, w.summarize_tab, w.sentiment_tab, w.translate_tab, w.describe_tab, w.finetune_tab,
             w.documents_tab]
    assert all(w.tabs.widget(i) is page for i, page in enumerate(pages))
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == titles  # the same tab bar once built
