"""The API server against the official `openai` client, over SmolLM2 on the real llama.cpp backend."""

from __future__ import annotations

import concurrent.futures
import json
import math

import httpx2
import openai
import pytest

from desktop_app.server.runner import ThreadRunner
from desktop_app.server.server import ApiServer, ServerOptions

QUESTION = [{"role": "user", "content": "What is the capital of France? Answer in one sentence."}]
GREEDY = {"temperature": 0, "seed": 42}
COUNTING = "1, 2, 3, 4, 5, 6, 7, 8, 9, 10,"  # greedy continues counting until max_tokens


def stream_text(stream) -> tuple[str, list]:
    parts, chunks = [], []
    for chunk in stream:
        chunks.append(chunk)
        if chunk.choices and chunk.choices[0].delta.content:
            parts.append(chunk.choices[0].delta.content)
    return "".join(parts), chunks


def test_health(live):
    r = httpx2.get(live.base_url.removesuffix("/v1") + "/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["model"] == live.model_id and body["max_queue"] == 32


def test_list_models(live):
    models = live.client().models.list()
    assert [m.id for m in models.data] == [live.model_id]
    assert models.data[0].owned_by == "desktop_app"


def test_stream_chat_and_non_stream_agree(live):
    client = live.client()
    # A question whose answer runs past 16 tokens, so that both replies stop at the length limit.
    question = [{"role": "user", "content": "Name the capital city of France and describe it."}]
    stream = client.chat.completions.create(model=live.model_id, messages=question, max_tokens=16, stream=True,
                                            stream_options={"include_usage": True}, **GREEDY)
    streamed, chunks = stream_text(stream)
    assert "Paris" in streamed
    assert chunks[0].choices[0].delta.role == "assistant"
    finish = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finish == ["length"]
    usage = chunks[-1].usage
    assert not chunks[-1].choices and usage.completion_tokens == 16 and usage.prompt_tokens > 5
    one = client.chat.completions.create(model=live.model_id, messages=question, max_tokens=16, **GREEDY)
    two = client.chat.completions.create(model=live.model_id, messages=question, max_tokens=16, **GREEDY)
    assert one.choices[0].message.content == two.choices[0].message.content == streamed
    assert one.choices[0].finish_reason == "length" and one.object == "chat.completion"
    assert one.usage.completion_tokens == 16 and one.usage.prompt_tokens == usage.prompt_tokens
    assert one.usage.total_tokens == one.usage.prompt_tokens + 16
    entry = live.wait_log(lambda e: e.path == "/v1/chat/completions")
    assert entry.status == 200 and entry.completion_tokens == 16


def test_completions_stream_and_not(live):
    client = live.client()
    whole = client.completions.create(model=live.model_id, prompt=COUNTING, max_tokens=12, **GREEDY)
    assert whole.object == "text_completion" and whole.choices[0].finish_reason == "length"
    assert " 11, 12" in whole.choices[0].text
    assert whole.usage.completion_tokens == 12 and whole.usage.prompt_tokens > 10
    parts = [c.choices[0].text for c in client.completions.create(
        model=live.model_id, prompt=COUNTING, max_tokens=12, stream=True, **GREEDY) if c.choices]
    assert "".join(parts) == whole.choices[0].text
    echoed = client.completions.create(model=live.model_id, prompt=COUNTING, max_tokens=12, echo=True, **GREEDY)
    assert echoed.choices[0].text == COUNTING + whole.choices[0].text


def test_stop_strings(live):
    client = live.client()
    ref = client.completions.create(model=live.model_id, prompt=COUNTING, max_tokens=16, **GREEDY).choices[0].text
    assert " 13," in ref
    expected = ref[: ref.find(" 13,")]
    one = client.completions.create(model=live.model_id, prompt=COUNTING, max_tokens=16, stop=" 13,", **GREEDY)
    assert one.choices[0].text == expected and one.choices[0].finish_reason == "stop"
    many = client.completions.create(model=live.model_id, prompt=COUNTING, max_tokens=16,
                                     stop=["never appears", " 13,"], **GREEDY)
    assert many.choices[0].text == expected
    streamed = "".join(c.choices[0].text for c in client.completions.create(
        model=live.model_id, prompt=COUNTING, max_tokens=16, stop=[" 13,"], stream=True, **GREEDY) if c.choices)
    assert streamed == expected
    chat = client.chat.completions.create(model=live.model_id, messages=QUESTION, max_tokens=16, stop="Paris",
                                          **GREEDY)
    assert "Paris" not in chat.choices[0].message.content and chat.choices[0].finish_reason == "stop"


def test_client_closing_the_stream_cancels_the_generation(live):
    client = live.client()
    stream = client.completions.create(model=live.model_id, prompt=COUNTING, max_tokens=900, stream=True, **GREEDY)
    ticket = live.runner.submitted.get(timeout=30)
    received = 0
    for chunk in stream:
        received += bool(chunk.choices and chunk.choices[0].text)
        if received >= 3:
            break
    stream.close()
    entry = live.wait_log(lambda e: "cancelled" in e.note)
    assert entry.path == "/v1/completions" and entry.stream
    # The generation itself stopped (the backend saw the cancel Event), long before its 900 tokens.
    final = ticket.future.result(timeout=60)
    assert final.finish_reason == "cancelled" and final.completion_tokens < 100
    # The model is free again: the next request is served.
    reply = client.chat.completions.create(model=live.model_id, messages=QUESTION, max_tokens=4, **GREEDY)
    assert reply.usage.completion_tokens == 4


def test_wrong_or_missing_key_is_401(live_server):
    server = ApiServer(live_server.runner, ServerOptions(port=0, api_key="s3cret"))
    server.start_in_thread()
    try:
        client = openai.OpenAI(base_url=server.base_url, api_key="wrong", max_retries=0)
        with pytest.raises(openai.AuthenticationError) as err:
            client.models.list()
        assert err.value.status_code == 401 and err.value.code == "invalid_api_key"
        r = httpx2.post(server.base_url + "/chat/completions",
                        json={"model": live_server.model_id, "messages": QUESTION})
        assert r.status_code == 401
        error = r.json()["error"]
        assert set(error) == {"message", "type", "param", "code"} and "API key" in error["message"]
        good = openai.OpenAI(base_url=server.base_url, api_key="s3cret", max_retries=0)
        assert [m.id for m in good.models.list().data] == [live_server.model_id]
        assert httpx2.get(server.base_url.removesuffix("/v1") + "/health").status_code == 200  # open to probes
    finally:
        assert server.stop()


def test_malformed_json_and_missing_fields_are_400(live):
    url = live.base_url + "/chat/completions"
    r = httpx2.post(url, content=b'{"model": "x", "messages": [', headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"
    assert "JSON" in r.json()["error"]["message"]
    r = httpx2.post(url, json=["not", "an", "object"])
    assert r.status_code == 400
    r = httpx2.post(url, json={"model": live.model_id})
    assert r.status_code == 400 and r.json()["error"]["param"] == "messages"
    r = httpx2.post(url, json={"messages": QUESTION})
    assert r.status_code == 400 and r.json()["error"]["param"] == "model"
    client = live.client()
    with pytest.raises(openai.BadRequestError) as err:
        client.chat.completions.create(model=live.model_id, messages=QUESTION, n=2)
    assert err.value.body["param"] == "n"
    with pytest.raises(openai.BadRequestError) as err:
        client.chat.completions.create(model=live.model_id, messages=QUESTION, temperature=5)
    assert err.value.body["param"] == "temperature"
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model=live.model_id, messages=QUESTION, stop=3)  # type: ignore[arg-type]
    r = httpx2.get(live.base_url + "/chat/completions")
    assert r.status_code == 405 and "error" in r.json()
    r = httpx2.get(live.base_url + "/nothing/here")
    assert r.status_code == 404 and "error" in r.json()


def test_a_lone_surrogate_is_a_400_not_a_500(live):
    """JSON may escape half of a UTF-16 pair ("\\ud83d" alone): that is no text; the client is told, in OpenAI's
    shape, and the server serves the next request."""
    url = live.base_url + "/chat/completions"
    text = json.dumps({"model": live.model_id, "max_tokens": 4, "messages": [{"role": "user", "content": "smile"}]})
    body = text.replace('"smile"', '"smile \\ud83d please"').encode()
    r = httpx2.post(url, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"
    assert "surrogate" in r.json()["error"]["message"]
    paired = body.replace(b"\\ud83d", b"\\ud83d\\ude00")  # a whole pair is an emoji: fine
    assert httpx2.post(url, content=paired, headers={"content-type": "application/json"}).status_code == 200


def test_any_model_name_reaches_the_one_model_and_strict_names_are_404(live):
    """Issue 15, item 5: with one model served, a client's old or mistyped name still gets an answer, named for
    the model that gave it; with strict names, the id, file name and a case-insensitive match still work."""
    client = live.client()
    reply = client.chat.completions.create(model="gpt-9", messages=QUESTION, max_tokens=2)
    assert reply.model == live.model_id
    live.server.service.strict_model_names = True
    try:
        with pytest.raises(openai.NotFoundError) as err:
            client.chat.completions.create(model="gpt-9", messages=QUESTION, max_tokens=2)
        assert err.value.code == "model_not_found" and live.model_id in err.value.message
        spec = live.runner.served_model().spec
        for name in (live.model_id.upper(), f" {spec.path.name} ", spec.path.stem.lower()):
            assert client.chat.completions.create(model=name, messages=QUESTION, max_tokens=2).model == live.model_id
    finally:
        live.server.service.strict_model_names = False


def test_too_many_tokens_is_context_length_exceeded(live):
    long = "hello " * 1500
    client = live.client()
    for stream in (False, True):
        with pytest.raises(openai.BadRequestError) as err:
            client.chat.completions.create(model=live.model_id, messages=[{"role": "user", "content": long}],
                                           stream=stream)
        assert err.value.code == "context_length_exceeded" and "context" in err.value.message
    with pytest.raises(openai.BadRequestError) as err:
        client.completions.create(model=live.model_id, prompt=long)
    assert err.value.code == "context_length_exceeded"
    ok = client.chat.completions.create(model=live.model_id, messages=QUESTION, max_tokens=2)  # still serving
    assert ok.usage.completion_tokens == 2


def test_full_queue_answers_429(live):
    live.server.service.max_queue = 2
    client = live.client()
    running = client.completions.create(model=live.model_id, prompt=COUNTING, max_tokens=900, stream=True, **GREEDY)
    first = next(iter(running))  # A is generating
    assert first.choices[0].text is not None
    live.runner.submitted.get(timeout=30)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(client.chat.completions.create, model=live.model_id, messages=QUESTION, max_tokens=3,
                              **GREEDY)
        live.runner.submitted.get(timeout=30)  # B is queued behind A
        with pytest.raises(openai.RateLimitError) as err:
            client.chat.completions.create(model=live.model_id, messages=QUESTION, max_tokens=3)
        assert err.value.status_code == 429 and err.value.code == "rate_limit_exceeded"
        assert err.value.response.headers.get("retry-after") == "1"
        running.close()  # A is cancelled; B runs
        assert waiting.result(timeout=60).usage.completion_tokens == 3


def test_twenty_concurrent_clients_get_their_own_answers(live):
    # Decoded together in one batch (server/batching.py): llama.cpp rounds a batch of four tokens differently from
    # one token, so only questions whose first six greedy tokens each lead the runner-up by more than that
    # rounding (>= 1.49 logits here; "What is 2 + 2?" leads by 0.1 and may change its wording) must agree.
    questions = ["What is the capital of France? Answer in one sentence.",
                 "Name the capital city of France and describe it.",
                 "What is the largest planet in the solar system?", "What is the boiling point of water in Celsius?"]
    client = live.client()

    def ask(q: str, stream: bool) -> str:
        messages = [{"role": "user", "content": q}]
        if stream:
            return stream_text(client.chat.completions.create(model=live.model_id, messages=messages, max_tokens=6,
                                                              stream=True, **GREEDY))[0]
        return client.chat.completions.create(model=live.model_id, messages=messages, max_tokens=6,
                                              **GREEDY).choices[0].message.content

    alone = {q: ask(q, False) for q in questions}
    assert len(set(alone.values())) == len(questions)
    jobs = [(questions[i % len(questions)], i % 2 == 0) for i in range(20)]
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda job: ask(*job), jobs))
    assert answers == [alone[q] for q, _stream in jobs]


def test_embeddings(live):
    client = live.client()
    texts = ["The cat sat on the mat.", "A cat was sitting on a mat.", "Stock markets fell sharply today."]
    result = client.embeddings.create(model=live.model_id, input=texts)  # base64, as the client asks by default
    vectors = [d.embedding for d in result.data]
    assert [d.index for d in result.data] == [0, 1, 2] and len(vectors[0]) == 576
    assert all(abs(math.fsum(x * x for x in v) - 1.0) < 1e-3 for v in vectors)

    def cos(a, b):
        return math.fsum(x * y for x, y in zip(a, b, strict=True))

    assert cos(vectors[0], vectors[1]) > cos(vectors[0], vectors[2])
    assert result.usage.prompt_tokens > 10
    floats = client.embeddings.create(model=live.model_id, input=texts[0], encoding_format="float")
    assert floats.data[0].embedding == pytest.approx(vectors[0], abs=1e-6)
    with pytest.raises(openai.BadRequestError) as err:
        client.embeddings.create(model=live.model_id, input="word " * 600)
    assert err.value.code == "context_length_exceeded"


def test_a_model_that_cannot_embed_says_so(live_server):
    from dataclasses import replace

    from desktop_app.server.runner import ServedModel

    class TorchLike(ThreadRunner):  # the same backend, presented as a PyTorch model
        def served_model(self) -> ServedModel:
            served = live_server.runner.served_model()
            return replace(served, spec=replace(served.spec, backend="transformers"))

    runner = TorchLike(live_server.runner.served_model().spec, live_server.runner.backend)
    server = ApiServer(runner, ServerOptions(port=0))
    server.start_in_thread()
    try:
        client = openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0)
        with pytest.raises(openai.BadRequestError) as err:
            client.embeddings.create(model=live_server.model_id, input="hello")
        assert err.value.code == "embeddings_not_supported" and "cannot create embeddings" in err.value.message
    finally:
        server.stop()
        runner._pool.shutdown(wait=True)  # its backend belongs to the shared server: do not unload it


def test_busy_port_is_a_sentence(live):
    from desktop_app.core.errors import DesktopAppError

    server = ApiServer(live.runner, ServerOptions(port=live.server.port))
    with pytest.raises(DesktopAppError, match="already in use"):
        server.start_in_thread()


def test_stopping_the_server_cancels_what_runs(live):
    live_server = live
    server = ApiServer(live_server.runner, ServerOptions(port=0))
    server.start_in_thread()
    client = openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0)
    stream = client.completions.create(model=live_server.model_id, prompt=COUNTING, max_tokens=900, stream=True)
    next(iter(stream))
    ticket = live_server.runner.submitted.get(timeout=30)
    assert server.stop(10.0)
    stream.close()
    final = ticket.future.result(timeout=60)
    assert final.finish_reason == "cancelled" and final.completion_tokens < 100
    reply = live_server.client().completions.create(model=live_server.model_id, prompt=COUNTING, max_tokens=2)
    assert reply.usage.completion_tokens == 2
