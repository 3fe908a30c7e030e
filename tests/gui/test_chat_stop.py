"""Stopping a reply (issue 15, item 4): Stop ends the reply at once, with the text shown so far, whatever the engine
does next; the status says "Generating…" once the answer streams. A hand-driven job stands in for the engine: the
subject is the session's and the pane's behaviour, not a model's."""

from __future__ import annotations

import time
from types import SimpleNamespace

from PySide6.QtWidgets import QWidget

from desktop_app.core.storage.database import STOPPED, Database
from desktop_app.core.tasks.chat import ChatResult
from desktop_app.ui.widgets.chat_images import ChatImageCache
from desktop_app.ui.widgets.chat_pane import ChatPane
from desktop_app.workers.chat_session import ChatSession
from desktop_app.workers.jobs import Job


class HandDrivenManager:
    """ModelManager's `chat` shape: returns a job whose signals the test emits itself, as an engine would."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []

    def chat(self, model_id, messages, params, before_start=None) -> Job:
        job = Job(lambda j: None, "chat")
        if before_start is not None:
            before_start(job)
        job.state = "running"
        self.jobs.append(job)
        return job


def _session(tmp_path):
    db = Database(tmp_path / "chat.db", tmp_path / "attachments")
    manager = HandDrivenManager()
    session = ChatSession(manager, db)
    model = SimpleNamespace(id="m", spec=SimpleNamespace(name="M"), backend=None)
    conversation = db.create_conversation("t", {})
    db.add_message(conversation, "user", "Tell me a story.")
    return db, manager, session, model, conversation


def test_stop_ends_the_reply_at_once_and_ignores_what_the_engine_still_sends(qtbot, tmp_path):
    db, manager, session, model, conversation = _session(tmp_path)
    ended: list[tuple] = []
    session.finished.connect(lambda message, result: ended.append((message, result)))
    assert session.start(conversation, model)
    job = manager.jobs[0]
    job.chunk.emit("Once upon ")
    job.chunk.emit("a time")
    t0 = time.monotonic()
    session.stop()
    assert time.monotonic() - t0 < 0.3
    assert job.is_cancelled() and not session.is_generating()
    assert len(ended) == 1
    message, result = ended[0]
    assert message.status == STOPPED and message.content == "Once upon a time"
    assert result.finish_reason == "cancelled" and result.text == "Once upon a time"
    # The engine is still finishing its token: what it sends now changes nothing stored or shown.
    job.chunk.emit(" there was")
    job.finished.emit(ChatResult("Once upon a time there was", "cancelled", completion_tokens=5))
    assert len(ended) == 1
    stored = db.messages(conversation)[-1]
    assert stored.status == STOPPED and stored.content == "Once upon a time"
    session.stop()  # a second Stop (Esc twice) is harmless
    assert len(ended) == 1


def test_status_says_generating_while_the_answer_streams_and_stopped_after(qtbot, tmp_path):
    db, manager, session, model, conversation = _session(tmp_path)
    bar = QWidget()  # the pane only places the model bar in its top row
    pane = ChatPane(bar, image_cache=_cache(), run_background=_nothing_in_the_background, current=lambda: conversation)
    qtbot.addWidget(pane)
    session.started.connect(pane.on_reply_started)
    session.chunk.connect(pane.on_chunk)
    session.thinking.connect(pane.on_thinking)
    session.finished.connect(pane.on_reply_finished)
    session.start(conversation, model)
    job = manager.jobs[0]
    assert pane.input.stats_label.text() == "Thinking…"
    job.thinking.emit("Hmm.")
    assert pane.input.stats_label.text() == "Thinking…"
    job.chunk.emit("Answer")
    assert pane.input.stats_label.text() == "Generating…"
    session.stop()
    assert pane.input.stats_label.text() == "Stopped"
    assert "Answer" in pane.view.toPlainText()


def _nothing_in_the_background(*_args, **_kwargs):  # no image, formula or code is shown here
    raise AssertionError("no thumbnail, formula or code colours expected")


def _cache():
    return ChatImageCache(_nothing_in_the_background)


def test_chat_threads_zero_reads_as_settings_automatic_choice(qtbot):
    """Issue 15, item 11: Chat's "CPU threads 0" beside Settings' "All physical cores (2)". Both now say what 0
    does with a GGUF model: one thread per core other programs leave free (cpu_threads.py)."""
    from desktop_app.core.engine.types import physical_cores
    from desktop_app.ui.widgets.chat_settings_panel import ChatSettingsPanel

    panel = ChatSettingsPanel()
    qtbot.addWidget(panel)
    panel.n_threads.setValue(0)
    assert panel.n_threads.text() == f"Free cores (up to {physical_cores()})"
    panel.n_threads.setValue(3)
    assert panel.n_threads.text() == "3"
