"""Incremental indexing of a collection's files and folders, with progress, cancel and resumption.

Each file is read, chunked and embedded outside any transaction, then written in one (store.put_file): a process
killed at any point leaves every file fully indexed or as it was, and the next run (the `pending` mark says one
is due) skips what is already done. A file unchanged since it was indexed (same size and mtime) is skipped; one
that changed while it was read is read again, once, and otherwise recorded as changed so the next run retries it.
Files that disappeared, and folders that vanished, leave the index. A full disk stops the run with one sentence;
the files finished before it stay searchable.

Pause ends the run after the file being read (the report says `paused`; the `pending` mark stays), so the model's
thread is free for searches meanwhile; Resume is simply the next sync, which skips every file already indexed.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.documents.chunking import DEFAULT_MAX_TOKENS, chunk_segments
from desktop_app.core.documents.embedder import Embedder
from desktop_app.core.documents.extract import SUPPORTED_SUFFIXES, DocumentError, extract
from desktop_app.core.documents.store import DocumentStore, is_disk_full
from desktop_app.core.errors import Cancelled
from desktop_app.core.messages import phrase


@dataclass
class IndexProgress:
    done: int  # files handled (indexed, skipped or failed)
    total: int
    passages: int  # passages written in this run
    current: str  # the file being read
    eta_s: float | None  # seconds left, from this run's pace; None until the first file


@dataclass
class IndexReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, sentence)
    notes: list[str] = field(default_factory=list)  # vanished folders and the like
    passages: int = 0
    seconds: float = 0.0
    paused: bool = False  # stopped by Pause: `files_done` of `files_total` handled, the rest on the next sync
    files_done: int = 0
    files_total: int = 0

    @property
    def passages_per_s(self) -> float:
        return self.passages / self.seconds if self.seconds > 0 else 0.0


ProgressCallback = Callable[[IndexProgress], None]


def _walk(folder: Path) -> list[Path]:
    """Supported files under a folder (hidden entries skipped), sorted; a folder that vanishes mid-walk yields
    what was found so far."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=lambda _exc: None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / n for n in sorted(names) if not n.startswith(".") and Path(n).suffix.lower() in SUPPORTED_SUFFIXES
        )
    return found


class Indexer:
    def __init__(self, store: DocumentStore, embedder: Embedder | None, max_tokens: int = DEFAULT_MAX_TOKENS):
        self.store = store
        self.embedder = embedder
        self.max_tokens = max_tokens
        if embedder is not None:
            known = store.meta("embedder")
            if known and known != embedder.name and store.stats()["passages"]:
                raise DocumentError(
                    phrase("The collection {name} was indexed with {known}, not {other_name}; remove it and add its files again to change the embedding model.", name=store.name, known=known, other_name=embedder.name)
                )

    def add(self, paths: Iterable[Path], progress: ProgressCallback | None = None,
            cancel: threading.Event | None = None, pause: threading.Event | None = None) -> IndexReport:
        """Add files and folders to the collection, then bring the index up to date with all its sources."""
        resolved = [Path(os.path.abspath(p)) for p in paths]
        missing = [p for p in resolved if not p.exists()]
        if missing:
            raise DocumentError(phrase("{missing} does not exist.", missing=missing[0]))
        self.store.add_sources(resolved)
        return self.sync(progress, cancel, pause)

    def sync(self, progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
             pause: threading.Event | None = None) -> IndexReport:
        """Index new and changed files of every source, drop deleted ones. Resumes an interrupted (or paused) run.
        `pause` set: the run returns after the current file, with `report.paused`."""
        cancel = cancel or threading.Event()
        report = IndexReport()
        started = time.monotonic()
        wanted: dict[str, Path] = {}
        for source in self.store.sources():
            if source.is_dir():
                for f in _walk(source):
                    wanted[str(f)] = f
            elif source.is_file():
                wanted[str(source)] = source
            else:
                kind = "folder" if any(r.path.startswith(str(source) + os.sep) for r in self.store.files()) else "file"
                report.notes.append(f"The {kind} {source} no longer exists; it was removed from the collection.")
                self.store.remove_source(source)
        gone = [r.path for r in self.store.files() if r.path not in wanted]
        self._write(self.store.remove_files, gone)
        report.removed = gone
        with self.store.db:
            self.store.set_meta("pending", "1")
            if self.embedder is not None:
                self.store.set_meta("embedder", self.embedder.name)
        files = list(wanted.values())
        report.files_total = len(files)
        paced, paced_s = 0, 0.0
        for i, path in enumerate(files):
            if cancel.is_set():
                raise Cancelled(phrase("Indexing was cancelled; the files finished so far are searchable."))
            if pause is not None and pause.is_set():
                report.paused, report.files_done = True, i
                report.seconds = time.monotonic() - started
                if progress:
                    progress(IndexProgress(i, len(files), report.passages, "", None))
                return report
            left = len(files) - i
            eta = paced_s / paced * left if paced else None
            if progress:
                progress(IndexProgress(i, len(files), report.passages, str(path), eta))
            t0 = time.monotonic()
            if self._index_one(path, report, cancel):
                paced, paced_s = paced + 1, paced_s + time.monotonic() - t0
        with self.store.db:
            self.store.set_meta("pending", "")
        report.files_done = len(files)
        report.seconds = time.monotonic() - started
        if progress:
            progress(IndexProgress(len(files), len(files), report.passages, "", 0.0))
        return report

    def _write(self, action: Callable[..., object], *args: object) -> None:
        try:
            action(*args)
        except sqlite3.OperationalError as exc:
            if is_disk_full(exc):
                raise DocumentError(
                    phrase("The disk is full: indexing of {name} stopped. What was indexed before stays searchable; free some space and add the files again to continue.", name=self.store.name)
                ) from exc
            raise

    def _index_one(self, path: Path, report: IndexReport, cancel: threading.Event) -> bool:
        """Index one file if it is new or changed; True when it was read (for the ETA)."""
        for attempt in range(2):
            try:
                st = path.stat()
            except FileNotFoundError:
                self._write(self.store.remove_files, [str(path)])
                report.removed.append(str(path))
                return False
            known = self.store.file(path)
            if known and known.size == st.st_size and known.mtime_ns == st.st_mtime_ns:
                report.unchanged += 1
                return False
            try:
                segments = extract(path)
                passages = chunk_segments(segments, self.max_tokens)
                vectors = self.embedder.embed([p.text for p in passages], cancel) if self.embedder else None
            except DocumentError as exc:
                if not path.exists():
                    self._write(self.store.remove_files, [str(path)])
                    report.removed.append(str(path))
                    return True
                self._write(self.store.put_error, path, st.st_size, st.st_mtime_ns, str(exc))
                report.errors.append((str(path), str(exc)))
                return True
            try:
                after = path.stat()
            except FileNotFoundError:
                self._write(self.store.remove_files, [str(path)])
                report.removed.append(str(path))
                return True
            if (after.st_size, after.st_mtime_ns) != (st.st_size, st.st_mtime_ns):
                if attempt == 0:
                    continue  # it changed while it was read: read it again
                message = f"{path.name} kept changing while it was indexed; it will be indexed again next time."
                self._write(self.store.put_error, path, 0, 0, message)
                report.errors.append((str(path), message))
                return True
            chars = sum(len(s.text) for s in segments)
            self._write(self.store.put_file, path, st.st_size, st.st_mtime_ns, passages, vectors, chars)
            report.indexed.append(str(path))
            report.passages += len(passages)
            return True
        return True
