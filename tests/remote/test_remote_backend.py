"""The remote (OpenAI-compatible) backend against a real server: llama-cpp-python's, serving SmolLM2.

Error cases use a tiny local HTTP server that misbehaves on purpose (bad JSON, broken streams, 401/404, silence).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx2
import pytest

from desktop_app.core.backends import create_backend
from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.remote import RemoteBackend, normalize_base_url
from desktop_app.core.errors import GenerationError, ModelLoadError
from desktop_app.core.models.spec import ModelSpec

API_KEY = "test-key"
HI = [{"role": "user", "content": "Say hello in one short sentence."}]
GREEDY = GenerationParams(temperature=0.0, top_p=1.0, top_k=1, max_tokens=16, seed=7)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spec(base_url: str, **extra) -> ModelSpec:
    return ModelSpec(
        path=Path(base_url), name="remote test", backend="remote", extra={"base_url": base_url, **extra}
    )


@pytest.fixture(scope="module")
def llama_server(smollm2, tmp_path_factory):
    """python -m llama_cpp.server on a free port; ready when GET /v1/models answers (bounded to 60 s)."""
    port = _free_port()
    log = tmp_path_factory.mktemp("llama_server") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(smollm2),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "2048",
                "--model_alias",
                "smollm2",
                "--api_key",
                API_KEY,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx2.get(
                    f"{url}/v1/models", headers={"Authorization": f"Bearer {API_KEY}"}, timeout=1.0
                )
                if r.status_code == 200:
                    break
            except httpx2.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server did not start in 60 s:\n{log.read_text()[-2000:]}")
            try:  # the pause between attempts is a wait on the process itself: an early exit fails at once
                proc.wait(timeout=0.2)
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
            except subprocess.TimeoutExpired:
                pass
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def backend(llama_server):
    b = RemoteBackend()
    b.load(_spec(llama_server, api_key=API_KEY), LoadOptions(n_ctx=2048))
    yield b
    b.unload()


def _run(stream) -> tuple[str, list]:
    chunks = list(stream)
    return "".join(c.text for c in chunks), chunks


# -- against the real server -------------------------------------------------------------------------------------
def test_create_backend_and_load_picks_the_served_model(llama_server):
    b = create_backend(_spec(llama_server + "/v1/", api_key=API_KEY))
    assert isinstance(b, RemoteBackend)
    info = b.load(_spec(llama_server, api_key=API_KEY), LoadOptions(n_ctx=2048))
    assert b.model == "smollm2" and info.extra["model"] == "smollm2"
    assert info.n_ctx == b.n_ctx == 2048 and info.device == f"Remote ({llama_server}/v1)"
    b.unload()
    with pytest.raises(GenerationError, match="No model is loaded"):
        list(b.chat_stream(HI, GREEDY, threading.Event()))


def test_explicit_and_unknown_model(llama_server):
    b = RemoteBackend()
    b.load(_spec(llama_server, api_key=API_KEY, model="smollm2"), LoadOptions())
    assert b.model == "smollm2"
    with pytest.raises(ModelLoadError, match=r"has no model 'gpt-9' \(it offers: smollm2\)"):
        b.load(_spec(llama_server, api_key=API_KEY, model="gpt-9"), LoadOptions())


def test_wrong_api_key(llama_server):
    with pytest.raises(ModelLoadError, match=r"refused the API key \(HTTP 401\): Invalid API key\.$"):
        RemoteBackend().load(_spec(llama_server, api_key="wrong"), LoadOptions())


def test_chat_stream_is_deterministic_with_a_seed_at_temperature_zero(backend):
    # llama-cpp-python's server evaluates a prompt differently the first time (whole batch) and when it finds it in
    # its prefix cache (last token only); in a 135M Q4 model that can flip a greedy pick. So: one run to warm the
    # cache, then two runs that must match exactly.
    _run(backend.chat_stream(HI, GREEDY, threading.Event()))
    text, chunks = _run(backend.chat_stream(HI, GREEDY, threading.Event()))
    assert text.strip() and len(chunks) > 2
    final = chunks[-1]
    assert final.finish_reason in ("stop", "length") and all(c.finish_reason is None for c in chunks[:-1])
    counts = [c.completion_tokens for c in chunks]
    assert counts == sorted(counts) and 0 < final.completion_tokens <= 16
    assert final.prompt_tokens > 0
    again, _ = _run(backend.chat_stream(HI, GREEDY, threading.Event()))
    assert again == text


def test_max_tokens_ends_with_length(backend):
    params = GenerationParams(temperature=0.0, max_tokens=4, seed=1)
    text, chunks = _run(
        backend.chat_stream(
            [{"role": "user", "content": "Write a long story about a cat."}], params, threading.Event()
        )
    )
    assert chunks[-1].finish_reason == "length" and 1 <= chunks[-1].completion_tokens <= 4 and text


def test_complete_stream_honours_stop_strings(backend):
    params = GenerationParams(temperature=0.0, max_tokens=20, seed=1)
    free, _ = _run(backend.complete_stream("1, 2, 3, 4, 5,", params, threading.Event()))
    assert " 8" in free  # the model counts on without a stop string
    stopped, chunks = _run(
        backend.complete_stream(
            "1, 2, 3, 4, 5,",
            GenerationParams(temperature=0.0, max_tokens=20, stop=(" 8",)),
            threading.Event(),
        )
    )
    assert stopped.startswith(" 6, 7") and " 8" not in stopped and chunks[-1].finish_reason == "stop"


def test_cancel_mid_stream_closes_promptly_and_server_stays_usable(backend):
    cancel = threading.Event()
    params = GenerationParams(temperature=0.0, max_tokens=200, seed=3)
    seen = []
    for chunk in backend.chat_stream([{"role": "user", "content": "Count from 1 to 100."}], params, cancel):
        seen.append(chunk)
        if chunk.text:
            cancel.set()
    assert seen[-1].finish_reason == "cancelled"
    assert sum(1 for c in seen if c.text) == 1  # nothing more was read after cancel
    text, chunks = _run(backend.chat_stream(HI, GREEDY, threading.Event()))
    assert text and chunks[-1].finish_reason in ("stop", "length")


def test_token_counts_are_approximate_but_sane(backend):
    assert backend.count_tokens("") == 0
    assert backend.count_tokens("abcd" * 10) == 10
    assert backend.count_chat_tokens(HI) > backend.count_tokens(HI[0]["content"])


def test_normalize_base_url():
    assert normalize_base_url("localhost:11434") == "http://localhost:11434/v1"
    assert normalize_base_url("http://h:8000/v1/") == "http://h:8000/v1"


# -- a server that misbehaves ------------------------------------------------------------------------------------
class Misbehaving:
    """Each route is (status, content_type, body) or "hang"; POST bodies are recorded."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.posts: list[dict] = []
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self):
                route = owner.routes.get(self.path)
                if route == "hang":
                    owner.release.wait(timeout=30)
                    return
                status, ctype, body = route or (
                    404,
                    "application/json",
                    b'{"error": {"message": "no route"}}',
                )
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._answer()

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                owner.posts.append(json.loads(self.rfile.read(n)))
                self._answer()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.models(["m1", "m2"])

    def models(self, ids):
        self.routes["/v1/models"] = (
            200,
            "application/json",
            json.dumps({"object": "list", "data": [{"id": i} for i in ids]}).encode(),
        )

    def sse(self, path: str, events: list[str]) -> None:
        body = "".join(f"data: {e}\n\n" for e in events).encode()
        self.routes[path] = (200, "text/event-stream", body)

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bad():
    server = Misbehaving()
    yield server
    server.close()


def _delta(text=None, finish=None):
    delta = {"content": text} if text is not None else {}
    return json.dumps({"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})


def _loaded(url, **extra) -> RemoteBackend:
    b = RemoteBackend(timeout=extra.pop("timeout", 2.0))
    b.load(_spec(url, **extra), LoadOptions(n_ctx=1024))
    return b


def test_refused_connection():
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(
        ModelLoadError, match=rf"^Cannot connect to the model server at {url}/v1: is it running\?$"
    ):
        RemoteBackend(timeout=2).load(_spec(url), LoadOptions())


def test_server_that_never_answers_times_out(bad):
    bad.routes["/v1/models"] = "hang"
    t0 = time.monotonic()
    with pytest.raises(ModelLoadError, match="did not answer in time"):
        RemoteBackend(timeout=0.3).load(_spec(bad.url), LoadOptions())
    assert time.monotonic() - t0 < 5


def test_stream_that_stalls_times_out(bad):
    b = _loaded(bad.url, timeout=0.3)
    bad.routes["/v1/chat/completions"] = "hang"
    with pytest.raises(GenerationError, match=rf"The model server at {bad.url}/v1 did not answer in time"):
        list(b.chat_stream(HI, GREEDY, threading.Event()))


def test_malformed_model_lists(bad):
    bad.routes["/v1/models"] = (200, "text/html", b"<html>hello</html>")
    with pytest.raises(ModelLoadError, match="did not answer with JSON"):
        _loaded(bad.url)
    bad.routes["/v1/models"] = (200, "application/json", b'{"models": []}')
    with pytest.raises(ModelLoadError, match="not OpenAI-compatible"):
        _loaded(bad.url)
    bad.models([])
    with pytest.raises(ModelLoadError, match="has no model loaded"):
        _loaded(bad.url)
    bad.routes["/v1/models"] = (
        401,
        "application/json",
        b'{"error": {"message": "Incorrect API key provided."}}',
    )
    with pytest.raises(
        ModelLoadError, match=r"refused the API key \(HTTP 401\): Incorrect API key provided\.$"
    ):
        _loaded(bad.url)


def test_request_body_carries_the_parameters(bad):
    b = _loaded(bad.url, model="m2", api_key="k")
    bad.sse("/v1/chat/completions", [_delta("Hi"), _delta(" there"), _delta(finish="stop"), "[DONE]"])
    params = GenerationParams(temperature=0.2, top_p=0.5, max_tokens=9, seed=11, stop=("END",))
    text, chunks = _run(b.chat_stream(HI, params, threading.Event()))
    assert text == "Hi there" and chunks[-1].finish_reason == "stop" and chunks[-1].completion_tokens == 2
    body = bad.posts[-1]
    assert body["model"] == "m2" and body["stream"] is True and body["messages"] == HI
    assert (body["temperature"], body["top_p"], body["max_tokens"], body["seed"], body["stop"]) == (
        0.2,
        0.5,
        9,
        11,
        ["END"],
    )
    assert body["top_k"] == params.top_k
    strict = _loaded(bad.url, openai_strict=True)
    _run(strict.chat_stream(HI, GenerationParams(seed=-1), threading.Event()))
    assert "top_k" not in bad.posts[-1] and "seed" not in bad.posts[-1]


def test_usage_from_the_server_wins_over_estimates(bad):
    b = _loaded(bad.url)
    usage = json.dumps({"choices": [], "usage": {"prompt_tokens": 31, "completion_tokens": 5}})
    bad.sse(
        "/v1/completions",
        [
            json.dumps({"choices": [{"text": "abc", "finish_reason": None}]}),
            json.dumps({"choices": [{"text": "", "finish_reason": "length"}]}),
            usage,
            "[DONE]",
        ],
    )
    text, chunks = _run(b.complete_stream("prompt", GREEDY, threading.Event()))
    assert text == "abc" and chunks[-1].finish_reason == "length"
    assert (chunks[-1].prompt_tokens, chunks[-1].completion_tokens) == (31, 5)


def test_non_streaming_answer_is_accepted(bad):
    b = _loaded(bad.url)
    reply = {
        "choices": [{"message": {"role": "assistant", "content": "Whole reply."}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 3},
    }
    bad.routes["/v1/chat/completions"] = (200, "application/json", json.dumps(reply).encode())
    (chunk,) = list(b.chat_stream(HI, GREEDY, threading.Event()))
    assert (chunk.text, chunk.finish_reason, chunk.prompt_tokens, chunk.completion_tokens) == (
        "Whole reply.",
        "stop",
        12,
        3,
    )


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([_delta("Hi"), "{not json"], "sent a malformed stream event"),
        ([_delta("Hi"), "[1, 2]"], "sent a malformed stream event"),
        ([_delta("Hi")], "closed the stream before the reply ended"),
        ([json.dumps({"error": {"message": "CUDA out of memory"}})], "reported an error: CUDA out of memory"),
    ],
)
def test_broken_streams(bad, events, message):
    b = _loaded(bad.url)
    bad.sse("/v1/chat/completions", events)
    with pytest.raises(GenerationError, match=message) as err:
        list(b.chat_stream(HI, GREEDY, threading.Event()))
    assert bad.url in str(err.value)


def test_http_errors_during_generation(bad):
    b = _loaded(bad.url, model="m1")
    bad.routes["/v1/chat/completions"] = (
        404,
        "application/json",
        b'{"error": {"message": "The model m1 does not exist."}}',
    )
    with pytest.raises(
        GenerationError, match=r"does not know 'm1' \(HTTP 404\): The model m1 does not exist\.$"
    ):
        list(b.chat_stream(HI, GREEDY, threading.Event()))
    bad.routes["/v1/chat/completions"] = (500, "text/plain", b"boom")
    with pytest.raises(GenerationError, match=r"answered HTTP 500\.$"):
        list(b.chat_stream(HI, GREEDY, threading.Event()))
    bad.routes["/v1/chat/completions"] = (200, "application/json", b"<html>")
    with pytest.raises(GenerationError, match="not OpenAI-compatible"):
        list(b.chat_stream(HI, GREEDY, threading.Event()))
