"""The Describe tab's working set on disk: which images are listed and the captions they have so far.

Captions cost minutes of model time, so they are kept as they arrive (the tab saves at most once a second), not
only when the user writes sidecar files: closing the window mid-batch, or a killed process, loses nothing. The file
is one JSON object written atomically (temp file + os.replace), so a crash mid-write leaves the previous version.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = 1


@dataclass
class SessionEntry:
    path: str
    caption: str = ""
    status: str = "new"
    error: str = ""
    saved_caption: str | None = None


def save_session(file: Path, entries: list[SessionEntry]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {
        "version": VERSION,
        "images": [
            {k: v for k, v in e.__dict__.items() if v not in ("", None) or k == "path"} for e in entries
        ],
    }
    tmp = file.with_name(file.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, file)


def load_session(file: Path) -> list[SessionEntry]:
    """The saved entries; a missing or damaged file gives an empty list (the images are still on disk, and
    their saved sidecars are read again when they are added)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    rows = data.get("images") if isinstance(data, dict) else None
    entries = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not isinstance(row.get("path"), str):
            continue
        saved = row.get("saved_caption")
        entries.append(
            SessionEntry(
                path=row["path"],
                caption=str(row.get("caption") or ""),
                status=str(row.get("status") or "new"),
                error=str(row.get("error") or ""),
                saved_caption=saved if isinstance(saved, str) else None,
            )
        )
    return entries
