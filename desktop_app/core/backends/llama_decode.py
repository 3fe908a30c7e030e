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

Drafting adapts: a draft is sent only while the reply is copying (the guess for the token just written came
true), the draft length follows the recent acceptance (up to MAX_DRAFT), and after a run of rejected drafts, or of
drafts that cost more time than they saved (Drafter), it rests until its guesses come true again, so a reply that
copies nothing, or a machine where batches are dear, costs next to nothing (batches of one).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.backends.llama_kv import KvCache, context_size

MAX_NGRAM = 3  # the longest run of recent tokens looked up
MIN_NGRAM = 2  # a single token matches too often to be a good guess
MAX_DRAFT = 16
REST_STEPS = 8  # after REST_AFTER rejected drafts in a row, decode this many steps without drafting
REST_AFTER = 3
MIN_ACCEPTANCE = 0.3  # below this moving average of accepted / drafted, drafting rests
WAKE_STREAK = 2  # a rest ends early once the guesses for this many tokens in a row came true


@dataclass
class NgramIndex:
    """Where each n-gram of the token history last occurred with a continuation, for MIN..MAX_NGRAM."""

    tokens: list[int] = field(default_factory=list)
    _last: dict[tuple[int, ...], int] = field(default_factory=dict)  # n-gram -> index just past its last occurrence

    def extend(self, new: Sequence[int]) -> None:
        tokens = self.tokens
        for token in new:
            tokens.append(int(token))
            end = len(tokens)
            # The n-grams that end just before the new token now have a continuation: the new token.
            for n in range(MIN_NGRAM, MAX_NGRAM + 1):
                if end - 1 - n >= 0:
                    self._last[tuple(tokens[end - 1 - n : end - 1])] = end - 1

    def draft(self, limit: int) -> list[int]:
        """The tokens that followed the longest recent n-gram matching the end of the history."""
        tokens = self.tokens
        for n in range(MAX_NGRAM, MIN_NGRAM - 1, -1):
            if len(tokens) < n:
                continue
            start = self._last.get(tuple(tokens[-n:]))
            if start is not None:
                return tokens[start : start + limit]
        return []


@dataclass
class DraftStats:
    """What drafting did in one reply: for the benchmark and the tests."""

    drafted: int = 0
    accepted: int = 0
    batches: int = 0

    @property
    def acceptance(self) -> float:
        return self.accepted / self.drafted if self.drafted else 0.0


class Drafter:
    """Chooses each step's draft from the history and adapts to how well drafts have done.

    Drafts pay only where a batch of several tokens costs little more than one: a memory-bound machine and a
    model large enough. On a small CPU with a small model the batch's compute can eat the gain: on the 2-core test
    machine a batch of 5 tokens of the built-in Qwen2.5 takes 3.5 times a step of one (70 against 20 ms), so a
    rejected 4-token draft costs 2.5 steps. Hence:
    - A draft is sent only while the reply is copying: the guess for the token just written (what the history's
      n-gram said would follow, drafted or not) came true, or the last draft was accepted whole. A zh->en
      translation matched two-token n-grams of its own English three times in 98 tokens and lost two of the three
      drafts (4 % slower than plain decoding); now it sends one, accepted, while a reply that starts copying its
      input drafts one token later than it would have.
    - What a drafted token costs is timed: a draft batch's time less a plain one-token step's (timed whenever no
      draft is sent), per drafted token, as a moving average. Each accepted token saves a plain step, so drafting
      pays while acceptance x step > cost per drafted token; when it does not, drafting rests, for longer and
      longer. Judging each batch by its own tokens per second instead stopped a chat reply's drafting after two
      short drafts (a 4-token draft with one token accepted is slow by itself) before the quote that follows
      drafts 16 tokens at a time: bench/prompt_lookup.py's chat task went from 1.35 to 0.98 between two runs.
      Drafts rejected outright three times in a row make it rest as well. A rest ends early when the guesses come
      true WAKE_STREAK times in a row (a chat reply that starts to quote after a few bad guesses drafts the
      quote), unless even drafts that come true cost more than they save on this machine.
    """

    def __init__(self, history: Sequence[int], stats: DraftStats | None = None, timed: bool = True) -> None:
        self.timed = timed  # False for a reproducible (seeded) reply: its batches must not depend on the clock
        self.accept_rate = 1.0  # moving average of accepted / drafted
        self.index = NgramIndex()
        self.index.extend(history)
        self.length = 4
        self.single_s = 0.0  # moving average of a one-token step, in seconds (0: not timed yet)
        self.token_cost = 0.0  # moving average of the seconds a drafted token adds to a batch (0: not timed yet)
        self._misses = 0
        self._rest = 0
        self._rests = 0  # rests in a row: each one is twice as long as the last
        self._guess: int | None = None  # what the history said would follow, at the last step without a draft
        self._streak = 0  # tokens in a row that the guesses foretold (a draft accepted whole counts as one)
        self._wakes = False  # whether the rest under way ends when the guesses come true again
        self.stats = stats if stats is not None else DraftStats()

    def next_draft(self, room: int) -> list[int]:
        draft = self.index.draft(min(self.length, room))
        self._guess = draft[0] if draft else None
        if self._rest > 0:
            if not self._wakes or self._streak < WAKE_STREAK:
                self._rest -= 1
                return []
            self._rest = 0  # the reply copies again
        return draft if self._streak else []

    def observe(self, out: Sequence[int], drafted: int) -> None:
        """The tokens a step produced (`drafted`: how long its draft was): the history grows and the streak of
        guesses that came true goes on or ends."""
        if not drafted:
            came_true = self._guess is not None and out[0] == self._guess
            self._streak = self._streak + 1 if came_true else 0
        else:  # accepted whole: the reply still copies; else its last token is where it parted from the draft
            self._streak = max(self._streak, 1) if len(out) - 1 == drafted else 0
        self._guess = None
        self.index.extend(out)

    def record(self, drafted: int, accepted: int, seconds: float = 0.0) -> None:
        if not drafted:
            if seconds > 0:
                self.single_s = seconds if not self.single_s else 0.8 * self.single_s + 0.2 * seconds
            return
        self.stats.drafted += drafted
        self.stats.accepted += accepted
        self.accept_rate = 0.7 * self.accept_rate + 0.3 * accepted / drafted
        if seconds > 0 and self.timed and self.single_s:
            cost = max(0.0, seconds - self.single_s) / drafted
            self.token_cost = cost if not self.token_cost else 0.7 * self.token_cost + 0.3 * cost
        if accepted == drafted:
            self.length = min(MAX_DRAFT, self.length * 2)
        else:
            self.length = max(2, accepted + 1)
        # Drafted tokens have cost more of late than the steps their acceptance saves (moving averages): rest at
        # once. So has a low acceptance, which needs no clock.
        slower = bool(self.timed and self.token_cost and self.accept_rate * self.single_s < self.token_cost)
        if slower or self.accept_rate < MIN_ACCEPTANCE:
            self.accept_rate = 1.0  # after the rest drafts resume only once guesses come true: start afresh
            # Guesses that come true may end the rest, unless even a draft accepted whole would not pay here.
            self._start_rest(wakes=not slower or self.single_s > self.token_cost)
            return
        if accepted == 0:
            self._misses += 1
            if self._misses >= REST_AFTER:
                self._start_rest(wakes=True)
        else:
            self._misses = 0
            if accepted == drafted:
                self._rests = 0

    def _start_rest(self, wakes: bool) -> None:
        self._wakes = wakes
        self._rest = REST_STEPS * 2 ** min(self._rests, 3)
        self._misses = 0
        self._rests += 1


def decode(llm: Any, kv: KvCache, tokens: Sequence[int], sampler: Any, drafting: bool,
           stats: DraftStats | None = None, reproducible: bool = False) -> Iterator[int]:
    """Sample the reply to `tokens` token by token, forever (the caller stops). The KV cache must already hold
    `tokens[:-1]` or all of `tokens` with live logits (the vision path); anything else is evaluated first.

    The cache's bookkeeping (`n_tokens`, `input_ids`) is brought up to date before each token is yielded, so a
    caller that stops at any token leaves a consistent cache behind.
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
                drafter = Drafter(tokens, stats, timed=not reproducible)
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
                drafter.observe(out, len(draft))
            pending = [out[-1]]
            yield from out
    finally:
        llm._requires_eval = True  # the context's logits may belong to a rejected draft position
