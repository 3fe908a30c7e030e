"""Continuous batching in the real llama.cpp backend (SmolLM2): requests decoded together in one batch answer as
they do alone, leave and join independently, reuse a finished conversation's cache, wait when the context is
full, and end with a sentence when the model is unloaded."""

from __future__ import annotations

import concurrent.futures
import threading

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.errors import GenerationError
from desktop_app.core.models.spec import ModelSpec

# Questions whose greedy replies lead the runner-up token by >= 1.49 logits for their first six tokens: more than
# llama.cpp's rounding difference between a batch of one token and a batch of four (see llama_batch.py).
QUESTIONS = ["What is the capital of France? Answer in one sentence.",
             "Name the capital city of France and describe it.",
             "What is the largest planet in the solar system?",
             "What is the boiling point of water in Celsius?"]
GREEDY = GenerationParams(temperature=0.0, max_tokens=6, seed=-1, repeat_penalty=1.0)


def ask(backend, question: str, params: GenerationParams = GREEDY, cancel: threading.Event | None = None):
    chunks = list(backend.chat_stream_batched([{"role": "user", "content": question}], params,
                                              cancel or threading.Event(), slots=4))
    return "".join(c.text for c in chunks), chunks[-1]


def test_requests_decoded_together_answer_as_they_do_alone(smol):
    alone = [ask(smol, q)[0] for q in QUESTIONS]
    assert len(set(alone)) == 4 and "Paris" in alone[0]
    plain = "".join(c.text for c in smol.chat_stream([{"role": "user", "content": QUESTIONS[0]}], GREEDY,
                                                     threading.Event()))
    assert plain == alone[0]  # the single-request path and the batch agree
    scheduler = smol._batcher
    scheduler.max_together = 0
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda q: ask(smol, q)[0], QUESTIONS * 2))
    assert together == alone * 2
    assert scheduler.max_together >= 2  # they really shared batches


def test_a_cancelled_request_leaves_and_the_others_finish(smol):
    cancel = threading.Event()
    long = GenerationParams(temperature=0.0, max_tokens=400, seed=-1, repeat_penalty=1.0)
    counted = []

    def leave_after_five_chunks() -> tuple[str, object]:
        stream = smol.chat_stream_batched([{"role": "user", "content": "Write a long story about a dragon."}], long,
                                          cancel, slots=4)
        for i, chunk in enumerate(stream):
            counted.append(chunk)
            if i == 4:
                cancel.set()
            if chunk.finish_reason:
                return chunk
        raise AssertionError("the stream ended without a last chunk")

    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        leaving = pool.submit(leave_after_five_chunks)
        others = [pool.submit(ask, smol, q) for q in QUESTIONS[:2]]
        last = leaving.result(timeout=300)
        answers = [f.result(timeout=300) for f in others]
    assert last.finish_reason == "cancelled" and last.completion_tokens < 50
    assert [a[1].finish_reason for a in answers] == ["length", "length"] and "Paris" in answers[0][0]


def test_the_next_turn_reuses_the_finished_conversations_cache(smol):
    first = [{"role": "user", "content": QUESTIONS[1]}]
    reply, _ = ask(smol, QUESTIONS[1])
    scheduler = smol._batcher
    before = scheduler.reused_tokens
    turn2 = [*first, {"role": "assistant", "content": reply}, {"role": "user", "content": "And of Italy?"}]
    chunks = list(smol.chat_stream_batched(turn2, GREEDY, threading.Event(), slots=4))
    reused = scheduler.reused_tokens - before
    assert chunks[-1].completion_tokens > 0
    assert reused >= len(smol._chat_tokens(first)) - 1  # the whole first question was not evaluated again


def test_requests_beyond_the_context_wait_for_room_and_all_finish(smollm2):
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=512, n_threads=1))
    try:
        params = GenerationParams(temperature=0.0, max_tokens=40, seed=-1, repeat_penalty=1.0)
        story = "Tell me a story about " + "a very small and curious robot, " * 12
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda i: ask(b, f"{story} number {i}.", params), range(4)))
        n_prompt = len(b._chat_tokens([{"role": "user", "content": f"{story} number 0."}]))
        assert 4 * (n_prompt + 40) > 512  # they cannot all be in the cache at once
        assert b._batcher.max_together < 4  # the last one waited for room
        for _text, last in results:  # a reply cut short by the others' use of the context ends with "length"
            assert last.finish_reason in ("stop", "length") and last.completion_tokens > 0
    finally:
        b.unload()


def test_unloading_ends_waiting_and_running_requests_with_a_sentence(smollm2):
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=1024, n_threads=1))
    long = GenerationParams(temperature=0.0, max_tokens=900, seed=-1, repeat_penalty=1.0)
    started = threading.Event()
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            for _chunk in b.chat_stream_batched([{"role": "user", "content": "Count to one thousand."}], long,
                                                threading.Event(), slots=2):
                started.set()
            outcome.append(None)
        except GenerationError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    assert started.wait(120)
    b.unload()
    thread.join(60)
    assert not thread.is_alive()
    assert isinstance(outcome[0], GenerationError) and "unloaded" in str(outcome[0])


def test_a_request_that_joins_takes_its_threads_from_a_fresh_look(smollm2, monkeypatch):
    """Threads on automatic: as a single reply's start does, a request joining the batch looks at the free cores
    afresh (CpuWatch.fresh) instead of waiting RETUNE_EVERY steps on the moving average."""
    import llama_cpp

    from desktop_app.core.backends import llama_cpp as backend_module
    from desktop_app.core.engine.types import physical_cores
    from tests.cpu_load import FakeCpuWatch

    watch = FakeCpuWatch(busy=0.0)
    monkeypatch.setattr(backend_module, "shared_cpu_watch", lambda: watch)
    backend = LlamaCppBackend()
    backend.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=2048, n_threads=0))
    try:
        ask(backend, QUESTIONS[2])  # 6 tokens: fewer steps than RETUNE_EVERY
        ctx = backend._batcher._ctx.ctx
        assert llama_cpp.llama_n_threads(ctx) == physical_cores()
        looks = watch.looks
        watch.others_busy = physical_cores() - 1  # another program now keeps all cores but one busy
        ask(backend, QUESTIONS[3])
        assert watch.looks > looks and llama_cpp.llama_n_threads(ctx) == 1
        assert llama_cpp.llama_n_threads_batch(ctx) == 1  # for prompts too
    finally:
        backend.unload()
