"""One assistant reply that may call tools: generate, find calls, ask, run them, feed the results back, repeat.

The loop runs on the model's worker thread (the window: workers/tool_turn.py; scripts and tests call it directly),
so the GUI thread never waits on a model or a tool. The window's part arrives through callbacks:
- `on_chunk` gets the streamed text of each round, except a round that turns out to be a call: its text is held
  while it looks like markup (`<tool_call>`, `[TOOL_CALLS]`, a JSON object) and dropped when it parses as calls,
  so the conversation never shows raw call syntax;
- `on_call(call, server, needs_approval)` then `approve(call)` (it blocks until the user decides; a trusted server or
  a built-in tool is not asked), then `on_result(call, outcome)`;
- more than `limit` calls in one reply stops the reply with a sentence (a model calling in a loop).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.types import ChatMessage, Chunk, GenerationParams
from desktop_app.core.errors import Cancelled
from desktop_app.core.messages import phrase
from desktop_app.core.tasks.chat import ChatResult, collect, stream_chat_turn
from desktop_app.core.tools.calls import ToolCall, might_be_call, parse_tool_calls, tools_json
from desktop_app.core.tools.mcp_client import ToolOutcome
from desktop_app.core.tools.registry import (
    DENIED_RESULT,
    MAX_CALLS_PER_TURN,
    REPEAT_SENTENCE,
    ToolConversation,
    ToolRegistry,
    limit_sentence,
)

ALLOW, ALWAYS, DENY = "allow", "always", "deny"


class AnyEvent:
    """Set when any of its events is set: a call's own Cancel, or Stop for the whole reply."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


@dataclass
class ToolRecord:
    """A call as it happened, for the conversation view and storage."""

    call: ToolCall
    server: str
    decision: str = ""  # allow / always / deny, or "auto" when no approval was needed
    outcome: ToolOutcome | None = None


@dataclass
class ToolTurnResult(ChatResult):
    records: list[ToolRecord] = field(default_factory=list)
    stopped_by_limit: str = ""  # "limit" (too many calls) or "repeat" (the same call again): `text` says so


class _HeldStream:
    """Forwards a round's text unless it starts like a tool call; then keeps it until the round is parsed."""

    def __init__(self, on_chunk: Callable[[Chunk], None] | None):
        self.on_chunk = on_chunk
        self.text = ""
        self.holding: bool | None = None  # None: not decided yet (whitespace, or the start of a marker)

    def __call__(self, chunk: Chunk) -> None:
        self.text += chunk.text
        if self.holding is None and self.text.strip():
            self.holding = might_be_call(self.text)
            if self.holding is False and self.on_chunk is not None:
                self.on_chunk(replace(chunk, text=self.text))  # what was waiting, at once
                return
        if self.holding is False and self.on_chunk is not None:
            self.on_chunk(chunk)
        elif chunk.dropped_turns and self.on_chunk is not None:
            self.on_chunk(replace(chunk, text=""))

    def release(self) -> None:
        """Not a call after all: show what was held."""
        if self.holding is not False and self.on_chunk is not None and self.text:
            self.on_chunk(Chunk(text=self.text))


def run_tool_turn(
    backend: Backend,
    messages: Sequence[ChatMessage],
    params: GenerationParams,
    registry: ToolRegistry,
    cancel: threading.Event,
    approve: Callable[[ToolCall], str],
    on_chunk: Callable[[Chunk], None] | None = None,
    on_call: Callable[[ToolCall, str, bool], None] | None = None,
    on_result: Callable[[ToolCall, ToolOutcome], None] | None = None,
    call_cancel: Callable[[ToolCall], threading.Event] | None = None,
    limit: int = MAX_CALLS_PER_TURN,
    on_tokens: Callable[[int, int], None] | None = None,
    into: ToolTurnResult | None = None,
) -> ToolTurnResult:
    """The reply, after as many tool rounds as the model asks for (up to `limit` calls).

    `on_tokens(prompt tokens, completion tokens of the whole turn so far)` follows every chunk, those of rounds
    that end in a tool call too (their text is never shown). `into` is the result to fill: a caller that stops
    the turn before it returns reads from it the calls already made (`records`, each with its outcome once the
    tool answered)."""
    params = replace(params, tools=tools_json(registry.definitions()))
    conversation = ToolConversation([dict(m) for m in messages], limit)
    total = into if into is not None else ToolTurnResult(text="", finish_reason="stop")
    while True:
        held = _HeldStream(on_chunk)

        def counted(chunk: Chunk, held: _HeldStream = held) -> None:
            if on_tokens is not None and (chunk.prompt_tokens or chunk.completion_tokens):
                on_tokens(chunk.prompt_tokens, total.completion_tokens + chunk.completion_tokens)
            held(chunk)

        result = collect(stream_chat_turn(backend, conversation.messages, params, cancel), counted)
        total.prompt_tokens = result.prompt_tokens
        total.completion_tokens += result.completion_tokens
        total.elapsed_s += result.elapsed_s
        total.first_token_s = total.first_token_s or result.first_token_s
        total.dropped_turns = max(total.dropped_turns, result.dropped_turns)
        total.threads = result.threads or total.threads
        parsed = parse_tool_calls(result.text, registry.names()) if result.finish_reason != "cancelled" else None
        if parsed is None or not parsed.calls:
            held.release()
            total.text, total.finish_reason = result.text, result.finish_reason
            return total
        stop = ("limit" if conversation.over_limit(parsed.calls)
                else "repeat" if conversation.repeats(parsed.calls) else "")
        if stop:  # not streamed: the window says it in the user's language (workers/tool_turn.py)
            total.text = limit_sentence(limit) if stop == "limit" else REPEAT_SENTENCE
            total.finish_reason, total.stopped_by_limit = "stop", stop
            return total
        results = []
        for call in parsed.calls:
            if cancel.is_set():
                total.text, total.finish_reason = "", "cancelled"
                return total
            record = ToolRecord(call, registry.server_of(call))
            total.records.append(record)
            asked = registry.needs_approval(call)
            if on_call is not None:
                on_call(call, record.server, asked)
            record.decision = approve(call) if asked else "auto"
            if cancel.is_set():
                total.text, total.finish_reason = "", "cancelled"
                return total
            if record.decision == DENY:
                record.outcome = ToolOutcome(DENIED_RESULT, True)
            else:
                if record.decision == ALWAYS:
                    registry.allow_always(call)
                own = call_cancel(call) if call_cancel is not None else threading.Event()
                try:
                    record.outcome = registry.run(call, AnyEvent(cancel, own))  # type: ignore[arg-type]
                except Cancelled:
                    if cancel.is_set():
                        total.text, total.finish_reason = "", "cancelled"
                        return total
                    record.outcome = ToolOutcome(phrase("The user cancelled this tool call."), True)
            if on_result is not None:
                on_result(call, record.outcome)
            results.append(record.outcome.text)
        conversation.add_round(parsed.content, parsed.calls, results)


def approve_all(_call: ToolCall) -> str:
    """For scripts and tests that run tools without asking."""
    return ALLOW


def summarize_records(records: Sequence[ToolRecord]) -> list[dict[str, Any]]:
    """Plain dicts for storage and export: name, arguments, server, decision, result, error."""
    return [{"id": r.call.id, "name": r.call.name, "arguments": r.call.arguments, "server": r.server,
             "decision": r.decision, "result": r.outcome.text if r.outcome else "",
             "error": bool(r.outcome and r.outcome.is_error), "note": r.outcome.note if r.outcome else ""}
            for r in records]
