"""Bad input gets a clear message, the app stays up, and nothing the user wrote is lost."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

import gguf
import numpy as np
import pytest

from desktop_app.core.storage import paths
from desktop_app.core.storage.database import INTERRUPTED, Database
from tests.conftest import write_settings
from tests.gui.helpers import LOAD_TIMEOUT_MS, REPLY_TIMEOUT_MS, open_window, set_params, type_and_send


def _alien_gguf(path: Path) -> Path:
    w = gguf.GGUFWriter(str(path), "alienformer")
    w.add_tensor("x", np.zeros((2, 2), dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("missing", "not found"),
        ("empty", "empty (0 bytes)"),
        ("magic", "not a GGUF"),
        ("truncated", "truncated"),
        ("alien", "does not support"),
    ],
)
def test_bad_model_files_show_a_clear_error_and_the_app_recovers(qtbot, use_smollm2, tmp_path, kind, expected):
    if kind == "missing":
        bad = tmp_path / "gone.gguf"
    elif kind == "empty":
        bad = tmp_path / "empty.gguf"
        bad.write_bytes(b"")
    elif kind == "magic":
        bad = tmp_path / "photo.gguf"
        bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 4096)
    elif kind == "truncated":
        bad = tmp_path / "cut.gguf"
        with use_smollm2.open("rb") as src:
            bad.write_bytes(src.read(20_000_000))
    else:
        bad = _alien_gguf(tmp_path / "alien.gguf")
    w = open_window(qtbot)
    tab = w.chat_tab
    tab.use_model_file(str(bad))
    qtbot.waitUntil(lambda: tab.notice.kind == "error" and expected in tab.notice.text(), timeout=LOAD_TIMEOUT_MS)
    assert tab.model is None and not tab.is_loading()
    assert "No model loaded" in w.model_label.text()
    # The app is still up: pick the good model again and chat.
    tab.use_model_file(str(use_smollm2))
    qtbot.waitUntil(lambda: tab.model is not None, timeout=LOAD_TIMEOUT_MS)
    set_params(tab, max_tokens=8)
    assert type_and_send(qtbot, tab, "Hello").completion_tokens > 0


def test_huge_paste_is_kept_and_refused_clearly(qtbot, use_smollm2):
    w = open_window(qtbot)
    tab = w.chat_tab
    huge = ("这是一段很长的文字。The quick brown fox jumps over the lazy dog. " * 4000)[:200_000]
    tab.composer.setPlainText(huge)
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS):
        tab.send_button.click()
    assert tab.notice.kind == "error" and "context" in tab.notice.text()
    msgs = tab.db.messages(tab.conversation_id)
    assert msgs[0].content == huge  # nothing lost
    # Still usable: a normal message in a new chat works.
    tab.new_conversation()
    set_params(tab, max_tokens=8)
    assert type_and_send(qtbot, tab, "Hello").completion_tokens > 0


def test_conversation_with_a_30000_token_message_opens_as_plain_text(qtbot, use_smollm2, smollm2):
    words = " ".join(f"token{i % 97}" for i in range(15_000))  # ~30k tokens for SmolLM2
    db = Database(paths.database_path())
    cid = db.create_conversation("huge log")
    db.add_message(cid, "user", "Please read this log:\n" + words)
    db.add_message(cid, "assistant", "I read it.")
    db.close()
    write_settings(paths.config_dir().parent, chat_model_path=str(smollm2), last_conversation_id=cid)
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    assert tab.conversation_id == cid
    text = tab.view.toPlainText()
    assert "token96" in text and "I read it." in text
    assert "shown as plain text" in text
    bar = tab.view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    bar.setValue(0)
    assert bar.value() == 0


def test_history_longer_than_the_context_drops_oldest_turns_and_says_so(qtbot, app_home, smollm2):
    write_settings(app_home, chat_model_path=str(smollm2), chat_defaults={"n_ctx": 512})
    w = open_window(qtbot)
    tab = w.chat_tab
    set_params(tab, max_tokens=48, temperature=0.0)
    tab.settings_panel.system_prompt.setPlainText("You are terse.")
    for i in range(5):
        # ~115 tokens each: five of them exceed the 512-token context whatever the replies are.
        type_and_send(qtbot, tab, f"Question {i}: " + "describe the weather in detail please " * 16)
    assert "left out" in tab.notice.text()
    assert tab.notice.kind == "info"
    assert len(tab.db.messages(tab.conversation_id)) == 10  # dropped from the prompt, never from storage


def test_broken_settings_file_is_moved_aside_and_the_user_told(qtbot, app_home, smollm2):
    path = app_home / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"chat_model_path": ', encoding="utf-8")
    w = open_window(qtbot, wait_for_model=False)
    assert "could not be read" in w.chat_tab.notice.text()
    assert list(path.parent.glob("settings.json.broken-*"))


def test_corrupt_database_is_not_overwritten(qtbot, use_smollm2):
    db_path = paths.database_path()
    junk = os.urandom(50_000)
    db_path.write_bytes(junk)
    w = open_window(qtbot)
    tab = w.chat_tab
    assert tab.notice.kind == "error" and "damaged" in tab.notice.text()
    set_params(tab, max_tokens=8)
    assert type_and_send(qtbot, tab, "Hello").completion_tokens > 0  # the app still works, in memory
    w.close()
    assert db_path.read_bytes() == junk


def test_locked_database_is_reported(qtbot, use_smollm2):
    import sqlite3

    Database(paths.database_path()).close()
    other = sqlite3.connect(paths.database_path())
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        w = open_window(qtbot, wait_for_model=False)
        assert "locked" in w.chat_tab.notice.text()
    finally:
        other.rollback()
        other.close()


def test_missing_cjk_font_is_reported(qtbot, use_smollm2, monkeypatch):
    import desktop_app.ui.fonts as fonts

    monkeypatch.setattr(fonts, "cjk_font_available", lambda: False)
    w = open_window(qtbot, wait_for_model=False)
    assert "fonts-noto-cjk" in w.chat_tab.notice.text()


def test_a_cjk_font_is_installed_so_chinese_renders():
    from desktop_app.ui.fonts import cjk_font_available, cjk_font_families

    assert cjk_font_available(), "install fonts-noto-cjk (make test does it with apt where it can)"
    assert cjk_font_families()


def test_killed_while_streaming_keeps_every_earlier_message(qtbot, use_smollm2, app_home):
    child = Path(__file__).with_name("streaming_child.py")
    env = dict(os.environ, DESKTOP_APP_HOME=str(app_home), PYTHONPATH=str(Path(__file__).parents[2]))
    proc = subprocess.Popen([sys.executable, str(child)], stdout=subprocess.PIPE, text=True, env=env)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        assert sel.select(timeout=180), "the child never started streaming"
        assert proc.stdout.readline().strip() == "CHECKPOINTED"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    w = open_window(qtbot, wait_for_model=False)
    assert "closed while a reply" in w.chat_tab.notice.text()
    assert "lighthouse" in w.chat_tab.view.toPlainText()
    assert "interrupted" in w.chat_tab.view.toPlainText()
    w.close()
    db = Database(paths.database_path())
    (conv,) = db.conversations()
    msgs = db.messages(conv.id)
    roles = [m.role for m in msgs]
    assert roles[:4] == ["user", "assistant", "user", "assistant"] and roles == ["user", "assistant"] * (len(msgs) // 2)
    assert msgs[0].content == "Say hello in five words." and msgs[1].content and msgs[1].status == "complete"
    assert msgs[2].content.startswith("Write a very long story")
    assert all(m.status == "complete" for m in msgs[:-1])  # every earlier message is there, whole
    assert msgs[-1].status == INTERRUPTED and msgs[-1].content
    db.close()
