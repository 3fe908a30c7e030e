"""Tools in the real Chat window: the model (Qwen2.5) asks for an MCP server's tool, the call waits for approval in a
card with its arguments, Allow runs it off the GUI thread and the card shows the result; Deny, Stop while waiting,
"Always for this tool" (remembered in mcp.json), and the Tools page. Screenshots of a call waiting for approval in
English and Chinese, and of the Tools page, go to $DESKTOP_APP_SHOTS (default /tmp/shots)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.core.tools.mcp_config import load_config
from desktop_app.workers.tool_turn import stop_sentence
from tests.conftest import write_settings
from tests.gui.helpers import REPLY_TIMEOUT_MS, open_window, set_params
from tests.gui.test_translations import chinese  # noqa: F401 (the fixture: a Chinese interface)

ROOT = Path(__file__).resolve().parents[2]
# Pictures for the review (copies of a run are committed in screenshots/); written outside the checkout so that a
# test run leaves the working tree as it was.
SHOTS = Path(os.environ.get("DESKTOP_APP_SHOTS", "/tmp/shots"))
ASK = "Use the add tool to add 1200 and 34."


def write_mcp_json(home: Path, **extra) -> Path:
    path = home / "data" / "mcp.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    server = {"command": sys.executable, "args": ["-m", "tests.fixtures.mcp_servers", "stdio"], "cwd": str(ROOT),
              **extra}
    path.write_text(json.dumps({"mcpServers": {"test-tools": server}}), encoding="utf-8")
    return path


def tools_window(qtbot, home: Path, qwen: Path, language: str = "en"):
    write_settings(home, language=language, chat_model_path=str(qwen), chat_defaults={"n_ctx": 2048},
                   task_settings={"tools": {"enabled": True}})
    window = open_window(qtbot)
    tab = window.chat_tab
    set_params(tab, temperature=0.0, max_tokens=96)
    assert tab.tools.toggle.isChecked() and tab.chat_settings.tools
    return window, tab


def send(tab, text: str) -> None:
    """In a new conversation each time: the same question, the same greedy answer."""
    tab.new_conversation()
    tab.composer.setPlainText(text)
    tab.send_button.click()


def waiting_card(qtbot, tab):
    qtbot.waitUntil(lambda: bool(tab.tools.panel.waiting_cards()), timeout=REPLY_TIMEOUT_MS)
    return tab.tools.panel.waiting_cards()[0]


def test_a_call_waits_for_approval_then_runs(qtbot, app_home, qwen_installed):
    write_mcp_json(app_home)
    window, tab = tools_window(qtbot, app_home, qwen_installed)
    send(tab, ASK)
    card = waiting_card(qtbot, tab)
    assert card.call.name == "add" and card.server == "test-tools"
    assert json.loads(card.arguments.toPlainText()) == {"a": 1200, "b": 34}
    assert card.status.text() == "Waiting for your approval"
    assert card.allow_button.isVisible() and card.always_button.isVisible() and card.deny_button.isVisible()
    assert tab.stop_button.isEnabled()  # the window is free while the model's thread waits for the answer
    SHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SHOTS / "tool_call_approval_en.png"))
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        card.allow_button.click()
    assert card.state == "done" and card.result.toPlainText() == "1234"
    result = blocker.args[0]
    assert result.records[0].outcome.text == "1234"
    # The small model calls again with the same arguments: stopped, and the reply says why.
    assert result.stopped_by_limit == "repeat" and "already made" in result.text
    reply = tab.db.messages(tab.conversation_id)[-1]
    assert reply.content == result.text and '"name"' not in tab.view.toPlainText()
    # The reply's calls are inline above its answer, and still there when the conversation is opened again.
    inline = "Tool call: add (test-tools) · done\n{\"a\": 1200, \"b\": 34}\n→ 1234"
    assert inline in tab.view.toPlainText()
    conversation = tab.conversation_id
    tab.new_conversation()
    tab.conversations.selected.emit(conversation)
    assert inline in tab.view.toPlainText() and not tab.tools.panel.cards


def test_deny_always_and_stop(qtbot, app_home, qwen_installed):
    path = write_mcp_json(app_home)
    window, tab = tools_window(qtbot, app_home, qwen_installed)
    send(tab, ASK)
    card = waiting_card(qtbot, tab)

    def deny_the_next(call, _server, asked):  # after a denial the model asks for another tool: denied too
        if asked:
            tab.tools.panel.cards[call.id].deny_button.click()

    tab.chat.tools.call_requested.connect(deny_the_next)
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        card.deny_button.click()
    tab.chat.tools.call_requested.disconnect(deny_the_next)
    records = blocker.args[0].records
    assert card.state == "denied" and records[0].outcome.text == "The user denied this tool call."
    assert all(r.decision == "deny" for r in records) and not card.result.isVisible()

    send(tab, ASK)
    card = waiting_card(qtbot, tab)
    with qtbot.waitSignal(tab.generation_finished, timeout=10_000) as blocker:
        tab.stop_button.click()  # Stop while a call waits: the reply ends at once
    assert blocker.args[0].finish_reason == "cancelled" and card.state == "stopped"

    send(tab, ASK)
    card = waiting_card(qtbot, tab)
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS):
        card.always_button.click()
    assert load_config(path).get("test-tools").always_allow == ("add",)
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        send(tab, ASK)  # now it runs without asking
    assert blocker.args[0].records[0].decision == "auto" and tab.tools.panel.waiting_cards() == []


def test_tools_page_adds_enables_and_lists_tools(qtbot, app_home, qwen_installed):
    write_mcp_json(app_home)
    window, tab = tools_window(qtbot, app_home, qwen_installed)
    dialog = tab.tools.open_page()
    assert [dialog.servers.item(i).text() for i in range(dialog.servers.count())] == ["test-tools"]
    assert dialog.add_server("", "x") == "Give the server a name."
    assert dialog.add_server("test-tools", "x") == "There is already a server called test-tools."
    assert dialog.add_server("web", "  ").startswith("The MCP server 'web' needs a \"command\"")
    assert dialog.add_server("web", "http://127.0.0.1:9/mcp") == ""
    dialog.servers.setCurrentRow(0)
    dialog.list_current()
    qtbot.waitUntil(lambda: dialog.tools.count() >= 5, timeout=30_000)
    names = [dialog.tools.item(i).text().split(" ")[0] for i in range(dialog.tools.count())]
    assert {"add", "greet", "hang", "crash", "flood"} <= set(names)
    dialog.servers.setCurrentRow(1)
    dialog.list_current()  # nothing listens there: one sentence in the list, the dialog stays responsive
    qtbot.waitUntil(lambda: "cannot be reached" in dialog.tools.item(0).text() or "'web'" in
                    dialog.tools.item(0).text(), timeout=30_000)
    dialog.servers.item(1).setCheckState(Qt.Unchecked)
    dialog.trusted.setChecked(True)
    dialog.servers.setCurrentRow(0)
    dialog.list_current()
    qtbot.waitUntil(lambda: dialog.tools.count() >= 5, timeout=30_000)
    SHOTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "tools_page_en.png"))
    dialog.accept()
    saved = load_config()
    assert [s.name for s in saved.servers] == ["test-tools", "web"]
    assert not saved.get("web").enabled and saved.get("web").trusted


def test_chinese_call_waiting_for_approval(qtbot, chinese, app_home, qwen_installed):  # noqa: F811
    write_mcp_json(app_home)
    window, tab = tools_window(qtbot, app_home, qwen_installed, language="zh_CN")
    assert tab.tools.toggle.text() == "工具"
    send(tab, "用 add 工具计算 1200 加 34。")
    card = waiting_card(qtbot, tab)
    assert card.status.text() == "等待你的批准" and card.allow_button.text() == "允许一次"
    SHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SHOTS / "tool_call_approval_zh.png"))
    def allow_the_next(call, _server, _asked):  # what the model does with the result is its own affair: a
        qtbot.waitUntil(lambda: call.id in tab.tools.panel.cards)  # further call is allowed, and the loop guard
        tab.tools.panel.cards[call.id].allow_button.click()  # or the per-reply limit ends the reply

    tab.chat.tools.call_requested.connect(allow_the_next)
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        card.allow_button.click()
    tab.chat.tools.call_requested.disconnect(allow_the_next)
    assert card.result.toPlainText() == "1234"
    # How the reply ends after the result is the model's (greedy tokens differ between CPUs: CI's ended with no
    # further text): what the window stored is what the loop returned, and a stop for a loop is said in Chinese.
    result = blocker.args[0]
    assert tab.db.messages(tab.conversation_id)[-1].content == result.text
    assert "工具" in stop_sentence("repeat") and "工具" in stop_sentence("limit")
    assert "tool" not in stop_sentence("repeat").lower()
    if result.stopped_by_limit:
        assert result.text == stop_sentence(result.stopped_by_limit)


def test_a_hanging_tool_can_be_cancelled_and_the_window_stays_free(qtbot, app_home, qwen_installed):
    write_mcp_json(app_home, trusted=True, timeout=600)  # trusted: it runs at once, no card asks
    window, tab = tools_window(qtbot, app_home, qwen_installed)
    send(tab, "Use the hang tool to wait 3600 seconds.")
    qtbot.waitUntil(lambda: any(c.state == "running" and c.call.name == "hang"
                                for c in tab.tools.panel.cards.values()), timeout=REPLY_TIMEOUT_MS)
    card = next(c for c in tab.tools.panel.cards.values() if c.call.name == "hang")
    assert card.cancel_button.isVisible() and not card.allow_button.isVisible()
    tab.composer.setPlainText("typing while a tool runs")  # the GUI thread is free
    assert tab.composer.toPlainText() == "typing while a tool runs"
    tab.composer.clear()

    def cancel_the_next(call, _server, _asked):  # the model may ask again: cancelled too
        qtbot.waitUntil(lambda: call.id in tab.tools.panel.cards)
        tab.tools.panel.cards[call.id].cancel_button.click()

    tab.chat.tools.call_requested.connect(cancel_the_next)
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        card.cancel_button.click()
    tab.chat.tools.call_requested.disconnect(cancel_the_next)
    assert card.state == "failed" and card.result.toPlainText() == "The user cancelled this tool call."
    assert blocker.args[0].records[0].outcome.text == "The user cancelled this tool call."


def test_a_broken_mcp_json_and_tools_setting_get_a_sentence(qtbot, app_home, smollm2):
    (app_home / "data").mkdir(parents=True, exist_ok=True)
    (app_home / "data" / "mcp.json").write_text('{"mcpServers": {', encoding="utf-8")
    write_settings(app_home, chat_model_path=str(smollm2), task_settings={"tools": ["not", "a", "dict"]})
    window = open_window(qtbot, wait_for_model=False)
    tab = window.chat_tab
    assert not tab.tools.toggle.isChecked() and tab.chat.tools.config.servers == []
    assert "mcp.json is not valid JSON" in tab.notice.text()
    dialog = tab.tools.open_page()
    assert dialog.error.isVisibleTo(dialog) and "not valid JSON" in dialog.error.text()
    dialog.reject()
