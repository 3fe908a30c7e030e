"""Images attached to chat messages, copied into the app's data dir and named by their content.

Each file is stored once as ``<sha256><suffix>`` in an ``attachments/`` folder next to the conversation database,
so moving, editing or deleting the original never changes a conversation, and the same photo attached ten times
takes its space once. Files are written to a temporary name and renamed, so a crash never leaves half an image.
The database records which messages use which file; files nobody uses any more are pruned (see
Database.prune_attachments), never while they may still be waiting in the composer.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from desktop_app.core.errors import StorageError
from desktop_app.core.messages import phrase

CHUNK = 1 << 20
ATTACHMENTS_DIR = "attachments"


def _suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix and len(suffix) <= 6 and suffix[1:].isalnum() else ".img"


class AttachmentStore:
    """A content-addressed folder of image files. Plain Python: safe to use from any thread."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def _ensure(self) -> Path:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(phrase("Cannot create the attachments folder {folder}: {error}", folder=self.folder, error=exc.strerror or exc)) from exc
        return self.folder

    def contains(self, path: str | Path) -> bool:
        """True when `path` is a file of this store (the database then records only its name)."""
        try:
            return Path(path).resolve().parent == self.folder.resolve()
        except OSError:
            return False

    def path_for(self, name: str) -> Path:
        """The stored file for a name recorded in the database (an absolute path is kept as it is)."""
        p = Path(name)
        return p if p.is_absolute() else self.folder / p

    def _existing(self, digest: str) -> Path | None:
        if not self.folder.is_dir():
            return None
        for candidate in self.folder.glob(f"{digest}.*"):
            if candidate.is_file() and not candidate.name.endswith(".tmp"):
                return candidate
        return None

    def _commit(self, digest: str, suffix: str, tmp: Path) -> Path:
        existing = self._existing(digest)
        if existing is not None:
            tmp.unlink(missing_ok=True)
            os.utime(existing)  # fresh again: a prune never takes a file that was just attached
            return existing
        dest = self.folder / f"{digest}{suffix}"
        os.replace(tmp, dest)
        return dest

    def add_file(self, source: str | Path) -> Path:
        """Copy `source` into the store (once per content) and return the stored path."""
        src = Path(source)
        if self.contains(src) and src.is_file():
            os.utime(src)
            return src
        folder = self._ensure()
        digest = hashlib.sha256()
        fd, tmp_name = tempfile.mkstemp(dir=folder, suffix=".tmp")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, src.open("rb") as fh:
                while block := fh.read(CHUNK):
                    digest.update(block)
                    out.write(block)
            return self._commit(digest.hexdigest(), _suffix(src.name), tmp)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(phrase("Could not keep a copy of {name}: {error}", name=src.name, error=exc.strerror or exc)) from exc

    def add_bytes(self, data: bytes, suffix: str = ".png") -> Path:
        """Store image bytes (a pasted screenshot) and return the stored path."""
        folder = self._ensure()
        digest = hashlib.sha256(data).hexdigest()
        existing = self._existing(digest)
        if existing is not None:
            os.utime(existing)
            return existing
        fd, tmp_name = tempfile.mkstemp(dir=folder, suffix=".tmp")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            return self._commit(digest, _suffix("x" + suffix), tmp)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(phrase("Could not save the pasted image: {error}", error=exc.strerror or exc)) from exc

    def prune(self, keep: Iterable[str], min_age_s: float = 3600.0) -> int:
        """Delete stored files not named in `keep` and older than `min_age_s` (so images still waiting in a
        composer survive). Returns how many were removed."""
        if not self.folder.is_dir():
            return 0
        keep_names = {Path(k).name for k in keep}
        cutoff = time.time() - min_age_s
        removed = 0
        for f in self.folder.iterdir():
            try:
                if f.is_file() and f.name not in keep_names and f.stat().st_mtime < cutoff:
                    f.unlink()
                    removed += 1
            except OSError:
                continue
        return removed
