"""ToolTurn: a chat reply that may call tools, as a job on the model's thread, and the user's approvals.

ChatSession asks for `start(model_id, messages, params)` instead of `ModelManager.chat` when tools are on; the job
has the same signals (chunk, notice, finished with a ChatResult, failed), so everything after it is unchanged. What
is new travels through this object's signals, emitted on the model's thread and queued to the GUI thread:
`call_requested` (show a card; ask when `needs_approval`), `call_finished` (its result). The card answers with
`decide(call_id, ALLOW | ALWAYS | DENY)` or `cancel_call(call_id)`; the model's thread waits for that answer
(Stop ends the wait), so neither a tool nor an approval ever blocks the GUI thread.

The MCP connections (core/tools/mcp_client.McpHub) live as long as this object; `shutdown()` ends them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop_app.core.engine.types import ChatMessage, GenerationParams
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.tool_calls import save_tool_calls
from desktop_app.core.tools.calls import ToolCall
from desktop_app.core.tools.loop import ALLOW, ALWAYS, DENY, ToolTurnResult, run_tool_turn, summarize_records
from desktop_app.core.tools.mcp_client import McpHub, ToolOutcome
from desktop_app.core.tools.mcp_config import McpConfig, McpConfigError, load_config, save_config
from desktop_app.core.tools.registry import MAX_CALLS_PER_TURN, ToolRegistry
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager, chunk_forwarder

log = logging.getLogger(__name__)

DECISIONS = (ALLOW, ALWAYS, DENY)
SHUTDOWN_S = 3.0


def stop_sentence(reason: str) -> str:
    """Why a reply that called tools was stopped (core/tools/loop.py), translated; thread-safe."""
    if reason == "limit":
        return QCoreApplication.translate(
            "ToolTurn", "The model asked for more than {n} tool calls in one reply, so it was stopped: it was "
            "probably calling tools in a loop.").format(n=MAX_CALLS_PER_TURN)
    return QCoreApplication.translate(
        "ToolTurn", "The model asked for a tool call it had already made, with the same arguments, so it was "
        "stopped: it was calling tools in a loop. The results above are what the tools answered.")


class ToolTurn(QObject):
    call_requested = Signal(object, str, bool)  # ToolCall, server name, needs the user's approval
    call_finished = Signal(str, object)  # call id, ToolOutcome
    config_changed = Signal()  # mcp.json was read again or written

    def __init__(self, manager: ModelManager, hub: McpHub | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.manager = manager
        self.hub = hub or McpHub()
        self.config_error = ""  # a sentence when mcp.json could not be read
        self.chosen_files: tuple[str, ...] = ()
        self._lock = threading.Lock()
        self._waiting: dict[str, tuple[threading.Event, list[str], str, str]] = {}  # event, answer, tool, server
        self._call_cancels: dict[str, threading.Event] = {}
        self._running: tuple[Job, ToolTurnResult] | None = None  # the latest reply's job and the result it fills
        self.config = self._read_config()

    # -- configuration (GUI thread) ------------------------------------------------------------------------------
    def _read_config(self) -> McpConfig:
        try:
            self.config_error = ""
            return load_config()
        except McpConfigError as exc:
            self.config_error = str(exc)
            return McpConfig()

    def reload_config(self) -> None:
        self.config = self._read_config()
        self.config_changed.emit()

    def save(self, config: McpConfig) -> None:
        """Write mcp.json (raises StorageError-like OSError sentences to the caller) and use it from now on."""
        save_config(config)
        self.config, self.config_error = config, ""
        self.config_changed.emit()

    def registry(self) -> ToolRegistry:
        """A snapshot for one reply: the job gets its own copy of the configuration."""
        config = McpConfig(list(self.config.servers), list(self.config.problems), dict(self.config.extra))
        return ToolRegistry(config, self.hub, tuple(self.chosen_files))

    # -- a reply (the job runs on the model's thread) ------------------------------------------------------------
    def start(self, model_id: str, messages: list[ChatMessage], params: GenerationParams,
              before_start: Callable[[Job], None] | None = None) -> Job:
        messages = [dict(m) for m in messages]
        registry = self.registry()
        so_far = ToolTurnResult(text="", finish_reason="stop")  # filled while the job runs: what a Stop keeps

        def work(job: Job, backend: Any):
            registry.refresh(job.cancel_event)
            for problem in registry.problems:  # a server that cannot be reached: the others still work
                job.notice.emit(problem)

            def approve(call: ToolCall) -> str:
                return self._wait_for_decision(call, registry.server_of(call), job.cancel_event)

            result = run_tool_turn(
                backend, messages, params, registry, job.cancel_event, approve, chunk_forwarder(job, counts=False),
                on_call=lambda call, server, asked: self.call_requested.emit(call, server, asked),
                on_result=self._on_result, call_cancel=self._cancel_event_for,
                on_tokens=job.tokens.emit, into=so_far,
            )
            if result.stopped_by_limit:  # the reply's text says why it stopped, in the user's language
                result.text = stop_sentence(result.stopped_by_limit)
                job.chunk.emit(result.text)
            return result

        def listen(job: Job) -> None:
            self._running = (job, so_far)
            if before_start is not None:
                before_start(job)

        return self.manager.submit(model_id, work, name="chat with tools", before_start=listen)

    def made_so_far(self, job: Job) -> ToolTurnResult | None:
        """The result the reply of `job` is filling (its `records`: the calls made so far), or None when `job`
        is not the latest reply with tools. Read on the GUI thread when the user stops the reply: the job's own
        result comes too late (or never) then."""
        running = self._running
        return running[1] if running is not None and running[0] is job else None

    def _cancel_event_for(self, call: ToolCall) -> threading.Event:
        with self._lock:
            return self._call_cancels.setdefault(call.id, threading.Event())

    def _on_result(self, call: ToolCall, outcome: ToolOutcome) -> None:
        with self._lock:
            self._call_cancels.pop(call.id, None)
        self.call_finished.emit(call.id, outcome)

    def _wait_for_decision(self, call: ToolCall, server: str, cancel: threading.Event) -> str:
        event, answer = threading.Event(), []
        with self._lock:
            self._waiting[call.id] = (event, answer, call.name, server)
        try:
            while not event.wait(0.1):
                if cancel.is_set():
                    return DENY
            return answer[0] if answer else DENY
        finally:
            with self._lock:
                self._waiting.pop(call.id, None)

    @staticmethod
    def store(db: Database, message_id: int, result: Any) -> None:
        """Keep a reply's tool calls beside it (core/storage/tool_calls.py): those that were answered (a stopped
        reply's last call may not have been); a failed write is logged: the reply itself is already stored."""
        records = [r for r in list(getattr(result, "records", None) or ()) if r.outcome is not None]
        if not records:
            return
        try:
            save_tool_calls(db, message_id, summarize_records(records))
        except DesktopAppError as exc:
            log.warning("%s", exc)

    # -- the user's answers (GUI thread) -------------------------------------------------------------------------
    def waiting_calls(self) -> list[str]:
        with self._lock:
            return list(self._waiting)

    def decide(self, call_id: str, decision: str) -> None:
        if decision not in DECISIONS:
            raise ValueError(decision)
        with self._lock:
            waiting = self._waiting.get(call_id)
        if waiting is None:
            return
        event, answer, tool, server = waiting
        answer.append(decision)
        event.set()  # first: the model's thread must never wait on a failed write
        if decision == ALWAYS:  # written to mcp.json (alwaysAllow): it holds after a restart
            config = McpConfig(list(self.config.servers), list(self.config.problems), dict(self.config.extra))
            config.allow_always(server, tool)
            try:
                self.save(config)
            except OSError as exc:
                log.warning("could not remember an always-allowed tool: %s", exc)

    def cancel_call(self, call_id: str) -> None:
        """Cancel one running call: the model is told it was cancelled and goes on."""
        with self._lock:  # made here if the call has not started yet: it then starts cancelled
            self._call_cancels.setdefault(call_id, threading.Event()).set()

    def shutdown(self) -> None:
        with self._lock:
            for waiting in self._waiting.values():
                waiting[0].set()
            for event in self._call_cancels.values():
                event.set()
        # At window close: stdio servers are asked to end (stdin closed, then terminated), a few seconds at most,
        # so none is left running after the app.
        self.hub.shutdown(timeout=SHUTDOWN_S)
