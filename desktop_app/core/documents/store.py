"""One collection's index: a single SQLite file in WAL mode holding files, passages, BM25 terms and vectors.

- `files`: every file seen, with the size and mtime it had when indexed (unchanged files are skipped next time),
  its status ("ok", "error" with the sentence why) and its passage count.
- `passages`: text (zlib-compressed UTF-8: a third less on disk for English, a quarter for Chinese, which keeps the
  index under 3x its corpus; rows written as plain TEXT by earlier versions read as they are) with page and
  character offsets; `fts` (FTS5, contentless: the terms are not stored twice)
  ranks them by BM25; `vectors` holds one embedding per passage as int8 with a float32 scale (388 bytes for 384
  dimensions instead of 1,536 as float32: the index stays within 3x of short-passage corpora, bench/index_size.py,
  and cosines move by less than 0.01, tests/unit/test_documents_core.py).
- `sources`: the files and folders the user added, so indexing can be resumed or re-synced.

A file's passages, terms and vectors change in one transaction, so a process killed mid-indexing leaves every
file either fully indexed or untouched. Deleting a collection deletes this file (collections.py).
"""

from __future__ import annotations

import sqlite3
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.documents.chunking import Passage
from desktop_app.core.documents.extract import DocumentError
from desktop_app.core.documents.terms import fts_document, fts_query
from desktop_app.core.messages import phrase

if TYPE_CHECKING:  # numpy is imported where vectors are used, not when the window starts
    import numpy as np


SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, added_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    status TEXT NOT NULL, error TEXT NOT NULL DEFAULT '', passages INTEGER NOT NULL DEFAULT 0,
    chars INTEGER NOT NULL DEFAULT 0, indexed_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, page INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    tokens INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS passages_file ON passages(file_id, ord);
CREATE TABLE IF NOT EXISTS vectors (
    passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE, vec BLOB NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(terms, content='');
"""


def quantize(vector: np.ndarray) -> bytes:
    """A vector as its float32 scale (the largest magnitude / 127) followed by int8 components."""
    import numpy as np

    v = np.asarray(vector, dtype=np.float32)
    scale = float(np.abs(v).max()) / 127.0 or 1.0
    return np.float32(scale).tobytes() + np.round(v / scale).astype(np.int8).tobytes()


def dequantize(blob: bytes) -> np.ndarray:
    import numpy as np

    scale = np.frombuffer(blob[:4], dtype=np.float32)[0]
    return np.frombuffer(blob[4:], dtype=np.int8).astype(np.float32) * scale


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower()


@dataclass(frozen=True)
class FileRecord:
    id: int
    path: str
    size: int
    mtime_ns: int
    status: str
    error: str
    passages: int


def pack_text(text: str) -> bytes:
    """A passage's text as stored: zlib over its UTF-8 (level 6: most of level 9's saving at a fraction of its
    time)."""
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_text(value: str | bytes) -> str:
    """Text as pack_text stored it, or as an index written before compression holds it (plain TEXT)."""
    return zlib.decompress(value).decode("utf-8") if isinstance(value, bytes) else value


@dataclass(frozen=True)
class StoredPassage:
    id: int
    file: str
    ord: int
    page: int
    start: int
    end: int
    tokens: int
    text: str


class DocumentStore:
    """The SQLite index of one collection. Use from one thread at a time (the indexer's, or a search's)."""

    def __init__(self, path: Path, name: str = "") -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA)
            if name and not self.meta("name"):
                with self.db:
                    self.set_meta("name", name)
                    self.set_meta("schema", str(SCHEMA_VERSION))
        except sqlite3.DatabaseError as exc:
            raise DocumentError(phrase("The index {name} cannot be opened: {error}.", name=path.name, error=exc)) from exc
        self._matrix: tuple[int, np.ndarray, np.ndarray] | None = None  # (generation, ids, vectors)

    def close(self) -> None:
        self.db.close()

    @property
    def name(self) -> str:
        return self.meta("name") or self.path.stem

    # -- meta --------------------------------------------------------------------------------------------------------
    def meta(self, key: str) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else ""

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))

    def generation(self) -> int:
        return int(self.meta("generation") or 0)

    # -- sources and files -------------------------------------------------------------------------------------------
    def add_sources(self, paths: Iterable[Path]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR IGNORE INTO sources(path, added_at) VALUES(?, ?)", [(str(p), time.time()) for p in paths]
            )

    def sources(self) -> list[Path]:
        return [Path(r[0]) for r in self.db.execute("SELECT path FROM sources ORDER BY path")]

    def remove_source(self, path: Path) -> None:
        with self.db:
            self.db.execute("DELETE FROM sources WHERE path=?", (str(path),))

    def files(self) -> list[FileRecord]:
        rows = self.db.execute("SELECT id, path, size, mtime_ns, status, error, passages FROM files ORDER BY path")
        return [FileRecord(*r) for r in rows]

    def file(self, path: Path) -> FileRecord | None:
        row = self.db.execute(
            "SELECT id, path, size, mtime_ns, status, error, passages FROM files WHERE path=?", (str(path),)
        ).fetchone()
        return FileRecord(*row) if row else None

    def _delete_passages(self, file_id: int) -> None:
        rows = self.db.execute("SELECT id, text FROM passages WHERE file_id=?", (file_id,)).fetchall()
        # Contentless FTS5 forgets a row only when given the same terms it indexed; they are recomputed exactly.
        self.db.executemany(
            "INSERT INTO fts(fts, rowid, terms) VALUES('delete', ?, ?)",
            [(pid, fts_document(unpack_text(t))) for pid, t in rows],
        )
        self.db.execute("DELETE FROM passages WHERE file_id=?", (file_id,))

    def _bump(self) -> None:
        self.set_meta("generation", str(self.generation() + 1))

    def put_file(
        self,
        path: Path,
        size: int,
        mtime_ns: int,
        passages: Sequence[Passage],
        vectors: np.ndarray | None,
        chars: int,
    ) -> None:
        """Replace one file's passages, terms and vectors in one transaction."""
        with self.db:
            old = self.file(path)
            if old is not None:
                self._delete_passages(old.id)
            cur = self.db.execute(
                "INSERT INTO files(path, size, mtime_ns, status, error, passages, chars, indexed_at) "
                "VALUES(?, ?, ?, 'ok', '', ?, ?, ?) ON CONFLICT(path) DO UPDATE SET size=excluded.size, "
                "mtime_ns=excluded.mtime_ns, status='ok', error='', passages=excluded.passages, "
                "chars=excluded.chars, indexed_at=excluded.indexed_at RETURNING id",
                (str(path), size, mtime_ns, len(passages), chars, time.time()),
            )
            file_id = cur.fetchone()[0]
            for i, p in enumerate(passages):
                pid = self.db.execute(
                    'INSERT INTO passages(file_id, ord, page, start, "end", tokens, text) VALUES(?,?,?,?,?,?,?)',
                    (file_id, i, p.page, p.start, p.end, p.tokens, pack_text(p.text)),
                ).lastrowid
                self.db.execute("INSERT INTO fts(rowid, terms) VALUES(?, ?)", (pid, fts_document(p.text)))
                if vectors is not None:
                    self.db.execute(
                        "INSERT INTO vectors(passage_id, vec) VALUES(?, ?)",
                        (pid, quantize(vectors[i])),
                    )
            self._bump()

    def put_error(self, path: Path, size: int, mtime_ns: int, error: str) -> None:
        """Record why a file is not indexed (its old passages, if any, are removed: they no longer match it)."""
        with self.db:
            old = self.file(path)
            if old is not None:
                self._delete_passages(old.id)
            self.db.execute(
                "INSERT INTO files(path, size, mtime_ns, status, error, passages, chars, indexed_at) "
                "VALUES(?, ?, ?, 'error', ?, 0, 0, ?) ON CONFLICT(path) DO UPDATE SET size=excluded.size, "
                "mtime_ns=excluded.mtime_ns, status='error', error=excluded.error, passages=0, chars=0, "
                "indexed_at=excluded.indexed_at",
                (str(path), size, mtime_ns, error, time.time()),
            )
            self._bump()

    def remove_files(self, paths: Iterable[str]) -> int:
        n = 0
        with self.db:
            for path in paths:
                rec = self.file(Path(path))
                if rec is not None:
                    self._delete_passages(rec.id)
                    self.db.execute("DELETE FROM files WHERE id=?", (rec.id,))
                    n += 1
            if n:
                self._bump()
        return n

    # -- reading -----------------------------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        files, ok, errors, passages, chars = self.db.execute(
            "SELECT count(*), coalesce(sum(status='ok'),0), coalesce(sum(status='error'),0), "
            "coalesce(sum(passages),0), coalesce(sum(chars),0) FROM files"
        ).fetchone()
        return {"files": files, "indexed": ok, "errors": errors, "passages": passages, "chars": chars}

    def passages(self, ids: Sequence[int]) -> dict[int, StoredPassage]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f'SELECT p.id, f.path, p.ord, p.page, p.start, p."end", p.tokens, p.text FROM passages p '
            f"JOIN files f ON f.id = p.file_id WHERE p.id IN ({marks})",
            list(ids),
        )
        return {r[0]: StoredPassage(*r[:-1], unpack_text(r[-1])) for r in rows}

    def all_passages(self) -> list[StoredPassage]:
        rows = self.db.execute(
            'SELECT p.id, f.path, p.ord, p.page, p.start, p."end", p.tokens, p.text FROM passages p '
            "JOIN files f ON f.id = p.file_id ORDER BY f.path, p.ord"
        )
        return [StoredPassage(*r[:-1], unpack_text(r[-1])) for r in rows]

    def sample_texts(self, passages: int = 200) -> list[str]:
        """About `passages` passages spread evenly over the collection: enough to tell which languages it is
        written in, without reading all of it."""
        count = int(self.db.execute("SELECT count(*) FROM passages").fetchone()[0])
        step = max(1, count // max(passages, 1))
        rows = self.db.execute("SELECT text FROM passages WHERE id % ? = 0 ORDER BY id LIMIT ?", (step, passages))
        return [unpack_text(r[0]) for r in rows]

    def total_tokens(self) -> int:
        return int(self.db.execute("SELECT coalesce(sum(tokens), 0) FROM passages").fetchone()[0])

    def bm25(self, query: str, limit: int) -> list[tuple[int, float]]:
        """(passage id, score) best first; score is FTS5's bm25 negated, so higher is better."""
        match = fts_query(query)
        if not match:
            return []
        rows = self.db.execute(
            "SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?", (match, limit)
        )
        return [(pid, -score) for pid, score in rows]

    def vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """(passage ids, float32 matrix), cached until the index changes."""
        gen = self.generation()
        if self._matrix is None or self._matrix[0] != gen:
            import numpy as np

            rows = self.db.execute("SELECT passage_id, vec FROM vectors ORDER BY passage_id").fetchall()
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            if rows:
                mat = np.stack([dequantize(r[1]) for r in rows])
            else:
                mat = np.zeros((0, 0), dtype=np.float32)
            self._matrix = (gen, ids, mat)
        return self._matrix[1], self._matrix[2]

    def cosines(self, passage_ids: Sequence[int], query_vector: np.ndarray) -> dict[int, float]:
        """The cosine of given passages to the query (for BM25 hits outside the dense top list)."""
        ids, mat = self.vectors()
        if not len(ids) or not passage_ids or mat.shape[1] != query_vector.shape[0]:
            return {}
        import numpy as np

        wanted = np.asarray(passage_ids, dtype=np.int64)
        pos = np.clip(np.searchsorted(ids, wanted), 0, len(ids) - 1)
        found = ids[pos] == wanted
        return {int(w): float(mat[p] @ query_vector) for w, p, f in zip(wanted, pos, found, strict=True) if f}

    def dense(self, query_vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """(passage id, cosine) best first, by brute force over every vector (see bench/vector_store.py)."""
        ids, mat = self.vectors()
        if not len(ids) or mat.shape[1] != query_vector.shape[0]:
            return []
        import numpy as np

        scores = mat @ query_vector
        k = min(limit, len(ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(ids[i]), float(scores[i])) for i in top]
