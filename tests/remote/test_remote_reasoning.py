"""The remote backend and reasoning models: thinking a server sends apart (`reasoning_content`, our own API server
over a tiny reasoning GGUF) and thinking a server leaves in the text (llama-cpp-python's server, SmolLM2 made to
write `<think>…</think>` by a grammar) both arrive as Chunk.reasoning, apart from the answer."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.remote import RemoteBackend
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.chat import collect
from desktop_app.core.tasks.structured import check_reply
from tests.fixtures.tiny_reasoning import build_reasoning_model, exact_grammar
from tests.remote.test_remote_backend import API_KEY, llama_server  # noqa: F401 (the fixture)
from tests.server.conftest import serve

REPLY = "<think>\nA greeting. 问候。\n</think>\n\nHello! 你好！"
HI = [{"role": "user", "content": "Hi"}]


def _remote(base_url: str, **extra) -> RemoteBackend:
    backend = RemoteBackend()
    spec = ModelSpec(path=Path(base_url), name="remote", backend="remote", extra={"base_url": base_url, **extra})
    backend.load(spec, LoadOptions(n_ctx=1024))
    return backend


@pytest.fixture(scope="module")
def thinker_url(tmp_path_factory):
    with serve(build_reasoning_model(tmp_path_factory.mktemp("remote") / "tiny-qwen3.gguf")) as live:
        yield live.base_url


def test_reasoning_content_from_a_server_that_parses_thinking(thinker_url):
    backend = _remote(thinker_url)
    try:
        params = GenerationParams(temperature=0.0, max_tokens=200, grammar=exact_grammar(REPLY))
        result = collect(backend.chat_stream(HI, params, threading.Event()))
        assert (result.reasoning, result.text) == ("\nA greeting. 问候。\n", "Hello! 你好！")
        # the thinking switch travels as chat_template_kwargs: the server's template closed an empty block
        off = collect(backend.chat_stream(HI, GenerationParams(temperature=0.0, max_tokens=200, thinking="off",
                                                               grammar=exact_grammar("Hi.")), threading.Event()))
        assert off.text == "Hi." and off.prompt_tokens > result.prompt_tokens
    finally:
        backend.unload()


def test_think_tags_from_a_server_that_does_not_parse_them(llama_server):  # noqa: F811
    backend = _remote(llama_server, api_key=API_KEY)
    try:
        params = GenerationParams(temperature=0.0, max_tokens=200, grammar=exact_grammar(REPLY))
        result = collect(backend.chat_stream(HI, params, threading.Event()))
        assert (result.reasoning, result.text) == ("\nA greeting. 问候。\n", "Hello! 你好！")
        schema = json.dumps({"type": "object", "properties": {"greeting": {"type": "string", "maxLength": 20}},
                             "required": ["greeting"]})
        reply = collect(backend.chat_stream(HI, GenerationParams(temperature=0.0, max_tokens=60, json_schema=schema),
                                            threading.Event()))
        assert isinstance(check_reply(reply.text, schema)["greeting"], str)
    finally:
        backend.unload()
