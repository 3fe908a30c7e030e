"""Chat's Complete mode: the last message continues as plain text (no chat template), streamed into the reply.
A base model (a tiny GGUF written without a chat template) turns it on by itself and says so; SmolLM2 forced into
it continues a sentence. English and Chinese screenshots of the mode."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.core.storage.database import STOPPED
from tests.conftest import write_settings
from tests.fixtures.tiny_gguf_vision import build_tiny_language_model
from tests.fixtures.tiny_reasoning import exact_grammar
from tests.gui.helpers import REPLY_TIMEOUT_MS, open_window, type_and_send

CONTINUATION = " jumps over the lazy dog. 狐狸跳了。"


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory) -> Path:
    return build_tiny_language_model(tmp_path_factory.mktemp("base") / "tiny-base.gguf", chat_template=None)


def _window(qtbot, app_home, model: Path, language: str = "en", **params):
    write_settings(app_home, chat_model_path=str(model), language=language, chat_defaults={"n_ctx": 1024})
    window = open_window(qtbot)
    tab = window.chat_tab
    tab.settings_panel.changed.emit(replace(tab.chat_settings, params=replace(tab.chat_settings.params, **params)))
    return window, tab


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_base_model_turns_complete_on_and_continues_the_text(qtbot, app_home, tiny_base, language):
    from desktop_app.ui import i18n

    try:
        window, tab = _window(qtbot, app_home, tiny_base, language, temperature=0.0, max_tokens=64,
                              grammar=exact_grammar(CONTINUATION))  # fmt: skip
        assert tab.input.complete_button.isChecked()
        assert ("base model" if language == "en" else "基础模型") in tab.notice.text()
        result = type_and_send(qtbot, tab, "The quick brown fox")
        assert result.text == CONTINUATION  # the continuation, streamed through the reply as a chat reply is
        assert tab.db.messages(tab.conversation_id)[-1].content == CONTINUATION
        Path("/tmp/shots").mkdir(exist_ok=True)
        window.grab().save(f"/tmp/shots/predict_complete_{language.split('_')[0]}.png")
    finally:
        i18n.install_translator("en")


def test_complete_mode_on_smollm2_continues_a_sentence_and_stops(qtbot, app_home, smollm2):
    _window_, tab = _window(qtbot, app_home, smollm2, temperature=0.0, max_tokens=6)
    assert not tab.input.complete_button.isChecked()  # a chat model: chatting stays the default
    tab.input.complete_button.setChecked(True)
    result = type_and_send(qtbot, tab, "The capital of France is")
    assert "Paris" in result.text
    tab.settings_panel.changed.emit(replace(tab.chat_settings, params=replace(tab.chat_settings.params,
                                                                              max_tokens=1500)))  # fmt: skip
    type_and_send(qtbot, tab, "Once upon a time, in a small village by the sea,", wait=False)
    qtbot.waitUntil(lambda: len(tab.view.streamed_text()) > 40, timeout=REPLY_TIMEOUT_MS)
    with qtbot.waitSignal(tab.generation_finished, timeout=10_000) as blocker:
        tab.stop_button.click()
    stopped = blocker.args[0]
    assert stopped.finish_reason == "cancelled" and stopped.text
    reply = tab.db.messages(tab.conversation_id)[-1]
    assert reply.status == STOPPED and reply.content == stopped.text  # what was written is kept


def test_sending_reads_no_model_file_on_the_gui_thread(qtbot, app_home, smollm2, monkeypatch):
    """Whether the model is a base model comes from its engine (ModelInfo.base_model, read at load): reading the
    GGUF header at each send, its whole vocabulary, held the window 145 ms (bench/ui_latency.py)."""
    import threading

    from desktop_app.core.models import gguf_check

    window, tab = _window(qtbot, app_home, smollm2, temperature=0.0, max_tokens=4)
    assert tab.model.info.base_model is False
    read = gguf_check.read_gguf_info
    on_gui_thread = []

    def recording(*args, **kwargs):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(gguf_check, "read_gguf_info", recording)
    type_and_send(qtbot, tab, "Hi")
    type_and_send(qtbot, tab, "Hi again")
    assert not any(on_gui_thread)
