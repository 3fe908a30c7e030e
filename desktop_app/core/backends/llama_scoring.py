"""Zero-shot label scoring on a llama.cpp context: P(label | prompt) from the logits, reusing the KV cache.

Split from llama_cpp.py, whose `LlamaCppBackend.score_labels` documents the method and calls `score_labels` here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from desktop_app.core.backends.base import LabelScores
from desktop_app.core.backends.llama_kv import KvCache, common_prefix, context_size
from desktop_app.core.errors import ContextOverflowError, GenerationError


def score_labels(llm: Any, kv: KvCache, prompt: str, labels: Sequence[str]) -> tuple[LabelScores, int]:
    """The labels' probabilities, and how many prompt tokens came from the cache."""
    if not labels:
        raise GenerationError("No labels were given to score.")
    prompt_ids = scoring_tokens(llm, prompt)
    if not prompt_ids:
        raise GenerationError("The prompt is empty, so there is nothing to score the labels against.")
    rows = [label_tokens(llm, prompt, prompt_ids, label) for label in labels]
    n_ctx = context_size(llm)
    width = len(prompt_ids) + max(len(r) for r in rows)
    if width > n_ctx:
        raise ContextOverflowError(
            f"The prompt and labels are {width:,} tokens but the model's context holds {n_ctx:,}. "
            "Shorten the text or raise the context length."
        )
    n_prompt = len(prompt_ids)
    keep = min(kv.cached_prefix(prompt_ids), n_prompt - 1)  # re-decode at least the last prompt token: its logits are needed
    try:
        llm.n_tokens = keep
        if keep < n_prompt - 1:
            llm.eval(prompt_ids[keep:-1])
        llm.eval(prompt_ids[-1:])  # alone, so a repeat served from the cache decodes it the same way
        # For each label-token prefix, the log-probabilities of the tokens that follow it in some label.
        wanted: dict[tuple[int, ...], set[int]] = {}
        for row in rows:
            for i, token in enumerate(row):
                wanted.setdefault(tuple(row[:i]), set()).add(token)
        logprobs = last_logprobs(llm)
        after = {(): {t: float(logprobs[t]) for t in wanted[()]}}
        evaluated: list[int] = []  # label tokens now in the cache after the prompt
        totals = []
        for row in rows:
            total = 0.0
            for i, token in enumerate(row):
                prefix = tuple(row[:i])
                if prefix not in after:  # every shorter prefix is already known: one token to decode
                    shared = common_prefix(evaluated, prefix)
                    llm.n_tokens = n_prompt + shared
                    llm.eval(list(prefix[shared:]))
                    evaluated = list(prefix)
                    logprobs = last_logprobs(llm)
                    after[prefix] = {t: float(logprobs[t]) for t in wanted[prefix]}
                total += after[prefix][token]
            totals.append(total)
    except (ValueError, RuntimeError) as exc:
        raise GenerationError(f"llama.cpp failed while scoring labels: {exc}") from exc
    finally:
        kv.rewind(min(n_prompt, llm.n_tokens))
    top = max(totals)
    weights = [math.exp(t - top) for t in totals]
    norm = sum(weights)
    return LabelScores(labels=list(labels), probabilities=[w / norm for w in weights]), keep


def scoring_tokens(llm: Any, text: str) -> list[int]:
    """Tokens of a scoring prompt: special tokens parsed (a chat-formatted prompt holds <|im_start|> and the
    like), and a BOS in front when the model asks for one and the text does not already start with it."""
    import llama_cpp

    tokens = llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
    bos = llm.token_bos()
    if bos != -1 and llama_cpp.llama_vocab_get_add_bos(llm._model.vocab) and tokens[:1] != [bos]:
        tokens.insert(0, bos)
    return tokens


def label_tokens(llm: Any, prompt: str, prompt_ids: list[int], label: str) -> list[int]:
    full = scoring_tokens(llm, prompt + label)
    if full[: len(prompt_ids)] == prompt_ids and len(full) > len(prompt_ids):
        ids = full[len(prompt_ids) :]
    else:  # the tokenizer merged across the boundary: score the label tokenized on its own
        ids = llm.tokenize(label.encode("utf-8"), add_bos=False, special=False)
    if not ids:
        raise GenerationError(f"The label {label!r} has no tokens.")
    return ids


def last_logprobs(llm: Any):
    """Log-softmax of the logits of the last token decoded (float64, over the whole vocabulary)."""
    import llama_cpp
    import numpy as np

    ptr = llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1)
    logits = np.ctypeslib.as_array(ptr, shape=(llm.n_vocab(),)).astype(np.float64)
    top = logits.max()
    return logits - (top + np.log(np.exp(logits - top).sum()))
