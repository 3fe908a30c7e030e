"""Every model runs in an engine process: crashes, hangs and bad files are events for the caller, never its end.

Real parts throughout: SmolLM2 through llama.cpp in a real engine process, killed with real signals; the damaged
GGUFs are real copies of SmolLM2 with one header value changed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.engine.client import EngineBackend, open_backend
from desktop_app.core.engine.process import STOP_GRACE_S
from desktop_app.core.errors import EngineCrashedError, EngineStuckError, ModelFileError
from desktop_app.core.models.gguf_check import read_gguf_info
from desktop_app.core.models.spec import ModelSpec
from tests.fixtures.corrupt_gguf import DAMAGES
from tests.fixtures.engine_backends import engine_env, engine_test_spec
from tests.waiting import wait_for

GREEDY = GenerationParams(temperature=0.0, max_tokens=48, seed=1)
OPTIONS = LoadOptions(n_ctx=1024)
ASK = [{"role": "user", "content": "Name three colours of the rainbow."}]


def _reply(backend, messages=ASK, params=GREEDY) -> str:
    return "".join(c.text for c in backend.chat_stream(messages, params, threading.Event()))


@pytest.fixture
def events():
    return []


@pytest.fixture
def smol_engine(smollm2, events):
    backend = open_backend(ModelSpec.from_path(smollm2), lambda e, t: events.append((e, t)))
    backend.load(ModelSpec.from_path(smollm2), OPTIONS)
    yield backend
    backend.unload()


def test_reply_through_the_engine_equals_the_engine_alone(smollm2, smol_engine):
    from desktop_app.core.backends.llama_cpp import LlamaCppBackend

    assert isinstance(smol_engine, EngineBackend) and smol_engine.process.pid != os.getpid()
    local = LlamaCppBackend()
    local.load(ModelSpec.from_path(smollm2), OPTIONS)
    try:
        assert _reply(smol_engine) == _reply(local)
        assert smol_engine.count_chat_tokens(ASK) == local.count_chat_tokens(ASK)
        assert smol_engine.count_tokens("你好，世界") == local.count_tokens("你好，世界")
        assert smol_engine.format_chat(ASK) == local.format_chat(ASK)
        assert smol_engine.n_ctx == local.n_ctx and smol_engine.info.architecture == "llama"
    finally:
        local.unload()


def test_sigkill_mid_reply_keeps_what_came_and_the_next_request_reloads(smol_engine, events):
    pid = smol_engine.process.pid
    got: list[str] = []
    with pytest.raises(EngineCrashedError) as caught:
        for chunk in smol_engine.chat_stream(ASK, GenerationParams(temperature=0, max_tokens=400), threading.Event()):
            got.append(chunk.text)
            if len(got) == 3:
                os.kill(pid, signal.SIGKILL)
    message = str(caught.value)
    assert "SmolLM2" in message and "writing a reply" in message and "SIGKILL" in message
    assert "".join(got).strip(), "the chunks before the crash reached the caller"
    assert smol_engine.state == "crashed" and ("crashed", smol_engine.last_error) in events
    assert "stopped unexpectedly (killed by SIGKILL)" in smol_engine.last_error
    with pytest.raises(EngineCrashedError, match="reloads with the next request"):
        smol_engine.count_tokens("no engine now")  # nothing waits for a reload unasked
    smol_engine.ensure_running()  # what the model's queue does before its next request
    assert _reply(smol_engine).strip()
    assert smol_engine.process.pid != pid and smol_engine.state == "loaded"
    assert [e for e, _ in events][-3:] == ["crashed", "reloading", "loaded"]


def test_llama_cpp_abort_is_a_sentence_with_the_assert_line(damaged, monkeypatch):
    """An abort that gets past the header check (here the check is switched off in the engine) still only ends the
    engine: the load fails with the model's name and llama.cpp's own GGML_ASSERT line."""
    engine_env(monkeypatch)
    spec = engine_test_spec(damaged["eps_negative"], "UncheckedLlamaBackend", name="Broken SmolLM2")
    backend = open_backend(spec)
    backend.load(spec, OPTIONS)  # the weights load; the negative epsilon aborts at the first decode
    with pytest.raises(EngineCrashedError) as caught:
        _reply(backend)
    message = str(caught.value)
    assert "Broken SmolLM2" in message and "SIGABRT" in message and "GGML_ASSERT(eps >= 0.0f)" in message
    backend.unload()


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_headers_are_refused_with_a_sentence(damaged, damage):
    with pytest.raises(ModelFileError) as caught:
        read_gguf_info(damaged[damage])
    message = str(caught.value)
    assert damaged[damage].name in message and DAMAGES[damage][1] in message
    assert "\n" not in message


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_headers_from_the_cli_give_one_line_and_no_traceback(damaged, damage, app_home):
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "chat", "--model", str(damaged[damage]), "--max-tokens", "4", "Hi"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "DESKTOP_APP_HOME": str(app_home)},
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and damaged[damage].name in errors[0] and DAMAGES[damage][1] in errors[0]


def test_a_hung_engine_is_killed_soon_after_stop_and_the_user_is_told(smollm2, monkeypatch, events):
    engine_env(monkeypatch)
    spec = engine_test_spec(smollm2, "HangingBackend", name="Stuck model")
    backend = open_backend(spec, lambda e, t: events.append((e, t)))
    backend.load(spec, OPTIONS)
    pid = backend.process.pid
    cancel = threading.Event()
    stream = backend.chat_stream(ASK, GREEDY, cancel)
    assert next(stream).text == "Thinking very hard"
    # A second request waits behind the hung one: the restart ends it too, as an error, not as a stop it never
    # asked for (the API server answered it 499, "client disconnected").
    bystander: list[BaseException] = []

    def wait_behind() -> None:
        try:
            list(backend.chat_stream(ASK, GREEDY, threading.Event()))
        except BaseException as exc:  # noqa: BLE001 (what it ended with is the point)
            bystander.append(exc)

    behind = threading.Thread(target=wait_behind)
    behind.start()
    wait_for(lambda: len(backend.process._calls) >= 2, 30, 0.01, "the second call in the engine's queue")
    cancel.set()
    started = time.monotonic()
    with pytest.raises(EngineStuckError) as caught:
        list(stream)
    took = time.monotonic() - started
    behind.join(10)
    assert len(bystander) == 1 and isinstance(bystander[0], EngineCrashedError), bystander
    assert "did not stop another request" in str(bystander[0])
    assert took < STOP_GRACE_S + 2.0
    assert "restarted" in str(caught.value)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert events[-1][0] == "restarted" and "did not stop" in events[-1][1]
    backend.ensure_running()
    assert next(backend.chat_stream(ASK, GREEDY, threading.Event())).text == "Thinking very hard"  # reloaded
    backend.unload()


def test_two_models_one_crashes_the_other_keeps_serving(smollm2, smol_engine, monkeypatch):
    engine_env(monkeypatch)
    spec = engine_test_spec(smollm2, "ScriptedBackend", name="Other model")
    other = open_backend(spec)
    other.load(spec, OPTIONS)
    before = _reply(smol_engine)
    os.kill(other.process.pid, signal.SIGKILL)
    other.process.proc.wait(5)
    assert _reply(smol_engine) == before
    assert other.state == "crashed" and smol_engine.state == "loaded"
    other.unload()


def test_unload_gives_the_memory_back(smollm2):
    """The window's process never holds the weights, and unloading ends the engine that did."""
    me = psutil.Process()
    before = me.memory_info().rss
    backend = open_backend(ModelSpec.from_path(smollm2))
    backend.load(ModelSpec.from_path(smollm2), OPTIONS)
    _reply(backend)
    engine = psutil.Process(backend.process.pid)
    engine_rss = engine.memory_info().rss
    assert backend.stats()["rss"] >= 50 * 2**20 and engine_rss >= 50 * 2**20  # SmolLM2's weights are there
    backend.unload()
    assert not engine.is_running() or engine.status() == psutil.STATUS_ZOMBIE
    assert me.memory_info().rss - before < 30 * 2**20


def test_the_crash_sentence_shows_each_telling_line_once_without_build_paths():
    from desktop_app.core.engine.process import EngineProcess

    engine = EngineProcess("Broken")
    for line in ("llama_model_loader: loaded meta data", "/tmp/pip-wheel-x/vendor/ggml/src/ops.cpp:4132: "
                 "GGML_ASSERT(eps >= 0.0f) failed", "Fatal Python error: Aborted",
                 "/tmp/pip-wheel-x/vendor/ggml/src/ops.cpp:4132: GGML_ASSERT(eps >= 0.0f) failed"):
        engine._log.append(line)
    sentence = str(engine.crash_error("writing a reply"))
    assert sentence == ("The Broken engine stopped unexpectedly while writing a reply. Last engine log lines: "
                        "ops.cpp:4132: GGML_ASSERT(eps >= 0.0f) failed | Fatal Python error: Aborted")
