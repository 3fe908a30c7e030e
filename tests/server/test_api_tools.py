"""Tools on the API server, with the official `openai` client as the peer and Qwen2.5 (a template with a tools
section) in its engine process: `tools` and `tool_choice` in, `tool_calls` out in OpenAI's shape, streamed and not,
the client's tool result sent back as a `tool` message, and one 400 sentence per malformed request."""

from __future__ import annotations

import json

import openai
import pytest

from tests.server.conftest import serve

ADD = {"type": "function", "function": {
    "name": "add", "description": "Add two whole numbers.",
    "parameters": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                   "required": ["a", "b"]}}}
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
ASK = [{"role": "user", "content": "Use the add tool to add 1200 and 34."}]


@pytest.fixture(scope="module")
def qwen_live(qwen):
    with serve(qwen) as live:
        yield live


@pytest.fixture
def client(qwen_live):
    qwen_live.drain()
    return qwen_live.client()


def ask(client, **kw):
    return client.chat.completions.create(model="Qwen2.5-Coder-0.5B-Instruct-Q4_K_M", messages=kw.pop("messages", ASK), temperature=0, seed=0,
                                          max_tokens=64, **kw)


def test_a_call_comes_back_as_tool_calls(client):
    reply = ask(client, tools=[ADD, WEATHER])
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    call = choice.message.tool_calls[0]
    assert call.type == "function" and call.function.name == "add" and call.id.startswith("call_")
    assert json.loads(call.function.arguments) == {"a": 1200, "b": 34}


def test_streamed_call_and_no_markup_as_content(client):
    stream = ask(client, tools=[ADD], stream=True)
    content, calls, reasons = "", [], []
    for event in stream:
        if not event.choices:
            continue
        delta = event.choices[0].delta
        content += delta.content or ""
        calls += delta.tool_calls or []
        reasons.append(event.choices[0].finish_reason)
    assert content == "" and reasons[-1] == "tool_calls"
    assert calls[0].index == 0 and calls[0].function.name == "add"
    assert json.loads(calls[0].function.arguments) == {"a": 1200, "b": 34}


def test_the_tool_result_goes_back_to_the_model(client, qwen_live):
    first = ask(client, tools=[ADD]).choices[0].message
    messages = [*ASK, first.model_dump(exclude_none=True),
                {"role": "tool", "tool_call_id": first.tool_calls[0].id, "content": "1234"}]
    reply = ask(client, tools=[ADD], messages=messages, tool_choice="none")
    assert reply.choices[0].finish_reason in ("stop", "length") and reply.choices[0].message.tool_calls is None
    assert reply.choices[0].message.content  # the model answers in text (the template got the call and result)


def test_tool_choice_none_and_named(client):
    plain = ask(client, tools=[ADD], tool_choice="none")
    assert plain.choices[0].message.tool_calls is None and plain.choices[0].finish_reason != "tool_calls"
    named = ask(client, tools=[WEATHER, ADD], tool_choice={"type": "function", "function": {"name": "add"}})
    assert named.choices[0].message.tool_calls[0].function.name == "add"


def test_required_tool_choice_forces_a_call_by_grammar(client):
    """A question no tool answers still gets a call when tool_choice demands one: the reply is held to the calls'
    JSON schema (a llama.cpp grammar), so its arguments have the shape the tool declares."""
    hello = [{"role": "user", "content": "Say hello in French."}]
    free = ask(client, tools=[WEATHER], messages=hello)
    assert free.choices[0].message.tool_calls is None  # left to itself, the model just answers
    forced = ask(client, tools=[WEATHER], messages=hello, tool_choice="required")
    assert forced.choices[0].finish_reason == "tool_calls"
    call = forced.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather"
    assert isinstance(json.loads(call.function.arguments)["city"], str)
    with pytest.raises(openai.BadRequestError) as err:
        ask(client, tools=[WEATHER], messages=hello, tool_choice="required",
            response_format={"type": "json_object"})
    assert "cannot be combined" in err.value.message


@pytest.mark.parametrize("extra,words", [
    ({"tools": "add"}, "'tools' must be a list"),
    ({"tools": [{"type": "function"}]}, "tools[0] must be an object"),
    ({"tools": [{"type": "function", "function": {"name": ""}}]}, "tools[0].function.name"),
    ({"tools": [ADD, ADD]}, "same name"),
    ({"tools": [ADD], "tool_choice": {"type": "function", "function": {"name": "nope"}}}, "'nope'"),
    ({"tools": [ADD], "tool_choice": "always"}, "'tool_choice' must be"),
    ({"tool_choice": "required"}, "needs 'tools'"),
])
def test_malformed_tools_are_400(client, extra, words):
    with pytest.raises(openai.BadRequestError) as err:
        ask(client, **extra)
    assert words in err.value.message


def test_malformed_earlier_call_is_400(client):
    messages = [*ASK, {"role": "assistant", "content": None, "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "add", "arguments": "{not json"}}]}]
    with pytest.raises(openai.BadRequestError) as err:
        ask(client, messages=messages, tools=[ADD])
    assert "arguments is not JSON" in err.value.message
