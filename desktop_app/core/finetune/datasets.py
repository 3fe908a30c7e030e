"""Training data: read a file, detect its format, validate every row, split it, and tokenize it for training.

Files: JSONL, JSON (a list of objects, or an object with one list of objects), CSV (header row), TXT (one example
per line; blank-line separated paragraphs when the file has blank lines) and Parquet (needs pyarrow, or pandas with
a Parquet engine). Row formats, detected per row:

- "alpaca":   instruction, optional input, output (also prompt/completion and question/answer)
- "sharegpt": conversations = [{"from": "human"|"gpt"|"system", "value": ...}, ...]
- "messages": messages = [{"role": "user"|"assistant"|"system", "content": ...}, ...] (OpenAI)
- "text":     text only (plain language-model training on the whole text)
- "classification": text + label

A `mapping` ({canonical name: column in the file}) renames columns first, so any other layout works, e.g.
`{"instruction": "question", "output": "answer"}` or `{"text": "review", "label": "stars"}`.

The file's format is its most common row format; rows in another format are reported ("mixed formats") with their
line number, as are rows with a missing field, an empty answer, a wrong type or a missing label. With
`skip_bad=True` they are left out; otherwise any problem raises DatasetError carrying the report.

Tokenizing (`encode_causal`, `encode_classification`) needs a tokenizer but not torch. Chat rows go through the
base model's chat template and only the assistant's answer tokens carry a loss (labels -100 elsewhere), unless
`whole_text=True`.
"""

from __future__ import annotations

import csv
import io
import json
import random
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase

FORMATS = ("alpaca", "sharegpt", "messages", "text", "classification")
CHAT_FORMATS = ("alpaca", "sharegpt", "messages")
SUFFIXES = (".jsonl", ".json", ".csv", ".txt", ".parquet")
IGNORE_INDEX = -100
# Chat template for tokenizers that have none (base models): ChatML, as the transformers backend uses.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant",
                  "system": "system", "bot": "assistant", "model": "assistant"}
ALPACA_ALIASES = (("instruction", "output"), ("prompt", "completion"), ("question", "answer"))


class DatasetError(DesktopAppError):
    """The data cannot be used for training; `report` (when set) lists the bad rows."""

    def __init__(self, message: str, report: ValidationReport | None = None):
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class Example:
    """One usable row. Chat rows carry `messages`; plain-text and classification rows carry `text` (+ `label`)."""

    line: int
    format: str
    messages: tuple[dict[str, str], ...] = ()
    text: str = ""
    label: str = ""


@dataclass(frozen=True)
class RowIssue:
    line: int
    reason: str

    def __str__(self) -> str:
        return phrase("line {line}: {reason}", line=self.line, reason=self.reason)


@dataclass
class ValidationReport:
    """What validation found: the file's format, how many rows each format had, and every bad row."""

    path: str
    format: str
    total_rows: int
    valid_rows: int
    issues: list[RowIssue] = field(default_factory=list)
    formats: dict[str, int] = field(default_factory=dict)  # rows per detected format (mixed files have several)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def mixed(self) -> bool:
        return len(self.formats) > 1

    def summary(self, limit: int = 5) -> str:
        counts = {"valid": self.valid_rows, "total": self.total_rows, "format": self.format}
        if not self.issues:
            return phrase("{valid} of {total} rows are usable ({format} format).", **counts)
        shown = "; ".join(str(i) for i in self.issues[:limit])
        if len(self.issues) > limit:
            shown = phrase("{problems} and {count} more", problems=shown, count=len(self.issues) - limit)
        return phrase("{valid} of {total} rows are usable ({format} format); problems: {problems}.",
                      problems=shown, **counts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "format": self.format, "total_rows": self.total_rows,
            "valid_rows": self.valid_rows, "formats": dict(self.formats),
            "issues": [{"line": i.line, "reason": i.reason} for i in self.issues],
        }


@dataclass
class Dataset:
    examples: list[Example]
    report: ValidationReport

    @property
    def format(self) -> str:
        return self.report.format

    @property
    def labels(self) -> list[str]:
        """Classification label names, sorted (their index is the label id)."""
        return sorted({e.label for e in self.examples if e.label})


# -- reading files -------------------------------------------------------------------------------------------------
def read_rows(path: str | Path) -> list[tuple[int, Any]]:
    """(line number, raw row) pairs. JSON arrays number their items from 1; CSV counts the header as line 1."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(phrase("The dataset file {path} does not exist.", path=path))
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _read_parquet(path)
    if suffix not in SUFFIXES:
        raise DatasetError(phrase("{name}: use a .jsonl, .json, .csv, .txt or .parquet file.", name=path.name))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(phrase("{name} is not UTF-8 text (byte {start}).", name=path.name, start=exc.start)) from exc
    if not text.strip():
        raise DatasetError(phrase("The dataset file {name} is empty.", name=path.name))
    if suffix == ".jsonl":
        rows: list[tuple[int, Any]] = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                # where, not json's English ("Expecting property name..."): the interface may be Chinese
                rows.append((n, _Bad(phrase("not valid JSON (column {column})", column=exc.colno))))
        return rows
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DatasetError(phrase("{name} is not valid JSON (line {line}, column {column}).", name=path.name,
                                      line=exc.lineno, column=exc.colno)) from exc
        if isinstance(data, dict):
            lists = [v for v in data.values() if isinstance(v, list)]
            if len(lists) != 1:
                raise DatasetError(phrase("{name} must hold a list of rows (or an object with one list).", name=path.name))
            data = lists[0]
        if not isinstance(data, list):
            raise DatasetError(phrase("{name} must hold a list of rows.", name=path.name))
        return list(enumerate(data, start=1))
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        out = []
        for row in reader:
            out.append((reader.line_num, {k: v for k, v in row.items() if k is not None}))
        if reader.fieldnames is None:
            raise DatasetError(phrase("The dataset file {name} is empty.", name=path.name))
        return out
    lines = text.splitlines()
    if any(not line.strip() for line in lines) and sum(1 for line in lines if line.strip()) > 1:
        rows, start, block = [], 0, []
        for n, line in enumerate(lines + [""], start=1):
            if line.strip():
                start = start or n
                block.append(line)
            elif block:
                rows.append((start, {"text": "\n".join(block)}))
                start, block = 0, []
        return rows
    return [(n, {"text": line}) for n, line in enumerate(lines, start=1) if line.strip()]


def _read_parquet(path: Path) -> list[tuple[int, Any]]:
    import importlib.util

    if importlib.util.find_spec("pyarrow") is not None:
        import pyarrow.parquet as pq

        try:
            records = pq.read_table(path).to_pylist()
        except Exception as exc:  # pyarrow raises its own ArrowInvalid for a broken file
            raise DatasetError(phrase("{name} is not a readable Parquet file: {error}", name=path.name, error=exc)) from exc
    elif importlib.util.find_spec("pandas") is not None:
        import pandas as pd

        try:
            records = pd.read_parquet(path).to_dict(orient="records")
        except (ImportError, ValueError, OSError) as exc:
            raise DatasetError(phrase("{name} could not be read: {error}", name=path.name, error=exc)) from exc
    else:
        raise DatasetError(phrase("Reading Parquet files needs the pyarrow package; install it or convert to JSONL."))
    if not records:
        raise DatasetError(phrase("The dataset file {name} is empty.", name=path.name))
    return list(enumerate(records, start=1))


class _Bad:
    def __init__(self, reason: str):
        self.reason = reason


# -- detecting and validating rows ---------------------------------------------------------------------------------
def detect_row_format(row: Any) -> str | None:
    """The format a row looks like, from its keys alone (None when it matches none)."""
    if not isinstance(row, dict):
        return None
    if "messages" in row:
        return "messages"
    if "conversations" in row:
        return "sharegpt"
    if any(a in row and b in row for a, b in ALPACA_ALIASES) or "instruction" in row:
        return "alpaca"
    if "text" in row and "label" in row:
        return "classification"
    if "text" in row:
        return "text"
    return None


def _apply_mapping(row: Any, mapping: dict[str, str] | None) -> Any:
    if not mapping or not isinstance(row, dict):
        return row
    out = {k: v for k, v in row.items() if k not in mapping.values()}
    for canonical, column in mapping.items():
        if column in row:
            out[canonical] = row[column]
    return out


def _text(value: Any, name: str, required: bool = True) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN (pandas' missing cell)
        if required:
            raise ValueError(phrase("missing field {name}", name=repr(name)))
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(phrase("field {name} has the wrong type ({kind}, expected text)", name=repr(name), kind=type(value).__name__))
    return str(value)


def _turns(items: Any, key: str, role_key: str, text_key: str, roles: dict[str, str]) -> tuple[dict, ...]:
    if not isinstance(items, list):
        raise ValueError(phrase("field {key} has the wrong type ({kind}, expected a list)", key=repr(key), kind=type(items).__name__))
    if not items:
        raise ValueError(phrase("field {key} is empty", key=repr(key)))
    turns = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ValueError(phrase("turn {i} of {key} is not an object", i=i, key=repr(key)))
        if role_key not in item or text_key not in item:
            missing = role_key if role_key not in item else text_key
            raise ValueError(phrase("turn {i} of {key} has no {missing}", i=i, key=repr(key), missing=repr(missing)))
        role = roles.get(str(item[role_key]).lower())
        if role is None:
            raise ValueError(phrase("turn {i} of {key} has an unknown role {item}", i=i, key=repr(key), item=repr(item[role_key])))
        turns.append({"role": role, "content": _text(item[text_key], text_key)})
    if not any(t["role"] == "assistant" for t in turns):
        raise ValueError(phrase("no assistant answer in the conversation"))
    if any(t["role"] == "assistant" and not t["content"].strip() for t in turns):
        raise ValueError(phrase("empty answer"))
    if turns[-1]["role"] != "assistant":
        raise ValueError(phrase("the conversation does not end with an assistant answer"))
    return tuple(turns)


def parse_row(line: int, row: Any, fmt: str) -> Example:
    """One raw row as an Example of format `fmt`; ValueError with the reason when the row is bad."""
    if isinstance(row, _Bad):
        raise ValueError(row.reason)
    if not isinstance(row, dict):
        raise ValueError(phrase("the row is a {kind}, not an object with fields", kind=type(row).__name__))
    if fmt == "messages":
        roles = {"user": "user", "assistant": "assistant", "system": "system"}
        return Example(line, fmt, messages=_turns(row.get("messages"), "messages", "role", "content", roles))
    if fmt == "sharegpt":
        return Example(line, fmt, messages=_turns(row.get("conversations"), "conversations", "from", "value",
                                                  SHAREGPT_ROLES))
    if fmt == "alpaca":
        ask_key, answer_key = next(((a, b) for a, b in ALPACA_ALIASES if a in row), ALPACA_ALIASES[0])
        ask = _text(row.get(ask_key), ask_key)
        if not ask.strip():
            raise ValueError(phrase("empty {ask_key}", ask_key=repr(ask_key)))
        extra = _text(row.get("input"), "input", required=False)
        if answer_key not in row:
            raise ValueError(phrase("missing field {answer_key}", answer_key=repr(answer_key)))
        answer = _text(row.get(answer_key), answer_key)
        if not answer.strip():
            raise ValueError(phrase("empty answer"))
        user = f"{ask}\n\n{extra}" if extra.strip() else ask
        messages = [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]
        system = _text(row.get("system"), "system", required=False)
        if system.strip():
            messages.insert(0, {"role": "system", "content": system})
        return Example(line, fmt, messages=tuple(messages))
    if fmt == "text":
        text = _text(row.get("text"), "text")
        if not text.strip():
            raise ValueError(phrase("empty text"))
        return Example(line, fmt, text=text)
    if fmt == "classification":
        text = _text(row.get("text"), "text")
        if not text.strip():
            raise ValueError(phrase("empty text"))
        label = _text(row.get("label"), "label", required=False).strip()
        if not label:
            raise ValueError(phrase("label missing"))
        return Example(line, fmt, text=text, label=label)
    raise ValueError(phrase("unknown format {fmt}", fmt=repr(fmt)))


def validate_rows(
    rows: Sequence[tuple[int, Any]], path: str = "", mapping: dict[str, str] | None = None,
    task: str = "causal", expected: str | None = None,
) -> tuple[list[Example], ValidationReport]:
    """Parse every row; return the good ones and a report of the rest (bad rows and rows of another format)."""
    mapped = [(n, _apply_mapping(r, mapping)) for n, r in rows]
    detected = [(n, r, detect_row_format(r)) for n, r in mapped]
    counts = Counter(f for _, _, f in detected if f)
    if task == "classification" and expected is None:
        expected = "classification"
    if expected is None:
        expected = counts.most_common(1)[0][0] if counts else "unknown"
    if task == "causal" and expected == "classification":
        expected = "text"  # text + label rows train a language model on the text alone
    examples, issues = [], []
    for n, row, fmt in detected:
        if isinstance(row, _Bad):
            issues.append(RowIssue(n, row.reason))
            continue
        if fmt is None:
            keys = ", ".join(sorted(row)) if isinstance(row, dict) else type(row).__name__
            issues.append(RowIssue(n, phrase("no known format (fields: {keys}): map its columns", keys=keys)))
            continue
        if fmt == "classification" and expected == "text":
            fmt = "text"
        if fmt == "text" and expected == "classification":
            issues.append(RowIssue(n, phrase("label missing")))
            continue
        if fmt != expected:
            issues.append(RowIssue(n, phrase("mixed formats: this row is {fmt}, but the file is {expected}", fmt=fmt, expected=expected)))
            continue
        try:
            examples.append(parse_row(n, row, fmt))
        except ValueError as exc:
            issues.append(RowIssue(n, str(exc)))
    report = ValidationReport(
        path=str(path), format=expected, total_rows=len(rows), valid_rows=len(examples), issues=issues,
        formats=dict(counts),
    )
    return examples, report


def load_dataset(
    path: str | Path, mapping: dict[str, str] | None = None, task: str = "causal", skip_bad: bool = True,
) -> Dataset:
    """Read, detect and validate a dataset file. Raises DatasetError for an empty file, a file where every row
    is bad, bad rows when `skip_bad` is False, or (classification) fewer than two distinct labels."""
    rows = read_rows(path)
    name = Path(path).name
    if not rows:
        raise DatasetError(phrase("The dataset file {name} has no rows.", name=name))
    examples, report = validate_rows(rows, str(path), mapping, task)
    if not examples:
        raise DatasetError(phrase("Every row of {name} is bad, so there is nothing to train on: {summary}", name=name, summary=report.summary(3)),
                           report)
    if report.issues and not skip_bad:
        raise DatasetError(phrase("{name} has {count} bad row(s): {summary}", name=name, count=len(report.issues), summary=report.summary(3)), report)
    ds = Dataset(examples, report)
    if task == "classification":
        labels = ds.labels
        if len(labels) < 2:
            raise DatasetError(
                phrase("The label column of {name} has a single class ({labels}); a classifier needs at least two different labels.", name=name, labels=repr(labels[0])), report)
    return ds


def split(examples: Sequence[Example], eval_fraction: float = 0.1, seed: int = 42) -> tuple[list, list]:
    """(train, eval): a seeded shuffle, then the last `eval_fraction` (at least one row when there are two or
    more rows and the fraction is above 0) held out for evaluation."""
    items = list(examples)
    random.Random(seed).shuffle(items)
    if eval_fraction <= 0 or len(items) < 2:
        return items, []
    n_eval = min(len(items) - 1, max(1, round(len(items) * eval_fraction)))
    return items[:-n_eval], items[-n_eval:]


# -- tokenizing ----------------------------------------------------------------------------------------------------
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
