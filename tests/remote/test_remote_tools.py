"""The remote backend forwards tools and returns tool calls (issue 16), against our own API server on 127.0.0.1 as
the remote, over a tiny GGUF that a grammar makes write an exact Hermes call: the server turns it into OpenAI's
`tool_calls`, and the remote backend hands the tool loop the call it parses for every engine alike; the call and
its result go back to the server in OpenAI's shape on the next round."""

from __future__ import annotations

import json
import threading

import pytest

from desktop_app.core.backends import remote_tools
from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.tasks.chat import collect
from desktop_app.core.tools.calls import assistant_message, parse_tool_calls, tool_message, tools_json
from tests.fixtures.tiny_reasoning import build_reasoning_model, exact_grammar
from tests.remote.test_remote_reasoning import _remote
from tests.server.conftest import serve

ADD = {"type": "function", "function": {
    "name": "add", "description": "Add two whole numbers.",
    "parameters": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                   "required": ["a", "b"]}}}
CALL = '<tool_call>\n{"name": "add", "arguments": {"a": 1200, "b": 34}}\n</tool_call>'
ASK = [{"role": "user", "content": "把 1200 和 34 相加。"}]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with serve(build_reasoning_model(tmp_path_factory.mktemp("remote_tools") / "tiny.gguf")) as server:
        yield server


def test_tools_go_out_and_calls_come_back(live):
    backend = _remote(live.base_url)
    try:
        params = GenerationParams(temperature=0.0, max_tokens=64, thinking="off", tools=tools_json([ADD]),
                                  grammar=exact_grammar(CALL))
        live.drain()
        result = collect(backend.chat_stream(ASK, params, threading.Event()))
        assert live.log.get(timeout=5).status == 200
        # The server sends the call as tool_calls, never as content: the text above is the remote backend's.
        direct = live.client().chat.completions.create(
            model=live.model_id, messages=ASK, tools=[ADD], temperature=0, max_tokens=64,
            extra_body={"grammar": exact_grammar(CALL), "chat_template_kwargs": {"enable_thinking": False}})
        assert direct.choices[0].message.content is None and direct.choices[0].message.tool_calls
        (call,) = parse_tool_calls(result.text, {"add"}).calls
        assert (call.name, call.arguments) == ("add", {"a": 1200, "b": 34})
        # The next round: the call (arguments as a dict, as templates take them) and its result go back.
        follow = [*ASK, assistant_message("", [call]), tool_message(call, "1234")]
        answer = collect(backend.chat_stream(follow, GenerationParams(
            temperature=0.0, max_tokens=32, thinking="off", tools=tools_json([ADD]),
            grammar=exact_grammar("1200 + 34 = 1234.")), threading.Event()))
        assert answer.text == "1200 + 34 = 1234." and parse_tool_calls(answer.text, {"add"}).calls == ()
    finally:
        backend.unload()


def test_streamed_call_pieces_join_and_arguments_go_back_as_json_text():
    """Servers stream a call's arguments in pieces by index; OpenAI takes an earlier call's arguments as a string."""
    calls = remote_tools.ToolCallText()
    calls.add([{"id": "call_1", "type": "function", "function": {"name": "add", "arguments": '{"a": 1, '}},
               {"index": 0, "function": {"arguments": '"b": 2}'}}])
    assert parse_tool_calls(calls.text(), {"add"}).calls[0].arguments == {"a": 1, "b": 2}
    wire = remote_tools.wire_message(assistant_message("", parse_tool_calls(calls.text(), {"add"}).calls))
    assert json.loads(wire["tool_calls"][0]["function"]["arguments"]) == {"a": 1, "b": 2}
