"""workers.ModelSession (the one way a view loads a model) and workers.ChatSession (the rows of a reply).

Real engine processes run test backends (tests/fixtures/engine_backends.py): the subject is the loading and the
bookkeeping around it, not a model's output.
"""

from __future__ import annotations

import pytest

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.models import session as core_session
from desktop_app.core.storage.database import STOPPED, STREAMING, Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.workers.chat_session import ChatSession
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.model_session import ModelSession
from tests.fixtures.engine_backends import engine_env, engine_test_spec
from tests.gui.helpers import LOAD_TIMEOUT_MS, REPLY_TIMEOUT_MS, wait_job


@pytest.fixture
def manager(monkeypatch, tmp_path):
    engine_env(monkeypatch)
    m = ModelManager()
    yield m
    m.shutdown()


def _session(manager, tmp_path, settings=None, ask=None, saved=None):
    settings = settings or AppSettings()
    return ModelSession(manager, settings, (lambda: saved.append(1)) if saved is not None else (lambda: None),
                        tmp_path, ask)


def test_two_views_share_one_load_and_one_engine(qtbot, manager, tmp_path):
    spec = engine_test_spec(tmp_path / "slow.gguf", "SlowLoadBackend", name="Slow model")
    chat, task = _session(manager, tmp_path), _session(manager, tmp_path)
    ready: list[tuple[str, object]] = []
    progress: list[int] = []
    chat.ready.connect(lambda slot: ready.append(("chat", slot)))
    task.ready.connect(lambda slot: ready.append(("task", slot)))
    chat.progress.connect(lambda done, _total: progress.append(done))
    job = chat.ensure(spec, LoadOptions(n_ctx=2048))
    assert job is not None and chat.is_loading()
    assert task.ensure(spec) is job  # the task view waits for the chat view's load instead of starting another
    wait_job(qtbot, job, LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: len(ready) == 2, timeout=5000)
    assert {who for who, _slot in ready} == {"chat", "task"} and ready[0][1] is ready[1][1]
    assert progress and progress == sorted(progress)
    assert len(manager.loaded_models()) == 1
    # Loaded: any view asking again gets it at once, without a load.
    assert task.ensure(spec) is None and chat.ensure(spec, LoadOptions(n_ctx=2048)) is None


def test_consent_is_asked_and_remembered_for_that_model_only(qtbot, manager, tmp_path):
    folder = tmp_path / "pickled-model"  # a folder: resolving it later reads no file
    folder.mkdir()
    spec = engine_test_spec(folder, "PickleBackend", name="Pickled model")
    settings, saved, asked = AppSettings(), [], []
    failures: list[str] = []
    refusing = _session(manager, tmp_path, settings, lambda s, consent: asked.append(consent) or False, saved)
    refusing.failed.connect(failures.append)
    wait_job(qtbot, refusing.ensure(spec), LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert asked == ["allow_pickle"] and "pickle" in failures[0]
    assert settings.model_consents == {} and not saved and manager.get(spec.id) is None

    ready = []
    allowing = _session(manager, tmp_path, settings, lambda s, consent: asked.append(consent) or True, saved)
    allowing.ready.connect(ready.append)
    first = allowing.ensure(spec)
    wait_job(qtbot, first, LOAD_TIMEOUT_MS)
    retried = allowing.job  # the yes was recorded and the load started again at once
    assert retried is not None and retried is not first
    wait_job(qtbot, retried, LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(ready), timeout=5000)
    assert settings.model_consents == {str(spec.path): ["allow_pickle"]} and saved
    assert asked == ["allow_pickle", "allow_pickle"]
    # resolving the model again carries the consent, so nobody is asked twice
    assert core_session.resolve(str(spec.path), settings, tmp_path).extra.get("allow_pickle") is True


def test_a_load_the_user_replaced_is_cancelled_and_leaves_no_engine(qtbot, manager, tmp_path):
    first = engine_test_spec(tmp_path / "first.gguf", "SlowLoadBackend", name="First")
    second = engine_test_spec(tmp_path / "second.gguf", "ScriptedBackend", name="Second")
    session = _session(manager, tmp_path)
    ready = []
    session.ready.connect(ready.append)
    old = session.ensure(first, LoadOptions())
    new = session.ensure(second, LoadOptions())  # the user picked another model while the first loaded
    wait_job(qtbot, new, LOAD_TIMEOUT_MS)
    wait_job(qtbot, old, LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(ready), timeout=5000)
    assert old.state == "cancelled" and [s.spec.name for s in ready] == ["Second"]
    assert [m.spec.name for m in manager.loaded_models()] == ["Second"]


def test_cancel_ends_the_load_and_says_so(qtbot, manager, tmp_path):
    spec = engine_test_spec(tmp_path / "slow.gguf", "SlowLoadBackend", name="Slow model")
    session = _session(manager, tmp_path)
    cancelled, busy = [], []
    session.cancelled.connect(lambda: cancelled.append(1))
    session.busy_changed.connect(busy.append)
    job = session.ensure(spec, LoadOptions())
    qtbot.waitUntil(lambda: job.state == "running", timeout=LOAD_TIMEOUT_MS)
    session.cancel()
    wait_job(qtbot, job, LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)
    assert job.state == "cancelled" and busy == [True, False] and not session.is_loading()
    assert manager.get(spec.id) is None


def test_chat_session_stores_the_reply_checkpoints_and_keeps_the_partial_text_on_stop(qtbot, manager, tmp_path):
    spec = engine_test_spec(tmp_path / "scripted.gguf", "ScriptedBackend", name="Scripted")
    slot = wait_job(qtbot, manager.load(spec, LoadOptions()), LOAD_TIMEOUT_MS).result
    db = Database(tmp_path / "chat.sqlite3")
    chat = ChatSession(manager, db)
    message = chat.add_user_message(None, "Say something", [], "A test", {})
    finished: list = []
    chat.finished.connect(lambda stored, result: finished.append((stored, result)))
    assert chat.start(message.conversation_id, slot)
    row = chat.message_id
    assert db.messages(message.conversation_id)[-1].status == STREAMING
    qtbot.waitUntil(lambda: len(chat.partial_text()) > 40, timeout=REPLY_TIMEOUT_MS)
    qtbot.waitUntil(lambda: db.messages(message.conversation_id)[-1].content != "", timeout=5000)  # checkpointed
    chat.stop()
    qtbot.waitUntil(lambda: bool(finished), timeout=REPLY_TIMEOUT_MS)
    stored, _result = finished[0]
    saved = db.messages(message.conversation_id)[-1]
    assert stored.id == saved.id == row and saved.status == STOPPED
    assert saved.content.startswith("Hello, this is") and saved.content == stored.content
    assert not chat.is_generating()
    db.close()


def test_chat_session_shutdown_keeps_the_partial_reply(qtbot, manager, tmp_path):
    spec = engine_test_spec(tmp_path / "scripted.gguf", "ScriptedBackend", name="Scripted")
    slot = wait_job(qtbot, manager.load(spec, LoadOptions()), LOAD_TIMEOUT_MS).result
    db = Database(tmp_path / "chat.sqlite3")
    chat = ChatSession(manager, db)
    message = chat.add_user_message(None, "Say something", [], "A test", {})
    chat.start(message.conversation_id, slot)
    qtbot.waitUntil(lambda: len(chat.partial_text()) > 20, timeout=REPLY_TIMEOUT_MS)
    chat.shutdown()  # the window closes mid-reply: the job may never report back
    saved = db.messages(message.conversation_id)[-1]
    assert saved.status == STOPPED and saved.content.startswith("Hello")
    db.close()
