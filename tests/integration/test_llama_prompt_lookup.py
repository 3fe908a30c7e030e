"""Prompt-lookup drafting in the real llama.cpp token loop (SmolLM2): it drafts and accepts on a copying task,
agrees with plain decoding but for rounding near-ties, and stops exactly where plain decoding stops."""

from __future__ import annotations

import itertools
import threading
from dataclasses import replace

import numpy as np

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.backends.llama_decode import DraftStats, decode
from desktop_app.core.models.spec import ModelSpec

TEXT = (
    "The James Webb Space Telescope, launched on 25 December 2021, is the largest optical telescope in space. Its "
    "high resolution and sensitivity allow it to view objects too old, distant, or faint for the Hubble Space "
    "Telescope. This enables investigations across many fields of astronomy and cosmology."
)
PROOFREAD = [{"role": "user", "content": "Fix the spelling mistakes in this text and output the corrected text only:"
              "\n\n" + TEXT.replace("largest", "largst").replace("distant", "distnat")}]
# A logit difference that llama.cpp's rounding can make between a batch of one token and a longer batch: measured
# up to 0.6 on single logits here (SmolLM2 Q4_1, AVX-512). A wrong position or a stale cache entry moves the
# logits by whole units and the reply along with them.
ROUNDING = 1.0


def greedy_tokens(backend: LlamaCppBackend, messages, drafting: bool, n: int) -> tuple[list[int], DraftStats]:
    """The first n tokens of the reply, through the backend's own loop (repeat penalty off: pure argmax)."""
    llm = backend._llm
    tokens = backend._chat_tokens(messages)
    backend._kv.rewind(0)
    sampler = llm._init_sampler(top_k=40, top_p=0.95, min_p=0.05, temp=0.0, repeat_penalty=1.0)
    stats = DraftStats()
    # reproducible=True: drafting decides by acceptance alone, not by timings that a busy machine upsets
    return list(itertools.islice(decode(llm, backend._kv, tokens, sampler, drafting, stats, reproducible=True), n)), stats


def plain_logits_after(backend: LlamaCppBackend, messages, reply: list[int]) -> np.ndarray:
    """The logits plain decoding sees after `reply`: the prompt in one batch, then one token at a time."""
    import llama_cpp

    llm = backend._llm
    tokens = backend._chat_tokens(messages)
    backend._kv.rewind(0)
    llm.eval(tokens[:-1])
    for token in [tokens[-1], *reply]:
        llm.eval([token])
    row = llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1)
    return np.ctypeslib.as_array(row, shape=(llm.n_vocab(),)).copy()


def test_drafts_are_accepted_and_the_reply_is_plain_decodings_but_for_near_ties(smol):
    plain, _ = greedy_tokens(smol, PROOFREAD, drafting=False, n=80)
    drafted, stats = greedy_tokens(smol, PROOFREAD, drafting=True, n=80)
    assert stats.drafted > 20 and stats.acceptance > 0.5, stats
    assert stats.batches < 0.7 * len(drafted)  # fewer model calls than tokens: the point of drafting
    split = next((i for i, (a, b) in enumerate(zip(plain, drafted, strict=True)) if a != b), None)
    if split is not None:
        logits = plain_logits_after(smol, PROOFREAD, plain[:split])
        assert int(logits.argmax()) == plain[split]
        margin = float(logits[plain[split]] - logits[drafted[split]])
        assert margin < ROUNDING, f"token {split}: drafting chose a token {margin:.2f} below the best"


def test_a_reply_stops_at_max_tokens_inside_an_accepted_draft_and_the_cache_stays_true(smol):
    # A fixed seed: drafting then goes by acceptance alone, not by timings that a busy machine upsets.
    params = GenerationParams(temperature=0.0, max_tokens=23, seed=7, repeat_penalty=1.0)
    first = "".join(c.text for c in smol.chat_stream(PROOFREAD, params, threading.Event()))
    assert smol.last_draft_stats.accepted > 5
    chunks = list(smol.chat_stream(PROOFREAD, params, threading.Event()))
    assert chunks[-1].completion_tokens == 23 and chunks[-1].finish_reason == "length"
    assert "".join(c.text for c in chunks) == first  # served over the cache the first reply left behind
    stop = replace(params, max_tokens=200, stop=("optical",))
    cut = "".join(c.text for c in smol.chat_stream(PROOFREAD, stop, threading.Event()))
    assert "optical" not in cut and cut.rstrip().endswith("largest")


def test_a_seeded_sampled_reply_with_drafting_is_the_same_every_time(smol):
    sampled = GenerationParams(temperature=0.8, max_tokens=60, seed=1234)
    first = "".join(c.text for c in smol.chat_stream(PROOFREAD, sampled, threading.Event()))
    "".join(c.text for c in smol.chat_stream([{"role": "user", "content": "Hi!"}], sampled, threading.Event()))
    again = "".join(c.text for c in smol.chat_stream(PROOFREAD, sampled, threading.Event()))
    assert again == first and smol.last_draft_stats.drafted > 0


def test_a_reply_that_fills_the_context_drafts_inside_it(smollm2):
    """llama.cpp pads the context it allocates (640 asked, 768 given) while llama-cpp-python keeps 640 slots of
    bookkeeping: a draft that reached into the padding failed with a numpy broadcast error (CI, summarize -v).
    The loop is driven to the last slot directly (a reply through chat_stream would end at the model's EOS), from
    prompts of a few lengths so that some draft is cut by the context's end."""
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=640, n_threads=1))
    try:
        llm = b._llm
        assert llm.n_ctx() > 640 and b.n_ctx == 640  # the padding this test is about
        for pad in range(6):
            messages = [{"role": "user", "content": "Repeat this text" + "!" * pad + ":\n\n"
                         + "\n\n".join([TEXT] * 9)}]
            prompt = b._chat_tokens(messages)
            budget = 640 - len(prompt)
            assert 20 < budget < 60  # the reply is still copying the first paragraph at the last slot
            reply, stats = greedy_tokens(b, messages, drafting=True, n=budget)
            assert len(reply) == budget and stats.accepted > 0
            assert llm.n_tokens >= 639  # every slot is used; the cache holds the prompt and the reply, nothing else
            assert list(llm.input_ids[: llm.n_tokens]) == (prompt + reply)[: llm.n_tokens]
        params = GenerationParams(temperature=0.0, max_tokens=8, seed=-1, repeat_penalty=1.0)
        again = "".join(c.text for c in b.chat_stream([{"role": "user", "content": "Hi!"}], params,
                                                     threading.Event()))
        assert again.strip()  # the cache is usable after a reply that ran to the context's end
    finally:
        b.unload()


def test_the_first_token_costs_one_call_after_the_cached_prefix(smol):
    """Time to first token: the part of the prompt the cache lacks and the sampling of the first token take one
    llama_decode call, with no draft to verify before the first token (a long chat's history offers many n-gram
    matches: verifying one made turn 20's first token 1.7x turn 1's). A seeded reply keeps its last prompt token
    alone (llama_kv.py), one call more."""
    llm = smol._llm
    calls = []
    inner = llm._ctx.decode
    llm._ctx.decode = lambda batch: calls.append(batch.n_tokens()) or inner(batch)

    def until_first_token(messages, params):
        """The decode calls made before the first chunk (the rest, and the next turn's warm-up, come after)."""
        stream = smol.chat_stream(messages, params, threading.Event())
        next(stream)
        seen = list(calls)
        list(stream)
        calls.clear()
        return seen

    try:
        one = GenerationParams(temperature=0.0, max_tokens=1, seed=-1, repeat_penalty=1.0)
        smol._kv.rewind(0)
        assert until_first_token(PROOFREAD, one) == [len(smol._chat_tokens(PROOFREAD))]
        turn2 = [*PROOFREAD, {"role": "assistant", "content": TEXT}, {"role": "user", "content": "Thanks!"}]
        seen = until_first_token(turn2, one)
        assert len(seen) == 1 and seen[0] < len(smol._chat_tokens(turn2)) // 2  # only the new part
        smol._kv.rewind(0)
        seen = until_first_token(PROOFREAD, replace(one, seed=3))
        assert seen[-1] == 1 and len(seen) >= 2
    finally:
        llm._ctx.decode = inner
