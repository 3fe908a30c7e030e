"""A reasoning model's thinking in the Chat tab: streamed live into an open block above the answer, then closed
under "Thought for N s", opened and closed by a click; Copy copies the answer; the Thinking switch per model.

The model is a tiny random GGUF with a Qwen3-style template (tests/fixtures/tiny_reasoning.py) run in its engine
process like any model; a grammar in the conversation's settings makes it write an exact thinking block and answer.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor

from desktop_app.core.storage.database import COMPLETE
from tests.conftest import write_settings
from tests.fixtures.tiny_reasoning import build_reasoning_model, exact_grammar
from tests.gui.helpers import open_window, type_and_send

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
THOUGHT = "The user asks for a sum.\nTwo and two make four.\n用户在问加法。"
ANSWER = "It is **4**. 答案是四。"
REPLY = f"<think>\n{THOUGHT}\n</think>\n\n{ANSWER}"


@pytest.fixture(scope="module")
def thinker(tmp_path_factory) -> Path:
    return build_reasoning_model(tmp_path_factory.mktemp("thinker") / "tiny-qwen3.gguf")


def _window(qtbot, app_home, model: Path, language: str = "en"):
    write_settings(app_home, chat_model_path=str(model), language=language, chat_defaults={"n_ctx": 1024})
    window = open_window(qtbot)
    tab = window.chat_tab
    params = replace(tab.chat_settings.params, temperature=0.0, max_tokens=200, grammar=exact_grammar(REPLY))
    tab.settings_panel.changed.emit(replace(tab.chat_settings, params=params))
    return window, tab


def _click_title(qtbot, view, message_id: int) -> None:
    """Click the block's title link as a user does (press and release on it)."""
    title = view.thinking._blocks[message_id][0]
    cursor = QTextCursor(view.document().findBlockByNumber(title))
    cursor.setPosition(cursor.position() + 3)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=QPoint(point.x(), point.y()))


def _run(qtbot, app_home, thinker, language: str) -> None:
    window, tab = _window(qtbot, app_home, thinker, language)
    view = tab.view
    # At each flush of thinking that holds a thought: was the block streaming, and the answer so far (the reply's
    # leading blank line makes no block: thinking_block.py)
    seen: list[tuple[bool, str]] = []
    tab.pane.thinking_buffer.flushed.connect(
        lambda t: t.strip() and seen.append((view.thinking.streaming(), view.streamed_text())))
    result = type_and_send(qtbot, tab, "2+2 等于几？")

    assert (result.reasoning, result.text) == (f"\n{THOUGHT}\n", ANSWER)
    assert seen and all(streaming and answer == "" for streaming, answer in seen)  # thinking showed live, first
    reply = tab.db.messages(tab.conversation_id)[-1]
    assert (reply.status, reply.content, reply.reasoning.strip()) == (COMPLETE, ANSWER, THOUGHT)
    assert reply.thinking_s == pytest.approx(result.thinking_s)

    # finished: closed under its title, the answer below it
    text = view.toPlainText()
    title = text.splitlines()[text.splitlines().index(next(line for line in text.splitlines() if "▸" in line))]
    assert "4" in text and "▸" in title and not view.thinking.is_open(reply.id)
    assert tab.stats_label.text().startswith(title.split(" ", 1)[1] + " · ")  # "Thought for 3 s · 110 tokens…"
    closed_height = view.document().size().height()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert tab.pane.grab().save(str(SHOTS / f"thinking_closed_{language}.png"))

    _click_title(qtbot, view, reply.id)
    qtbot.waitUntil(lambda: view.thinking.is_open(reply.id))
    assert view.document().size().height() > closed_height  # the thinking's lines are laid out now
    assert "▾" in view.toPlainText()
    assert tab.pane.grab().save(str(SHOTS / f"thinking_open_{language}.png"))
    _click_title(qtbot, view, reply.id)
    qtbot.waitUntil(lambda: not view.thinking.is_open(reply.id))

    # Copy copies the answer only
    view.anchorClicked.emit(QUrl(f"copy:{reply.id}"))
    assert QGuiApplication.clipboard().text() == ANSWER
    # opening the conversation again shows the stored thinking, closed
    tab.open_conversation(tab.conversation_id)
    assert view.thinking._blocks.get(reply.id) and not view.thinking.is_open(reply.id)
    window.close()
    return title


def test_thinking_block_streams_then_collapses_and_opens(qtbot, app_home, thinker):
    title = _run(qtbot, app_home, thinker, "en")
    assert "Thought for" in title


def test_thinking_block_in_chinese(qtbot, app_home, thinker):
    from desktop_app.ui import i18n

    try:
        title = _run(qtbot, app_home, thinker, "zh_CN")
        assert "思考" in title
    finally:
        i18n.install_translator("en")  # later tests run in English again


def test_thinking_switch_is_remembered_per_model_and_reaches_the_template(qtbot, app_home, thinker):
    window, tab = _window(qtbot, app_home, thinker)
    switch = tab.model_bar.thinking_switch
    assert switch.mode() == "auto"
    auto = type_and_send(qtbot, tab, "Hi")
    switch.setCurrentIndex(switch.findData("off"))
    switch.activated.emit(switch.currentIndex())
    assert tab.app_settings.model_thinking == {str(thinker): "off"}
    off = type_and_send(qtbot, tab, "Hi")
    # The template wrote an empty, closed thinking block into the prompt: "<think>\n\n</think>\n\n" more tokens
    # than with thinking left to the template (the earlier turn adds the same to both prompts' history).
    history = tab.model.backend.count_chat_tokens([{"role": "user", "content": "Hi"}, {"role": "assistant",
                                                   "content": auto.text}, {"role": "user", "content": "Hi"}])
    assert off.prompt_tokens > history
    window.close()
    window = open_window(qtbot)  # a new start (same settings file) remembers it for this model
    assert window.chat_tab.model_bar.thinking_switch.mode() == "off"
    window.close()


def test_a_long_thought_shows_its_seconds_while_it_streams(qtbot, monkeypatch):
    """The streaming title counts the seconds ("Thinking… 5 s"), then says how long it took ("Thought for 12 s");
    the clock is moved by hand here, the document is the real one."""
    from desktop_app.ui.widgets import thinking_block
    from desktop_app.ui.widgets.message_view import MessageView

    now = [100.0]
    monkeypatch.setattr(thinking_block.time, "monotonic", lambda: now[0])
    view = MessageView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    view.begin_stream(7)
    view.append_thinking("\n")  # blank lines alone make no block
    assert not view.thinking.streaming()
    view.append_thinking("First, ")
    now[0] += 5.4
    view.append_thinking("second thought.\nThird line.")
    assert "▾ Thinking… 5 s" in view.toPlainText() and view.streamed_text() == ""
    now[0] += 7.0
    view.append_stream("The answer.")
    assert "▾ Thought for 12 s" in view.toPlainText() and view.streamed_text() == "The answer."
    _click_title(qtbot, view, 7)  # closing it while the answer streams hides the thinking, not the answer
    qtbot.waitUntil(lambda: not view.thinking.is_open(7))
    view.append_stream(" More.")
    assert view.streamed_text() == "The answer. More."
