"""A penalty on copying a source text word for word, for llama.cpp's sampler (GenerationParams.avoid_copying).

Why: asked to summarize, the built-in Qwen2.5-0.5B copies whole sentences of the source (issue 15; measured by
bench/summary_quality.py as the share of the summary inside runs of 12 or more characters found verbatim in the
source). Prompts alone did not stop it. This follows the run the reply is copying right now, token by token, and
lowers the logits of the tokens that would carry that run to `limit_chars` characters or more: short quotes (a name, a
number, a term) stay free, long copied stretches cost more and more. The model still chooses; a penalty, not a ban.

The sampler calls it once per token in order, and the decode loop reports each token it keeps (`accept`), so
drafting from the prompt is off while it is on (llama_cpp.py): drafted positions would be scored ahead of their
acceptance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

LIMIT_CHARS = 12  # the copy run bench/summary_quality.py counts
PENALTY = 4.0  # logits taken from a token that would carry a copied run to the limit (more as the run grows)


class CopyPenalty:
    """Logits processor (llama-cpp-python's `logits_processor` shape) that discourages long verbatim runs."""

    def __init__(self, source: Sequence[int], token_chars: Callable[[int], int], limit_chars: int = LIMIT_CHARS,
                 penalty: float = PENALTY, exempt: Callable[[int], bool] = lambda _t: False) -> None:
        self.source = list(source)
        self._exempt = {t for t in set(self.source) if exempt(t)}
        self.limit_chars = limit_chars
        self.penalty = penalty
        self._chars = {t: token_chars(t) for t in set(self.source)}
        self._where: dict[int, list[int]] = defaultdict(list)  # token -> its positions in the source
        for i, token in enumerate(self.source):
            self._where[token].append(i)
        self._ends: list[int] = []  # source positions where the run being copied now ends
        self._run_chars = 0  # the characters of that run
        self._run_tokens = 0

    def accept(self, token: int) -> None:
        """The token the reply kept: the run goes on where the source continues with it, or starts anew."""
        longer = [i + 1 for i in self._ends if i + 1 < len(self.source) and self.source[i + 1] == token]
        if longer:
            self._ends = longer
            self._run_chars += self._chars[token]
            self._run_tokens += 1
        else:
            self._ends = list(self._where.get(token, ()))
            self._run_chars = self._chars.get(token, 0) if self._ends else 0
            self._run_tokens = 1 if self._ends else 0

    def continuations(self) -> dict[int, float]:
        """Each token that would carry the current run to the limit or past it, with the penalty it gets."""
        out: dict[int, float] = {}
        for i in self._ends:
            if i + 1 >= len(self.source):
                continue
            token = self.source[i + 1]
            if token in self._exempt or token in out:
                continue
            if self._run_chars + self._chars[token] >= self.limit_chars:
                # One penalty at the limit, growing with the run: quoting a long name costs less than a sentence.
                out[token] = self.penalty * (1 + self._run_tokens / 4)
        return out

    def __call__(self, _input_ids: Any, scores: Any) -> Any:
        for token, amount in self.continuations().items():
            if token < len(scores):
                scores[token] -= amount
        return scores


def copy_penalty_for(llm: Any, source: str) -> CopyPenalty:
    """A CopyPenalty over `source` as this model tokenizes it (token lengths in characters of its text)."""
    tokens = llm.tokenize(source.encode("utf-8"), add_bos=False, special=False)

    def text(token: int) -> str:
        return llm.detokenize([token]).decode("utf-8", errors="ignore")

    return CopyPenalty(tokens, lambda t: len(text(t)), exempt=lambda t: is_fact(text(t)))


def is_fact(token_text: str) -> bool:
    """A token that carries a fact rather than wording: a number, or a capitalised word (a name, a day, a month).
    Copying it is faithfulness, and the penalty pushed the model to a wrong one ("Tuesday" became "Wednesday")."""
    word = token_text.strip()
    if not word:
        return False
    if word[0].isascii() and word[0].isalpha() and not token_text[0].isspace():
        return True  # the rest of a word ("s" of "supports"): cutting a word short broke the grammar
    return any(c.isdigit() for c in word) or word[0].isupper()
