"""Every reply that called tools shows its calls inline, above its answer, also when the conversation is opened
again later (issue 16). The subject is the view: the replies and their calls are stored as a finished reply stores
them (ChatSession → message_tool_calls), then the conversation is opened as a user opens it."""

from __future__ import annotations

import os
from pathlib import Path

from desktop_app.core.storage.database import COMPLETE
from desktop_app.core.storage.tool_calls import save_tool_calls
from desktop_app.core.tools.registry import DENIED_RESULT
from tests.conftest import write_settings
from tests.gui.helpers import open_window
from tests.gui.test_translations import chinese  # noqa: F401 (the fixture: a Chinese interface)

SHOTS = Path(os.environ.get("DESKTOP_APP_SHOTS", "/tmp/shots"))
ADD = {"id": "c1", "name": "add", "arguments": {"a": 1200, "b": 34}, "server": "test-tools", "decision": "allow",
       "result": "1234", "error": False, "note": ""}
READ = {"id": "c2", "name": "read_file", "arguments": {"path": "/home/me/笔记.txt"}, "server": "built-in",
        "decision": "deny", "result": DENIED_RESULT, "error": True, "note": ""}
NOW = {"id": "c3", "name": "now", "arguments": {}, "server": "built-in", "decision": "auto",
       "result": "2026-12-04 13:20", "error": False, "note": ""}


def _conversation(tab) -> int:
    db = tab.db
    cid = db.create_conversation("Tools inline", {})
    for question, answer, records in (("Add 1200 and 34, then read my notes.", "1200 + 34 = 1234.", [ADD, READ]),
                                      ("现在几点？", "现在是 13:20。", [NOW]),
                                      ("Thanks!", "You're welcome.", [])):
        db.add_message(cid, "user", question, images=[])
        reply = db.add_message(cid, "assistant", "", COMPLETE)
        db.update_message(reply, answer, COMPLETE)
        if records:
            save_tool_calls(db, reply, records)
    return cid


def _open(qtbot, language: str) -> tuple[object, str]:
    window = open_window(qtbot, wait_for_model=False)
    tab = window.chat_tab
    window.resize(1100, 760)
    tab.conversations.selected.emit(_conversation(tab))
    SHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SHOTS / f"tools2_inline_{language}.png"))
    return tab, tab.view.toPlainText()


def test_each_reply_shows_its_calls_inline_above_its_answer(qtbot, app_home, smollm2):
    write_settings(app_home, chat_model_path=str(smollm2))
    tab, text = _open(qtbot, "en")
    first = text.index("Tool call: add (test-tools) · done\n{\"a\": 1200, \"b\": 34}\n→ 1234")
    denied = text.index("Tool call: read_file (built-in) · denied\n{\"path\": \"/home/me/笔记.txt\"}\n→ " + DENIED_RESULT)
    second = text.index("Tool call: now (built-in) · done\n{}\n→ 2026-12-04 13:20")
    assert first < denied < text.index("1200 + 34 = 1234.") < second < text.index("现在是 13:20。")
    assert text.count("Tool call:") == 3  # the last reply made none: nothing above it
    assert not tab.tools.panel.cards  # the cards under the conversation are for a reply streaming now only


def test_inline_calls_in_chinese(qtbot, chinese):  # noqa: F811
    _tab, text = _open(qtbot, "zh")
    assert "工具调用：add（test-tools）· 已完成" in text and "工具调用：read_file（内置）· 已拒绝" in text
