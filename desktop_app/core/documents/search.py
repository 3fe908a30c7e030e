"""Hybrid search: BM25 (FTS5 over jieba terms) and dense cosine (numpy), fused by reciprocal rank fusion.

Each list is ranked on its own (its top `POOL` passages across the searched collections); a passage's fused score
is the sum of 1 / (RRF_K + rank) over the lists that found it. RRF needs no score calibration between BM25 and
cosine, which differ per collection and per language. A query in a language the embedding model was not trained on
(its model card's `language:`) is ranked by BM25 alone, and the result says so. Every hit keeps both ranks and the fused score so the
"Why these sources?" panel can show them. A passage counts as relevant when BM25 matched one of the query's content
words (and, when the query was embedded, means something close: MATCH_FLOOR) or its cosine is at least
MIN_COSINE; when none is, the result says so instead of returning noise.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from desktop_app.core.documents.embedder import Embedder, query_language, reads
from desktop_app.core.documents.store import DocumentStore, StoredPassage

RRF_K = 60
POOL = 50
# all-MiniLM-L6-v2 cosines: the right passages of the retrieval bench's English questions score 0.30-0.64,
# unrelated text 0.0-0.2. A passage is relevant on its meaning alone from MIN_COSINE; a BM25 match (a shared word)
# also needs MATCH_FLOOR, so "boiling point" does not bring back a passage about the point of a chain.
MIN_COSINE = 0.3
MATCH_FLOOR = 0.15


@dataclass(frozen=True)
class Hit:
    collection: str
    passage: StoredPassage
    score: float  # the fused RRF score
    bm25_rank: int | None  # 1-based; None when BM25 did not find it
    dense_rank: int | None
    bm25_score: float | None = None
    cosine: float | None = None


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    nothing_relevant: bool = False
    mode: str = "hybrid"  # hybrid / bm25 / dense
    ms: float = 0.0
    # Set when hybrid search ranked by BM25 alone because the embedding model does not read the query's language
    # (all-MiniLM-L6-v2 is English-only: its Chinese rankings are close to noise and would drown BM25 in the fusion).
    unread_language: str = ""
    also: tuple[str, ...] = ()  # the question's translations, searched as well (crosslang.py)


def fuse(lists: list[list[tuple[object, float]]], k: int = RRF_K) -> dict[object, float]:
    """Reciprocal rank fusion of ranked lists of (key, score)."""
    fused: dict[object, float] = {}
    for ranked in lists:
        for rank, (key, _score) in enumerate(ranked, 1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    return fused


def _rank(stores: list[DocumentStore], query: str, embedder: Embedder | None, mode: str,
          cancel: threading.Event | None):
    """One query's BM25 and dense lists ((store, passage id), score), best first, and the cosines of BM25 hits the
    dense pool missed; `unread` names the query's language when the embedding model does not read it."""
    bm25: list[tuple[tuple[int, int], float]] = []
    dense: list[tuple[tuple[int, int], float]] = []
    cosines: dict[tuple[int, int], float] = {}
    unread = ""
    if mode in ("hybrid", "bm25"):
        for si, store in enumerate(stores):
            bm25.extend(((si, pid), s) for pid, s in store.bm25(query, POOL))
        bm25.sort(key=lambda x: -x[1])
        bm25 = bm25[:POOL]
    if mode == "hybrid" and embedder is not None and not reads(embedder, query):
        unread = query_language(query)
    elif mode in ("hybrid", "dense") and embedder is not None:
        qv = embedder.embed([query], cancel or threading.Event())[0].astype("float32")
        for si, store in enumerate(stores):
            if store.meta("embedder") not in ("", embedder.name):
                continue  # indexed by another embedding model: its vectors mean nothing to this one (BM25 only)
            dense.extend(((si, pid), s) for pid, s in store.dense(qv, POOL))
        dense.sort(key=lambda x: -x[1])
        dense = dense[:POOL]
        in_pool = {key for key, _s in dense}
        for si, store in enumerate(stores):  # BM25 hits the dense pool missed still get their cosine
            if store.meta("embedder") not in ("", embedder.name):
                continue
            missing = [pid for (sj, pid), _s in bm25 if sj == si and (sj, pid) not in in_pool]
            cosines.update({(si, pid): c for pid, c in store.cosines(missing, qv).items()})
    return bm25, dense, cosines, unread


def _best(ranked: list[list[tuple[tuple[int, int], float]]]) -> tuple[dict, dict]:
    """Each passage's best rank (1-based) and best score over several lists of the same kind."""
    ranks: dict[tuple[int, int], int] = {}
    scores: dict[tuple[int, int], float] = {}
    for items in ranked:
        for r, (key, score) in enumerate(items, 1):
            ranks[key] = min(ranks.get(key, r), r)
            scores[key] = max(scores.get(key, score), score)
    return ranks, scores


def search(
    stores: list[DocumentStore],
    query: str,
    embedder: Embedder | None,
    top_k: int = 5,
    mode: str = "hybrid",
    cancel: threading.Event | None = None,
    also: tuple[str, ...] | list[str] = (),
) -> SearchResult:
    """The top_k passages for `query` over the given collections; mode "bm25" or "dense" ranks by one list only.
    `also`: the query in other languages (crosslang.py); every query's lists are fused together."""
    t0 = time.perf_counter()
    result = SearchResult(query=query, mode=mode if embedder is not None else "bm25", also=tuple(also))
    bm25_lists, dense_lists, cosines = [], [], {}
    for i, q in enumerate([query, *also]):
        bm25_q, dense_q, cosines_q, unread = _rank(stores, q, embedder, result.mode, cancel)
        if i == 0:
            result.unread_language = unread
        bm25_lists.append(bm25_q)
        dense_lists.append(dense_q)
        for key, c in cosines_q.items():
            cosines[key] = max(cosines.get(key, c), c)
    dense = [item for items in dense_lists for item in items]
    fused = fuse([x for x in (*bm25_lists, *dense_lists) if x])
    b_rank, b_score = _best(bm25_lists)
    d_rank, d_score = _best(dense_lists)
    cosine_of = {**cosines, **d_score}

    def is_relevant(key: tuple[int, int]) -> bool:
        cosine = cosine_of.get(key)
        if not dense:  # BM25 alone: a shared content word is all there is to go on
            return key in b_rank
        if cosine is None:  # no vector (indexed without embeddings)
            return key in b_rank
        return cosine >= MIN_COSINE or (key in b_rank and cosine >= MATCH_FLOOR)

    relevant = [key for key in fused if is_relevant(key)]
    relevant.sort(key=lambda key: -fused[key])
    chosen = relevant[:top_k]
    by_store: dict[int, list[int]] = {}
    for si, pid in chosen:
        by_store.setdefault(si, []).append(pid)
    loaded = {(si, pid): p for si, pids in by_store.items() for pid, p in stores[si].passages(pids).items()}
    for key in chosen:
        if key not in loaded:
            continue
        result.hits.append(Hit(stores[key[0]].name, loaded[key], fused[key], b_rank.get(key), d_rank.get(key),
                               b_score.get(key), cosine_of.get(key)))
    result.nothing_relevant = not result.hits
    result.ms = (time.perf_counter() - t0) * 1000
    return result
