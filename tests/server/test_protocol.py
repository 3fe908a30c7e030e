"""Request parsing and response bodies, without a server or a model."""

from __future__ import annotations

import asyncio
import base64
import json
import struct
import threading

import pytest

from desktop_app.core.backends.base import Chunk
from desktop_app.server import protocol
from desktop_app.server.pipe import ChunkPipe
from desktop_app.server.protocol import ApiError

MSG = [{"role": "user", "content": "hi"}]


def test_chat_defaults_and_sampling_fields():
    req = protocol.parse_chat({"model": "m", "messages": MSG})
    assert req.params.temperature == 1.0 and req.params.top_p == 1.0 and req.params.max_tokens == 0
    assert req.params.seed == -1 and req.params.stop == () and not req.stream
    req = protocol.parse_chat({"model": "m", "messages": MSG, "temperature": 0, "top_p": 0.5, "max_tokens": 7,
                               "seed": 3, "stop": "END", "n": 1, "stream": True,
                               "stream_options": {"include_usage": True}, "top_k": 1, "repeat_penalty": 1.0})
    p = req.params
    assert (p.temperature, p.top_p, p.max_tokens, p.seed, p.stop, p.top_k, p.repeat_penalty) == (
        0.0, 0.5, 7, 3, ("END",), 1, 1.0)
    assert req.stream and req.include_usage
    assert protocol.parse_chat({"model": "m", "messages": MSG, "max_completion_tokens": 5}).params.max_tokens == 5
    assert protocol.parse_chat({"model": "m", "messages": MSG, "stop": ["a", "b"]}).params.stop == ("a", "b")


def test_content_parts_and_roles():
    req = protocol.parse_chat({"model": "m", "messages": [
        {"role": "developer", "content": "be brief"},
        {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]},
        {"role": "assistant", "content": None}]})
    assert req.messages == ({"role": "system", "content": "be brief"}, {"role": "user", "content": "ab"},
                            {"role": "assistant", "content": ""})


@pytest.mark.parametrize("body, param", [
    ({"messages": MSG}, "model"),
    ({"model": "m"}, "messages"),
    ({"model": "m", "messages": []}, "messages"),
    ({"model": "m", "messages": [{"content": "x"}]}, "messages[0].role"),
    ({"model": "m", "messages": [{"role": "function", "content": "x"}]}, "messages[0].role"),
    ({"model": "m", "messages": [{"role": "user"}]}, "messages[0].content"),
    ({"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]},
     "messages[0].content"),
    ({"model": "m", "messages": MSG, "n": 2}, "n"),
    ({"model": "m", "messages": MSG, "temperature": "hot"}, "temperature"),
    ({"model": "m", "messages": MSG, "temperature": True}, "temperature"),
    ({"model": "m", "messages": MSG, "top_p": 1.5}, "top_p"),
    ({"model": "m", "messages": MSG, "max_tokens": 0}, "max_tokens"),
    ({"model": "m", "messages": MSG, "stop": [1]}, "stop"),
    ({"model": "m", "messages": MSG, "seed": 1.5}, "seed"),
    ({"model": "m", "messages": MSG, "stream": "yes"}, "stream"),
    ({"model": "m", "messages": MSG, "stream_options": {"include_usage": True}}, "stream_options"),
])
def test_bad_chat_requests_name_the_parameter(body, param):
    with pytest.raises(ApiError) as err:
        protocol.parse_chat(body)
    assert err.value.status == 400 and err.value.param == param
    assert set(err.value.body()["error"]) == {"message", "type", "param", "code"}


def test_completion_and_embedding_requests():
    assert protocol.parse_completion({"model": "m", "prompt": ["one"]}).prompt == "one"
    for bad in ({"model": "m"}, {"model": "m", "prompt": [1, 2]}, {"model": "m", "prompt": ["a", "b"]},
                {"model": "m", "prompt": "x", "logprobs": 2}):
        with pytest.raises(ApiError):
            protocol.parse_completion(bad)
    req = protocol.parse_embeddings({"model": "m", "input": "x", "encoding_format": "base64"})
    assert req.inputs == ("x",) and req.base64
    for bad in ({"model": "m"}, {"model": "m", "input": [1]}, {"model": "m", "input": ""},
                {"model": "m", "input": "x", "encoding_format": "int8"}, {"model": "m", "input": "x",
                                                                          "dimensions": 8}):
        with pytest.raises(ApiError):
            protocol.parse_embeddings(bad)


def test_malformed_json():
    for raw in (b"{", b"\xff\xfe", b"[1]", b'"text"'):
        with pytest.raises(ApiError) as err:
            protocol.parse_json(raw)
        assert err.value.status == 400


def test_stream_events_are_valid_json():
    fmt = protocol.StreamFormatter(chat=True, model='m "quoted"')
    events = [fmt.start(), fmt.text('he said "hi"\n你好'), fmt.finish("length"), fmt.usage(3, 4)]
    bodies = [json.loads(e.removeprefix("data: ").strip()) for e in events]
    assert bodies[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert bodies[1]["choices"][0]["delta"]["content"] == 'he said "hi"\n你好' and bodies[1]["model"] == 'm "quoted"'
    assert bodies[2]["choices"][0]["finish_reason"] == "length"
    assert bodies[3]["usage"] == {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}
    assert len({b["id"] for b in bodies}) == 1 and fmt.done() == "data: [DONE]\n\n"
    text = protocol.StreamFormatter(chat=False, model="m")
    assert json.loads(text.text("x").removeprefix("data: "))["choices"][0]["text"] == "x"


def test_embeddings_base64_is_float32():
    body = protocol.embeddings_body("m", [[0.5, -1.0]], 2, as_base64=True)
    raw = base64.b64decode(body["data"][0]["embedding"])
    assert struct.unpack("<2f", raw) == (0.5, -1.0)


def test_chunk_pipe_hands_over_batches_and_errors():
    async def main() -> list[list[str]]:
        pipe = ChunkPipe(asyncio.get_running_loop())
        started = threading.Event()

        def produce() -> None:
            started.wait()
            for i in range(50):
                pipe.put(Chunk(text=str(i)))
            pipe.close(ValueError("boom"))

        t = threading.Thread(target=produce)
        t.start()
        started.set()
        batches = []
        with pytest.raises(ValueError, match="boom"):
            while True:
                batch = await pipe.get_batch()
                batches.append([c.text for c in batch])
        t.join()
        return batches

    batches = asyncio.run(main())
    assert [x for b in batches for x in b] == [str(i) for i in range(50)]
