"""Causal LMs through TransformersBackend: streaming chat, cancel, greedy decoding, stop strings, label scoring."""

from __future__ import annotations

import threading

import pytest
import torch
from transformers import AutoModelForCausalLM

from desktop_app.core.backends.base import Capability, GenerationParams
from desktop_app.core.backends.pytorch.loader import TransformersBackend
from desktop_app.core.errors import ContextOverflowError, UnsupportedTaskError
from desktop_app.core.tasks.chat import collect, stream_chat_turn
from tests.torch.helpers import GREEDY, StopAfterChecks, load

MESSAGES = [{"role": "user", "content": "Hello! How can I help you today?"}]


@pytest.fixture(scope="module")
def llama(tiny_llama):
    backend = load(tiny_llama, n_ctx=256)
    yield backend
    backend.unload()


def test_load_reports_model_info(llama, tiny_llama):
    info = llama.info
    assert isinstance(llama, TransformersBackend)
    assert info.architecture == "LlamaForCausalLM"
    assert info.device == "CPU"
    assert info.extra["dtype"] == "float32"
    assert info.n_ctx_train == 512 and info.n_ctx == 256 == llama.n_ctx  # capped by LoadOptions.n_ctx
    raw = AutoModelForCausalLM.from_pretrained(tiny_llama)
    assert info.n_params == sum(p.numel() for p in raw.parameters())
    assert llama.capabilities == frozenset({Capability.CHAT})
    # transformers 5.x would fetch "hub kernels" (code from the Hub) for a model on a GPU: off unless asked for
    assert not llama._model.use_kernels


def test_chat_stream_counts_tokens_and_stops_at_length(llama, no_cancel):
    params = GenerationParams(max_tokens=10, **GREEDY)
    chunks = list(llama.chat_stream(MESSAGES, params, no_cancel))
    last = chunks[-1]
    assert last.finish_reason == "length"
    assert last.completion_tokens == 10
    assert last.prompt_tokens == llama.count_chat_tokens(MESSAGES)
    assert all(c.finish_reason is None for c in chunks[:-1])
    counts = [c.completion_tokens for c in chunks]
    assert counts == sorted(counts)


def test_prompt_uses_the_tokenizers_chat_template(llama):
    text = llama._chat_text(MESSAGES)
    assert text == "<|im_start|>user\nHello! How can I help you today?<|im_end|>\n<|im_start|>assistant\n"
    assert llama.count_chat_tokens(MESSAGES) == len(
        llama._tokenizer(text, add_special_tokens=False)["input_ids"]
    )


def test_greedy_is_deterministic_and_matches_bare_generate(llama, tiny_llama, no_cancel):
    params = GenerationParams(max_tokens=16, **GREEDY)
    first = collect(llama.chat_stream(MESSAGES, params, no_cancel))
    second = collect(llama.chat_stream(MESSAGES, params, no_cancel))
    assert first.text == second.text and first.completion_tokens == 16

    model = AutoModelForCausalLM.from_pretrained(tiny_llama)
    tok = llama._tokenizer
    ids = torch.tensor([tok(llama._chat_text(MESSAGES), add_special_tokens=False)["input_ids"]])
    out = model.generate(ids, max_new_tokens=16, do_sample=False)
    assert first.text == tok.decode(out[0, ids.shape[1] :], skip_special_tokens=True)


def test_seeded_sampling_repeats_and_temperature_changes_output(llama, no_cancel):
    hot = GenerationParams(max_tokens=24, temperature=1.5, top_k=0, top_p=1.0, min_p=0.0, seed=7)
    a = collect(llama.complete_stream("The weather today", hot, no_cancel)).text
    b = collect(llama.complete_stream("The weather today", hot, no_cancel)).text
    greedy = collect(
        llama.complete_stream("The weather today", GenerationParams(max_tokens=24, **GREEDY), no_cancel)
    )
    assert a == b
    assert a != greedy.text


def test_cancel_mid_stream(llama):
    cancel = StopAfterChecks(5)  # the user presses Stop after the 5th token
    params = GenerationParams(max_tokens=200, **GREEDY)
    chunks = list(llama.chat_stream(MESSAGES, params, cancel))
    assert chunks[-1].finish_reason == "cancelled"
    assert 1 <= chunks[-1].completion_tokens <= 6
    assert any(c.text for c in chunks)


def test_closing_the_stream_early_ends_the_generation_thread(llama, no_cancel):
    stream = llama.chat_stream(MESSAGES, GenerationParams(max_tokens=200, **GREEDY), no_cancel)
    next(stream)
    stream.close()
    assert not [t for t in threading.enumerate() if t.name == "generate"]


def test_stop_string_cuts_the_reply(llama, no_cancel):
    full = collect(llama.chat_stream(MESSAGES, GenerationParams(max_tokens=16, **GREEDY), no_cancel))
    assert len(full.text) > 2
    stop = full.text[2:4]
    cut = collect(
        llama.chat_stream(MESSAGES, GenerationParams(max_tokens=16, stop=(stop,), **GREEDY), no_cancel)
    )
    assert cut.finish_reason == "stop"
    assert cut.text == full.text[: full.text.find(stop)]
    assert stop not in cut.text


def test_context_overflow_is_a_clear_error(llama, no_cancel):
    long = [{"role": "user", "content": "The quick brown fox jumps over the lazy dog. " * 200}]
    with pytest.raises(ContextOverflowError, match="context holds 256"):
        list(llama.chat_stream(long, GenerationParams(), no_cancel))


def test_chat_turn_drops_old_turns_to_fit(llama, no_cancel):
    history = []
    for i in range(12):
        history += [{"role": "user", "content": f"Question {i}: what is the weather today?"}]
        history += [{"role": "assistant", "content": "It is cloudy with a chance of rain in the afternoon."}]
    history.append({"role": "user", "content": "And tomorrow?"})
    result = collect(stream_chat_turn(llama, history, GenerationParams(max_tokens=8, **GREEDY), no_cancel))
    assert result.dropped_turns > 0 and result.completion_tokens == 8


def test_score_labels_are_probabilities_of_whole_labels(llama, tiny_llama):
    prompt = "Is this review positive or negative? I really loved this movie. Answer:"
    labels = [" positive", " negative", " neutral and calm"]
    scores = llama.score_labels(prompt, labels)
    assert scores.labels == labels
    assert sum(scores.probabilities) == pytest.approx(1.0, abs=1e-5)
    assert all(0 < p < 1 for p in scores.probabilities)

    # Independent check: each label scored alone (no batching, no padding) with the raw model.
    model = AutoModelForCausalLM.from_pretrained(tiny_llama)
    tok = llama._tokenizer
    p_ids = tok(prompt)["input_ids"]
    totals = []
    for label in labels:
        ids = tok(prompt + label)["input_ids"]
        with torch.no_grad():
            logp = torch.log_softmax(model(torch.tensor([ids])).logits[0].float(), dim=-1)
        totals.append(sum(logp[i - 1, ids[i]].item() for i in range(len(p_ids), len(ids))))
    expected = torch.softmax(torch.tensor(totals), dim=0).tolist()
    assert scores.probabilities == pytest.approx(expected, abs=1e-4)

    reordered = llama.score_labels(prompt, labels[::-1])
    assert reordered.probabilities == pytest.approx(scores.probabilities[::-1], abs=1e-5)


def test_model_without_chat_template_falls_back_to_chatml(tiny_gpt2, no_cancel):
    backend = load(tiny_gpt2)
    try:
        assert backend._chat_text(MESSAGES).startswith("<|im_start|>user\n")
        last = list(backend.chat_stream(MESSAGES, GenerationParams(max_tokens=5, **GREEDY), no_cancel))[-1]
        assert last.finish_reason == "length" and last.completion_tokens == 5
    finally:
        backend.unload()


def test_other_tasks_are_unsupported_with_a_sentence(llama, sample_image, no_cancel):
    with pytest.raises(UnsupportedTaskError, match="cannot classify text"):
        llama.classify(["hello"])
    with pytest.raises(UnsupportedTaskError, match="cannot describe images"):
        llama.describe([sample_image], "", GenerationParams())


def test_unload_frees_the_model(tiny_llama, no_cancel):
    backend = load(tiny_llama)
    backend.unload()
    assert backend._model is None and backend.capabilities == frozenset()
    with pytest.raises(Exception, match="No model is loaded"):
        backend.count_tokens("hi")
