"""A tool call forced by a grammar: the schema of core/tools/calls.tool_call_schema, turned into a llama.cpp grammar
the way the engine turns a structured-output schema into one, makes even SmolLM2 (which never calls tools by itself)
write a call that parses, names an offered tool and carries arguments of the right types."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.tools.builtin import definitions
from desktop_app.core.tools.calls import parse_tool_calls, tool_call_schema

ADD = {"type": "function", "function": {"name": "add", "parameters": {
    "type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a", "b"]}}}


@pytest.fixture(scope="module")
def smol_llm(smollm2):
    from llama_cpp import Llama

    llm = Llama(model_path=str(smollm2), n_ctx=512, n_threads=1, verbose=False)
    yield llm
    llm.close()


def forced(llm, tools, prompt, seed=0):
    from llama_cpp import LlamaGrammar

    grammar = LlamaGrammar.from_json_schema(json.dumps(tool_call_schema(tools)), verbose=False)
    out = llm.create_completion(prompt, max_tokens=60, temperature=0.8, seed=seed, grammar=grammar)
    return out["choices"][0]["text"]


def test_one_tool_schema_is_its_call():
    schema = tool_call_schema([ADD])
    assert schema["properties"]["name"] == {"const": "add"}
    assert schema["properties"]["arguments"]["required"] == ["a", "b"]
    assert set(tool_call_schema(definitions())["oneOf"][1]["properties"]["arguments"]["properties"]) == {"expression"}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_grammar_forces_a_parseable_call(smol_llm, seed):
    text = forced(smol_llm, [ADD, *definitions()], "Tell me a story about a cat.\n", seed)
    parsed = parse_tool_calls(text, {"add", "calculator", "current_datetime"})
    assert len(parsed.calls) == 1, text
    call = parsed.calls[0]
    if call.name == "add":
        assert set(call.arguments) == {"a", "b"} and all(isinstance(v, int) for v in call.arguments.values())
    elif call.name == "calculator":
        assert isinstance(call.arguments["expression"], str)
