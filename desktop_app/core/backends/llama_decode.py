"""The token loop of a llama.cpp reply, with drafting from the prompt (prompt-lookup decoding).

Summaries, translations of code and markup, proofreading and chat turns that quote earlier text copy long runs of
their input. When the last few tokens of the text so far also occur earlier (in the prompt or the reply), the
tokens that followed them there are a cheap guess at what comes next: the draft. The draft is evaluated together
with the token just sampled, in one batch, and each position is then sampled from its own logits, in order, for as
long as the samples agree with the draft. On a memory-bound CPU a batch of a few tokens costs little more than
one, so every accepted draft token is nearly free.

Sampling each position from the model's own distribution, one after the other, and stopping at the first
disagreement produces the same sequence as plain decoding (the same sampler, fed the same tokens, draws the same
random numbers). The one difference is llama.cpp's rounding: a batch of several tokens is computed with other
kernels than a batch of one, so at an exact near-tie (logits within rounding, ~1e-3 of each other) a greedy reply
can take the other branch. The tests measure that the replies agree, and where they part, that it was such a tie.

`Llama.generate` offers the same through `LlamaPromptLookupDecoding`, but only on a model created with
`logits_all=True`, which keeps an n_ctx x vocabulary float buffer (2.5 GB for Qwen2.5 at 4,096 tokens) and copies
every row of it after every batch. Here only the verified positions produce logits.

Drafting adapts (llama_drafts.py): each step drafts the length that promises the most tokens per second from the
recent acceptance and the measured cost of a batch, and none when no length beats a plain step, so a reply that
copies nothing, or a machine where batches are dear, costs next to nothing (batches of one).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

from desktop_app.core.backends.llama_drafts import BatchCosts, Drafter, DraftStats
from desktop_app.core.backends.llama_kv import KvCache, context_size

__all__ = ["DraftStats", "decode"]


def decode(llm: Any, kv: KvCache, tokens: Sequence[int], sampler: Any, drafting: bool,
           stats: DraftStats | None = None, reproducible: bool = False,
           costs: BatchCosts | None = None) -> Iterator[int]:
    """Sample the reply to `tokens` token by token, forever (the caller stops). The KV cache must already hold
    `tokens[:-1]` or all of `tokens` with live logits (the vision path); anything else is evaluated first.

    The cache's bookkeeping (`n_tokens`, `input_ids`) is brought up to date before each token is yielded, so a
    caller that stops at any token leaves a consistent cache behind. `costs`: what batches have cost on this
    model so far (kept by the caller from one reply to the next).
    """
    n = len(tokens)
    common = kv.cached_prefix(tokens)
    if common == n and llm.n_tokens == n and not llm._requires_eval:
        pending: list[int] = []  # the last token's logits are live: sample at once
    elif reproducible:  # the last prompt token alone, as every seeded reply decodes it (llama_kv.py)
        keep = min(common, n - 1)
        if keep < n - 1:
            llm.n_tokens = keep
            llm.eval(list(tokens[keep:-1]))
        llm.n_tokens = n - 1
        pending = [int(tokens[-1])]
    else:  # the rest of the prompt in one call, and the first token sampled from its last row: one call less
        keep = min(common, n - 1)  # before the first token, and no draft to verify before it either
        llm.n_tokens = keep
        llm.eval(list(tokens[keep:]))
        pending = []
    drafter: Drafter | None = None
    first: list[int] = []  # the token sampled before the drafter was made
    n_ctx = context_size(llm)
    try:
        while True:
            if not pending:
                token = sampler.sample(llm._ctx, -1)
                yield token
                pending = first = [token]
                continue
            if drafting and drafter is None:
                # Made once the first token is out: indexing the whole history (~0.5 ms per 1,000 tokens) would
                # otherwise delay it. A reproducible reply drafts by acceptance alone: timed decisions would change
                # its batches, and with them llama.cpp's rounding, from one run to the next.
                drafter = Drafter(tokens, stats, timed=not reproducible, costs=costs)
                drafter.index.extend(first)
            n_past = llm.n_tokens
            room = min(llm.n_batch, n_ctx - n_past) - len(pending)
            draft = drafter.next_draft(room) if drafter is not None and room > 0 else []
            batch = pending + draft
            started = time.perf_counter()
            kv.touched(n_past)
            llm._ctx.kv_cache_seq_rm(-1, n_past, -1)
            llm._batch.set_batch(batch=batch, n_past=n_past, logits_all=bool(draft))
            llm._ctx.decode(llm._batch)
            llm.input_ids[n_past : n_past + len(batch)] = batch
            first = len(batch) - 1 - len(draft)  # the output row of the last pending token
            out: list[int] = []
            for i in range(len(draft) + 1):
                out.append(sampler.sample(llm._ctx, first + i if draft else -1))
                if i >= len(draft) or out[-1] != draft[i]:
                    break
            accepted = len(out) - 1
            if drafter is not None:
                drafter.record(len(draft), accepted, time.perf_counter() - started)
                drafter.stats.batches += 1
            llm.n_tokens = n_past + len(pending) + accepted  # the rejected part of the draft is dropped
            if accepted < len(draft):
                llm._ctx.kv_cache_seq_rm(-1, llm.n_tokens, -1)
            if drafter is not None:
                drafter.index.extend(out)
            pending = [out[-1]]
            yield from out
    finally:
        llm._requires_eval = True  # the context's logits may belong to a rejected draft position
