"""The tools a chat offers the model: the built-in ones and those of each enabled MCP server, and the one way to run
a call, decide whether it needs the user's approval, and stop a turn that calls too much.

Plain Python: the worker (workers/tool_runner.py) calls `refresh` and `run` on its own thread; the API server uses
the same parsing but runs no tools (its clients run their own).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.errors import Cancelled
from desktop_app.core.messages import phrase
from desktop_app.core.tools import builtin
from desktop_app.core.tools.builtin import BUILTIN_SERVER, ToolError
from desktop_app.core.tools.calls import ToolCall, assistant_message, tool_message
from desktop_app.core.tools.mcp_client import McpHub, ToolOutcome, cap_result
from desktop_app.core.tools.mcp_config import McpConfig

MAX_CALLS_PER_TURN = 8  # tool calls in one reply of the model; more is a loop (LM Studio #1362)


def limit_sentence(limit: int = MAX_CALLS_PER_TURN) -> str:
    return (f"The model asked for more than {limit} tool calls in one reply, so it was stopped: "
            "it was probably calling tools in a loop.")


REPEAT_SENTENCE = ("The model asked for a tool call it had already made, with the same arguments, so it was "
                   "stopped: it was calling tools in a loop. The results above are what the tools answered.")


@dataclass(frozen=True)
class ToolEntry:
    server: str  # BUILTIN_SERVER or the MCP server's name
    name: str
    definition: dict[str, Any]


@dataclass
class ToolRegistry:
    """What is on offer for one conversation. `refresh()` asks each enabled server for its tools (slow: not on
    the GUI thread); `problems` then holds a sentence per server that could not be reached."""

    config: McpConfig = field(default_factory=McpConfig)
    hub: McpHub | None = None
    chosen_files: tuple[Path, ...] = ()
    builtins: bool = True
    entries: dict[str, ToolEntry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    session_allowed: set[str] = field(default_factory=set)  # "server/tool" the user allowed for good this run

    def __post_init__(self) -> None:
        self._add_builtins()

    def _add_builtins(self) -> None:
        if self.builtins:
            for d in builtin.definitions(self.chosen_files):
                self.entries[d["function"]["name"]] = ToolEntry(BUILTIN_SERVER, d["function"]["name"], d)

    def refresh(self, cancel: threading.Event | None = None) -> None:
        self.entries, self.problems = {}, list(self.config.problems)
        self._add_builtins()
        for server in self.config.servers:
            if not server.enabled or self.hub is None:
                continue
            if cancel is not None and cancel.is_set():
                raise Cancelled("Cancelled.")
            try:
                tools = self.hub.list_tools(server, cancel)
            except ToolError as exc:
                self.problems.append(str(exc))
                continue
            for tool in tools:
                if tool.name in self.entries:
                    self.problems.append(f"The tool '{tool.name}' of '{server.name}' has the name of another tool "
                                         f"({self.entries[tool.name].server}); it is left out.")
                    continue
                self.entries[tool.name] = ToolEntry(server.name, tool.name, tool.definition())

    def definitions(self) -> list[dict[str, Any]]:
        return [e.definition for e in self.entries.values()]

    def names(self) -> set[str]:
        return set(self.entries)

    def server_of(self, call: ToolCall) -> str:
        entry = self.entries.get(call.name)
        return entry.server if entry else ""

    def needs_approval(self, call: ToolCall) -> bool:
        """Built-in tools touch only what the user picked; a server's tool needs approval unless the server is
        trusted or the user chose "Always" for this tool."""
        server = self.server_of(call)
        if server in ("", BUILTIN_SERVER):
            return False
        if f"{server}/{call.name}" in self.session_allowed:
            return False
        config = self.config.get(server)
        return not (config is not None and (config.trusted or call.name in config.always_allow))

    def allow_always(self, call: ToolCall) -> None:
        server = self.server_of(call)
        self.session_allowed.add(f"{server}/{call.name}")
        self.config.allow_always(server, call.name)

    def run(self, call: ToolCall, cancel: threading.Event | None = None) -> ToolOutcome:
        """Run one call. A failure is an outcome with is_error and the sentence as its text (the model reads it and
        the user sees it); only Cancelled propagates."""
        entry = self.entries.get(call.name)
        try:
            if entry is None:
                raise ToolError(phrase("There is no tool called '{name}'.", name=call.name))
            if entry.server == BUILTIN_SERVER:
                text, note = cap_result(builtin.run_builtin(call.name, call.arguments, self.chosen_files), call.name)
                return ToolOutcome(text, False, note)
            server = self.config.get(entry.server)
            if server is None or self.hub is None:
                raise ToolError(phrase("The MCP server '{server}' is no longer configured.", server=entry.server))
            return self.hub.call_tool(server, call.name, call.arguments, cancel)
        except ToolError as exc:
            return ToolOutcome(str(exc), True, str(exc))


DENIED_RESULT = phrase("The user denied this tool call.")  # the model reads it; the card shows it translated


@dataclass
class ToolConversation:
    """The messages of one reply that calls tools: each round appends the assistant's calls and their results, and
    counts the calls against the limit."""

    messages: list[dict[str, Any]]
    limit: int = MAX_CALLS_PER_TURN
    calls_made: int = 0
    seen: set[str] = field(default_factory=set)  # name + arguments of every call made in this reply

    @staticmethod
    def _key(call: ToolCall) -> str:
        return call.name + "\0" + json.dumps(call.arguments, sort_keys=True, ensure_ascii=False)

    def over_limit(self, calls: Sequence[ToolCall]) -> bool:
        return self.calls_made + len(calls) > self.limit

    def repeats(self, calls: Sequence[ToolCall]) -> bool:
        """Every call of this round was already made, with the same arguments: running them again would give
        the model the same results it ignored, so the reply is stopped instead."""
        return bool(calls) and all(self._key(c) in self.seen for c in calls)

    def add_round(self, content: str, calls: Sequence[ToolCall], results: Sequence[str]) -> None:
        self.calls_made += len(calls)
        self.seen.update(self._key(c) for c in calls)
        self.messages.append(assistant_message(content, list(calls)))
        self.messages.extend(tool_message(c, r) for c, r in zip(calls, results, strict=True))
