"""Tools through a remote server: the remote backend sends the tools offered, our own API server (over a tiny GGUF
that a grammar makes write an exact Hermes call) returns the call as OpenAI `tool_calls`, and the tool loop runs it
and sends the result back in OpenAI's shape (arguments as a JSON string), which the server takes."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.remote import RemoteBackend
from desktop_app.core.backends.remote_tools import finished_calls, gather_calls, wire_message
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tools.calls import ToolCall, assistant_message, tools_json
from desktop_app.core.tools.loop import approve_all, run_tool_turn
from desktop_app.core.tools.registry import REPEAT_SENTENCE, ToolRegistry
from tests.fixtures.tiny_reasoning import build_reasoning_model, exact_grammar
from tests.server.conftest import serve

CALL = '<tool_call>\n{"name": "calculator", "arguments": {"expression": "1200 + 34"}}\n</tool_call>'
ASK = [{"role": "user", "content": "What is 1200 + 34? 用计算器。"}]


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    with serve(build_reasoning_model(tmp_path_factory.mktemp("tools") / "tiny-qwen3.gguf")) as live:
        backend = RemoteBackend()
        spec = ModelSpec(path=Path(live.base_url), name="remote", backend="remote",
                         extra={"base_url": live.base_url})
        backend.load(spec, LoadOptions(n_ctx=1024))
        yield backend
        backend.unload()


def test_a_servers_tool_calls_run_through_the_tool_loop(remote):
    params = GenerationParams(temperature=0.0, max_tokens=200, grammar=exact_grammar(CALL), thinking="off")
    results = []
    result = run_tool_turn(remote, ASK, params, ToolRegistry(), threading.Event(), approve_all,
                           on_result=lambda call, outcome: results.append(outcome.text))
    # The server parsed the call and sent it apart (the text carried none of it); the calculator ran; the
    # model, held to the same call by the grammar, asked again with the same arguments: the loop guard stopped it
    # (the second request carried the first call and its result, so the server took OpenAI's message shape).
    assert [r.call.name for r in result.records] == ["calculator"]
    assert result.records[0].call.arguments == {"expression": "1200 + 34"} and results == ["1234"]
    assert result.stopped_by_limit == "repeat" and result.text == REPEAT_SENTENCE


def test_tools_and_earlier_calls_go_out_in_openais_shape():
    call = ToolCall("calculator", {"expression": "1+1"}, "call_1")
    wire = wire_message(assistant_message("", (call,)))
    assert wire["tool_calls"][0]["function"]["arguments"] == '{"expression": "1+1"}'
    body = RemoteBackend()._body.__func__  # the request body's tools come from GenerationParams.tools
    fake = type("B", (), {"model": "m", "_strict": False})()
    sent = body(fake, replace(GenerationParams(), tools=tools_json([{"type": "function",
                                                                    "function": {"name": "calculator"}}])))
    assert sent["tools"] == [{"type": "function", "function": {"name": "calculator"}}]


def test_streamed_call_fragments_are_joined_by_index():
    calls: dict[int, list[str]] = {}
    events = [
        {"choices": [{"delta": {"tool_calls": [{"index": 0, "id": "a", "function": {"name": "add", "arguments": ""}}]}}]},
        {"choices": [{"delta": {"tool_calls": [{"index": 0, "function": {"arguments": '{"a": 1,'}}]}}]},
        {"choices": [{"delta": {"tool_calls": [{"index": 1, "id": "b", "function": {"name": "now"}}]}}]},
        {"choices": [{"delta": {"tool_calls": [{"index": 0, "function": {"arguments": ' "b": 2}'}}]}}]},
    ]
    for e in events:
        gather_calls(e, calls)
    assert finished_calls(calls) == (("a", "add", '{"a": 1, "b": 2}'), ("b", "now", ""))
    assert json.loads(finished_calls(calls)[0][2]) == {"a": 1, "b": 2}
