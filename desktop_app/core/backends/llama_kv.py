"""What one llama.cpp context's KV cache holds, and how a prompt is evaluated against it.

Reusing the cache's common prefix is what makes turn 20 of a chat answer about as fast as turn 1. It has a price
that llama.cpp's own server documents for `cache_prompt`: the CPU kernels round differently for batches of
different sizes (a one-token batch against a longer one, and on some CPUs, AMX or repacked weights, one batch size
against another), so the numbers a prompt produces depend on how its tokens were split into batches, and that
depends on what the previous request left in the cache. At temperature 0 a near-tie between two tokens can then
tip either way: the same API request answered "The answer is 4." or "The answer to this classic math" depending
on which question the server had answered just before (seen on CI's CPU, never on ours).

So there are two ways to evaluate a prompt:

- **fast** (the default): reuse the longest common prefix, evaluate the rest in steps of PREFILL_STEP so that Stop
  acts within one step;
- **reproducible** (a request with a fixed seed, which OpenAI's API defines as "repeated requests with the same
  seed and parameters should return the same result"): evaluate in blocks of BLOCK tokens at fixed positions
  (0, BLOCK, 2*BLOCK...), and reuse from the cache only whole blocks that an earlier reproducible prefill evaluated
  exactly so. Every token is then computed in the same batch, with the same neighbours, whatever came before,
  so the logits depend on the prompt alone. It costs at most BLOCK - 1 tokens more than the fast way, plus a
  previous reply's tokens (decoded one at a time, so never a whole block).

Every evaluation passes through `KvCache._eval`, installed over the Llama's own `eval` (which `Llama.generate`
calls too); an evaluation that starts inside an aligned block takes that block and everything after it out of
the reusable set. Image chunks that mtmd decodes directly report their start with `touched()`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

PREFILL_STEP = 256  # tokens per prefill call in the fast way: Stop waits for at most one step
BLOCK = 64  # tokens per block in the reproducible way; measured: prefill speed is flat from 32 to 512 on CPU


def context_size(llm: Any) -> int:
    """How many tokens the context really holds. llama.cpp pads the context it allocates (640 asked, 768 given),
    but llama-cpp-python sizes its own bookkeeping (`input_ids`) to the number asked for: a reply that ran into the
    padding failed with a numpy broadcast error at the context's end, so the smaller of the two is the limit."""
    return min(llm.n_ctx(), len(llm.input_ids))


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """How many leading tokens two sequences share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class KvCache:
    """Bookkeeping over one `Llama`: which tokens are evaluated, and which of them form reusable aligned blocks."""

    def __init__(self, llm: Any) -> None:
        self.llm = llm
        self.aligned = 0  # tokens from position 0 evaluated as whole aligned blocks by a reproducible prefill
        self._aligning = False
        self._inner_eval = llm.eval
        llm.eval = self._eval  # an instance attribute: Llama.generate's self.eval(...) lands here as well

    def _eval(self, tokens: Sequence[int]) -> None:
        if not self._aligning:
            self.touched(self.llm.n_tokens)
        self._inner_eval(tokens)

    def touched(self, start: int) -> None:
        """Something is about to be evaluated from position `start` by other means than a reproducible block."""
        self.aligned = min(self.aligned, start - start % BLOCK)

    def cached_prefix(self, tokens: Sequence[int]) -> int:
        """How many of `tokens` the cache already holds, from the start."""
        llm = self.llm
        return common_prefix(llm.input_ids[: llm.n_tokens], tokens)

    def prefill(self, tokens: Sequence[int], cancel: threading.Event, reproducible: bool) -> tuple[bool, int]:
        """Evaluate all but the last of `tokens` (the caller decodes that one alone and samples from it).

        Returns (not cancelled, prompt tokens reused from the cache). `Llama.generate` would evaluate a whole
        prompt in one uninterruptible call; evaluating it here first lets Stop act between steps, and generate()
        then finds it cached.
        """
        llm = self.llm
        target = len(tokens) - 1
        common = min(self.cached_prefix(tokens), target)
        if not reproducible:
            if target - common <= PREFILL_STEP:
                return True, common  # short: generate() evaluates it in one call, reusing the same prefix
            llm.n_tokens = common
            for start in range(common, target, PREFILL_STEP):
                if cancel.is_set():
                    return False, common
                llm.eval(tokens[start : min(start + PREFILL_STEP, target)])
            return not cancel.is_set(), common
        start = min(self.aligned, common - common % BLOCK)
        self.aligned = start
        llm.n_tokens = start
        self._aligning = True
        try:
            for s in range(start, target, BLOCK):
                if cancel.is_set():
                    return False, start
                end = min(s + BLOCK, target)
                self._inner_eval(tokens[s:end])
                if end - s == BLOCK:
                    self.aligned = end
        finally:
            self._aligning = False
        return not cancel.is_set(), start

    def extend(self, head: Sequence[int], limit: int) -> bool:
        """Evaluate the part of `head` the cache lacks, if that is at most `limit` tokens (the opening of a next
        chat turn, evaluated while the user reads). False when it was not worth it or not possible."""
        llm = self.llm
        common = self.cached_prefix(head)
        if len(head) - common <= 0 or len(head) - common > limit or len(head) >= context_size(llm):
            return False
        llm.n_tokens = common
        llm.eval(list(head[common:]))
        return True

    def rewind(self, n: int) -> None:
        """Keep the first n evaluated tokens and drop the rest from the KV cache. The logits in the context then
        belong to a later token, so the next `generate` must decode before sampling (`_requires_eval`), even when
        its prompt is exactly these n tokens."""
        llm = self.llm
        llm.n_tokens = n
        llm._ctx.kv_cache_seq_rm(-1, n, -1)
        llm._requires_eval = True
