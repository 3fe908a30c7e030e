"""The model library: discovery plus a cache, so that a rescan re-reads only what changed.

Each header read is cached in `cache_dir()/library.json`, keyed by the file's (or folder's) path and stamped with
the size and modification time of the files it was read from. On the next scan an unchanged file is served from
the cache without opening it; a changed one is read again; entries for files that are gone are dropped. The file
is written atomically (temp file + rename), so a crash mid-write leaves the previous cache intact.

Which sources are enabled and the user's folders come from the settings (owned by the caller); this module only
scans what it is told to.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.messages import phrase
from desktop_app.core.models.discovery import Reader, ScanSources, discover
from desktop_app.core.models.metadata import ModelRecord, read_gguf_record, read_hf_record

CACHE_VERSION = 2  # 2: ModelRecord.takes_projector
ScanProgress = Callable[[Path, int], None]  # (folder being scanned, records found so far)
_HF_STAMP_NAMES = ("config.json",)
_HF_STAMP_SUFFIXES = (".safetensors", ".bin", ".index.json")


def default_cache_path() -> Path:
    from desktop_app.core.storage import paths

    return paths.cache_dir() / "library.json"


@dataclass
class ScanStats:
    read: int = 0  # headers actually read from disk
    cached: int = 0  # records served from the cache
    folders: int = 0
    cancelled: bool = False


def _file_stamp(path: Path) -> list[int]:
    st = path.stat()  # follows symlinks: an HF snapshot's link changes target when the blob does
    return [st.st_size, st.st_mtime_ns]


def _hf_stamp(folder: Path) -> list[Any]:
    out: list[Any] = []
    with os.scandir(folder) as it:
        for entry in sorted(it, key=lambda e: e.name):
            name = entry.name
            if name in _HF_STAMP_NAMES or name.endswith(_HF_STAMP_SUFFIXES):
                try:
                    st = entry.stat()
                except OSError:
                    continue
                out.append([name, st.st_size, st.st_mtime_ns])
    return out


class _CachingReader(Reader):
    def __init__(self, old: dict[str, Any], new: dict[str, Any], stats: ScanStats):
        self.old = old
        self.new = new
        self.stats = stats

    def _get(self, kind: str, path: Path, stamp: Any, read: Callable[[Path], ModelRecord]) -> ModelRecord:
        key = f"{kind}:{path}"
        entry = self.old.get(key)
        if entry is not None and entry.get("stamp") == stamp:
            try:
                record = ModelRecord.from_dict(entry["record"])
                self.stats.cached += 1
                self.new[key] = entry
                return record
            except (KeyError, TypeError, ValueError):
                pass  # an entry from an older layout: read the file again
        record = read(path)
        self.stats.read += 1
        self.new[key] = {"stamp": stamp, "record": record.to_dict()}
        return record

    def gguf(self, path: Path) -> ModelRecord:
        return self._get("gguf", path, _file_stamp(path), read_gguf_record)

    def hf(self, folder: Path) -> ModelRecord:
        return self._get("hf", folder, _hf_stamp(folder), read_hf_record)


class Library:
    """Scan results plus the header cache. One scan at a time (the caller runs it on a worker thread)."""

    def __init__(self, cache_path: Path | None = None):
        self.cache_path = cache_path or default_cache_path()
        self._cache: dict[str, Any] = self._load()
        self.records: list[ModelRecord] = []
        self.stats = ScanStats()
        self._lock = threading.Lock()

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no cache yet, or a broken one: it is only a cache, rebuild it
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def _save(self) -> None:
        payload = json.dumps({"version": CACHE_VERSION, "entries": self._cache}, ensure_ascii=False)
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".library.", suffix=".tmp", dir=self.cache_path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, self.cache_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def scan(
        self,
        sources: ScanSources | None = None,
        progress: ScanProgress | None = None,
        cancel: threading.Event | None = None,
    ) -> list[ModelRecord]:
        """Scan the enabled sources and return every record found (broken ones included, with their error).

        A cancelled scan returns what it found so far and keeps the cache entries it did not reach.
        """
        with self._lock:
            cancel = cancel or threading.Event()
            stats = ScanStats()
            new: dict[str, Any] = {}
            reader = _CachingReader(self._cache, new, stats)
            found: list[ModelRecord] = []

            def on_dir(folder: Path) -> None:
                stats.folders += 1
                if progress is not None:
                    progress(folder, len(found))

            for record in discover(sources, cancel=cancel, on_dir=on_dir, reader=reader):
                found.append(record)
            stats.cancelled = cancel.is_set()
            self._cache = {**self._cache, **new} if stats.cancelled else new
            try:
                self._save()
            except OSError:
                pass  # a read-only cache folder costs speed next time, nothing else
            self.records = found
            self.stats = stats
            return found


def sources_for(library_sources: dict[str, bool], library_folders: Sequence[str]) -> ScanSources:
    """The places the user's settings say to scan: the Models page and `desktop-app models` list the same library."""

    def on(key: str) -> bool:
        return library_sources.get(key, True)

    return ScanSources(app=on("app"), user=on("user"), hf_cache=on("hf_cache"), lmstudio=on("lmstudio"),
                       ollama=on("ollama"), user_folders=tuple(Path(p) for p in library_folders))


def find_by_name(records: Iterable[ModelRecord], name: str) -> ModelRecord | None:
    """The record a user means by `name`: its library name, its file or folder name, or that name without its
    extension, compared case-insensitively; a usable record wins over a broken one of the same name."""
    wanted = name.strip().casefold()
    found = [r for r in records
             if wanted in (r.name.casefold(), r.path.name.casefold(), r.path.stem.casefold())]
    found.sort(key=lambda r: (not r.ok, not r.builtin))
    return found[0] if found else None


# -- sorting and filtering for the UI --------------------------------------------------------------------------------
SORT_KEYS: dict[str, Callable[[ModelRecord], Any]] = {
    "name": lambda r: r.name.casefold(),
    "size": lambda r: r.size_bytes,
    "params": lambda r: r.n_params,
    "architecture": lambda r: (r.architecture.casefold(), r.name.casefold()),
    "source": lambda r: (r.source, r.name.casefold()),
    "context": lambda r: r.context_length,
}


def sort_records(
    records: Iterable[ModelRecord], key: str = "name", descending: bool = False, broken_last: bool = True
) -> list[ModelRecord]:
    """Sorted by `key` (one of SORT_KEYS); broken entries go after the usable ones unless told otherwise."""
    if key not in SORT_KEYS:
        raise ValueError(phrase("Unknown sort key {key}; use one of {items}.", key=repr(key), items=', '.join(SORT_KEYS)))
    out = sorted(records, key=SORT_KEYS[key], reverse=descending)
    if broken_last:
        out.sort(key=lambda r: not r.ok)  # stable: keeps the order within each group
    return out


def matches(record: ModelRecord, query: str) -> bool:
    """Every word of `query` appears (case-insensitively) in the name, architecture, quantization, source,
    capabilities or path."""
    hay = " ".join(
        [record.name, record.architecture, record.quantization, record.source, " ".join(record.capabilities),
         str(record.path), record.note]
    ).casefold()  # fmt: skip
    return all(word in hay for word in query.casefold().split())


def filter_records(
    records: Iterable[ModelRecord],
    query: str = "",
    capability: str | None = None,
    architecture: str | None = None,
    source: str | None = None,
    format: str | None = None,
    include_broken: bool = True,
) -> list[ModelRecord]:
    return [
        r
        for r in records
        if (include_broken or r.ok)
        and (capability is None or capability in r.capabilities)
        and (architecture is None or r.architecture.casefold() == architecture.casefold())
        and (source is None or r.source == source)
        and (format is None or r.format == format)
        and (not query or matches(r, query))
    ]


def architectures(records: Sequence[ModelRecord]) -> list[str]:
    """The distinct architectures, for a filter menu."""
    return sorted({r.architecture for r in records if r.architecture}, key=str.casefold)
