"""The API server with reasoning models and structured output, with the official `openai` client as the peer.

Thinking: a tiny random GGUF with a Qwen3-style template served in its engine process, made to think by a GBNF
`grammar` (llama-cpp-python's server takes the same field). Structured output: SmolLM2 (the shared live server)
held to `response_format` json_schema and json_object; every reply parses and validates.
"""

from __future__ import annotations

import json

import openai
import pytest
from pydantic import BaseModel

from desktop_app.core.tasks.structured import check_reply
from tests.fixtures.tiny_reasoning import build_reasoning_model, exact_grammar
from tests.server.conftest import serve

THOUGHT = "The user greets me. 用户打招呼。"
ANSWER = "Hello! 你好！"
REPLY = f"<think>\n{THOUGHT}\n</think>\n\n{ANSWER}"
ASK = [{"role": "user", "content": "Hi 你好"}]


@pytest.fixture(scope="module")
def thinker_server(tmp_path_factory):
    with serve(build_reasoning_model(tmp_path_factory.mktemp("srv") / "tiny-qwen3.gguf")) as live:
        yield live


def _think(client, model: str, **extra):
    return client.chat.completions.create(model=model, messages=ASK, temperature=0, max_tokens=200,
                                          extra_body={"grammar": exact_grammar(REPLY), **extra})


def test_reasoning_content_apart_from_content(thinker_server):
    client = thinker_server.client()
    reply = _think(client, thinker_server.model_id)
    message = reply.choices[0].message
    assert message.content == ANSWER
    assert message.model_extra["reasoning_content"] == f"\n{THOUGHT}\n"
    assert reply.choices[0].finish_reason == "stop"


def test_reasoning_content_streams_before_the_content(thinker_server):
    client = thinker_server.client()
    stream = client.chat.completions.create(
        model=thinker_server.model_id, messages=ASK, temperature=0, max_tokens=200, stream=True,
        extra_body={"grammar": exact_grammar(REPLY)},
    )
    order: list[tuple[str, str]] = []
    for event in stream:
        if not event.choices:
            continue
        delta = event.choices[0].delta
        thought = (delta.model_extra or {}).get("reasoning_content")
        if thought:
            order.append(("thinking", thought))
        if delta.content:
            order.append(("answer", delta.content))
    assert "".join(t for k, t in order if k == "thinking") == f"\n{THOUGHT}\n"
    assert "".join(t for k, t in order if k == "answer") == ANSWER
    kinds = [k for k, _ in order]
    assert kinds == sorted(kinds, key=lambda k: k == "answer")  # every piece of thinking before the answer


def test_thinking_switch_and_history_without_thinking(thinker_server):
    client = thinker_server.client()
    model = thinker_server.model_id
    auto = _think(client, model)
    off = _think(client, model, chat_template_kwargs={"enable_thinking": False})
    assert off.usage.prompt_tokens > auto.usage.prompt_tokens  # the template closed an empty thinking block
    none = _think(client, model, reasoning_effort="none")
    assert none.usage.prompt_tokens == off.usage.prompt_tokens
    # an earlier reply's thinking is not sent back: the same prompt as the answer alone
    turns = [*ASK, {"role": "assistant", "content": REPLY}, {"role": "user", "content": "Again"}]
    plain = [*ASK, {"role": "assistant", "content": ANSWER}, {"role": "user", "content": "Again"}]
    with_thinking = client.chat.completions.create(model=model, messages=turns, max_tokens=1)
    without = client.chat.completions.create(model=model, messages=plain, max_tokens=1)
    assert with_thinking.usage.prompt_tokens == without.usage.prompt_tokens


PERSON = {
    "type": "object",
    "properties": {"name": {"type": "string", "maxLength": 24}, "age": {"type": "integer"},
                   "city": {"enum": ["Paris", "London", "Beijing"]}},
    "required": ["name", "age", "city"],
    "additionalProperties": False,
}


def test_json_schema_reply_parses_and_validates(live):
    client = live.client()
    reply = client.chat.completions.create(
        model=live.model_id, temperature=0, max_tokens=120,
        messages=[{"role": "user", "content": "Invent a person who lives in a capital city."}],
        response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": PERSON}},
    )
    value = check_reply(reply.choices[0].message.content, json.dumps(PERSON))
    assert set(value) == {"name", "age", "city"} and value["city"] in ("Paris", "London", "Beijing")


def test_json_object_streamed(live):
    client = live.client()
    stream = client.chat.completions.create(
        model=live.model_id, temperature=0, max_tokens=120, stream=True,
        messages=[{"role": "user", "content": "Describe a cat as JSON."}], response_format={"type": "json_object"},
    )
    text = "".join(e.choices[0].delta.content or "" for e in stream if e.choices)
    assert isinstance(json.loads(text), dict)


def test_openai_parse_with_a_pydantic_model(live):
    class City(BaseModel):
        name: str
        country: str

    client = live.client()
    parsed = client.chat.completions.parse(
        model=live.model_id, temperature=0, max_tokens=100, response_format=City,
        messages=[{"role": "user", "content": "Name the capital of France as JSON."}],
    )
    city = parsed.choices[0].message.parsed
    assert isinstance(city, City) and city.name


def test_bad_schema_and_cut_off_reply_get_a_sentence(live):
    client = live.client()
    ask = [{"role": "user", "content": "Invent a person."}]
    with pytest.raises(openai.BadRequestError, match="json_schema.schema"):
        client.chat.completions.create(model=live.model_id, messages=ask,
                                       response_format={"type": "json_schema", "json_schema": {"name": "x"}})
    with pytest.raises(openai.BadRequestError, match="cannot be enforced"):
        client.chat.completions.create(
            model=live.model_id, messages=ask,
            response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "bogus"}}})
    with pytest.raises(openai.InternalServerError, match="max_tokens before its JSON was complete"):
        client.chat.completions.create(
            model=live.model_id, messages=ask, max_tokens=3, temperature=0,
            response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": PERSON}})
    with pytest.raises(openai.BadRequestError, match="grammar"):
        client.chat.completions.create(model=live.model_id, messages=ask, extra_body={"grammar": 'root ::= "x'})
    # the server still answers
    assert client.chat.completions.create(model=live.model_id, messages=ask, max_tokens=4).choices[0].message.content
