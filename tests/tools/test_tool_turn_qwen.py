"""Real tool calls end to end: Qwen2.5 (whose chat template has a tools section) reads the tool definitions, asks
for a call, the call runs (a built-in tool and an MCP server's tool over stdio), and the model answers with the
result. Greedy decoding with a fixed seed makes the replies reproducible."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.tools.calls import tools_json
from desktop_app.core.tools.loop import ALLOW, DENY, approve_all, run_tool_turn
from desktop_app.core.tools.mcp_client import McpHub
from desktop_app.core.tools.mcp_config import McpConfig
from desktop_app.core.tools.registry import REPEAT_SENTENCE, ToolRegistry, limit_sentence
from tests.integration import test_llama_backend
from tests.tools.conftest import stdio_server

qwen_backend = test_llama_backend.qwen_backend  # the same module fixture: Qwen2.5 loaded once for this module

GREEDY = GenerationParams(temperature=0.0, max_tokens=96, seed=0)


def user(text):
    return [{"role": "user", "content": text}]


def test_the_template_renders_the_tools(qwen_backend):
    registry = ToolRegistry()
    prompt = qwen_backend._formatter(messages=user("hi"), tools=registry.definitions()).prompt
    assert "# Tools" in prompt and '"name": "calculator"' in prompt and "<tool_call>" in prompt
    with_tools = qwen_backend._chat_tokens(user("hi"), tools=tools_json(registry.definitions()))
    assert len(with_tools) > len(qwen_backend._chat_tokens(user("hi"))) + 100


def test_qwen_calls_the_calculator_and_its_loop_is_stopped(qwen_backend):
    """The 0.5B model makes the right call, is given the right result, then calls again with the result as its
    expression and repeats that call: the loop guard stops the reply with a sentence instead of running forever."""
    registry = ToolRegistry()
    shown, calls, results = [], [], []
    result = run_tool_turn(
        qwen_backend, user("What is 1234 * 5678? Use the calculator tool."), GREEDY, registry, threading.Event(),
        approve=lambda call: pytest.fail("a built-in tool needs no approval"),
        on_chunk=lambda c: shown.append(c.text),
        on_call=lambda call, server, asked: calls.append((call.name, call.arguments, server, asked)),
        on_result=lambda call, outcome: results.append(outcome.text),
    )
    assert calls[0] == ("calculator", {"expression": "1234 * 5678"}, "built-in", False)
    assert results[0] == "7006652"
    assert result.stopped_by_limit == "repeat" and result.text == REPEAT_SENTENCE
    assert "".join(shown) == ""  # the calls' JSON was never shown as reply text (the window words the stop)
    assert [r.decision for r in result.records] == ["auto"] * len(calls)


def test_the_per_reply_limit_stops_a_real_model(qwen_backend):
    result = run_tool_turn(qwen_backend, user("What is 1234 * 5678? Use the calculator tool."), GREEDY,
                           ToolRegistry(), threading.Event(), approve_all, limit=1)
    assert len(result.records) == 1 and result.text == limit_sentence(1) and result.stopped_by_limit == "limit"
    assert result.text.startswith("The model asked for more than 1 tool calls in one reply, so it was stopped")


def test_qwen_calls_an_mcp_tool_after_approval_and_a_denial_is_told_to_it(qwen_backend, tmp_path):
    hub = McpHub(log_dir=tmp_path)
    try:
        registry = ToolRegistry(McpConfig([stdio_server()]), hub, builtins=False)
        registry.refresh()
        assert {"add", "greet", "hang", "crash", "flood"} == registry.names() and registry.problems == []
        asked = []

        def approve(call):
            asked.append((call.name, call.arguments))
            return ALLOW

        result = run_tool_turn(qwen_backend, user("Use the add tool to add 1200 and 34."), GREEDY, registry,
                               threading.Event(), approve)
        assert asked[0] == ("add", {"a": 1200, "b": 34})
        assert result.records[0].outcome.text == "1234" and result.records[0].server == "local"

        denied = run_tool_turn(qwen_backend, user("Use the add tool to add 1200 and 34."), GREEDY, registry,
                               threading.Event(), lambda call: DENY)
        assert denied.records[0].decision == DENY
        assert denied.records[0].outcome.text == "The user denied this tool call."
    finally:
        hub.shutdown()


def test_stop_while_waiting_for_approval_ends_the_reply(qwen_backend, tmp_path):
    hub = McpHub(log_dir=tmp_path)
    try:
        registry = ToolRegistry(McpConfig([stdio_server()]), hub, builtins=False)
        registry.refresh()
        cancel = threading.Event()

        def approve(call):
            cancel.set()  # the user pressed Stop instead of answering
            return ALLOW

        result = run_tool_turn(qwen_backend, user("Use the add tool to add 1200 and 34."), GREEDY, registry,
                               cancel, approve)
        assert result.finish_reason == "cancelled" and result.records[0].outcome is None
    finally:
        hub.shutdown()


def test_chinese_request_reaches_the_mcp_tool(qwen_backend, tmp_path):
    hub = McpHub(log_dir=tmp_path)
    try:
        registry = ToolRegistry(McpConfig([stdio_server()]), hub, builtins=False)
        registry.refresh()
        result = run_tool_turn(qwen_backend, user("用 add 工具计算 1200 加 34。"), GREEDY, registry,
                               threading.Event(), approve_all)
        assert result.records[0].call.name == "add" and result.records[0].outcome.text == "1234"
    finally:
        hub.shutdown()
