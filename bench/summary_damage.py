"""Measures of damage for bench/summary_quality.py: a summary that stops copying by saying wrong things is worse
than a copied one, so each side is also scored for invented facts and for fluency.

- invented: numbers and capitalised names in the summary that the source does not hold (a penalty on copying
  pushed the 0.5B model to "Wednesday" for "Tuesday" and to wrong figures). Numbers are compared without their
  thousands separators; a capitalised word counts only inside a sentence (a sentence's first word is capitalised
  by grammar) and only when the source does not hold it in any case.
- fluency: the mean log-probability per token of the summary alone, under the same built-in model, after a neutral
  "Summary:" prefix and without the source: wrong word forms ("two steel support lost … its thickness") and broken
  grammar lower it. Copied text is the source's own fluent prose, so compare a side with the penalty against the
  side without it (nopenalty), not against zero.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LIST_MARKER = re.compile(r"^\s*\d+[.)、]\s*", re.M)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?。！？:;\n]\s*|[\"“(]\s*)$")


def _numbers(text: str) -> set[str]:
    return {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def invented(summary: str, source: str) -> list[str]:
    """Numbers and capitalised names in `summary` that `source` does not contain."""
    summary = _LIST_MARKER.sub("", summary)  # "1." and "2)" that number a list are no facts
    out = sorted(_numbers(summary) - _numbers(source))
    source_words = {w.lower() for w in _WORD.findall(source)}
    for m in _WORD.finditer(summary):
        word = m.group()
        if not word[0].isupper() or _SENTENCE_START.search(summary[: m.start()]):
            continue
        base = word.lower().removesuffix("'s")
        if base not in source_words and word not in out:
            out.append(word)
    return out


class FluencyScorer:
    """Mean per-token log-probability of a text under a GGUF model, without any source in view."""

    PREFIX = {"en": "Summary:\n", "zh": "摘要：\n"}

    def __init__(self, model_path: Path, n_ctx: int = 2048) -> None:
        from llama_cpp import Llama  # the bench's own process, never the window's

        self.llm: Any = Llama(model_path=str(model_path), n_ctx=n_ctx, logits_all=True, verbose=False)

    def __call__(self, text: str, language: str) -> float:
        import numpy as np

        llm = self.llm
        prefix = llm.tokenize(self.PREFIX[language].encode("utf-8"), add_bos=True, special=False)
        body = llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)
        if not body:
            return 0.0
        tokens = (prefix + body)[: llm.n_ctx()]
        llm.reset()
        llm.eval(tokens)
        logits = np.asarray(llm.scores[: len(tokens)], dtype=np.float64)
        rows = logits[len(prefix) - 1 : len(tokens) - 1]
        rows = rows - rows.max(axis=1, keepdims=True)
        logprobs = rows - np.log(np.exp(rows).sum(axis=1, keepdims=True))
        picked = logprobs[np.arange(len(rows)), tokens[len(prefix) :]]
        return float(picked.mean())
