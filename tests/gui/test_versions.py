"""Versions in the Chat tab with the real SmolLM2: Regenerate and Edit keep the earlier reply or message as a
version, "◀ n/m ▶" switches between them and the conversation below follows, and every reply is prompted from the
branch on screen only (what reaches the model is recorded on its way to the real engine)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from desktop_app.core.storage import paths
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.tabs.chat_tab import ChatTab
from tests.gui.helpers import REPLY_TIMEOUT_MS, open_window, set_params, type_and_send


def texts(prompt) -> list[str]:
    return [m["content"] for m in prompt if m["role"] != "system"]


def as_shown(markdown: str) -> str:
    """A reply as the view renders it: Markdown (a single newline is a soft break, shown as a space), whitespace
    folded; the raw text is not on screen when the sampled reply holds Markdown."""
    doc = QTextDocument()
    doc.setMarkdown(markdown)
    return " ".join(doc.toPlainText().split())


def test_regenerate_edit_and_switch_versions(qtbot, use_smollm2, monkeypatch):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=12, temperature=1.0)
    prompts: list[list[dict]] = []
    real_chat = w.manager.chat

    def recording_chat(model_id, messages, params, before_start=None):
        prompts.append([dict(m) for m in messages])
        return real_chat(model_id, messages, params, before_start=before_start)

    monkeypatch.setattr(w.manager, "chat", recording_chat)
    type_and_send(qtbot, tab, "Name a fruit.")
    type_and_send(qtbot, tab, "Name a colour.")
    fruit_q, fruit_a, colour_q, colour_a = tab.db.messages(tab.conversation_id)

    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS):
        tab.view.anchorClicked.emit(QUrl(f"regen:{fruit_a.id}"))  # Regenerate the first reply
    assert texts(prompts[-1]) == ["Name a fruit."]  # only what came before that reply
    shown = tab.db.messages(tab.conversation_id)
    assert [m.id for m in shown[:1]] == [fruit_q.id] and len(shown) == 2 and shown[1].id != fruit_a.id
    assert (shown[1].version, shown[1].versions) == (2, 2)
    view = tab.view.toPlainText()
    assert "◀ 2/2 ▶" in view and "Name a colour." not in view

    tab.view.anchorClicked.emit(QUrl(f"prev:{shown[1].id}"))  # ◀: back to the first reply, and its branch
    view = tab.view.toPlainText()
    assert "◀ 1/2 ▶" in view and "Name a colour." in view and as_shown(colour_a.content) in " ".join(view.split())
    assert tab.view.content_of(colour_a.id) == colour_a.content
    type_and_send(qtbot, tab, "And a vegetable?")
    assert texts(prompts[-1]) == [
        "Name a fruit.", fruit_a.content, "Name a colour.", colour_a.content, "And a vegetable?",
    ]  # the branch on screen, never the other version

    tab.view.anchorClicked.emit(QUrl(f"edit:{colour_q.id}"))  # Edit a message in the middle
    tab.composer.setPlainText("Name an animal.")
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS):
        tab.send_button.click()
    assert texts(prompts[-1]) == ["Name a fruit.", fruit_a.content, "Name an animal."]
    shown = tab.db.messages(tab.conversation_id)
    assert [m.content for m in shown[:3]] == ["Name a fruit.", fruit_a.content, "Name an animal."]
    assert (shown[2].version, shown[2].versions) == (2, 2) and len(shown) == 4
    assert "And a vegetable?" not in tab.view.toPlainText()

    # A restart shows the same versions; ◀ on the edited message brings its old branch back.
    conversation = tab.conversation_id
    db2 = Database(paths.database_path())
    tab2 = ChatTab(w.manager, db2, AppSettings(), lambda: None, paths.models_dir())
    qtbot.addWidget(tab2)
    tab2.open_conversation(conversation)
    assert "Name an animal." in tab2.view.toPlainText() and "◀ 2/2 ▶" in tab2.view.toPlainText()
    tab2.view.anchorClicked.emit(QUrl(f"prev:{shown[2].id}"))
    assert [m.content for m in db2.messages(conversation)][2:5] == ["Name a colour.", colour_a.content,
                                                                    "And a vegetable?"]
    assert "And a vegetable?" in tab2.view.toPlainText()
    db2.close()
