"""Training data: read a file, detect its format, validate every row, and split it for evaluation.

Files are read into rows by dataset_files.py (JSONL, JSON, CSV, TXT, Parquet). Row formats, detected per row:

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

Tokenizing the examples for training, and their token-length statistics, is core/finetune/tokens.py.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DatasetError
from desktop_app.core.finetune.dataset_files import BadRow, read_rows
from desktop_app.core.messages import phrase

FORMATS = ("alpaca", "sharegpt", "messages", "text", "classification")
CHAT_FORMATS = ("alpaca", "sharegpt", "messages")
SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant",
                  "system": "system", "bot": "assistant", "model": "assistant"}
ALPACA_ALIASES = (("instruction", "output"), ("prompt", "completion"), ("question", "answer"))


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
    if isinstance(row, BadRow):
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
        if isinstance(row, BadRow):
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
