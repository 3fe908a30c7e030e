"""Reply as JSON in the Chat tab: the schema editor in the settings panel, SmolLM2 held to the schema through its
engine, and one sentence for a schema that is wrong."""

from __future__ import annotations

import json

from desktop_app.core.storage.database import COMPLETE, ERROR
from desktop_app.core.tasks.structured import check_reply
from tests.gui.helpers import open_window, set_params, type_and_send

SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string", "maxLength": 30}, "country": {"type": "string", "maxLength": 30},
                   "population_millions": {"type": "number"}},
    "required": ["city", "country", "population_millions"],
}


def test_reply_as_json_follows_the_schema(qtbot, use_smollm2):
    window = open_window(qtbot)
    tab = window.chat_tab
    set_params(tab, temperature=0.0, max_tokens=120)
    editor = tab.settings_panel.json_reply
    assert not editor.schema.isVisibleTo(editor)
    editor.enabled.setChecked(True)
    assert editor.schema.isVisibleTo(editor) and json.loads(editor.schema.toPlainText())  # an example to start from
    editor.schema.setPlainText(json.dumps(SCHEMA, indent=2))
    assert editor.problem() == "" and not editor.problem_label.isVisibleTo(editor)
    assert json.loads(tab.chat_settings.params.json_schema) == SCHEMA

    result = type_and_send(qtbot, tab, "Tell me about the capital of France.")
    value = check_reply(result.text, json.dumps(SCHEMA))
    assert set(value) == set(SCHEMA["properties"])
    reply = tab.db.messages(tab.conversation_id)[-1]
    assert reply.status == COMPLETE and json.loads(reply.content) == value
    # the conversation remembers its schema: opening it again shows the editor on
    tab.new_conversation()
    assert not editor.enabled.isChecked()
    tab.open_conversation(reply.conversation_id)
    assert editor.enabled.isChecked() and json.loads(editor.schema_text()) == SCHEMA
    window.close()


def test_a_wrong_schema_is_one_sentence(qtbot, use_smollm2):
    window = open_window(qtbot)
    tab = window.chat_tab
    editor = tab.settings_panel.json_reply
    editor.enabled.setChecked(True)
    editor.schema.setPlainText('{"type": "object", "properties": ')
    assert editor.problem().startswith("The JSON schema is not valid JSON")
    assert editor.problem_label.isVisibleTo(editor)
    failures: list[str] = []
    tab.chat.failed.connect(failures.append)
    type_and_send(qtbot, tab, "Hello")
    assert failures and failures[0].startswith("The JSON schema is not valid JSON")
    assert tab.notice.text().startswith("The JSON schema is not valid JSON")
    assert tab.db.messages(tab.conversation_id)[-1].status == ERROR
    # turning it off answers in plain text again
    editor.enabled.setChecked(False)
    assert tab.chat_settings.params.json_schema == ""
    set_params(tab, max_tokens=8)
    assert type_and_send(qtbot, tab, "Hello").text
    window.close()
