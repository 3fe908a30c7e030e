"""An engine that dies, aborts or hangs never takes the window with it (the real window, real engine processes)."""

from __future__ import annotations

import os
import shutil
import signal

import psutil
import pytest
from PySide6.QtCore import QCoreApplication

from desktop_app.core.storage.database import COMPLETE, INTERRUPTED, STOPPED
from desktop_app.core.tasks.chat import ChatResult
from tests.conftest import write_settings
from tests.fixtures.corrupt_gguf import DAMAGES
from tests.fixtures.engine_backends import engine_env, engine_test_spec
from tests.gui.helpers import (
    LOAD_TIMEOUT_MS,
    REPLY_TIMEOUT_MS,
    open_window,
    run_window_script,
    set_params,
    type_and_send,
)

LONG_PROMPT = "Write a very long story about a dragon who learns to cook. Use many paragraphs."


def _row_state(window, name_part: str) -> str:
    table = window.models_tab.loaded_box.loaded_table
    for row in range(table.rowCount()):
        if name_part in table.item(row, 0).text():
            table.selectRow(row)
            return table.item(row, 4).text()
    return ""


def test_engine_killed_mid_reply_keeps_the_reply_and_the_next_send_reloads(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=1500)
    engine = tab.model.backend.process.pid
    type_and_send(qtbot, tab, LONG_PROMPT, wait=False)
    qtbot.waitUntil(lambda: len(tab.view.streamed_text()) > 40, timeout=REPLY_TIMEOUT_MS)
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        os.kill(engine, signal.SIGKILL)
    assert blocker.args[0] is None  # the job failed; the window is still here
    assert w.isVisible()
    reply = tab.db.messages(tab.conversation_id)[-1]
    assert reply.status == INTERRUPTED and len(reply.content) > 40  # what had streamed is kept
    assert "interrupted" in tab.view.toPlainText()
    assert tab.notice.isVisible() and "stopped unexpectedly while writing a reply" in tab.notice.text()
    assert "SmolLM2" in tab.notice.text() and "SIGKILL" in tab.notice.text()
    qtbot.waitUntil(lambda: "stopped unexpectedly" in w.statusBar().currentMessage(), timeout=5000)
    w.models_tab._refresh_loaded()
    assert _row_state(w, "SmolLM2") == "Crashed"
    assert w.models_tab.loaded_box.reload_button.isEnabled()

    set_params(tab, max_tokens=16, temperature=0.0)
    result = type_and_send(qtbot, tab, "Say hello.")  # the next send loads the model in a new engine first
    assert isinstance(result, ChatResult) and result.text
    assert tab.model.backend.process.pid != engine and tab.db.messages(tab.conversation_id)[-1].status == COMPLETE
    w.models_tab._refresh_loaded()
    assert _row_state(w, "SmolLM2") == "Running" and not w.models_tab.loaded_box.reload_button.isEnabled()


def test_reload_button_brings_a_crashed_model_back(qtbot, use_smollm2):
    w = open_window(qtbot)
    slot = w.chat_tab.model
    os.kill(slot.backend.process.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: slot.state == "crashed", timeout=10_000)
    w.tabs.setCurrentWidget(w.models_tab)
    w.models_tab._refresh_loaded()
    assert _row_state(w, "SmolLM2") == "Crashed"
    with qtbot.waitSignal(w.manager.model_loaded, timeout=LOAD_TIMEOUT_MS):
        w.models_tab.loaded_box.reload_button.click()
    assert _row_state(w, "SmolLM2") == "Running"


def test_reload_of_a_model_whose_file_is_gone_says_so(qtbot, app_home, smollm2, tmp_path, monkeypatch):
    """The file is gone, so the reload can fail at once: its error is connected before the job starts, not after.
    Here the load job ends before it is returned, the case a connection made afterwards misses."""
    copy = tmp_path / "SmolLM2-copy.gguf"
    try:
        os.link(smollm2, copy)  # a link, not a copy, where both are on one file system
    except OSError:
        shutil.copyfile(smollm2, copy)
    write_settings(app_home, chat_model_path=str(copy), chat_defaults={"n_ctx": 2048})
    w = open_window(qtbot)
    slot = w.chat_tab.model
    os.kill(slot.backend.process.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: slot.state == "crashed", timeout=10_000)
    copy.unlink()
    w.tabs.setCurrentWidget(w.models_tab)
    w.models_tab._refresh_loaded()
    assert _row_state(w, "SmolLM2") == "Crashed"
    load = w.manager.load

    def ended_before_returned(*args, **kwargs):
        job = load(*args, **kwargs)
        qtbot.waitUntil(job.reported, timeout=LOAD_TIMEOUT_MS)
        return job

    monkeypatch.setattr(w.manager, "load", ended_before_returned)
    box = w.models_tab.loaded_box
    box.reload_button.click()
    qtbot.waitUntil(lambda: box.notice.kind == "error", timeout=LOAD_TIMEOUT_MS)
    assert "SmolLM2-copy.gguf" in box.notice.text() and w.isVisible()


def test_a_gguf_that_aborts_llama_cpp_leaves_a_message_and_the_window_up(qtbot, use_smollm2, damaged, monkeypatch):
    """The header check is off in this engine, so llama.cpp really aborts: the window shows its assert line."""
    engine_env(monkeypatch)
    w = open_window(qtbot)
    tab = w.chat_tab
    tab.use_model_spec(engine_test_spec(damaged["eps_negative"], "UncheckedLlamaBackend", name="Broken model"))
    qtbot.waitUntil(lambda: tab.model is not None and tab.model.spec.name == "Broken model", timeout=LOAD_TIMEOUT_MS)
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        tab.composer.setPlainText("Hello?")
        tab.send_button.click()
    assert blocker.args[0] is None and w.isVisible()
    assert "Broken model" in tab.notice.text() and "GGML_ASSERT(eps >= 0.0f)" in tab.notice.text()
    assert "SIGABRT" in tab.notice.text()


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_gguf_chosen_in_the_window_is_refused_with_a_sentence(qtbot, app_home, damaged, damage):
    write_settings(app_home, chat_model_path=str(damaged[damage]))
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    words = DAMAGES[damage][1]
    qtbot.waitUntil(lambda: tab.notice.isVisible() and words in tab.notice.text(), timeout=LOAD_TIMEOUT_MS)
    assert damaged[damage].name in tab.notice.text() and "Traceback" not in tab.notice.text()
    assert tab.model is None and w.isVisible()


def test_stop_kills_an_engine_that_does_not_answer(qtbot, use_smollm2, monkeypatch, tmp_path):
    engine_env(monkeypatch)
    w = open_window(qtbot)
    tab = w.chat_tab
    stuck = tmp_path / "stuck.gguf"  # the test backend never reads it; its own path makes it a model of its own
    stuck.write_bytes(b"GGUF")
    tab.use_model_spec(engine_test_spec(stuck, "HangingBackend", name="Stuck model"))
    qtbot.waitUntil(lambda: tab.model is not None and tab.model.spec.name == "Stuck model", timeout=LOAD_TIMEOUT_MS)
    engine = psutil.Process(tab.model.backend.process.pid)
    type_and_send(qtbot, tab, "Hello?", wait=False)
    qtbot.waitUntil(lambda: "Thinking very hard" in tab.view.streamed_text(), timeout=REPLY_TIMEOUT_MS)
    grace = tab.model.backend.process.stop_grace_s
    with qtbot.waitSignal(tab.generation_finished, timeout=int((grace + 3) * 1000)) as blocker:
        tab.stop_button.click()
    assert blocker.args[0].finish_reason == "cancelled"  # the reply stops at once (issue 15: Stop acts at once)
    reply = tab.db.messages(tab.conversation_id)[-1]
    assert reply.status == STOPPED and reply.content == "Thinking very hard"
    # ...and the engine that never answered the cancel is killed once its grace is over
    qtbot.waitUntil(lambda: not engine.is_running() or engine.status() == psutil.STATUS_ZOMBIE,
                    timeout=int((grace + 3) * 1000))
    qtbot.waitUntil(lambda: "did not stop" in w.statusBar().currentMessage(), timeout=5000)
    QCoreApplication.processEvents()
    assert w.isVisible()


def test_the_window_process_never_imports_an_engine_library(tmp_path, smollm2):
    """Load and chat through the real window's ModelManager in a fresh process: llama_cpp, torch and
    transformers stay out of it (they live in the engine process)."""
    out = run_window_script(tmp_path, f"""
        from desktop_app.core.backends.base import GenerationParams, LoadOptions
        from desktop_app.core.models.spec import ModelSpec
        from desktop_app.workers.jobs import wait_for_job
        slot = wait_for_job(w.manager.load(ModelSpec.from_path({str(smollm2)!r}), LoadOptions(n_ctx=512)))
        result = wait_for_job(w.manager.chat(slot.id, [dict(role="user", content="Hi")],
                                             GenerationParams(max_tokens=8, temperature=0)))
        assert result.completion_tokens > 0
        print("LOADED", sorted(m for m in sys.modules if m.split(".")[0] in ("llama_cpp", "torch", "transformers")))
        w.close()
    """)
    assert "LOADED []" in out
