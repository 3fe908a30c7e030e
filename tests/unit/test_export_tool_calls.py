"""Export and import carry a reply's tool calls (issue 16): our JSON round-trips them losslessly, Markdown shows
them readably, OpenAI-messages JSONL writes and reads them as `tool_calls` and `tool` messages."""

from __future__ import annotations

import json

from desktop_app.core.finetune.dataset_files import read_rows
from desktop_app.core.finetune.datasets import validate_rows
from desktop_app.core.storage.database import COMPLETE, Database
from desktop_app.core.storage.export import JSON, MARKDOWN, OPENAI, SHAREGPT, TRAINING, export
from desktop_app.core.storage.import_formats import import_conversations, read_export
from desktop_app.core.storage.tool_calls import save_tool_calls, tool_calls_of
from desktop_app.core.tools.registry import DENIED_RESULT

ADD = {"id": "c1", "name": "add", "arguments": {"a": 1200, "b": 34}, "server": "test-tools", "decision": "allow",
       "result": "1234", "error": False, "note": ""}
READ = {"id": "c2", "name": "read_file", "arguments": {"path": "笔记.txt"}, "server": "built-in",
        "decision": "deny", "result": DENIED_RESULT, "error": True, "note": ""}


def _db(tmp_path, name="a.sqlite3") -> tuple[Database, int]:
    db = Database(tmp_path / name)
    cid = db.create_conversation("Tools", {"system_prompt": "Be brief."})
    db.add_message(cid, "user", "Add 1200 and 34, then read 笔记.txt.", images=[])
    reply = db.add_message(cid, "assistant", "", COMPLETE)
    db.update_message(reply, "1234; reading was denied.", COMPLETE, 10, 5, 2.0)
    save_tool_calls(db, reply, [ADD, READ])
    return db, cid


def _reply_calls(db: Database, cid: int) -> list[dict]:
    return tool_calls_of(db, db.messages(cid)[-1].id)


def test_json_round_trip_keeps_the_calls(tmp_path):
    db, cid = _db(tmp_path)
    first = tmp_path / "one.json"
    export(db, [cid], first, JSON)
    assert json.loads(first.read_text(encoding="utf-8"))["conversations"][0]["messages"][1]["tool_calls"] == [
        ADD, READ]
    other = Database(tmp_path / "b.sqlite3")
    (new,) = import_conversations(other, read_export(first))
    assert _reply_calls(other, new) == [ADD, READ]
    assert tool_calls_of(other, other.messages(new)[0].id) == []  # the question has none
    second = tmp_path / "two.json"
    export(other, [new], second, JSON)
    strip = lambda p: {k: v for k, v in json.loads(p.read_text(encoding="utf-8")).items() if k != "exported_at"}  # noqa: E731
    assert strip(first) == strip(second)
    db.close()
    other.close()


def test_markdown_shows_each_call_readably(tmp_path):
    db, cid = _db(tmp_path)
    out = tmp_path / "chat.md"
    export(db, [cid], out, MARKDOWN)
    text = out.read_text(encoding="utf-8")
    assert "**Tool call:** `add` (test-tools) · allowed" in text and '"a": 1200' in text
    assert "**Tool call:** `read_file` (built-in) · denied" in text and "笔记.txt" in text
    assert text.index("```\n1234\n```") < text.index("1234; reading was denied.")
    db.close()


def test_openai_jsonl_writes_and_reads_tool_calls(tmp_path):
    db, cid = _db(tmp_path)
    out = tmp_path / "train.jsonl"
    export(db, [cid], out, OPENAI)
    messages = json.loads(out.read_text(encoding="utf-8"))["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "tool", "tool", "assistant"]
    assert messages[2]["tool_calls"][0] == {"id": "c1", "type": "function",
                                            "function": {"name": "add", "arguments": '{"a": 1200, "b": 34}'}}
    assert messages[3] == {"role": "tool", "tool_call_id": "c1", "content": "1234"}
    assert messages[5]["content"] == "1234; reading was denied."
    other = Database(tmp_path / "b.sqlite3")
    (new,) = import_conversations(other, read_export(out))
    calls = _reply_calls(other, new)
    assert [(c["id"], c["name"], c["arguments"], c["result"]) for c in calls] == [
        ("c1", "add", {"a": 1200, "b": 34}, "1234"), ("c2", "read_file", {"path": "笔记.txt"}, DENIED_RESULT)]
    assert other.messages(new)[-1].content == "1234; reading was denied."
    sharegpt = tmp_path / "share.jsonl"  # ShareGPT has no tool turns: the text only
    export(db, [cid], sharegpt, SHAREGPT)
    assert [t["from"] for t in json.loads(sharegpt.read_text(encoding="utf-8"))["conversations"]] == [
        "system", "human", "gpt"]
    training = tmp_path / "finetune.jsonl"  # "Fine-tune on these": text turns, which the wizard's reader takes
    export(db, [cid], training, TRAINING)
    assert [m["role"] for m in json.loads(training.read_text(encoding="utf-8"))["messages"]] == [
        "system", "user", "assistant"]
    examples, _report = validate_rows(read_rows(training))
    assert len(examples) == 1
    assert validate_rows(read_rows(out))[0] == []  # the tool turns are why the wizard gets TRAINING, not OPENAI
    db.close()
    other.close()


def test_openai_jsonl_calls_without_an_answer_and_bad_arguments(tmp_path):
    path = tmp_path / "odd.jsonl"
    row = {"messages": [
        {"role": "user", "content": "时间？"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "x", "type": "function", "function": {"name": "now", "arguments": "{not json"}},
            {"type": "function", "function": "not a dict"}]},
        {"role": "tool", "tool_call_id": "x", "content": "13:20"}]}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    conv = read_export(path).conversations[0]
    assert [m.role for m in conv.messages] == ["user", "assistant"] and conv.messages[1].content == ""
    assert [(c["name"], c["arguments"], c["result"]) for c in conv.messages[1].tool_calls] == [("now", {}, "13:20")]
