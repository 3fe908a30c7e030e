"""The MCP client against servers written for the tests: stdio and HTTP, one that hangs, one that crashes, one
that returns 10 MB, one that never answers and one that cannot start. Each failure is one sentence, in bounded
time, and the hub keeps working afterwards."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from desktop_app.core.errors import Cancelled
from desktop_app.core.tools.builtin import ToolError
from desktop_app.core.tools.mcp_client import MAX_RESULT_CHARS, McpHub
from tests.tools.conftest import stdio_server
from tests.waiting import wait_for


def servers_running() -> list[str]:
    """The stdio test servers this test process started that are still running (not the module's HTTP one)."""
    import psutil

    found = []
    for p in psutil.Process().children(recursive=True):
        try:
            cmd = p.cmdline()
        except psutil.Error:  # ended meanwhile
            continue
        if "tests.fixtures.mcp_servers" in cmd and "http" not in cmd and p.status() != psutil.STATUS_ZOMBIE:
            found.append(" ".join(cmd))
    return found


@pytest.fixture
def hub(tmp_path):
    h = McpHub(log_dir=tmp_path)
    yield h
    h.shutdown()
    assert servers_running() == [], "every stdio server ends with the hub"


def test_stdio_lists_and_calls_tools(hub):
    server = stdio_server()
    tools = {t.name: t for t in hub.list_tools(server)}
    assert {"add", "greet", "hang", "crash", "flood"} <= set(tools)
    assert tools["add"].input_schema["required"] == ["a", "b"]
    assert tools["add"].definition()["function"]["parameters"]["properties"]["a"]["type"] == "integer"
    assert hub.call_tool(server, "add", {"a": 2, "b": 40}).text == "42"
    assert hub.call_tool(server, "greet", {"name": "世界"}).text == "你好, 世界! Hello, 世界!"
    assert hub.is_open("local")  # kept open for the next call


def test_http_lists_and_calls_tools(hub, http_server):
    assert "greet" in {t.name for t in hub.list_tools(http_server)}
    outcome = hub.call_tool(http_server, "greet", {"name": "Ada"})
    assert outcome.text == "你好, Ada! Hello, Ada!" and not outcome.is_error


def test_bad_arguments_come_back_as_a_tool_error(hub):
    outcome = hub.call_tool(stdio_server(), "add", {"a": "not a number"})
    assert outcome.is_error and outcome.text  # the server's own sentence, given to the model to correct itself


def test_a_hanging_tool_times_out_and_the_server_still_answers(hub):
    server = stdio_server(timeout_s=2)
    hub.list_tools(server)
    start = time.monotonic()
    with pytest.raises(ToolError, match=r"did not answer within 2 s while running hang"):
        hub.call_tool(server, "hang", {})
    assert time.monotonic() - start < 5
    assert hub.call_tool(server, "add", {"a": 1, "b": 1}).text == "2"


def test_cancel_abandons_a_call_at_once(hub):
    server = stdio_server()
    hub.list_tools(server)
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    start = time.monotonic()
    with pytest.raises(Cancelled):
        hub.call_tool(server, "hang", {}, cancel=cancel)
    assert time.monotonic() - start < 2


def test_a_server_that_crashes_mid_call_gets_a_sentence_and_restarts(hub):
    server = stdio_server(timeout_s=20)
    hub.list_tools(server)
    start = time.monotonic()
    with pytest.raises(ToolError) as err:
        hub.call_tool(server, "crash", {})
    assert time.monotonic() - start < 10, "a dead server must not wait for the timeout"
    assert "stopped while running crash" in str(err.value)
    assert "crashing on purpose" in str(err.value)  # its last stderr line says why
    assert hub.call_tool(server, "add", {"a": 3, "b": 4}).text == "7"  # started again


def test_ten_megabytes_are_cut_with_a_sentence(hub, http_server):
    for server in (stdio_server(), http_server):
        outcome = hub.call_tool(server, "flood", {})
        assert len(outcome.text) < MAX_RESULT_CHARS + 100
        assert outcome.note == f"flood returned 10.5 MB; the model was given only its first {MAX_RESULT_CHARS:,} characters."


def test_a_server_that_never_answers_at_start(hub):
    server = stdio_server(name="mute", mode="mute", timeout_s=2)
    start = time.monotonic()
    with pytest.raises(ToolError, match="'mute' did not answer within 2 s while listing its tools"):
        hub.list_tools(server)
    assert time.monotonic() - start < 5
    wait_for(lambda: servers_running() == [], 10, what="the server ended in the background, not left running")


def test_a_server_that_exits_at_start(hub):
    with pytest.raises(ToolError) as err:
        hub.list_tools(stdio_server(name="broken", mode="crash-at-start"))
    assert "'broken' stopped" in str(err.value) and "missing API key" in str(err.value)


def test_a_missing_command(hub):
    server = replace(stdio_server(name="ghost"), command="/nonexistent/mcp-server")
    with pytest.raises(ToolError, match="'ghost' could not be started"):
        hub.list_tools(server)


def test_an_http_server_that_is_not_there(hub):
    from desktop_app.core.tools.mcp_config import McpServerConfig

    with pytest.raises(ToolError, match="'nowhere'"):
        hub.list_tools(McpServerConfig(name="nowhere", url="http://127.0.0.1:9/mcp", timeout_s=5))


def test_changing_trust_keeps_the_connection_and_changing_the_command_replaces_it(hub):
    server = stdio_server()
    hub.list_tools(server)
    trusted = replace(server, trusted=True, always_allow=("add",), timeout_s=5)
    assert hub.call_tool(trusted, "add", {"a": 1, "b": 2}).text == "3"  # no deadlock, same server process
    moved = replace(server, args=(*server.args[:-1], "stdio"), env={"EXTRA": "1"})
    assert hub.call_tool(moved, "add", {"a": 2, "b": 2}).text == "4"
