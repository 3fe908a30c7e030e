"""Reading a training data file into numbered raw rows: JSONL, JSON (a list of objects, or an object with one list
of objects), CSV (header row), TXT (one example per line; blank-line separated paragraphs when the file has blank
lines) and Parquet (needs pyarrow, or pandas with a Parquet engine). What the rows mean is datasets.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DatasetError
from desktop_app.core.messages import phrase

SUFFIXES = (".jsonl", ".json", ".csv", ".txt", ".parquet")


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
                rows.append((n, BadRow(phrase("not valid JSON (column {column})", column=exc.colno))))
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


class BadRow:
    """A row that could not even be parsed (a JSONL line that is no JSON): validation reports it with its reason."""

    def __init__(self, reason: str):
        self.reason = reason
