"""Batched zero-shot scoring (llama_scoring.BatchScorer on the batch scheduler's context, SmolLM2): a batch of
prompts scores as each prompt does alone but for llama.cpp's rounding, with one-token, multi-token and Chinese
labels, beside a generation running in the same scheduler, and through the sentiment task in an engine process."""

from __future__ import annotations

import concurrent.futures
import random
import threading

import pytest

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.llama_kv import common_prefix
from desktop_app.core.backends.llama_scoring import label_tokens, scoring_tokens
from desktop_app.core.engine.client import open_backend
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.sentiment import PromptBuilder, classify_texts, label_set

WORDS = ("great terrible movie food service slow friendly awful loved hated would return never again the staff was "
         "这家 餐厅 很好 糟糕 服务 太慢").split()
# A prompt's last token is decoded beside other prompts' tokens instead of alone: llama.cpp rounds the logits
# differently (up to ~0.1 here), which moves a two-label probability near 0.5 by up to ~0.05 (measured 0.048 over
# 48 texts). A wrong sequence, position or label token moves it by far more.
ROUNDING = 0.06


def texts(n: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    return [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 30))) for _ in range(n)]


@pytest.mark.parametrize("labels", [["positive", "negative"], ["very positive", "neutral", "very negative"],
                                    ["积极", "消极"]])
def test_a_batch_scores_as_each_prompt_does_alone(smol, labels):
    builder = PromptBuilder(smol, label_set(labels))
    prompts = [builder.build(t).prompt for t in texts(17)]  # more than one group of 16
    words = list(labels)
    alone = [smol.score_labels(p, words) for p in prompts]
    together = smol.score_labels_batch(prompts, words)
    assert [s.labels for s in together] == [words] * len(prompts)
    for a, b in zip(alone, together, strict=True):
        assert sum(b.probabilities) == pytest.approx(1.0)
        assert max(abs(x - y) for x, y in zip(a.probabilities, b.probabilities, strict=True)) < ROUNDING
        ranked = sorted(a.probabilities, reverse=True)
        if ranked[0] - ranked[1] > 2 * ROUNDING:
            assert a.probabilities.index(ranked[0]) == b.probabilities.index(max(b.probabilities))
    again = smol.score_labels_batch(prompts, words)  # the shared start is served from the cache: same numbers
    assert [s.probabilities for s in again] == [s.probabilities for s in together]
    # What was evaluated: each prompt's own tokens (the shared start was kept), and after each prompt one token per
    # label-token prefix that some label continues ("very" once for "very positive" and "very negative").
    llm, scorer = smol._llm, smol._scorer
    ids = [scoring_tokens(llm, p) for p in prompts]
    head = min(min(common_prefix(ids[0], t) for t in ids), min(len(t) for t in ids) - 1)
    assert scorer.prompt_tokens == sum(len(t) - head for t in ids)
    prefixes = [{tuple(r[:k]) for w in words for r in [label_tokens(llm, p, t, w)] for k in range(1, len(r))}
                for p, t in zip(prompts, ids, strict=True)]
    assert scorer.label_tokens == sum(len(x) for x in prefixes)


def test_a_prompt_longer_than_a_batch_among_short_ones(smol):
    """A text whose own tokens fill more than one llama.cpp batch is read in pieces that follow each other; its
    last piece went over the previous one (positions read twice: llama_decode failed with -1). Batches of 64
    tokens here, so that a short review is such a text."""
    review = "这家餐厅的服务非常糟糕，我们等了一个多小时才上菜，而且菜都是凉的。服务员态度冷漠，问了好几次都没人理。" * 2
    builder = PromptBuilder(smol, label_set(None))
    prompts = [builder.build(t).prompt for t in [*texts(2, seed=4), review]]
    words = ["positive", "negative"]
    alone = [smol.score_labels(p, words) for p in prompts]
    smol.score_labels_batch(prompts[:1], words)  # makes the scorer
    scheduler, scorer = smol._batcher, smol._scorer
    together = scheduler.call(lambda ctx, batch: scorer.score(ctx, batch, 64, scheduler.n_ctx, prompts, words))
    assert scorer.prompt_tokens > 3 * 64  # the review's own part took several batches
    for a, b in zip(alone, together, strict=True):
        assert max(abs(x - y) for x, y in zip(a.probabilities, b.probabilities, strict=True)) < ROUNDING


def test_scoring_runs_beside_a_batched_generation(smol):
    prompts = [PromptBuilder(smol, label_set(None)).build(t).prompt for t in texts(8, seed=2)]
    expected = smol.score_labels_batch(prompts, ["positive", "negative"])
    question = [{"role": "user", "content": "What is the capital of France? Answer in one sentence."}]
    params = GenerationParams(temperature=0.0, max_tokens=40, seed=-1, repeat_penalty=1.0)
    alone = "".join(c.text for c in smol.chat_stream_batched(question, params, threading.Event()))
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        reply = pool.submit(lambda: "".join(c.text for c in smol.chat_stream_batched(question, params,
                                                                                     threading.Event())))
        scored = [pool.submit(smol.score_labels_batch, prompts, ["positive", "negative"]) for _ in range(3)]
        assert reply.result(timeout=300) == alone
        for future in scored:
            for a, b in zip(expected, future.result(timeout=300), strict=True):
                assert max(abs(x - y) for x, y in zip(a.probabilities, b.probabilities, strict=True)) < ROUNDING


def test_the_sentiment_task_scores_batches_in_the_engine(smollm2):
    spec = ModelSpec.from_path(smollm2)
    backend = open_backend(spec)
    backend.load(spec, LoadOptions(n_ctx=2048, n_threads=1))
    try:
        rows = [*texts(10, seed=3), "", "这家餐厅的服务很好，菜也好吃。"]
        reported = []
        results = classify_texts(backend, rows, on_rows=lambda start, done: reported.append((start, len(done))),
                                 batch_size=8)
        assert reported == [(0, 8), (8, 4)]
        assert results[10].error and not results[10].label  # the empty text gets its sentence, not a score
        scored = [r for r in results if r.scores is not None]
        assert len(scored) == 11 and all(r.label in ("positive", "negative") for r in scored)
        assert all(abs(sum(r.scores.probabilities) - 1.0) < 1e-6 for r in scored)
    finally:
        backend.unload()


def test_the_scheduler_decodes_with_the_cores_other_programs_leave_free(smol):
    """Prompts too (n_threads_batch): two threads on two cores with one core busy elsewhere ran a sentiment batch
    5x slower than one thread (llama_batch.py). The count is set again before each `call`."""
    import llama_cpp

    from desktop_app.core.backends.cpu_threads import ThreadTuner

    class Watch:
        others_busy = 1.1  # a browser keeps about one core busy

    scheduler = smol._batched(4)

    def threads() -> tuple[int, int]:
        return scheduler.call(lambda ctx, _batch: (llama_cpp.llama_n_threads(ctx.ctx),
                                                   llama_cpp.llama_n_threads_batch(ctx.ctx)))

    fixed, watch = smol._threads, Watch()
    smol._threads = ThreadTuner(lambda _n: None, 2, watch=watch)  # automatic, on a two-core machine
    try:
        assert threads() == (1, 1)
        watch.others_busy = 0.1
        assert threads() == (2, 2)
    finally:
        smol._threads = fixed
    # The user's own count (this fixture's one thread) is kept as set, for prompts too, on both contexts: at 1
    # thread, steps of two replies ran on all cores and took seconds on a busy machine (llama_batch.py).
    assert threads() == (1, 1)
    assert llama_cpp.llama_n_threads_batch(smol._llm._ctx.ctx) == 1
