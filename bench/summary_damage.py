"""Measures of damage for bench/summary_quality.py: a summary that stops copying by saying wrong things is worse
than a copied one, so each side is also scored for invented facts and for fluency.

- invented: numbers and capitalised names in the summary that the source does not hold (a penalty on copying
  pushed the 0.5B model to "Wednesday" for "Tuesday" and to wrong figures). Numbers are compared without their
  thousands separators; a capitalised word counts only inside a sentence (a sentence's first word is capitalised
  by grammar) and only when the source does not hold it in any case. The app checks its English summaries with
  the same function (core/tasks/summary_facts.py), so `inv` is no independent judge of the app side: read the
  summaries (--show), and compare the nopenalty side's.
- fluency: the mean log-probability per token of the summary alone, under the same built-in model, after a neutral
  "Summary:" prefix and without the source: wrong word forms ("two steel support lost … its thickness") and broken
  grammar lower it. Copied text is the source's own fluent prose, so compare a side with the penalty against the
  side without it (nopenalty), not against zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core.tasks.summary_facts import invented  # noqa: F401  (the app checks its summaries with it)


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
