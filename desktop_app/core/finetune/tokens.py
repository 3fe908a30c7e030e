"""Training data as tokens: the ids and labels a training step takes, and the length statistics the wizard shows.

Tokenizing (`encode_causal`, `encode_classification`) needs a tokenizer but not torch. Chat rows go through the
base model's chat template and only the assistant's answer tokens carry a loss (labels -100 elsewhere), unless
`whole_text=True`. `prepare_data` loads, splits and tokenizes a run's dataset exactly as the training process
does (the export's held-out prompts reuse it).

Kept apart from core/finetune/datasets.py, which reads and validates rows without any tokenizer: the wizard checks
a file before a base model is chosen, and the tokenizer itself runs in an engine process (`folder_token_lengths`).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DatasetError
from desktop_app.core.finetune.config import RunConfig
from desktop_app.core.finetune.datasets import Dataset, Example, RowIssue, load_dataset, split
from desktop_app.core.messages import phrase

IGNORE_INDEX = -100
# Chat template for tokenizers that have none (base models): ChatML, as the transformers backend uses.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


@dataclass(frozen=True)
class Encoded:
    line: int
    input_ids: list[int]
    labels: list[int]  # causal: -100 where no loss; classification: [label id]
    truncated: bool = False


def _template(tokenizer: Any) -> str | None:
    return None if getattr(tokenizer, "chat_template", None) else CHATML_TEMPLATE


def render_chat(tokenizer: Any, messages: Sequence[dict[str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The chat template over a conversation, and the character spans of each assistant answer in it (the answer
    text plus what the template closes it with, e.g. <|im_end|>, so the model learns to stop)."""
    template = _template(tokenizer)
    spans = []
    msgs = list(messages)
    full = tokenizer.apply_chat_template(msgs, tokenize=False, chat_template=template)
    for i, m in enumerate(msgs):
        if m["role"] != "assistant":
            continue
        before = tokenizer.apply_chat_template(msgs[:i], tokenize=False, add_generation_prompt=True,
                                               chat_template=template)
        through = tokenizer.apply_chat_template(msgs[: i + 1], tokenize=False, chat_template=template)
        if not full.startswith(through) or not through.startswith(before):
            raise DatasetError(phrase("The model's chat template is not incremental, so answers cannot be masked; train on the whole text instead."))
        spans.append((len(before), len(through)))
    return full, spans


def prompt_text(tokenizer: Any, messages: Sequence[dict[str, str]]) -> str:
    """The prompt up to the last assistant answer, with the generation prompt (for sampling)."""
    msgs = list(messages)
    last = max(i for i, m in enumerate(msgs) if m["role"] == "assistant")
    return tokenizer.apply_chat_template(msgs[:last], tokenize=False, add_generation_prompt=True,
                                         chat_template=_template(tokenizer))


def _encode_one(tokenizer: Any, ex: Example, max_length: int, whole_text: bool) -> Encoded:
    if ex.messages:
        text, spans = render_chat(tokenizer, ex.messages)
        add_special = False  # the template writes its own special tokens
    else:
        text, spans = ex.text, []
        add_special = True
        eos = getattr(tokenizer, "eos_token", None)
        if eos and not text.endswith(eos):
            text += eos
    enc = tokenizer(text, add_special_tokens=add_special, return_offsets_mapping=bool(spans))
    ids = list(enc["input_ids"])
    if spans and not whole_text:
        labels = [IGNORE_INDEX] * len(ids)
        for j, (start, end) in enumerate(enc["offset_mapping"]):
            if end > start and any(s <= start < e for s, e in spans):
                labels[j] = ids[j]
    else:
        labels = list(ids)
    truncated = len(ids) > max_length
    return Encoded(ex.line, ids[:max_length], labels[:max_length], truncated)


def encode_causal(
    tokenizer: Any, examples: Iterable[Example], max_length: int, whole_text: bool = False,
) -> tuple[list[Encoded], list[RowIssue]]:
    """Token ids and labels for each example, cut to `max_length`. Rows whose answer is cut off entirely are
    returned as issues; when that is every row, DatasetError says which max length would work."""
    out, dropped, prompt_lengths = [], [], []
    for ex in examples:
        enc = _encode_one(tokenizer, ex, max_length, whole_text)
        if any(label != IGNORE_INDEX for label in enc.labels):
            out.append(enc)
        else:
            full = _encode_one(tokenizer, ex, 10**9, whole_text)
            first = next((j for j, label in enumerate(full.labels) if label != IGNORE_INDEX), len(full.labels))
            prompt_lengths.append(first)
            dropped.append(RowIssue(ex.line, phrase(
                "no answer token left within max length {max_length} (the prompt alone takes {first} tokens)",
                max_length=max_length, first=first)))
    if not out and dropped:
        need = min(prompt_lengths) + 1
        raise DatasetError(
            phrase("Max length {max_length} is shorter than the chat template and prompt (at least {needed} tokens), so no answer token would be trained; set max length to {minimum} or more.", max_length=max_length, needed=need - 1, minimum=max(need, 16)))
    return out, dropped


def label_ids(labels: Sequence[str]) -> dict[str, int]:
    return {name: i for i, name in enumerate(labels)}


def encode_classification(
    tokenizer: Any, examples: Iterable[Example], max_length: int, labels: Sequence[str],
) -> list[Encoded]:
    ids = label_ids(labels)
    out = []
    for ex in examples:
        if ex.label not in ids:
            raise DatasetError(phrase("Line {line}: label {label} is not one of {labels}.", line=ex.line, label=repr(ex.label), labels=', '.join(labels)))
        enc = tokenizer(ex.text, truncation=False)
        tokens = list(enc["input_ids"])
        truncated = len(tokens) > max_length
        if truncated:  # keep the closing special token ([SEP]) of encoder inputs
            tokens = tokens[: max_length - 1] + tokens[-1:]
        out.append(Encoded(ex.line, tokens, [ids[ex.label]], truncated))
    return out


@dataclass
class TokenStats:
    """Token lengths of a dataset against a max length, with histogram bins for the wizard's chart."""

    count: int
    min: int
    max: int
    mean: float
    median: float
    p95: int
    max_length: int
    truncated: int  # rows longer than max_length (cut; their end is not trained on)
    bins: list[tuple[int, int, int]]  # (from, to exclusive, rows)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def token_lengths(tokenizer: Any, examples: Iterable[Example]) -> list[int]:
    lengths = []
    for ex in examples:
        if ex.messages:
            text, _ = render_chat(tokenizer, ex.messages)
            lengths.append(len(tokenizer(text, add_special_tokens=False)["input_ids"]))
        else:
            lengths.append(len(tokenizer(ex.text)["input_ids"]))
    return lengths


def folder_token_lengths(folder: str | Path, examples: Sequence[Example], on_progress: Any = None,
                         cancel: Any = None) -> list[int]:
    """Each example's length in tokens with the tokenizer of a model folder, in steps of 256 with progress and a
    cancel check (the wizard's Data page runs it in an engine process: run_isolated)."""
    from transformers import AutoTokenizer

    from desktop_app.core.errors import Cancelled

    tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    lengths: list[int] = []
    for i in range(0, len(examples), 256):
        if cancel is not None and cancel.is_set():
            raise Cancelled("Cancelled.")
        lengths += token_lengths(tok, examples[i:i + 256])
        if on_progress is not None:
            on_progress(min(len(examples), i + 256), len(examples))
    return lengths


def token_stats(tokenizer: Any, examples: Sequence[Example], max_length: int, n_bins: int = 20) -> TokenStats:
    lengths = token_lengths(tokenizer, examples)
    return stats_from_lengths(lengths, max_length, n_bins)


def stats_from_lengths(lengths: Sequence[int], max_length: int, n_bins: int = 20) -> TokenStats:
    if not lengths:
        raise DatasetError(phrase("There are no rows to measure."))
    s = sorted(lengths)
    top = max(s[-1], max_length) + 1
    width = max(1, -(-top // n_bins))
    counts = Counter(n // width for n in s)
    bins = [(i * width, (i + 1) * width, counts.get(i, 0)) for i in range(-(-top // width))]
    return TokenStats(
        count=len(s), min=s[0], max=s[-1], mean=statistics.fmean(s), median=statistics.median(s),
        p95=s[min(len(s) - 1, int(0.95 * len(s)))], max_length=max_length,
        truncated=sum(1 for n in s if n > max_length), bins=bins,
    )


@dataclass
class PreparedData:
    """A run's dataset after the split, with both halves tokenized (and the classifier's labels)."""

    dataset: Dataset
    train: list[Example]
    eval: list[Example]
    train_enc: list[Encoded]
    eval_enc: list[Encoded]
    labels: list[str]
    dropped: list[RowIssue]


def prepare_data(config: RunConfig, tokenizer: Any) -> PreparedData:
    """Load, validate, split and tokenize the run's dataset, exactly as the worker does."""
    ds = load_dataset(config.dataset, config.mapping or None, config.task, config.skip_bad_rows)
    train, held = split(ds.examples, config.eval_fraction, config.seed)
    if config.task == "classification":
        labels = list(config.labels) or ds.labels
        if len(labels) < 2:
            raise DatasetError(phrase("A classifier needs at least two different labels."))
        return PreparedData(ds, train, held, encode_classification(tokenizer, train, config.max_length, labels),
                            encode_classification(tokenizer, held, config.max_length, labels), labels, [])
    train_enc, dropped = encode_causal(tokenizer, train, config.max_length, config.whole_text)
    eval_enc = encode_causal(tokenizer, held, config.max_length, config.whole_text)[0] if held else []
    return PreparedData(ds, train, held, train_enc, eval_enc, [], dropped)
