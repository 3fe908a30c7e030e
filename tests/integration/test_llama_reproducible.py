"""A request with a fixed seed gets numbers that depend on its prompt alone, not on what the KV cache held before.

llama.cpp's CPU kernels round differently for batches of different sizes, so what matters is the batch each
prompt position was computed in. The tests record, for every KV position, the batch (start, tokens) that last
wrote it, and compare a prompt served after various histories with the same prompt served on an empty cache.
That is exact on any CPU, where comparing answers would only catch the CPUs whose rounding tips a near-tie.
"""

from __future__ import annotations

import threading

from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.backends.llama_kv import BLOCK

SEEDED = GenerationParams(temperature=0, seed=42, max_tokens=8)
UNSEEDED = GenerationParams(temperature=0, seed=-1, max_tokens=8)
LONG = " ".join(f"Fact {i}: the river number {i} flows into lake {i % 7}." for i in range(40))
TARGET = [{"role": "user", "content": LONG + "\nWhich lake does river 12 flow into?"}]


class BatchRecorder:
    """Records every batch handed to llama.cpp (`Llama.eval` and the token loop both fill the Llama's one batch):
    position -> the (start, tokens, all logits) of the batch that last computed it."""

    def __init__(self, backend: LlamaCppBackend) -> None:
        self.by_position: dict[int, tuple[int, tuple[int, ...], bool]] = {}
        batch = backend._llm._batch
        inner = batch.set_batch

        def recording_set_batch(batch, n_past, logits_all):
            record = (n_past, tuple(batch), bool(logits_all))
            for i in range(len(batch)):
                self.by_position[n_past + i] = record
            inner(batch, n_past, logits_all)

        batch.set_batch = recording_set_batch

    def prompt_batches(self, n: int) -> list[tuple[int, tuple[int, ...]]]:
        return [self.by_position[i] for i in range(n)]


def ask(backend: LlamaCppBackend, messages, params: GenerationParams) -> str:
    return "".join(c.text for c in backend.chat_stream(messages, params, threading.Event()))


def served_batches(backend: LlamaCppBackend, recorder: BatchRecorder, params: GenerationParams):
    answer = ask(backend, TARGET, params)
    return answer, recorder.prompt_batches(backend.count_chat_tokens(TARGET))


def test_a_seeded_prompt_is_computed_the_same_way_whatever_came_before(smol):
    recorder = BatchRecorder(smol)
    smol._kv.rewind(0)
    fresh_answer, fresh = served_batches(smol, recorder, SEEDED)
    n_prompt = smol.count_chat_tokens(TARGET)
    assert n_prompt > 3 * BLOCK  # long enough that whole blocks are reused
    assert fresh[-1][:2] == (n_prompt - 1, (fresh[-1][1][0],))  # the last prompt token is decoded alone
    histories = {
        "the same request": [TARGET],
        "a shorter question on the same text": [[{"role": "user", "content": LONG + "\nName one river."}]],
        "an unrelated question": [[{"role": "user", "content": "Say hello in French."}]],
        "an unseeded request first": [TARGET],  # the fast way leaves batches of other sizes in the cache
        "a chat turn that continued": [[*TARGET, {"role": "assistant", "content": "Lake 5."},
                                        {"role": "user", "content": "And river 13?"}]],
    }
    for name, before in histories.items():
        for messages in before:
            ask(smol, messages, UNSEEDED if name == "an unseeded request first" else SEEDED)
        answer, batches = served_batches(smol, recorder, SEEDED)
        assert batches == fresh, f"after {name} the prompt was computed in other batches"
        assert answer == fresh_answer, name
    # Whole aligned blocks did come from the cache: the reproducible way still reuses.
    ask(smol, TARGET, SEEDED)
    assert smol.last_reused_tokens == (n_prompt - 1) // BLOCK * BLOCK


def test_the_fast_way_reuses_the_whole_common_prefix(smol):
    ask(smol, TARGET, UNSEEDED)
    ask(smol, TARGET, UNSEEDED)
    assert smol.last_reused_tokens == smol.count_chat_tokens(TARGET) - 1
