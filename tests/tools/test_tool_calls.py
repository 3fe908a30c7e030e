"""Tool calls parsed from replies in each template's format, the built-in tools, and mcp.json."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.tools import builtin
from desktop_app.core.tools.builtin import ToolError, calculate, read_chosen_file, run_builtin
from desktop_app.core.tools.calls import assistant_message, parse_tool_calls, tool_message
from desktop_app.core.tools.mcp_config import McpConfigError, McpServerConfig, load_config, save_config

KNOWN = {"calculator", "get_weather"}


def test_hermes_qwen_blocks_with_text_around():
    reply = ('Let me check.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "北京"}}\n</tool_call>\n'
             '<tool_call>{"name": "calculator", "arguments": "{\\"expression\\": \\"2+2\\"}"}</tool_call>')
    parsed = parse_tool_calls(reply, KNOWN)
    assert parsed.content == "Let me check."
    assert [(c.name, c.arguments) for c in parsed.calls] == [
        ("get_weather", {"city": "北京"}), ("calculator", {"expression": "2+2"})]
    assert parsed.calls[0].id != parsed.calls[1].id


def test_hermes_block_left_open_at_the_end_of_the_reply():
    parsed = parse_tool_calls('<tool_call>\n{"name": "calculator", "arguments": {"expression": "1+1"}}', KNOWN)
    assert parsed.calls[0].arguments == {"expression": "1+1"}


def test_llama3_json_with_python_tag_and_parameters():
    parsed = parse_tool_calls('<|python_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}; '
                              '{"name": "calculator", "parameters": {"expression": "3*3"}}', KNOWN)
    assert [c.name for c in parsed.calls] == ["get_weather", "calculator"] and parsed.content == ""


def test_bare_json_only_counts_for_offered_tools():
    data = '{"name": "Ada", "arguments": {"age": 36}}'
    assert parse_tool_calls(data, KNOWN).calls == ()
    assert parse_tool_calls(data, KNOWN).content == data
    assert parse_tool_calls('{"name": "calculator", "arguments": {"expression": "1"}}', None).calls == ()


def test_mistral_v3_list_and_v11_args():
    v3 = parse_tool_calls('[TOOL_CALLS] [{"name": "calculator", "arguments": {"expression": "7*6"}, '
                          '"id": "abcDEF123"}]', KNOWN)
    assert v3.calls[0].arguments == {"expression": "7*6"} and v3.calls[0].id == "abcDEF123"
    v11 = parse_tool_calls('[TOOL_CALLS]get_weather[ARGS]{"city": "Lyon"}[TOOL_CALLS]calculator[ARGS]'
                           '{"expression": "1/4"}', KNOWN)
    assert [(c.name, c.arguments) for c in v11.calls] == [("get_weather", {"city": "Lyon"}),
                                                           ("calculator", {"expression": "1/4"})]


def test_malformed_calls_stay_text():
    reply = '<tool_call>{"name": "calculator", "arguments": {"expression": </tool_call>'
    parsed = parse_tool_calls(reply, KNOWN)
    assert parsed.calls == () and parsed.content == reply
    assert parse_tool_calls("Plain answer, 你好.", KNOWN).content == "Plain answer, 你好."


def test_messages_for_the_template_and_openai():
    call = parse_tool_calls('<tool_call>{"name": "calculator", "arguments": {"expression": "2"}}</tool_call>',
                            KNOWN).calls[0]
    msg = assistant_message("", [call])
    assert msg["tool_calls"][0]["function"]["arguments"] == {"expression": "2"}  # a dict, as templates expect
    assert json.loads(call.to_openai()["function"]["arguments"]) == {"expression": "2"}
    assert tool_message(call, "2") == {"role": "tool", "content": "2", "name": "calculator",
                                       "tool_call_id": call.id}


@pytest.mark.parametrize("expr,value", [("1234 * 5678", "7006652"), ("2 ** 10", "1024"), ("(1 + 2) * 3", "9"),
                                        ("sqrt(16) + abs(-2)", "6"), ("10 / 4", "2.5"), ("2^8", "256"),
                                        ("factorial(5)", "120"), ("round(pi, 3)", "3.142"), ("7 // 2", "3")])
def test_calculator(expr, value):
    assert calculate(expr) == value


@pytest.mark.parametrize("expr,words", [
    ("__import__('os').system('true')", "numbers"), ("open('/etc/passwd')", "numbers"), ("x + 1", "numbers"),
    ("(1).__class__", "numbers"), ("9 ** 9 ** 9", "too large"), ("1 / 0", "Division by zero"),
    ("2 +", "not an arithmetic"), ("", "no expression"), ("factorial(100000)", "factorial takes"),
    ("'a' * 3", "numbers"), ("[1, 2]", "numbers"),
])
def test_calculator_refuses_with_a_sentence(expr, words):
    with pytest.raises(ToolError, match=words):
        calculate(expr)


def test_datetime_and_unknown_builtin():
    text = run_builtin("current_datetime", {})
    assert text[:4].isalpha() and "UTC" in text
    with pytest.raises(ToolError, match="no built-in tool called 'rm'"):
        run_builtin("rm", {})


def test_read_file_only_reads_chosen_files(tmp_path):
    chosen = tmp_path / "notes.txt"
    chosen.write_text("会议在周三。 Meeting on Wednesday.", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("no", encoding="utf-8")
    assert "read_file" not in builtin.builtin_names()
    assert "notes.txt" in builtin.definitions([chosen])[-1]["function"]["description"]
    assert read_chosen_file("notes.txt", [chosen]) == "会议在周三。 Meeting on Wednesday."
    for other in (str(secret), "secret.txt", "../secret.txt", "/etc/passwd"):
        with pytest.raises(ToolError, match="not one of the files the user shared"):
            read_chosen_file(other, [chosen])
    binary = tmp_path / "a.bin"
    binary.write_bytes(b"\x00\x01")
    with pytest.raises(ToolError, match="not a text file"):
        read_chosen_file("a.bin", [binary])
    big = tmp_path / "big.txt"
    big.write_text("y" * (builtin.MAX_FILE_CHARS + 10))
    assert "only the first 20,000 are shown" in read_chosen_file("big.txt", [big])
    chosen.unlink()
    with pytest.raises(ToolError, match="could not be read"):
        read_chosen_file("notes.txt", [chosen])


def test_mcp_json_round_trip_keeps_unknown_keys(tmp_path):
    path = tmp_path / "mcp.json"
    path.write_text(json.dumps({"globalShortcut": "x", "mcpServers": {
        "files": {"command": "npx", "args": ["-y", "server-filesystem", "/tmp"], "env": {"K": "v"}, "icon": "f"},
        "web": {"url": "http://127.0.0.1:8000/mcp", "disabled": True, "trusted": True, "alwaysAllow": ["get"]},
        "bad": {"args": []}, "worse": "nope"}}), encoding="utf-8")
    config = load_config(path)
    assert [s.name for s in config.servers] == ["files", "web"]
    assert config.problems == ["The MCP server 'bad' needs a \"command\" (stdio) or a \"url\" (HTTP).",
                               "The MCP server 'worse' is not described by an object."]
    web = config.get("web")
    assert web.transport == "http" and not web.enabled and web.trusted and web.always_allow == ("get",)
    config.allow_always("files", "read")
    config.put(McpServerConfig(name="新的", command="python3", args=("-m", "srv")))
    save_config(config, path)
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["globalShortcut"] == "x" and again["mcpServers"]["files"]["icon"] == "f"
    assert again["mcpServers"]["files"]["alwaysAllow"] == ["read"] and "新的" in again["mcpServers"]


def test_broken_mcp_json_is_reported_and_kept(tmp_path):
    path = tmp_path / "mcp.json"
    assert load_config(path).servers == []  # no file: no servers
    path.write_text('{"mcpServers": {', encoding="utf-8")
    with pytest.raises(McpConfigError, match="not valid JSON"):
        load_config(path)
    save_config(load_config(tmp_path / "none.json"), path)
    kept = list(tmp_path.glob("mcp.json.broken-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == '{"mcpServers": {'
    path.write_text('["a"]', encoding="utf-8")
    with pytest.raises(McpConfigError, match="JSON object"):
        load_config(path)


@pytest.mark.parametrize("text,expected", [
    ("<tool", None), ("<tool_call>{", True), ("```", None), ("```json\n{", True), ("```python\nprint", False),
    ("  {\"name\"", True), ("[TOOL", None), ("[TOOL_CALLS]", True), ("Hello", False), ("你好", False),
    ("[1] a list", False), ("", None),
])
def test_might_be_call_while_streaming(text, expected):
    from desktop_app.core.tools.calls import might_be_call

    assert might_be_call(text) is expected


def test_held_stream_shows_text_at_once_and_holds_calls():
    from desktop_app.core.engine.types import Chunk
    from desktop_app.core.tools.loop import _HeldStream

    shown = []
    plain = _HeldStream(lambda c: shown.append(c.text))
    for piece in ["`", "``", "py", "thon\nprint(1)", "\n```"]:
        plain(Chunk(text=piece))
    assert "".join(shown) == "```python\nprint(1)\n```"
    shown.clear()
    call = _HeldStream(lambda c: shown.append(c.text))
    for piece in ["<tool", "_call>", '{"name": "x"}']:
        call(Chunk(text=piece))
    assert shown == []
    short = _HeldStream(lambda c: shown.append(c.text))
    short(Chunk(text="<to"))
    short.release()  # the reply ended before it could tell: what was held is shown
    assert shown == ["<to"]


def test_tool_calls_are_stored_with_their_reply(tmp_path):
    from desktop_app.core.storage.database import Database
    from desktop_app.core.storage.tool_calls import save_tool_calls, tool_calls_of
    from desktop_app.core.tools.calls import ToolCall
    from desktop_app.core.tools.loop import ToolRecord, summarize_records
    from desktop_app.core.tools.mcp_client import ToolOutcome

    db = Database(tmp_path / "chats.db")
    conversation = db.create_conversation("t")
    db.add_message(conversation, "user", "加 1 和 2")
    reply = db.add_message(conversation, "assistant", "3")
    records = [ToolRecord(ToolCall("add", {"a": 1, "b": 2}, "call_1"), "local", "allow", ToolOutcome("3")),
               ToolRecord(ToolCall("greet", {"name": "小明"}, "call_2"), "local", "deny",
                          ToolOutcome("The user denied this tool call.", True))]
    save_tool_calls(db, reply, summarize_records(records))
    stored = tool_calls_of(db, reply)
    assert [(r["name"], r["arguments"], r["decision"], r["result"], r["error"]) for r in stored] == [
        ("add", {"a": 1, "b": 2}, "allow", "3", False),
        ("greet", {"name": "小明"}, "deny", "The user denied this tool call.", True)]
    db.close()
    db = Database(tmp_path / "chats.db")  # kept across a restart
    assert len(tool_calls_of(db, reply)) == 2
    db.delete_conversation(conversation)
    assert tool_calls_of(db, reply) == []  # removed with the reply
