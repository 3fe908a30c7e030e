"""Batches of texts in and results out: CSV, TXT and XLSX files for the Sentiment (and any other batch) task.

`read_table(path)` gives a `Table` (column names, rows of strings, where each row is in the file), so a UI can
let the user pick the column; `texts_from(table, column)` then gives that column's texts. Every problem with the
file is a `BatchFileError` whose message is one sentence for the user.

Text encodings: a BOM is trusted (UTF-8, UTF-16); then strict UTF-8; then charset_normalizer's guess, except
that for short Chinese files its guess is unreliable (in our checks, two GB18030 lines came out as cp949 or
euc_kr), so for CJK guesses GB18030, Big5 and the guess are all decoded and the one whose ideographs are most
often everyday characters wins. Files are read whole (a 10,000-row CSV is a few MB) and parsed by the csv
module in one pass; nothing heavy is done per row.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase

if TYPE_CHECKING:
    from desktop_app.core.tasks.sentiment import SentimentResult

SNIFF_BYTES = 64 * 1024
SAMPLE_BYTES = 256 * 1024  # how much an encoding guess looks at
BINARY_CHECK_BYTES = 8 * 1024
DELIMITERS = ",;\t|"
TEXT_SUFFIXES = {".txt", ".text"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format
CJK_GUESSES = {"big5", "big5hkscs", "cp950", "cp949", "euc_kr", "shift_jis", "cp932", "euc_jp", "gb2312", "gbk", "hz"}
NOT_TEXT_ENCODINGS = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "utf_7"]
# Everyday Chinese characters, simplified and traditional: text decoded with the right codec is full of them, text
# decoded with the wrong one almost never (a wrong double-byte codec gives rare characters).
COMMON_HANZI = frozenset(
    "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过"
    "家十用发天如然作方成者多日都三小二无同么经法当起与好看学进种将还分此心前面又定见只主没公从很最太非常吗呢吧啊"
    "真比较感觉样些什怎已因但果虽应该需欢服务质量产品电影手机价格问题东西朋友候今明工买卖快慢差坏棒喜爱讨厌失望满意"
    "這們個來說國時會對後過發當與學進種將還從麼經見沒動為無給讓點開關問題東電話視聽買賣價質務產機謝體長間實現裡"
)


class BatchFileError(DesktopAppError):
    """A batch file cannot be used; the message says why, in one sentence."""


class EmptyFileError(BatchFileError):
    pass


class BinaryFileError(BatchFileError):
    pass


class ColumnNotFoundError(BatchFileError):
    pass


@dataclass
class Table:
    """A file's rows as strings. `row_numbers[i]` is where rows[i] starts in the file: its line for CSV and TXT,
    its row for a sheet (the header is line/row 1 of a CSV or sheet)."""

    columns: list[str]
    rows: list[tuple[str, ...]]
    row_numbers: list[int] = field(default_factory=list)
    kind: str = "csv"  # "csv", "txt" or "xlsx"
    encoding: str = ""
    delimiter: str = ""

    def __len__(self) -> int:
        return len(self.rows)


# -- reading -------------------------------------------------------------------------------------------------------------
def read_table(path: str | os.PathLike[str]) -> Table:
    """Read a CSV (delimiter sniffed, first row is the header), a TXT (one text per non-blank line, in a column
    named "text") or the first sheet of an XLSX workbook (first row is the header)."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(len(OLE_MAGIC))
    except FileNotFoundError:
        raise BatchFileError(phrase("{name} does not exist.", name=path.name)) from None
    except IsADirectoryError:
        raise BatchFileError(phrase("{name} is a folder, not a file.", name=path.name)) from None
    except OSError as exc:
        raise BatchFileError(phrase("{name} cannot be opened: {error}.", name=path.name, error=exc.strerror or exc)) from exc
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES or head.startswith(ZIP_MAGIC):  # an .xlsx is a zip, whatever its name says
        return _read_xlsx(path)
    if head == OLE_MAGIC or suffix == ".xls":
        raise BatchFileError(
            phrase("{name} is in the old Excel 97-2003 format (.xls). Save it as .xlsx or CSV and open that.", name=path.name)
        )
    text, encoding = _decode(path)
    if suffix in TEXT_SUFFIXES:
        return _read_txt(text, encoding)
    return _read_csv(path, text, encoding)


def texts_from(table: Table, column: str | int) -> list[str]:
    """The texts in one column (by name, or by index), in file order."""
    if isinstance(column, int):
        if not 0 <= column < len(table.columns):
            raise ColumnNotFoundError(phrase("The file has no column number {value}; it has {count}.", value=column + 1, count=len(table.columns)))
        index = column
    elif column in table.columns:
        index = table.columns.index(column)
    else:
        folded = [c.strip().casefold() for c in table.columns]
        wanted = str(column).strip().casefold()
        if wanted not in folded:
            names = ", ".join(table.columns[:30]) + (", …" if len(table.columns) > 30 else "")
            raise ColumnNotFoundError(phrase("The file has no column named {column}. Its columns are: {names}", column=repr(column), names=names))
        index = folded.index(wanted)
    return [row[index] if index < len(row) else "" for row in table.rows]


def _decode(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFileError(phrase("{name} is empty.", name=path.name))
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise BatchFileError(phrase("{name} starts like {encoding} text but is not valid {encoding}.", name=path.name, encoding=encoding)) from exc
            return _check_not_empty(path, text), encoding
    if b"\x00" in data[:BINARY_CHECK_BYTES]:
        raise BinaryFileError(phrase("{name} is a binary file, not text. Use a CSV, TXT or XLSX file.", name=path.name))
    try:
        return _check_not_empty(path, data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_encoding(data[:SAMPLE_BYTES])
    try:
        return _check_not_empty(path, data.decode(encoding)), encoding
    except UnicodeDecodeError:  # the guess held for the sample only
        return _check_not_empty(path, data.decode(encoding, errors="replace")), encoding


def _check_not_empty(path: Path, text: str) -> str:
    if not text.strip():
        raise EmptyFileError(phrase("{name} is empty.", name=path.name))
    return text


def _sample_text(sample: bytes, encoding: str) -> str | None:
    """The sample decoded strictly, allowing only its last character to be cut off; None if it is not valid."""
    try:
        return sample.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 4:
            try:
                return sample[: exc.start].decode(encoding)
            except UnicodeDecodeError:
                return None
        return None
    except LookupError:
        return None


def _hanzi_score(text: str) -> float:
    ideographs = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not ideographs:
        return 0.0
    return sum(ch in COMMON_HANZI for ch in ideographs) / len(ideographs)


def _guess_encoding(sample: bytes) -> str:
    import charset_normalizer

    best = charset_normalizer.from_bytes(sample, cp_exclusion=NOT_TEXT_ENCODINGS).best()
    guess = best.encoding if best is not None else None
    candidates = ["gb18030", "big5"]
    if guess and guess not in candidates:
        candidates.append(guess)
    scored = []
    for encoding in candidates:
        text = _sample_text(sample, encoding)
        if text is not None:
            scored.append((_hanzi_score(text), encoding))
    chinese = max(scored, key=lambda pair: pair[0], default=(0.0, ""))  # ties: the first, GB18030
    if guess and guess not in CJK_GUESSES and chinese[0] < 0.15:
        return guess  # a Western or Cyrillic code page: the text is not Chinese
    if chinese[1]:
        return chinese[1]
    return guess or "cp1252"


def _read_txt(text: str, encoding: str) -> Table:
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = line.strip()
        if line:
            rows.append((line,))
            numbers.append(number)
    return Table(["text"], rows, numbers, kind="txt", encoding=encoding)


def _sniff_delimiter(text: str) -> str:
    sample = text[:SNIFF_BYTES]
    if len(text) > SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:  # one column, or too irregular to tell: the delimiter that occurs most in the first line
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else ","


def _read_csv(path: Path, text: str, encoding: str) -> Table:
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    header: list[str] | None = None
    width = 0
    try:
        start = 1
        for record in reader:
            if header is None:
                if any(cell.strip() for cell in record):
                    header = record
                start = reader.line_num + 1
                continue
            if any(cell.strip() for cell in record):
                rows.append(tuple(record))
                numbers.append(start)
                width = max(width, len(record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise BatchFileError(phrase("{name} is not a valid CSV file (line {line_num}): {error}.", name=path.name, line_num=reader.line_num, error=exc)) from exc
    if header is None:
        raise EmptyFileError(phrase("{name} is empty.", name=path.name))
    columns = _column_names(header, max(width, len(header)))
    return Table(columns, rows, numbers, kind="csv", encoding=encoding, delimiter=delimiter)


def _column_names(header: Sequence[str], width: int) -> list[str]:
    """Header cells as unique, non-empty names; columns past the header are "column N"."""
    names: list[str] = []
    seen: set[str] = set()
    for i in range(width):
        base = (header[i] if i < len(header) else "").strip() or f"column {i + 1}"
        name, n = base, 2
        while name in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name)
        names.append(name)
    return names


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path) -> Table:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    with path.open("rb") as handle:  # a file object: openpyxl would refuse a path not named .xlsx
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise BatchFileError(phrase("{name} cannot be read as an Excel workbook (.xlsx).", name=path.name)) from exc
        return _sheet_table(path, book)


def _sheet_table(path: Path, book) -> Table:
    try:
        if not book.worksheets:
            raise EmptyFileError(phrase("{name} has no sheets.", name=path.name))
        sheet = book.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[str, ...]] = []
        numbers: list[int] = []
        width = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(_cell_text(v) for v in values)
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = list(cells)
                continue
            rows.append(cells)
            numbers.append(number)
            width = max(width, len(cells))
    finally:
        book.close()
    if header is None:
        raise EmptyFileError(phrase("The first sheet of {name} is empty.", name=path.name))
    columns = _column_names(header, max(width, len(header)))
    return Table(columns, rows, numbers, kind="xlsx")


# -- writing ---------------------------------------------------------------------------------------------------------------
def write_results_csv(
    path: str | os.PathLike[str], results: Iterable[SentimentResult], label_names: Sequence[str] | None = None,
    source: Table | None = None,
) -> int:
    """Write sentiment results as CSV: text, label, score, then one column per label with its probability, then
    "error" and "truncated" columns when any row has one. UTF-8 with a BOM, so Excel shows Chinese correctly.

    With `source` (the file the batch ran over, one result per row in order), each row starts with every column of
    the input row instead of "text" (an id column, a date...), so the results can be joined back; a result column
    whose name the input already uses gets " (sentiment)" after it.

    `label_names` are the labels whose probabilities get a column, looked up by name in each row's scores (the
    first scored row's labels when None). The file is written to a temporary name and then moved into place, so
    a failed write never leaves half a file; it gets the permissions of any file the user saves (0666 less the
    umask). Returns the number of rows written."""
    path = Path(path)
    results = list(results)
    if source is not None and len(source.rows) != len(results):
        source = None  # not the run's file (a partial run keeps only its own texts)
    if label_names is None:
        label_names = next((list(r.scores.labels) for r in results if r.scores is not None), [])
    label_names = list(label_names)
    fixed = ["label", "score"] if source is not None else ["text", "label", "score"]
    taken = set(source.columns) if source is not None else set()
    prob_headers = [name if name not in fixed else f"{name} (probability)" for name in label_names]
    errors = any(r.error for r in results)
    truncated = any(r.truncated for r in results)
    added = fixed + prob_headers + (["error"] if errors else []) + (["truncated"] if truncated else [])
    header = (list(source.columns) if source is not None else []) + [
        f"{name} (sentiment)" if name in taken else name for name in added
    ]
    width = len(source.columns) if source is not None else 0

    def lines():
        yield header
        for i, r in enumerate(results):
            probs = dict(zip(r.scores.labels, r.scores.probabilities, strict=False)) if r.scores is not None else {}
            row = list(source.rows[i][:width]) + [""] * (width - len(source.rows[i])) if source is not None else []
            row += ([] if source is not None else [r.text]) + [r.label]
            row.append(f"{r.score:.6f}" if r.scores is not None else "")
            row += [f"{probs[name]:.6f}" if name in probs else "" for name in label_names]
            if errors:
                row.append(r.error)
            if truncated:
                row.append("yes" if r.truncated else "")
            yield row

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)  # umask applies
        try:
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f).writerows(lines())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except PermissionError as exc:
        raise BatchFileError(phrase("Cannot write {name}: it is read-only or open in another program.", name=path.name)) from exc
    except OSError as exc:
        raise BatchFileError(phrase("Cannot write {name}: {error}.", name=path.name, error=exc.strerror or exc)) from exc
    return len(results)
