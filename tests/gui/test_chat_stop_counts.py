"""A reply the user stopped is stored with what is known of it (issue 20): the token counts its chunks reported so
far, and the tool calls it had already made, not only its text. A scripted backend stands in for the engine: the
subject is what ChatSession stores, and the tool turn runs through the real ToolTurn and tool loop on a worker
thread, calling the real built-in calculator."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication

from desktop_app.core.backends.base import BackendBase
from desktop_app.core.engine.types import Capability, Chunk
from desktop_app.core.storage.database import STOPPED, Database
from desktop_app.core.storage.tool_calls import tool_calls_of
from desktop_app.workers.chat_session import ChatSession
from desktop_app.workers.jobs import Job, WorkerThread
from tests.gui.test_chat_stop import _session

CALL = '<tool_call>\n{"name": "calculator", "arguments": {"expression": "6*7"}}\n</tool_call>'


def test_a_stopped_reply_keeps_the_token_counts_its_chunks_reported(qtbot, tmp_path):
    db, manager, session, model, conversation = _session(tmp_path)
    stopped: list = []
    session.finished.connect(lambda message, result: stopped.append((message, result)))
    assert session.start(conversation, model)
    job = manager.jobs[0]
    for n, word in enumerate(("Once", " upon", " a"), start=1):  # as chunk_forwarder emits them: counts first
        job.tokens.emit(37, n)
        job.chunk.emit(word)
    session.stop()
    message, result = stopped[0]
    assert (message.status, message.content) == (STOPPED, "Once upon a")
    assert (message.prompt_tokens, message.completion_tokens) == (37, 3)
    assert (result.prompt_tokens, result.completion_tokens) == (37, 3)
    stored = db.messages(conversation)[-1]
    assert (stored.status, stored.prompt_tokens, stored.completion_tokens) == (STOPPED, 37, 3)
    assert stored.tokens_per_s >= 0.0


class ScriptedToolBackend(BackendBase):
    """Round 1 calls the calculator (5 tokens); round 2 writes two tokens of its answer, then waits, as a slow
    engine does, until the reply is cancelled."""

    capabilities = frozenset({Capability.CHAT})
    n_ctx = 4096

    def __init__(self) -> None:
        self.rounds = 0
        self.answering = threading.Event()

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def count_chat_tokens(self, messages, thinking: str = "auto") -> int:
        return sum(len(str(m.get("content", "")).split()) for m in messages)

    def chat_stream(self, messages, params, cancel: threading.Event) -> Iterator[Chunk]:
        self.rounds += 1
        if self.rounds == 1:
            yield Chunk(text=CALL, prompt_tokens=50, completion_tokens=5)
            yield Chunk(prompt_tokens=50, completion_tokens=5, finish_reason="stop")
            return
        yield Chunk(text="It is", prompt_tokens=80, completion_tokens=1)
        yield Chunk(text=" 42", prompt_tokens=80, completion_tokens=2)
        self.answering.set()
        cancel.wait(30)
        yield Chunk(prompt_tokens=80, completion_tokens=2, finish_reason="cancelled")


class ThreadedManager:
    """ModelManager's `submit` shape: the work runs on a worker thread with the scripted backend."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self.thread = WorkerThread("model")  # started by its constructor

    def submit(self, model_id, work, name="job", before_start=None) -> Job:
        job = Job(lambda j: work(j, self.backend), name)
        if before_start is not None:
            before_start(job)
        return self.thread.submit(job)


def test_a_stopped_reply_with_tools_keeps_the_calls_it_made_and_counts_every_round(qtbot, tmp_path):
    backend = ScriptedToolBackend()
    manager = ThreadedManager(backend)
    db = Database(tmp_path / "chat.db", tmp_path / "attachments")
    session = ChatSession(manager, db)  # type: ignore[arg-type]
    model = SimpleNamespace(id="m", spec=SimpleNamespace(name="M"), backend=backend)
    conversation = db.create_conversation("t", {"tools": True})
    db.add_message(conversation, "user", "What is 6*7?")
    stopped: list = []
    session.finished.connect(lambda message, result: stopped.append((message, result)))
    try:
        assert session.start(conversation, model)
        qtbot.waitUntil(lambda: session.partial_text() == "It is 42", timeout=10_000)
        job = session.job
        session.stop()
        message, result = stopped[0]
        assert (message.status, message.content) == (STOPPED, "It is 42")
        # 5 tokens of the round that called the tool (never shown) and 2 of the answer so far
        assert (message.prompt_tokens, message.completion_tokens) == (80, 7)
        calls = tool_calls_of(db, message.id)
        assert [(c["name"], c["arguments"], c["result"], c["decision"]) for c in calls] == [
            ("calculator", {"expression": "6*7"}, "42", "auto")]
        qtbot.waitUntil(job.reported, timeout=10_000)  # the cancelled job ends; its queued signals are delivered
        QCoreApplication.processEvents()
        assert len(stopped) == 1 and len(tool_calls_of(db, message.id)) == 1  # the job's late end changes nothing
    finally:
        session.shutdown()
        manager.thread.stop()
