"""Later turns get earlier tool calls and results: a reply's stored calls go back into the next prompt, in the
template's shape, before that reply's answer (issue 16)."""

from __future__ import annotations

from jinja2.sandbox import ImmutableSandboxedEnvironment

from desktop_app.core.storage.database import COMPLETE, Database
from desktop_app.core.storage.tool_calls import save_tool_calls
from desktop_app.core.tasks.chat import build_messages
from desktop_app.core.tools.calls import replayed_calls
from desktop_app.core.tools.registry import DENIED_RESULT
from desktop_app.workers.chat_session import ChatSession

# The tool part of Qwen2.5's own chat template (the Qwen GGUF fixture's), which reads the shape we send back.
QWEN_TOOLS_TEMPLATE = (
    "{%- for message in messages %}"
    "{%- if message.role in ('user', 'system') or (message.role == 'assistant' and not message.tool_calls) %}"
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}"
    "{%- elif message.role == 'assistant' %}{{- '<|im_start|>' + message.role }}"
    "{%- if message.content %}{{- '\\n' + message.content }}{%- endif %}"
    "{%- for tool_call in message.tool_calls %}"
    "{%- if tool_call.function is defined %}{%- set tool_call = tool_call.function %}{%- endif %}"
    "{{- '\\n<tool_call>\\n{\"name\": \"' }}{{- tool_call.name }}{{- '\", \"arguments\": ' }}"
    "{{- tool_call.arguments | tojson }}{{- '}\\n</tool_call>' }}{%- endfor %}{{- '<|im_end|>\\n' }}"
    "{%- elif message.role == 'tool' %}"
    "{%- if loop.index0 == 0 or messages[loop.index0 - 1].role != 'tool' %}{{- '<|im_start|>user' }}{%- endif %}"
    "{{- '\\n<tool_response>\\n' }}{{- message.content }}{{- '\\n</tool_response>' }}"
    "{%- if loop.last or messages[loop.index0 + 1].role != 'tool' %}{{- '<|im_end|>\\n' }}{%- endif %}"
    "{%- endif %}{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)

RECORDS = [
    {"id": "call_1", "name": "calculator", "arguments": {"expression": "6*7"}, "server": "built-in",
     "decision": "auto", "result": "42", "error": False, "note": ""},
    {"id": "call_2", "name": "read_file", "arguments": {"path": "/tmp/笔记.txt"}, "server": "built-in",
     "decision": "deny", "result": DENIED_RESULT, "error": True, "note": ""},
]


def test_replayed_calls_are_one_assistant_turn_then_each_result():
    turn, first, second = replayed_calls(RECORDS)
    assert turn == {"role": "assistant", "content": "", "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "calculator", "arguments": {"expression": "6*7"}}},
        {"id": "call_2", "type": "function", "function": {"name": "read_file", "arguments": {"path": "/tmp/笔记.txt"}}},
    ]}
    assert first == {"role": "tool", "content": "42", "name": "calculator", "tool_call_id": "call_1"}
    assert second["content"] == DENIED_RESULT and second["tool_call_id"] == "call_2"


def test_a_damaged_record_is_left_out_and_none_gives_nothing():
    assert replayed_calls([]) == []
    assert replayed_calls([{"arguments": {"x": 1}}, {"name": ""}]) == []
    (turn, result) = replayed_calls([{"name": "now", "arguments": "not a dict", "result": 3}])
    assert turn["tool_calls"][0]["function"] == {"name": "now", "arguments": {}} and turn["tool_calls"][0]["id"]
    assert result["content"] == "3"


def _conversation(tmp_path):
    db = Database(tmp_path / "chat.sqlite3")
    cid = db.create_conversation("Tools", {})
    db.add_message(cid, "user", "What is 6*7? And read my notes.", images=[])
    reply = db.add_message(cid, "assistant", "", COMPLETE)
    db.update_message(reply, "6*7 is 42; reading the notes was denied.", COMPLETE)
    save_tool_calls(db, reply, RECORDS)
    db.add_message(cid, "user", "再乘以二呢？", images=[])
    return db, cid


def test_the_next_prompt_carries_the_earlier_calls_and_results_with_tools_on(qtbot, tmp_path):
    db, cid = _conversation(tmp_path)
    chat = ChatSession(None, db)  # type: ignore[arg-type]  (no model needed to build the prompt)
    messages = build_messages("Be brief.", chat.prompt_history(db.messages(cid), with_tools=True))
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "tool", "tool", "assistant", "user"]
    assert messages[2]["tool_calls"][0]["function"]["name"] == "calculator"
    assert messages[3] == {"role": "tool", "content": "42", "name": "calculator", "tool_call_id": "call_1"}
    assert messages[5]["content"].startswith("6*7 is 42") and messages[6]["content"] == "再乘以二呢？"
    # Rendered by a template with a tools section, the model reads its own call and the result it got.
    prompt = ImmutableSandboxedEnvironment().from_string(QWEN_TOOLS_TEMPLATE).render(
        messages=messages, add_generation_prompt=True)
    assert "<tool_response>\n42\n</tool_response>" in prompt and '"expression": "6*7"' in prompt
    assert prompt.index("<tool_response>\n42") < prompt.index("6*7 is 42") < prompt.index("再乘以二呢")
    # With Tools off the prompt is the conversation's text only (a template without a tools section).
    plain = build_messages("", chat.prompt_history(db.messages(cid), with_tools=False))
    assert [m["role"] for m in plain] == ["user", "assistant", "user"] and "tool_calls" not in plain[1]
    db.close()


def test_an_unreadable_tool_call_table_leaves_the_calls_out_not_the_reply(qtbot, tmp_path):
    db, cid = _conversation(tmp_path)
    db._conn.execute("UPDATE message_tool_calls SET record='{broken'")
    db._conn.commit()
    chat = ChatSession(None, db)  # type: ignore[arg-type]
    history = chat.prompt_history(db.messages(cid), with_tools=True)
    assert [m["role"] for m in history] == ["user", "assistant", "user"]
    db.close()
