"""Chat settings offer built-in system prompts: picking one fills the system prompt (saved with the conversation,
editable after), and "Answer in my language" is the prompt bench/chat_language.py measures."""

from __future__ import annotations

from desktop_app.core.tasks.chat import LANGUAGE_SYSTEM_PROMPT, SYSTEM_PROMPTS
from desktop_app.ui.widgets.chat_settings_panel import ChatSettingsPanel


def test_a_built_in_prompt_fills_the_system_prompt_and_the_choice_resets(qtbot):
    panel = ChatSettingsPanel()
    qtbot.addWidget(panel)
    emitted = []
    panel.changed.connect(emitted.append)
    index = panel.prompt_choice.findData("Answer in my language")
    assert index > 0 and panel.prompt_choice.itemText(index) == "Answer in my language"
    panel.prompt_choice.activated.emit(index)  # as a click on the entry does
    assert panel.system_prompt.toPlainText() == LANGUAGE_SYSTEM_PROMPT
    assert emitted and emitted[-1].system_prompt == LANGUAGE_SYSTEM_PROMPT
    assert panel.prompt_choice.currentIndex() == 0
    panel.system_prompt.setPlainText(LANGUAGE_SYSTEM_PROMPT + " Be brief.")  # the user edits it further
    assert emitted[-1].system_prompt.endswith("Be brief.")
    panel.prompt_choice.activated.emit(panel.prompt_choice.findData("Always Chinese"))
    assert panel.settings().system_prompt == SYSTEM_PROMPTS["Always Chinese"]


def test_the_prompt_names_read_chinese_in_the_chinese_interface(qtbot):
    from desktop_app.ui.i18n import install_translator

    try:
        install_translator("zh_CN")
        panel = ChatSettingsPanel()
        qtbot.addWidget(panel)
        names = [panel.prompt_choice.itemText(i) for i in range(panel.prompt_choice.count())]
        assert "用我的语言回答" in names and "使用内置提示词…" in names
    finally:
        install_translator("en")  # no Chinese left for the tests after this one
