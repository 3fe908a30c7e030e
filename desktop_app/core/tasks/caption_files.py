"""Saving captions: the sidecar .txt next to each image, and CSV and JSONL exports.

The caption of `photo.jpg` goes to `photo.txt` next to it, the convention that kohya-ss, taggui and OneTrainer
read for training data; CSV is for Excel and JSONL for scripts. Kept apart from the captioning
(core/tasks/describe.py) because this is file writing with its own promises: never half a file (atomic
replace), never overwrite without asking, and text read back in whatever encoding the user's tools wrote.
No Qt.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase
from desktop_app.core.tasks.describe import MAX_LISTED_FAILURES, CaptionResult
from desktop_app.core.tasks.images import describe_os_error

SIDECAR_SUFFIX = ".txt"


class CaptionExportError(DesktopAppError, OSError):
    """A CSV or JSONL export could not be written; the message says why, in one sentence. Also an OSError, so
    a caller that catches file errors around an export catches this too."""



@dataclass
class WriteReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # sidecar path, why it was left alone
    failed: list[tuple[Path, str]] = field(default_factory=list)  # sidecar path, why it could not be written

    def summary(self) -> str:
        """One paragraph for the user: how many caption files were written, skipped and failed, and why."""
        written = f"{len(self.written):,}"
        parts = [phrase("Wrote {count} caption file.", count=written) if len(self.written) == 1
                 else phrase("Wrote {count} caption files.", count=written)]
        if self.skipped:
            parts.append(phrase("Left {count} alone: {items}.", count=f"{len(self.skipped):,}",
                                items=_listing(self.skipped)))
        if self.failed:
            parts.append(phrase("{count} could not be written: {items}.", count=f"{len(self.failed):,}",
                                items=_listing(self.failed)))
        return " ".join(parts)


def _listing(pairs: Sequence[tuple[Path, str]]) -> str:
    shown = "; ".join(f"{p.name}: {why}" for p, why in pairs[:MAX_LISTED_FAILURES])
    more = len(pairs) - MAX_LISTED_FAILURES
    return shown + ("; " + phrase("and {count} more", count=f"{more:,}") if more > 0 else "")


def sidecar_path(image: str | os.PathLike[str]) -> Path:
    """Where an image's caption file goes: same folder, same name, .txt (photo.jpg -> photo.txt), the layout
    that kohya-ss sd-scripts, taggui and OneTrainer read."""
    return Path(image).with_suffix(SIDECAR_SUFFIX)


def _image_of(item: str | os.PathLike[str] | tuple[Any, ...]) -> Path:
    return Path(item[0]) if isinstance(item, tuple) else Path(item)


def _same_caption(side: Path, caption: str) -> bool:
    saved = read_sidecar_file(side)
    return saved is not None and saved == caption.strip()


def sidecar_conflicts(items: Iterable[str | os.PathLike[str] | tuple[Any, ...]]) -> list[Path]:
    """The caption files that writing these would overwrite, so the UI can ask first. `items` are image paths
    (every existing sidecar counts) or (image path, caption) pairs (a sidecar already holding that caption,
    give or take surrounding whitespace, does not count: nothing would be lost)."""
    found: list[Path] = []
    seen: set[Path] = set()
    for item in items:
        side = sidecar_path(_image_of(item))
        if side in seen or not side.exists():
            continue
        seen.add(side)
        caption = item[1] if isinstance(item, tuple) and len(item) > 1 else None
        if isinstance(caption, str) and _same_caption(side, caption):
            continue
        found.append(side)
    return found


def _atomic_write_text(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and os.replace it into place, so a crash or a full
    disk never leaves half a caption. The temporary file is created with the usual permissions (0666 less the
    umask), unlike tempfile.mkstemp's 0600, so the caption is readable like any file the user saves."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_sidecars(
    items: Sequence[tuple[str | os.PathLike[str], str | None]], overwrite: bool
) -> WriteReport:
    """Write each (image, caption) pair's caption to its sidecar .txt, UTF-8 without a BOM (what training
    scripts expect), exactly as given. Existing sidecars are left alone unless `overwrite`, except that one
    already holding the caption counts as written (untouched); pairs without a caption are skipped; two images
    sharing a sidecar (photo.jpg and photo.png) write only the first. A folder that is read-only, a full disk
    and the like fail that file only, with the reason in the report.

    `written` thus lists every sidecar that now holds its caption."""
    report = WriteReport()
    taken: dict[Path, Path] = {}
    for given, caption in items:
        image = Path(given)
        side = sidecar_path(image)
        if caption is None:
            report.skipped.append((side, phrase("no caption")))
            continue
        if side in taken:
            report.skipped.append((side, phrase("{name} already uses this caption file", name=taken[side].name)))
            continue
        taken[side] = image
        if side.exists():
            if _same_caption(side, caption):  # already saved: leave the file (and its date) alone
                report.written.append(side)
                continue
            if not overwrite:
                report.skipped.append((side, phrase("a caption file is already there")))
                continue
        try:
            _atomic_write_text(side, caption)
        except OSError as exc:
            report.failed.append((side, describe_os_error(exc)))
            continue
        report.written.append(side)
    return report


def decode_text(data: bytes) -> str:
    """Bytes of a caption file as text: a BOM is trusted (UTF-8, UTF-16), then strict UTF-8, then GB18030
    (what Chinese Windows tools write), then Windows-1252, which accepts any byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def read_sidecar_file(side: str | os.PathLike[str]) -> str | None:
    """A caption file's text, stripped of surrounding whitespace; None when it is missing or unreadable."""
    try:
        data = Path(side).read_bytes()
    except OSError:
        return None
    return decode_text(data).strip()


def read_sidecar(image: str | os.PathLike[str]) -> str | None:
    """The caption saved next to an image, stripped of surrounding whitespace, or None when there is none (or
    it cannot be read: the tab then simply shows no caption, and writing asks before replacing the file)."""
    return read_sidecar_file(sidecar_path(image))


# -- exports -------------------------------------------------------------------------------------------------
Row = tuple[str | os.PathLike[str], str | None] | CaptionResult


def _rows(rows: Iterable[Row]) -> Iterable[tuple[str, str]]:
    for row in rows:
        if isinstance(row, CaptionResult):
            yield str(row.path), row.caption or ""
        else:
            yield os.fspath(row[0]), row[1] or ""


def _export(path: str | os.PathLike[str], encoding: str, write: Callable[[Any], int]) -> int:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            with open(tmp, "x", encoding=encoding, newline="") as f:
                count = write(f)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CaptionExportError(phrase("Cannot write {name}: {error}.", name=path.name, error=describe_os_error(exc))) from exc
    return count


def export_csv(path: str | os.PathLike[str], rows: Iterable[Row]) -> int:
    """Captions as CSV with the columns file, caption. UTF-8 with a BOM, so Excel shows Chinese correctly;
    commas, quotes and line breaks in captions are quoted by the csv module. Written to a temporary file and
    moved into place. Rows are (file, caption) pairs or CaptionResults (a failed one gets an empty caption).
    Returns the number of rows."""

    def write(f: Any) -> int:
        writer = csv.writer(f)
        writer.writerow(["file", "caption"])
        n = 0
        for file, caption in _rows(rows):
            writer.writerow([file, caption])
            n += 1
        return n

    return _export(path, "utf-8-sig", write)


def export_jsonl(path: str | os.PathLike[str], rows: Iterable[Row]) -> int:
    """Captions as JSON Lines, one {"file": ..., "caption": ...} object a line, UTF-8 with Chinese as is
    (ensure_ascii=False). U+2028 and U+2029 are escaped, because they end lines for str.splitlines and some
    editors. Returns the number of rows."""

    def write(f: Any) -> int:
        n = 0
        for file, caption in _rows(rows):
            line = json.dumps({"file": file, "caption": caption}, ensure_ascii=False)
            f.write(line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n")
            n += 1
        return n

    return _export(path, "utf-8", write)
