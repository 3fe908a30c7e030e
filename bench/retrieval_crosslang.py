"""Chinese questions over English documents: searched as asked, and with the chat model's translation searched too
(core/documents/crosslang.py, the path Chat and `desktop-app ask` take).

Corpus: the English half of the retrieval benchmark (bench/data/retrieval/corpus_en.json and distractors_en.json,
44 files), indexed through the app's real path with all-MiniLM-L6-v2. Questions: questions_crosslang.json, the 22
English questions of questions.json written in Chinese (by hand, for this benchmark). The translator is the built-in
Qwen2.5-Coder-0.5B (assembled from its packages, as the app does), greedy. A question counts as found when a passage
of its file holding the fact in `must` is in the hybrid top 5; MRR@10 as in bench/retrieval.py.

Last line: RESULT asked_r5=.. asked_mrr=.. translated_r5=.. translated_mrr=.. english_r5=.. translate_ms=..
(english_*: the original English questions, the ceiling a perfect translation would reach).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.core.backends.base import LoadOptions  # noqa: E402
from desktop_app.core.backends.llama_cpp import LlamaCppBackend  # noqa: E402
from desktop_app.core.documents.collections import open_collection  # noqa: E402
from desktop_app.core.documents.crosslang import translate_question  # noqa: E402
from desktop_app.core.documents.embedder import open_embedder  # noqa: E402
from desktop_app.core.documents.indexer import Indexer  # noqa: E402
from desktop_app.core.documents.search import search  # noqa: E402
from desktop_app.core.models import builtin  # noqa: E402
from desktop_app.core.models.spec import ModelSpec  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "retrieval"


def score(store, embedder, items: list[tuple[str, tuple[str, ...], dict]]) -> tuple[float, float]:
    r5 = mrr = 0.0
    for question, also, q in items:
        hits = search([store], question, embedder, top_k=10, also=also).hits
        rank = next((i for i, h in enumerate(hits, 1)
                     if Path(h.passage.file).name == q["file"] and q["must"] in h.passage.text), None)
        r5 += 1 if rank is not None and rank <= 5 else 0
        mrr += 1.0 / rank if rank else 0.0
    return r5 / len(items), mrr / len(items)


def main() -> int:
    qs = json.loads((DATA / "questions_crosslang.json").read_text(encoding="utf-8"))
    translations, times = [], []
    with tempfile.TemporaryDirectory() as models:
        backend = LlamaCppBackend()  # the built-in Qwen, assembled from its packages as the app does
        backend.load(ModelSpec.from_path(builtin.assemble_qwen(Path(models))), LoadOptions(n_ctx=1024))
        for q in qs:
            t0 = time.perf_counter()
            translations.append(tuple(translate_question(backend, q["q"], ["en"])))
            times.append((time.perf_counter() - t0) * 1000)
            print(f"{q['q']} -> {translations[-1]}")
        backend.unload()
    embedder = open_embedder()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            for name in ("corpus_en.json", "distractors_en.json"):
                for file, text in json.loads((DATA / name).read_text(encoding="utf-8")).items():
                    (corpus / file).write_text(text, encoding="utf-8")
            store = open_collection("bench", Path(tmp) / "index")
            Indexer(store, embedder).add([corpus], cancel=threading.Event())
            asked = score(store, embedder, [(q["q"], (), q) for q in qs])
            translated = score(store, embedder, [(q["q"], t, q) for q, t in zip(qs, translations, strict=True)])
            english = score(store, embedder, [(q["english"], (), q) for q in qs])
            store.close()
    finally:
        embedder.close()
    print(f"RESULT asked_r5={asked[0]:.3f} asked_mrr={asked[1]:.3f} translated_r5={translated[0]:.3f} "
          f"translated_mrr={translated[1]:.3f} english_r5={english[0]:.3f} "
          f"translate_ms={statistics.median(times):.0f} questions={len(qs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
