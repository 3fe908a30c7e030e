"""Retrieval quality and speed of the Documents index: BM25 alone, embeddings alone, and the hybrid (RRF).

Corpus: bench/data/retrieval/corpus_*.json, 44 short articles (22 English, 22 Chinese) written for this benchmark,
each a file of one or two paragraphs, and distractors_*.json, 44 more on neighbouring subjects that share words with
the questions without answering them (bees and pollination, bread yeast, the Moon's phases, 大熊猫保护, 船闸...). Questions: bench/data/retrieval/questions.json, 44 (22 per
language), worded differently from the passages (paraphrases, synonyms, no copied sentences); a question is
answered by a passage of its file that contains the fact named in `must`.

The corpus is written to a temporary folder and indexed through the app's real path (Indexer -> extract -> chunk ->
all-MiniLM-L6-v2 in its engine process -> SQLite). Each question is searched three ways with top 10 kept:
recall@5 (a right passage in the top 5) and MRR@10 (1/rank of the first right passage).

Also: indexing passages/s (extraction, chunking, embedding and writing, engine already loaded) and the median
hybrid query latency in ms (embedding the query included). Target: hybrid beats both single methods on recall@5
and MRR.

Last line: RESULT bm25_r5=.. bm25_mrr=.. dense_r5=.. dense_mrr=.. hybrid_r5=.. hybrid_mrr=.. passages_s=.. query_ms=..
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.core.documents.collections import open_collection  # noqa: E402
from desktop_app.core.documents.embedder import open_embedder  # noqa: E402
from desktop_app.core.documents.indexer import Indexer  # noqa: E402
from desktop_app.core.documents.search import search  # noqa: E402
from desktop_app.core.models.spec import ModelSpec  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "retrieval"


def write_corpus(folder: Path) -> int:
    n = 0
    for name in ("corpus_en.json", "corpus_zh.json", "distractors_en.json", "distractors_zh.json"):
        for file, text in json.loads((DATA / name).read_text(encoding="utf-8")).items():
            (folder / file).write_text(text, encoding="utf-8")
            n += 1
    return n


def questions() -> list[dict]:
    return json.loads((DATA / "questions.json").read_text(encoding="utf-8"))


def rank_of_answer(hits, q: dict) -> int | None:
    for rank, hit in enumerate(hits, 1):
        if Path(hit.passage.file).name == q["file"] and q["must"] in hit.passage.text:
            return rank
    return None


def evaluate(store, embedder, qs: list[dict]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for mode in ("bm25", "dense", "hybrid"):
        r5 = mrr = 0.0
        misses = []
        times = []
        for q in qs:
            result = search([store], q["q"], embedder, top_k=10, mode=mode)
            times.append(result.ms)
            rank = rank_of_answer(result.hits, q)
            if rank is not None and rank <= 5:
                r5 += 1
            else:
                misses.append(q["q"])
            if rank is not None:
                mrr += 1.0 / rank
        out[mode] = {"r5": r5 / len(qs), "mrr": mrr / len(qs), "ms": statistics.median(times), "misses": misses}
    return out


def main() -> int:
    qs = questions()
    # Another embedding model than the built-in all-MiniLM-L6-v2: `python bench/retrieval.py MODEL` (a GGUF, such as
    # the Qwen2.5 chat model as the fallback embedder, or a sentence-transformers folder).
    embedder = open_embedder(ModelSpec.from_path(Path(sys.argv[1])) if len(sys.argv) > 1 else None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            files = write_corpus(corpus)
            store = open_collection("bench", Path(tmp) / "index")
            report = Indexer(store, embedder).add([corpus], cancel=threading.Event())
            if report.errors:
                print(f"errors: {report.errors}", file=sys.stderr)
            print(f"indexed {files} files into {report.passages} passages in {report.seconds:.2f} s "
                  f"({report.passages_per_s:.1f} passages/s)")
            scores = evaluate(store, embedder, qs)
            for lang in ("en", "zh"):
                sub = [q for q in qs if (q["q"][0] < "\u3000") == (lang == "en")]
                part = evaluate(store, embedder, sub)
                print(f"{lang} ({len(sub)} questions): " + "  ".join(
                    f"{m}: r@5 {v['r5']:.3f} mrr {v['mrr']:.3f}" for m, v in part.items()))
            for mode, v in scores.items():
                print(f"{mode:6s}: recall@5 {v['r5']:.3f}  MRR@10 {v['mrr']:.3f}  median {v['ms']:.1f} ms  "
                      f"missed: {v['misses']}")
            store.close()
    finally:
        embedder.close()
    h, b, d = scores["hybrid"], scores["bm25"], scores["dense"]
    print(f"RESULT bm25_r5={b['r5']:.3f} bm25_mrr={b['mrr']:.3f} dense_r5={d['r5']:.3f} dense_mrr={d['mrr']:.3f} "
          f"hybrid_r5={h['r5']:.3f} hybrid_mrr={h['mrr']:.3f} passages_s={report.passages_per_s:.1f} "
          f"query_ms={h['ms']:.1f} questions={len(qs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
