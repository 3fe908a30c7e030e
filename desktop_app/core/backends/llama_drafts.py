"""What to draft at each step of prompt-lookup decoding (llama_decode.py), and whether to draft at all.

A draft of k tokens is verified in one batch of k + 1. It pays when the tokens it brings per second beat plain
one-token steps: with p the chance that a drafted token is accepted (given the ones before it were), a draft of k
brings 1 + p + p^2 + ... + p^k tokens for the price of a batch of k + 1. That price is what varies most: on a
quiet memory-bound CPU a batch of five costs little more than one, but on a busy or compute-bound one it costs
nearly five (measured here with Qwen2.5 0.5B and two other programs busy: 48 ms for one token, 215-263 ms for
five). A fixed draft length, or a gate on acceptance alone, then loses: a zh->en translation drafts from its own
English and the instruction's words, its few drafts seldom hold, and each failed one of four tokens cost as
much as four plain steps (0.91x of plain decoding).

So the Drafter keeps two estimates and drafts the length that maximises the expected tokens per unit of time,
or nothing when no length beats a plain step:
- p, from the drafts of this reply (accepted tokens against rejections, recent drafts weighing most);
- the cost of a batch of k + 1, as a one-token step times (1 + fixed + per_token * k), fitted to the timed batches
  (BatchCosts, kept by the backend across replies: it is a property of the machine, the model and the load).
When drafting does not pay it rests, longer each time, and then probes with a one-token draft, the cheapest way
to learn whether the reply has started copying (a proofreading reply past its preamble).

A reproducible (seeded) reply does not look at the clock: its batches, and with them llama.cpp's rounding, must
not change from one run to the next. It uses the prior costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_NGRAM = 3  # the longest run of recent tokens looked up
MIN_NGRAM = 2  # a single token matches too often to be a good guess
MAX_DRAFT = 16
REST_STEPS = 8  # the first rest from drafting, in plain steps; each rest in a row is twice as long (up to 8x)
DECAY = 0.8  # weight of the older drafts in p and in the cost fit, per new draft
PRIOR_ACCEPTED, PRIOR_REJECTED = 1.0, 1.0  # p before any draft: 1/2, so the first draft is one token (a probe)
PRIOR_FIXED, PRIOR_PER_TOKEN = 0.1, 0.25  # a batch of k + 1 before any is timed: (1 + 0.1 + 0.25 k) one-token steps
MIN_GAIN = 1.03  # a draft must promise this many times a plain step's tokens per second


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
    rests: int = 0  # times drafting stepped aside because it did not pay

    @property
    def acceptance(self) -> float:
        return self.accepted / self.drafted if self.drafted else 0.0


@dataclass
class BatchCosts:
    """The time of a batch of k + 1 tokens as one-token steps: 1 + fixed + per_token * k, fitted (least squares,
    recent batches weighing most) to timed batches. `single_s` is the moving average of a one-token step."""

    single_s: float = 0.0
    fixed: float = PRIOR_FIXED
    per_token: float = PRIOR_PER_TOKEN
    # Decayed sums for the fit of y = fixed + per_token * k, y = seconds / single_s - 1; the prior counts as one
    # batch of 1 and one of 4.
    _w: float = 2.0
    _k: float = 5.0
    _kk: float = 17.0
    _y: float = 2 * PRIOR_FIXED + 5 * PRIOR_PER_TOKEN
    _ky: float = 5 * PRIOR_FIXED + 17 * PRIOR_PER_TOKEN

    def single(self, seconds: float) -> None:
        self.single_s = seconds if not self.single_s else 0.8 * self.single_s + 0.2 * seconds

    def batch(self, drafted: int, seconds: float) -> None:
        if not self.single_s or drafted <= 0:
            return
        y = seconds / self.single_s - 1.0
        k = float(drafted)
        self._w = DECAY * self._w + 1.0
        self._k = DECAY * self._k + k
        self._kk = DECAY * self._kk + k * k
        self._y = DECAY * self._y + y
        self._ky = DECAY * self._ky + k * y
        spread = self._w * self._kk - self._k * self._k
        slope = (self._w * self._ky - self._k * self._y) / spread if spread > 1e-9 else 0.0
        if slope <= 0.0:  # one length seen, or noise: the whole extra time per drafted token
            self.fixed, self.per_token = 0.0, max(0.0, self._y / self._k)
        else:
            self.fixed = (self._y - slope * self._k) / self._w
            if self.fixed < 0.0:
                self.fixed, slope = 0.0, max(0.0, self._ky / self._kk)
            self.per_token = slope

    def relative(self, k: int) -> float:
        """A batch of k + 1 tokens, in one-token steps."""
        return 1.0 + self.fixed + self.per_token * k


def best_length(p: float, costs: BatchCosts, limit: int) -> tuple[int, float]:
    """The draft length (<= limit) with the most expected tokens per unit of time, and that rate as a multiple of
    plain one-token steps'. (0, 1.0) when nothing beats plain steps."""
    best, best_gain = 0, 1.0
    expected, term = 1.0, 1.0
    for k in range(1, limit + 1):
        term *= p
        expected += term
        gain = expected / costs.relative(k)
        if gain > best_gain:
            best, best_gain = k, gain
    return best, best_gain


class Drafter:
    """Chooses each step's draft from the history, and steps aside while drafting does not pay (module docstring).
    """

    def __init__(self, history: Sequence[int], stats: DraftStats | None = None, timed: bool = True,
                 costs: BatchCosts | None = None) -> None:
        self.timed = timed  # False for a reproducible (seeded) reply: its batches must not depend on the clock
        self.costs = costs if costs is not None and timed else BatchCosts()
        self.index = NgramIndex()
        self.index.extend(history)
        self._accepted = PRIOR_ACCEPTED  # decayed counts of accepted drafted tokens and of rejections
        self._rejected = PRIOR_REJECTED
        self._rest = 0
        self._rests = 0  # rests in a row: each one is twice as long as the last
        self._probe = False  # the rest is over: draft one token whatever the estimates say
        self.stats = stats if stats is not None else DraftStats()

    @property
    def p(self) -> float:
        """The estimated chance that a drafted token is accepted when the ones before it were."""
        return self._accepted / (self._accepted + self._rejected)

    def next_draft(self, room: int) -> list[int]:
        if self._rest > 0:
            self._rest -= 1
            self._probe = self._rest == 0
            return []
        if self._probe:
            return self.index.draft(1)  # stays a probe until a match gives something to draft
        k, gain = best_length(self.p, self.costs, min(room, MAX_DRAFT))
        if k == 0 or gain < MIN_GAIN:
            self._start_rest()
            self._rest -= 1  # this step is the rest's first
            return []
        self._rests = 0  # drafting pays again: the next rest is a short one
        return self.index.draft(k)

    def record(self, drafted: int, accepted: int, seconds: float = 0.0) -> None:
        """What the last step did: `drafted` tokens sent with the pending one, `accepted` of them kept, in
        `seconds` (the batch and its sampling)."""
        if self.timed and seconds > 0:
            if drafted:
                self.costs.batch(drafted, seconds)
            else:
                self.costs.single(seconds)
        if not drafted:
            return
        self._probe = False
        self.stats.drafted += drafted
        self.stats.accepted += accepted
        self._accepted = DECAY * self._accepted + accepted
        self._rejected = DECAY * self._rejected + (1.0 if accepted < drafted else 0.0)

    def _start_rest(self) -> None:
        self._rest = REST_STEPS * 2 ** min(self._rests, 3)
        self._rests += 1
        self.stats.rests += 1
