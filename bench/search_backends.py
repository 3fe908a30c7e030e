"""Why the Documents index uses SQLite FTS5 for BM25 and int8 blobs with numpy for vectors (measured, not assumed).

BM25: the retrieval corpus (bench/retrieval.py: 88 articles, 44 questions) segmented by the same jieba terms, ranked
by FTS5's bm25() and by bm25s (a fast in-memory BM25 library). Compared: recall@5, MRR@10, query ms, and the cost of
adding one document to an existing index (FTS5: one INSERT; bm25s has no incremental add and rebuilds its index).

Vectors: N random unit vectors of 384 dimensions (all-MiniLM-L6-v2's size) stored as the index stores them (int8 + a float32 scale), the matrix
loaded once and ranked by brute force (one matrix-vector product + argpartition) for N = 10k, 50k, 100k; and
whether sqlite-vec can be used at all (it is a loadable extension: Python's sqlite3 must allow loading them).

Last line: RESULT fts5_mrr=.. bm25s_mrr=.. fts5_query_ms=.. bm25s_query_ms=.. fts5_add_ms=.. bm25s_add_ms=..
numpy_50k_query_ms=.. numpy_50k_load_ms=.. sqlite_vec=yes|no
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from retrieval import questions, write_corpus  # noqa: E402

from desktop_app.core.documents.collections import open_collection  # noqa: E402
from desktop_app.core.documents.indexer import Indexer  # noqa: E402
from desktop_app.core.documents.store import dequantize, quantize  # noqa: E402
from desktop_app.core.documents.terms import terms  # noqa: E402


def _score(ranked_files: list[list[str]], qs: list[dict]) -> tuple[float, float]:
    r5 = mrr = 0.0
    for files, q in zip(ranked_files, qs, strict=True):
        rank = next((i for i, f in enumerate(files[:10], 1) if f == q["file"]), None)
        r5 += 1 if rank and rank <= 5 else 0
        mrr += 1 / rank if rank else 0
    return r5 / len(qs), mrr / len(qs)


def bm25_compare(tmp: Path) -> dict[str, float]:
    import bm25s

    corpus = tmp / "corpus"
    corpus.mkdir()
    write_corpus(corpus)
    store = open_collection("bm25", tmp / "idx")
    Indexer(store, None).add([corpus])
    passages = store.all_passages()
    qs = questions()
    # FTS5, as the app ranks.
    fts_files, fts_ms = [], []
    for q in qs:
        t0 = time.perf_counter()
        ids = [pid for pid, _ in store.bm25(q["q"], 10)]
        fts_ms.append((time.perf_counter() - t0) * 1000)
        found = store.passages(ids)
        fts_files.append([Path(found[i].file).name for i in ids])
    # bm25s over the same terms.
    tokens = [terms(p.text) for p in passages]
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    b_files, b_ms = [], []
    for q in qs:
        t0 = time.perf_counter()
        qt = [t for t in terms(q["q"]) if t in retriever.vocab_dict] or ["\x00"]
        try:
            docs, _scores = retriever.retrieve([qt], k=10, show_progress=False)
            idx = [int(i) for i in docs[0]]
        except (ValueError, KeyError):
            idx = []
        b_ms.append((time.perf_counter() - t0) * 1000)
        b_files.append([Path(passages[i].file).name for i in idx])
    # Adding one document: FTS5 inserts a row; bm25s re-indexes everything.
    extra = tmp / "extra.md"
    extra.write_text("A late addition about lighthouses, written after the index was built.")
    t0 = time.perf_counter()
    Indexer(store, None).add([extra])
    fts_add = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    bm25s.BM25().index([*tokens, terms(extra.read_text())], show_progress=False)
    bm25s_add = (time.perf_counter() - t0) * 1000
    store.close()
    fr5, fmrr = _score(fts_files, qs)
    br5, bmrr = _score(b_files, qs)
    print(f"FTS5 : recall@5 {fr5:.3f} MRR {fmrr:.3f} query {statistics.median(fts_ms):.2f} ms, add one file "
          f"{fts_add:.1f} ms (whole Indexer.add: stat, read, chunk, one transaction)")
    print(f"bm25s: recall@5 {br5:.3f} MRR {bmrr:.3f} query {statistics.median(b_ms):.2f} ms, add one file "
          f"{bm25s_add:.1f} ms (full re-index of {len(tokens) + 1} passages; grows with the corpus)")
    return {"fts5_mrr": fmrr, "bm25s_mrr": bmrr, "fts5_query_ms": statistics.median(fts_ms),
            "bm25s_query_ms": statistics.median(b_ms), "fts5_add_ms": fts_add, "bm25s_add_ms": bm25s_add}


def vectors_compare(tmp: Path) -> dict[str, float]:
    rng = np.random.default_rng(0)
    out: dict[str, float] = {}
    for n in (10_000, 50_000, 100_000):
        mat = rng.standard_normal((n, 384)).astype(np.float32)
        mat /= np.linalg.norm(mat, axis=1, keepdims=True)
        db = sqlite3.connect(tmp / f"v{n}.sqlite")
        db.execute("CREATE TABLE vectors (passage_id INTEGER PRIMARY KEY, vec BLOB NOT NULL)")
        db.executemany("INSERT INTO vectors VALUES (?, ?)",
                       ((i, quantize(mat[i])) for i in range(n)))
        db.commit()
        t0 = time.perf_counter()
        rows = db.execute("SELECT passage_id, vec FROM vectors ORDER BY passage_id").fetchall()
        loaded = np.stack([dequantize(r[1]) for r in rows])
        load_ms = (time.perf_counter() - t0) * 1000
        times = []
        for i in range(20):
            q = mat[i * 7]
            t0 = time.perf_counter()
            scores = loaded @ q
            top = np.argpartition(-scores, 49)[:50]
            top = top[np.argsort(-scores[top])]
            times.append((time.perf_counter() - t0) * 1000)
            assert top[0] == i * 7  # int8 storage still finds the exact vector first
        db.close()
        size = (tmp / f"v{n}.sqlite").stat().st_size
        print(f"numpy brute force, {n:,} vectors: query {statistics.median(times):.2f} ms, first load "
              f"{load_ms:.0f} ms, {size / 2**20:.1f} MB on disk")
        out[f"numpy_{n // 1000}k_query_ms"] = statistics.median(times)
        out[f"numpy_{n // 1000}k_load_ms"] = load_ms
    can_load = hasattr(sqlite3.Connection, "enable_load_extension")
    print("sqlite-vec: " + ("loadable" if can_load else "cannot be used: this Python's sqlite3 was built without "
                            "extension loading (enable_load_extension is missing)"))
    out["sqlite_vec"] = can_load
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        b = bm25_compare(Path(tmp))
        v = vectors_compare(Path(tmp))
    print(f"RESULT fts5_mrr={b['fts5_mrr']:.3f} bm25s_mrr={b['bm25s_mrr']:.3f} fts5_query_ms={b['fts5_query_ms']:.2f} "
          f"bm25s_query_ms={b['bm25s_query_ms']:.2f} fts5_add_ms={b['fts5_add_ms']:.1f} "
          f"bm25s_add_ms={b['bm25s_add_ms']:.1f} numpy_50k_query_ms={v['numpy_50k_query_ms']:.2f} "
          f"numpy_50k_load_ms={v['numpy_50k_load_ms']:.0f} sqlite_vec={'yes' if v['sqlite_vec'] else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
