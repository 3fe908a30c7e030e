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
from desktop_app.core.messages import phrase


def score_labels(llm: Any, kv: KvCache, prompt: str, labels: Sequence[str]) -> tuple[LabelScores, int]:
    """The labels' probabilities, and how many prompt tokens came from the cache."""
    if not labels:
        raise GenerationError(phrase("No labels were given to score."))
    prompt_ids = scoring_tokens(llm, prompt)
    if not prompt_ids:
        raise GenerationError(phrase("The prompt is empty, so there is nothing to score the labels against."))
    rows = [label_tokens(llm, prompt, prompt_ids, label) for label in labels]
    n_ctx = context_size(llm)
    width = len(prompt_ids) + max(len(r) for r in rows)
    if width > n_ctx:
        raise ContextOverflowError(
            phrase("The prompt and labels are {width} tokens but the model's context holds {n_ctx}. Shorten the text or raise the context length.", width=f"{width:,}", n_ctx=f"{n_ctx:,}")
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
        raise GenerationError(phrase("llama.cpp failed while scoring labels: {error}", error=exc)) from exc
    finally:
        kv.rewind(min(n_prompt, llm.n_tokens))
    return _softmax(labels, totals), keep


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
        raise GenerationError(phrase("The label {label} has no tokens.", label=repr(label)))
    return ids


def last_logprobs(llm: Any):
    """Log-softmax of the logits of the last token decoded (float64, over the whole vocabulary)."""
    return _logprobs(llm._ctx, -1, llm.n_vocab())


class BatchScorer:
    """Scores many prompts' labels in a few llama.cpp batches, each prompt in a KV-cache sequence of its own.

    Runs on the batch scheduler's thread and context (llama_batch.py `call`), in sequences the generation slots
    never use. The prompts of a sentiment batch share their start (the template and the instructions): that part is
    evaluated once into the first sequence and kept there between calls, and each prompt's sequence starts as a
    copy of it (a copy shares the cells; nothing is recomputed). Then the prompts' own tokens go into one batch,
    with an output row at each prompt's end. Labels of several tokens then need the logits after their first
    tokens: each prefix that some label continues is evaluated once per prompt (`label_steps`), a label's new
    tokens together, all prompts' same step in one batch ("very positive" and "very negative": "very" once;
    it was once per label, and one batch per token).

    The numbers are P(label | prompt) from the logits as in `score_labels`; only llama.cpp's rounding differs, as
    a prompt's last token is decoded beside other prompts' tokens rather than alone.
    """

    def __init__(self, llm: Any, seqs: Sequence[int]) -> None:
        self.llm = llm
        self.seqs = list(seqs)  # the first holds the shared start; the others take one prompt each
        self.shared: list[int] = []  # what the first sequence holds
        self.prompt_tokens = 0  # tokens of prompts evaluated by the last `score` (the shared start included)
        self.label_tokens = 0  # tokens of labels evaluated by the last `score`

    def score(self, ctx: Any, batch: Any, n_batch: int, n_ctx: int, prompts: Sequence[str],
              labels: Sequence[str]) -> list[LabelScores]:
        if not labels:
            raise GenerationError(phrase("No labels were given to score."))
        ids = [scoring_tokens(self.llm, p) for p in prompts]
        if not all(ids):
            raise GenerationError(phrase("A prompt is empty, so there is nothing to score the labels against."))
        rows = [[label_tokens(self.llm, p, t, label) for label in labels] for p, t in zip(prompts, ids, strict=True)]
        for t, r in zip(ids, rows, strict=True):
            width = len(t) + max(len(x) for x in r)
            if width > n_ctx:
                raise ContextOverflowError(
                    phrase("The prompt and labels are {width} tokens but the model's context holds {n_ctx}. Shorten the text or raise the context length.", width=f"{width:,}", n_ctx=f"{n_ctx:,}"))
        self.prompt_tokens = self.label_tokens = 0
        shared_len = min(len(t) for t in ids) - 1  # each prompt keeps at least its last token to decode
        for t in ids[1:]:
            shared_len = min(shared_len, common_prefix(ids[0], t))
        try:
            self._hold_shared(ctx, batch, n_batch, ids[0][:shared_len])
            totals: list[list[float]] = []
            group: list[int] = []
            for i, t in enumerate(ids):  # groups: a sequence each, and their own tokens within one batch
                size = sum(min(len(ids[j]) - shared_len, n_batch) for j in group)
                if group and (len(group) == len(self.seqs) - 1 or size + min(len(t) - shared_len, n_batch) > n_batch):
                    totals.extend(self._score_group(ctx, batch, n_batch, shared_len, [ids[j] for j in group],
                                                    [rows[j] for j in group]))
                    group = []
                group.append(i)
            totals.extend(self._score_group(ctx, batch, n_batch, shared_len, [ids[j] for j in group],
                                            [rows[j] for j in group]))
        except (ValueError, RuntimeError) as exc:
            raise GenerationError(phrase("llama.cpp failed while scoring labels: {error}", error=exc)) from exc
        return [_softmax(labels, t) for t in totals]

    def _hold_shared(self, ctx: Any, batch: Any, n_batch: int, head: list[int]) -> None:
        base = self.seqs[0]
        keep = common_prefix(self.shared, head)
        ctx.kv_cache_seq_rm(base, keep, -1)
        self.shared = self.shared[:keep]
        self.prompt_tokens += len(head) - keep
        for start in range(keep, len(head), n_batch):
            _decode(ctx, batch, [(base, start, head[start:start + n_batch], False)])
            self.shared = list(head[:start + n_batch])

    def _score_group(self, ctx: Any, batch: Any, n_batch: int, shared_len: int, ids: list[list[int]],
                     rows: list[list[list[int]]]) -> list[list[float]]:
        mine = self.seqs[1:len(ids) + 1]
        n_vocab = self.llm.n_vocab()
        self.prompt_tokens += sum(len(t) - shared_len for t in ids)
        try:
            tails = [max(shared_len, len(t) - n_batch) for t in ids]  # each prompt's last n_batch tokens at most
            for seq, t, tail in zip(mine, ids, tails, strict=True):
                ctx.kv_cache_seq_rm(seq, 0, -1)
                ctx.kv_cache_seq_cp(self.seqs[0], seq, 0, shared_len)
                for start in range(shared_len, tail, n_batch):  # a prompt longer than a batch: up to its tail
                    _decode(ctx, batch, [(seq, start, t[start:min(start + n_batch, tail)], False)])
            out = _decode(ctx, batch, [(seq, s, t[s:], True) for seq, t, s in zip(mine, ids, tails, strict=True)])
            totals = []
            for row, label_rows in zip(out, rows, strict=True):
                logprobs = _logprobs(ctx, row, n_vocab)
                totals.append([float(logprobs[r[0]]) for r in label_rows])
            self._add_label_tails(ctx, batch, n_batch, mine, [len(t) for t in ids], rows, totals)
            return totals
        finally:
            for seq in mine:
                ctx.kv_cache_seq_rm(seq, 0, -1)

    def _add_label_tails(self, ctx: Any, batch: Any, n_batch: int, seqs: list[int], ends: list[int],
                         rows: list[list[list[int]]], totals: list[list[float]]) -> None:
        """Add the log-probabilities of the labels' further tokens to `totals` (their first tokens are in). Each
        prompt's sequence takes the steps of `label_steps`; the same step of every prompt goes in one batch."""
        n_vocab = self.llm.n_vocab()
        plans = [label_steps(r) for r in rows]
        paths: list[list[int]] = [[] for _ in rows]  # the label tokens each sequence holds after its prompt
        after: list[dict[tuple[int, ...], dict[int, float]]] = [{} for _ in rows]
        wanted: list[dict[tuple[int, ...], set[int]]] = [{} for _ in rows]  # prefix -> the tokens that follow it
        for i, label_rows in enumerate(rows):
            for r in label_rows:
                for k in range(1, len(r)):
                    wanted[i].setdefault(tuple(r[:k]), set()).add(r[k])
        for step in range(max(len(p) for p in plans)):
            entries = []  # (sequence, position, token, prompt, the label-token prefix it ends)
            for i, plan in enumerate(plans):
                if len(plan) > step:
                    keep, tokens = plan[step]
                    ctx.kv_cache_seq_rm(seqs[i], ends[i] + keep, -1)
                    paths[i] = paths[i][:keep] + tokens
                    entries += [(seqs[i], ends[i] + k, paths[i][k], i, tuple(paths[i][:k + 1]))
                                for k in range(keep, len(paths[i]))]
            self.label_tokens += len(entries)
            for a in range(0, len(entries), n_batch):  # in order: a sequence's earlier tokens never come later
                chunk = entries[a:a + n_batch]
                out = _decode(ctx, batch, [(seq, pos, [token], True) for seq, pos, token, _, _ in chunk])
                for row, (_, _, _, i, prefix) in zip(out, chunk, strict=True):
                    logprobs = _logprobs(ctx, row, n_vocab)
                    after[i][prefix] = {t: float(logprobs[t]) for t in wanted[i].get(prefix, ())}
        for i, label_rows in enumerate(rows):
            for li, r in enumerate(label_rows):
                totals[i][li] += sum(after[i][tuple(r[:k])][r[k]] for k in range(1, len(r)))


def label_steps(label_rows: Sequence[Sequence[int]]) -> list[tuple[int, list[int]]]:
    """What to evaluate after one prompt to score labels of several tokens, as steps (keep, tokens): keep the
    first `keep` label tokens the previous step left in the sequence, then evaluate `tokens`, an output row each.

    A label of k tokens needs the logits after each of its first k - 1 tokens (its first token is scored from the
    prompt's own row). Labels are taken in token order, so that labels sharing a start ("very positive", "very
    negative") follow each other and the start is evaluated once and kept; a label's new tokens are one step, not
    one decode each. One-token labels need no step. Tokens evaluated: one per distinct label-token prefix that
    some label continues, the least that gives every label's probability."""
    steps: list[tuple[int, list[int]]] = []
    path: list[int] = []
    known: set[tuple[int, ...]] = set()
    for row in sorted({tuple(r) for r in label_rows}):
        need = list(row[:-1])
        if all(tuple(need[:k]) in known for k in range(1, len(need) + 1)):
            continue
        keep = common_prefix(path, need)
        steps.append((keep, need[keep:]))
        known.update(tuple(need[:k]) for k in range(1, len(need) + 1))
        path = need
    return steps


def _decode(ctx: Any, batch: Any, parts: list[tuple[int, int, list[int], bool]]) -> list[int]:
    """Decode (sequence, first position, tokens, want the last token's row) parts in one batch; the batch indices
    of the wanted rows, to read before the next decode."""
    import llama_cpp

    b = batch.batch
    n = 0
    rows: list[int] = []
    for seq, pos, tokens, want in parts:
        for i, token in enumerate(tokens):
            b.token[n], b.pos[n], b.n_seq_id[n] = token, pos + i, 1
            b.seq_id[n][0] = seq
            b.logits[n] = want and i == len(tokens) - 1
            if want and i == len(tokens) - 1:
                rows.append(n)
            n += 1
    if n:
        b.n_tokens = n
        code = llama_cpp.llama_decode(ctx.ctx, b)
        if code != 0:
            raise RuntimeError(phrase("llama_decode returned {code}", code=code))
    return rows


def _logprobs(ctx: Any, row: int, n_vocab: int):
    """Log-softmax of one output row's logits (float64, over the whole vocabulary); -1 is the last one."""
    import llama_cpp
    import numpy as np

    ptr = llama_cpp.llama_get_logits_ith(ctx.ctx, row)
    logits = np.ctypeslib.as_array(ptr, shape=(n_vocab,)).astype(np.float64)
    top = logits.max()
    return logits - (top + np.log(np.exp(logits - top).sum()))


def _softmax(labels: Sequence[str], totals: Sequence[float]) -> LabelScores:
    top = max(totals)
    weights = [math.exp(t - top) for t in totals]
    norm = sum(weights)
    return LabelScores(labels=list(labels), probabilities=[w / norm for w in weights])
