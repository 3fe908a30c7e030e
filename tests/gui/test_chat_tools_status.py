"""The status line under the input while a tool call waits: "Waiting for your approval…", not "Thinking…"; then
the tool running; then the model's own status again (issue 16). The subject is the UI: the ToolTurn's signals are
emitted as a reply would emit them, and the reply is held "generating" without a model."""

from __future__ import annotations

from desktop_app.core.tools.calls import ToolCall
from desktop_app.core.tools.mcp_client import ToolOutcome
from tests.conftest import write_settings
from tests.gui.helpers import open_window
from tests.gui.test_translations import chinese  # noqa: F401 (the fixture: a Chinese interface)


def _status_steps(qtbot, monkeypatch) -> list[str]:
    window = open_window(qtbot, wait_for_model=False)
    tab = window.chat_tab
    monkeypatch.setattr(tab.chat, "is_generating", lambda: True)
    label, turn = tab.pane.input.stats_label, tab.chat.tools
    tab.pane.show_thinking_status()
    steps = [label.text()]
    call = ToolCall("add", {"a": 1, "b": 2})
    turn.call_requested.emit(call, "test-tools", True)
    steps.append(label.text())
    card = tab.tools.panel.cards[call.id]
    card.allow_button.click()  # the ToolTurn has nobody waiting on this call: it ignores the answer
    steps.append(label.text())
    turn.call_finished.emit(call.id, ToolOutcome("3", False))
    steps.append(label.text())
    denied = ToolCall("add", {"a": 5, "b": 6})
    turn.call_requested.emit(denied, "test-tools", True)
    tab.tools.panel.cards[denied.id].deny_button.click()
    steps.append(label.text())
    return steps


def test_the_status_says_waiting_for_approval_then_running(qtbot, monkeypatch, app_home, smollm2):
    write_settings(app_home, chat_model_path=str(smollm2))
    assert _status_steps(qtbot, monkeypatch) == [
        "Thinking…", "Waiting for your approval…", "Running add…", "Thinking…", "Thinking…"]


def test_the_status_in_chinese(qtbot, monkeypatch, chinese):  # noqa: F811
    assert _status_steps(qtbot, monkeypatch) == ["思考中…", "正在等待你的批准…", "正在运行 add…", "思考中…", "思考中…"]


def test_the_tools_switch_is_remembered_per_conversation(qtbot, app_home, smollm2):
    write_settings(app_home, chat_model_path=str(smollm2))
    window = open_window(qtbot, wait_for_model=False)
    tab = window.chat_tab
    db = tab.db
    assert not tab.tools.toggle.isChecked()
    with_tools = db.create_conversation("With tools", {})
    without = db.create_conversation("Without", {})
    tab.open_conversation(with_tools)
    tab.tools.toggle.click()
    assert db.conversation(with_tools).settings["tools"] is True
    tab.settings_panel.temperature.setValue(0.3)  # a later edit of the settings keeps the switch
    assert db.conversation(with_tools).settings["tools"] is True
    tab.open_conversation(without)
    assert not tab.tools.toggle.isChecked() and db.conversation(without).settings.get("tools") is not True
    tab.open_conversation(with_tools)
    assert tab.tools.toggle.isChecked() and tab.chat_settings.tools
    tab.new_conversation()  # a new chat starts from the defaults, which this switch did not change
    assert not tab.tools.toggle.isChecked()
    tab.tools.toggle.click()  # on a new, unsent chat: the default of new chats
    assert tab.app_settings.chat_defaults["tools"] is True
    tab.new_conversation()
    assert tab.tools.toggle.isChecked()


def test_the_old_app_wide_switch_seeds_new_chats(qtbot, app_home, smollm2):
    write_settings(app_home, chat_model_path=str(smollm2), task_settings={"tools": {"enabled": True, "files": []}})
    tab = open_window(qtbot, wait_for_model=False).chat_tab
    assert tab.tools.toggle.isChecked() and tab.chat_settings.tools
    tab.new_conversation()
    assert tab.chat_settings.tools
