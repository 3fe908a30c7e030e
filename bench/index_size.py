"""Index size against corpus size, through the real indexing path (all-MiniLM-L6-v2 in its engine process).

The corpus is the retrieval benchmark's 88 articles (half English, half Chinese), written out COPIES times with a
numbered heading, PER_FILE articles to a file (default 4: files of ~500 tokens, passages of ~200 tokens as real
documents give; 1: one short passage per file, the worst case for the ratio). SQLite does not compress, so repeated
prose costs what new prose would. Measured: corpus bytes on disk, index bytes (the .sqlite file after a WAL checkpoint),
their ratio (the issue's limit: under 3x), and indexing passages/s.

    python bench/index_size.py [COPIES] [PER_FILE]      (defaults 4 and 4)

Last line: RESULT corpus_mb=.. index_mb=.. ratio=.. passages=.. passages_s=..
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.core.documents.collections import open_collection  # noqa: E402
from desktop_app.core.documents.embedder import open_embedder  # noqa: E402
from desktop_app.core.documents.indexer import Indexer  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "retrieval"


def main() -> int:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    per_file = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    articles: dict[str, str] = {}
    for name in ("corpus_en.json", "corpus_zh.json", "distractors_en.json", "distractors_zh.json"):
        articles.update(json.loads((DATA / name).read_text(encoding="utf-8")))
    embedder = open_embedder()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            items = list(articles.items())
            for i in range(copies):
                for start in range(0, len(items), per_file):
                    group = items[start : start + per_file]
                    text = "\n\n".join(f"Copy {i}\n\n{body}" for _name, body in group)
                    (corpus / f"{i:03d}_{group[0][0]}").write_text(text, encoding="utf-8")
            corpus_bytes = sum(p.stat().st_size for p in corpus.iterdir())
            store = open_collection("size", Path(tmp) / "idx")
            report = Indexer(store, embedder).add([corpus], cancel=threading.Event())
            store.close()
            db = sqlite3.connect(Path(tmp) / "idx" / "size.sqlite")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
            index_bytes = sum(p.stat().st_size for p in (Path(tmp) / "idx").iterdir())
    finally:
        embedder.close()
    ratio = index_bytes / corpus_bytes
    print(f"{copies * len(articles)} articles in {copies * -(-len(articles) // per_file)} files, {corpus_bytes / 2**20:.2f} MB of text -> index {index_bytes / 2**20:.2f} MB "
          f"({ratio:.2f}x), {report.passages} passages at {report.passages_per_s:.1f} passages/s")
    print(f"RESULT corpus_mb={corpus_bytes / 2**20:.2f} index_mb={index_bytes / 2**20:.2f} ratio={ratio:.2f} "
          f"passages={report.passages} passages_s={report.passages_per_s:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
