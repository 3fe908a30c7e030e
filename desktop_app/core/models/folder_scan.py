"""The generic folder walk under model discovery: list a folder by names only, read what looks like a model into a
record, skip what vanished, never walk a folder twice.

Split from `discovery.py`, which decides where to look (the app's folder, user folders, the Hugging Face cache, LM
Studio, Ollama) and drives this walker over each place; the rules for telling a model folder from any other folder
live here, once, whichever source asked.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from desktop_app.core.models.metadata import (
    ModelRecord,
    find_mmproj,
    is_mmproj,
    read_gguf_record,
    read_hf_record,
)
from desktop_app.core.models.spec import Engine

SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "venv", "$RECYCLE.BIN", "System Volume Information"})
_SPLIT_RE = re.compile(r"^(?P<base>.*)-(?P<i>\d{5})-of-(?P<n>\d{5})\.gguf$", re.IGNORECASE)

DirCallback = Callable[[Path], None]


class Reader:
    """Turns a file or folder into a record. `Library` overrides it to serve unchanged files from its cache."""

    def gguf(self, path: Path) -> ModelRecord:
        return read_gguf_record(path)

    def hf(self, folder: Path) -> ModelRecord:
        return read_hf_record(folder)


@dataclass
class Listing:
    """What one folder holds, from its names: enough to tell a model folder from any other without a stat."""

    subdirs: list[Path]
    ggufs: list[Path]
    has_config: bool = False
    has_weights: bool = False
    skip: bool = False  # a diffusers pipeline or a LoRA adapter: not something this app loads as a model


def _is_weight_name(lower: str) -> bool:
    return lower.endswith(".safetensors") or (lower.endswith(".bin") and lower.startswith(("pytorch_model", "model")))


def list_dir(d: Path) -> Listing | None:
    """One directory listing, looking at names only. None when the folder cannot be read (or vanished)."""
    listing = Listing([], [])
    adapter = False
    try:
        with os.scandir(d) as it:
            for entry in it:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()  # d_type from readdir: no stat unless it is a symlink
                except OSError:
                    continue
                if is_dir:
                    if name not in SKIP_DIRS:
                        listing.subdirs.append(Path(entry.path))
                    continue
                lower = name.lower()
                if lower.endswith(".gguf"):
                    listing.ggufs.append(Path(entry.path))
                elif lower == "config.json":
                    listing.has_config = True
                elif _is_weight_name(lower):
                    listing.has_weights = True
                elif lower == "model_index.json":
                    listing.skip = True
                elif lower == "adapter_config.json":
                    adapter = True
    except OSError:
        return None
    if adapter and not listing.has_config:
        listing.skip = True
    return listing


class FolderScan:
    """One discovery pass: the paths and folders already seen (so overlapping roots and symlink loops yield each model
    once), the cancel flag checked between folders, and the progress callback."""

    def __init__(self, reader: Reader, cancel: threading.Event | None, on_dir: DirCallback | None, max_depth: int):
        self.reader = reader
        self.cancel = cancel or threading.Event()
        self.on_dir = on_dir
        self.max_depth = max_depth
        self.seen_paths: set[str] = set()
        self.seen_dirs: set[tuple[int, int]] = set()

    # -- reading, tolerant of files vanishing ---------------------------------------------------------------------
    def read(self, fn: Callable[[Path], ModelRecord], path: Path) -> ModelRecord | None:
        try:
            return fn(path)
        except (FileNotFoundError, NotADirectoryError):
            return None  # deleted while we were scanning: it is simply gone
        except OSError as exc:
            return ModelRecord(path=path, name=path.name, format="gguf" if path.suffix == ".gguf" else "hf",
                               backend=Engine.LLAMA_CPP if path.suffix == ".gguf" else Engine.TRANSFORMERS,
                               error=f"{path.name} cannot be read: {exc.strerror or exc}.")  # fmt: skip

    def emit(self, record: ModelRecord | None) -> ModelRecord | None:
        if record is None:
            return None
        key = str(record.path)
        if key in self.seen_paths:
            return None
        self.seen_paths.add(key)
        return record

    def _enter(self, d: Path) -> bool:
        """False for a folder already walked (overlapping roots, symlink loops)."""
        try:
            st = d.stat()
        except OSError:
            return False
        key = (st.st_dev, st.st_ino)
        if key in self.seen_dirs:
            return False
        self.seen_dirs.add(key)
        return True

    # -- generic folder walk ---------------------------------------------------------------------------------------
    def walk(self, root: Path, source: str, depth: int | None = None) -> Iterator[ModelRecord]:
        if root.suffix.lower() == ".gguf" and root.is_file():  # a user may add a single file
            yield from self.ggufs_in([root], source)
            return
        stack: list[tuple[Path, int]] = [(root, 0)]
        max_depth = self.max_depth if depth is None else depth
        while stack:
            if self.cancel.is_set():
                return
            d, level = stack.pop()
            if not self._enter(d):
                continue
            if self.on_dir is not None:
                self.on_dir(d)
            listing = list_dir(d)
            if listing is None or listing.skip:
                continue
            yield from self.ggufs_in(listing.ggufs, source)
            if listing.has_weights:
                rec = self.emit(self.read_hf(d, source))
                if rec is not None:
                    yield rec
                continue  # an HF model folder's subfolders (onnx/, original/) are part of it
            if level < max_depth:
                stack.extend((s, level + 1) for s in sorted(listing.subdirs, reverse=True))

    def read_hf(self, folder: Path, source: str, name: str | None = None) -> ModelRecord | None:
        rec = self.read(self.reader.hf, folder)
        if rec is None:
            return None
        return replace(rec, source=source, name=name or rec.name)

    def ggufs_in(self, files: list[Path], source: str, note: str = "") -> Iterator[ModelRecord]:
        for path in sorted(files):
            if self.cancel.is_set():
                return
            if is_mmproj(path):
                continue
            split = _SPLIT_RE.match(path.name)
            if split and int(split["i"]) != 1:
                continue  # later shards belong to the first one
            rec = self.read(self.reader.gguf, path)
            if rec is None:
                continue
            rec = replace(rec, source=source, note=note or rec.note)
            if split:
                rec = _join_split(rec, path, split)
            if rec.ok:
                rec = rec.with_mmproj(find_mmproj(path, files))
            out = self.emit(rec)
            if out is not None:
                yield out


def _join_split(rec: ModelRecord, first: Path, match: re.Match) -> ModelRecord:
    """A model split into NNNNN-of-MMMMM files is one entry: its size is all shards, and a missing shard is an error."""
    n = int(match["n"])
    size = 0
    missing = []
    for i in range(1, n + 1):
        shard = first.with_name(f"{match['base']}-{i:05d}-of-{n:05d}.gguf")
        try:
            size += shard.stat().st_size
        except OSError:
            missing.append(shard.name)
    name = match["base"]
    if missing:
        return replace(rec, name=name, size_bytes=size,
                       error=rec.error or f"{name} is split into {n} files and {len(missing)} are missing.")  # fmt: skip
    return replace(rec, name=name, size_bytes=size)
