"""Thinking and structured output through the real llama.cpp path: tiny random GGUFs with reasoning templates,
driven by grammars (tests/fixtures/tiny_reasoning.py), and SmolLM2 held to a JSON schema."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

import pytest

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.errors import GenerationError
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.chat import collect, stream_chat_turn
from desktop_app.core.tasks.sentiment import build_prompt, classify_texts
from desktop_app.core.tasks.structured import SchemaError, check_reply
from desktop_app.core.tasks.summarize import summarize
from desktop_app.core.tasks.summary_options import SummarizeOptions
from desktop_app.core.tasks.translate import translate
from tests.fixtures.tiny_reasoning import R1_TEMPLATE, build_reasoning_model, exact_grammar

GREEDY = GenerationParams(temperature=0.0, max_tokens=200, seed=0, prompt_lookup=False)
ASK = [{"role": "user", "content": "2+2 等于几？"}]


def _load(path) -> LlamaCppBackend:
    backend = LlamaCppBackend()
    backend.load(ModelSpec.from_path(path), LoadOptions(n_ctx=1024, n_threads=1))
    return backend


@pytest.fixture(scope="module")
def qwen3_like(tmp_path_factory):
    backend = _load(build_reasoning_model(tmp_path_factory.mktemp("think") / "qwen3-tiny.gguf"))
    yield backend
    backend.unload()


@pytest.fixture(scope="module")
def r1_like(tmp_path_factory):
    backend = _load(build_reasoning_model(tmp_path_factory.mktemp("r1") / "r1-tiny.gguf", R1_TEMPLATE))
    yield backend
    backend.unload()


def _turn(backend, params, messages=ASK):
    pieces: list[tuple[str, str]] = []
    result = collect(stream_chat_turn(backend, messages, params, threading.Event()),
                     lambda c: pieces.append((c.reasoning, c.text)))
    return result, pieces


def test_thinking_streams_apart_from_the_answer(qwen3_like):
    reply = "<think>\n二加二。Two and two make four.\n</think>\n\nIt is 4. 答案是四。"
    params = GenerationParams(**{**GREEDY.to_dict(), "stop": (), "grammar": exact_grammar(reply)})
    result, pieces = _turn(qwen3_like, params)
    assert result.reasoning == "\n二加二。Two and two make four.\n"
    assert result.text == "It is 4. 答案是四。" and result.finish_reason == "stop"
    thinking_chunks = [r for r, _ in pieces if r]
    assert len(thinking_chunks) > 3  # the thinking streamed live, token by token
    first_answer = next(i for i, (_, t) in enumerate(pieces) if t)
    assert all(not r for r, _ in pieces[first_answer:])  # the answer comes after all of the thinking
    assert result.thinking_s > 0 and result.first_token_s <= result.thinking_s + result.first_token_s


def test_template_opened_thinking_model_writes_only_the_closing_tag(r1_like):
    assert r1_like.format_chat(ASK).endswith("<think>\n")
    reply = "The user asks a sum.\n</think>\n\nFour."
    params = GenerationParams(**{**GREEDY.to_dict(), "stop": (), "grammar": exact_grammar(reply)})
    result, _ = _turn(r1_like, params)
    assert (result.reasoning, result.text) == ("The user asks a sum.\n", "Four.")


def test_thinking_switch_reaches_the_template(qwen3_like, r1_like):
    assert qwen3_like.format_chat(ASK, thinking="off").endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n")
    assert qwen3_like.format_chat(ASK, thinking="on").endswith("<|im_start|>assistant\n")
    assert qwen3_like.format_chat(ASK).endswith("<|im_start|>assistant\n")
    # R1-style: off closes the block the template opened, so the model starts with its answer
    assert r1_like.format_chat(ASK, thinking="off").endswith("<think>\n\n</think>\n\n")
    assert r1_like.count_chat_tokens(ASK, thinking="off") > r1_like.count_chat_tokens(ASK)
    # With thinking off the same grammar-driven text is all answer
    params = GenerationParams(**{**GREEDY.to_dict(), "thinking": "off", "grammar": exact_grammar("Four.")})
    result, _ = _turn(r1_like, params)
    assert (result.reasoning, result.text) == ("", "Four.")


def test_earlier_thinking_is_not_in_the_next_prompt(qwen3_like):
    history = [*ASK, {"role": "assistant", "content": "4"}, {"role": "user", "content": "And 3+3?"}]
    prompt = qwen3_like.format_chat(history)
    assert "<think>" not in prompt and "4<|im_end|>" in prompt


SCHEMA = {
    "type": "object",
    "properties": {"mood": {"enum": ["happy", "sad", "neutral"]}, "score": {"type": "integer"},
                   "sure": {"type": "boolean"}},
    "required": ["mood", "score", "sure"],
}


def test_json_schema_reply_from_a_random_model_parses_and_validates(qwen3_like):
    params = GenerationParams(**{**GREEDY.to_dict(), "json_schema": json.dumps(SCHEMA)})
    result, pieces = _turn(qwen3_like, params)
    value = check_reply(result.text, params.json_schema)
    assert value["mood"] in ("happy", "sad", "neutral") and isinstance(value["score"], int)
    assert result.reasoning == ""  # a reply held to a schema does not think


def test_smollm2_json_object_and_schema(smollm2):
    backend = _load(smollm2)
    try:
        ask = [{"role": "user", "content": "Describe Paris as JSON with a name and a country."}]
        schema = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 20},
                                                    "country": {"type": "string", "maxLength": 20}},
                  "required": ["name", "country"]}
        params = GenerationParams(temperature=0.0, max_tokens=120, seed=0, json_schema=json.dumps(schema))
        result, _ = _turn(backend, params, ask)
        value = check_reply(result.text, params.json_schema)
        assert set(value) == {"name", "country"}
        any_object = GenerationParams(temperature=0.0, max_tokens=120, seed=0, json_schema='{"type": "object"}')
        result, _ = _turn(backend, any_object, ask)
        assert isinstance(check_reply(result.text, any_object.json_schema), dict)
    finally:
        backend.unload()


def test_bad_grammar_and_bad_schema_get_a_sentence(qwen3_like):
    with pytest.raises(GenerationError, match="could not use the grammar"):
        _turn(qwen3_like, GenerationParams(**{**GREEDY.to_dict(), "grammar": 'root ::= "unclosed'}))
    with pytest.raises(SchemaError, match="not valid JSON"):
        _turn(qwen3_like, GenerationParams(**{**GREEDY.to_dict(), "json_schema": "{type: object"}))
    with pytest.raises(SchemaError, match="cannot be enforced"):
        _turn(qwen3_like, GenerationParams(**{**GREEDY.to_dict(), "json_schema": '{"type": "bogus"}'}))
    # the model still answers afterwards
    result, _ = _turn(qwen3_like, GenerationParams(**{**GREEDY.to_dict(), "grammar": exact_grammar("ok")}))
    assert result.text == "ok"


def test_json_strings_never_hold_raw_control_characters(qwen3_like):
    """llama-cpp-python's schema converter lets a string hold a raw newline (invalid JSON); ours does not. A random
    model sampled at temperature 1 over a byte vocabulary would write one within a few replies."""
    schema = json.dumps({"type": "object", "properties": {"note": {"type": "string", "maxLength": 40}},
                         "required": ["note"]})
    for seed in range(6):
        params = GenerationParams(temperature=1.0, max_tokens=120, seed=seed, json_schema=schema)
        result, _ = _turn(qwen3_like, params)
        # json.loads refuses a raw control character in a string ("Invalid control character"). (maxLength itself
        # is not checked here: random byte tokens make invalid UTF-8, which Python counts differently.)
        assert isinstance(json.loads(result.text)["note"], str), result.text


class StubbornThinker(LlamaCppBackend):
    """The real llama.cpp backend whose every chat reply is held to a grammar that thinks first: a model that
    ignores the request not to think (task tabs ask for thinking "off")."""

    reply = "<think>\nI should keep this short.\n</think>\n\nMillbrook opened libraries. 米尔布鲁克开了图书馆。"

    def chat_stream(self, messages, params, cancel):
        assert params.thinking == "off"  # what the task asked for
        return super().chat_stream(messages, replace(params, grammar=exact_grammar(self.reply)), cancel)


def test_task_tabs_never_show_thinking(tmp_path):
    backend = StubbornThinker()
    backend.load(ModelSpec.from_path(build_reasoning_model(tmp_path / "stubborn.gguf")), LoadOptions(n_ctx=1024))
    try:
        streamed: list[str] = []
        summary = summarize(backend, "In 1950 the town of Millbrook opened a library. " * 3,
                            SummarizeOptions(length="short"), on_text=streamed.append)
        assert "think" not in summary.text and "keep this short" not in summary.text
        assert summary.text.startswith("Millbrook opened libraries.") and "keep this short" not in "".join(streamed)
        translation = translate(backend, "米尔布鲁克开了图书馆。", "zh", "en")
        assert "think" not in translation.text and "keep this short" not in translation.text
    finally:
        backend.unload()


def test_sentiment_scores_stay_probabilities_after_a_closed_thinking_block(qwen3_like, r1_like):
    for backend in (qwen3_like, r1_like):
        prompt = build_prompt(backend, "I love this phone! 很好用。", ["positive", "negative"])
        assert prompt.prompt.endswith("</think>\n\n")  # scored where the answer starts, not against "<think>"
        (row,) = classify_texts(backend, ["I love this phone! 很好用。"], ["positive", "negative", "neutral"])
        probabilities = row.scores.probabilities
        assert len(probabilities) == 3 and abs(sum(probabilities) - 1.0) < 1e-5
        assert all(0.0 < p < 1.0 for p in probabilities)


def test_chinese_reply_as_json_from_qwen(qwen):
    backend = _load(qwen)
    try:
        schema = json.dumps({"type": "object", "properties": {
            "城市": {"type": "string", "maxLength": 10}, "国家": {"type": "string", "maxLength": 10}},
            "required": ["城市", "国家"]}, ensure_ascii=False)
        ask = [{"role": "user", "content": "用 JSON 回答：中国的首都是哪座城市？"}]
        result, _ = _turn(backend, GenerationParams(temperature=0.0, max_tokens=80, json_schema=schema), ask)
        value = check_reply(result.text, schema)
        assert "\ufffd" not in result.text and any("\u4e00" <= ch <= "\u9fff" for ch in value["城市"] + value["国家"])
    finally:
        backend.unload()
