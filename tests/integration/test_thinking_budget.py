"""The thinking budget (issue 16): a reasoning model that thinks past `thinking_budget` tokens gets its `<think>`
block closed for it and answers, through the real llama.cpp path. A tiny R1-style GGUF (its template opens the
block) is held by a grammar to one long sentence with no closing tag: unbudgeted, all of it stays thinking."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.chat import collect
from tests.fixtures.tiny_reasoning import R1_TEMPLATE, build_reasoning_model, exact_grammar

LONG = "step one then step two then step three then step four then step five then step six"
ASK = [{"role": "user", "content": "想一想。"}]


@pytest.fixture(scope="module")
def r1_like(tmp_path_factory):
    backend = LlamaCppBackend()
    path = build_reasoning_model(tmp_path_factory.mktemp("budget") / "r1-tiny.gguf", R1_TEMPLATE)
    backend.load(ModelSpec.from_path(path), LoadOptions(n_ctx=1024, n_threads=1))
    yield backend
    backend.unload()


def _reply(backend, **kw):
    params = GenerationParams(temperature=0.0, seed=0, prompt_lookup=False, grammar=exact_grammar(LONG), **kw)
    return collect(backend.chat_stream(ASK, params, threading.Event()))


def test_past_the_budget_the_block_is_closed_and_the_model_answers(r1_like):
    unbudgeted = _reply(r1_like, max_tokens=40)
    assert unbudgeted.text == "" and LONG.startswith(unbudgeted.reasoning.strip())
    budgeted = _reply(r1_like, max_tokens=40, thinking_budget=6)
    assert budgeted.reasoning.strip() and LONG.startswith(budgeted.reasoning.strip())
    assert len(budgeted.reasoning) < len(unbudgeted.reasoning)
    # The answer round starts the grammar's sentence again, after the closed block.
    assert budgeted.text and LONG.startswith(budgeted.text.strip()) and "</think>" not in budgeted.text
    assert budgeted.completion_tokens <= 40


def test_a_budget_not_reached_changes_nothing(r1_like):
    assert _reply(r1_like, max_tokens=8, thinking_budget=20).reasoning == _reply(r1_like, max_tokens=8).reasoning
