"""Words for BM25: jieba's search-mode cut for Chinese runs, lower-cased words for everything else.

FTS5's own tokenizers do not segment Chinese (unicode61 makes one "word" of a whole run of Hanzi, trigram needs
three characters), so passages and queries are segmented here, identically, and FTS5 indexes the result as
space-separated terms. jieba's dictionary loads once per process (~0.7 s), on the first Chinese text.
"""

from __future__ import annotations

import logging
import re
import threading

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9\u00c0-\u024f]+(?:['’][a-z]+)?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_lock = threading.Lock()
_jieba = None

# Function words that only add noise to BM25 (both languages); kept short on purpose.
STOPWORDS = frozenset(
    "a an the of to in on at for by with and or is are was were be been it its this that these those as from "
    "do does did what which who whom how why when where there their they he she his her we you your i my me "
    "的 了 是 在 和 与 及 或 也 都 就 而 之 其 这 那 哪 什么 怎么 为什么 吗 呢 吧 啊 一个 有 被 把 对 从 为".split()
)


def _cutter():
    global _jieba
    with _lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba = jieba
    return _jieba


def terms(text: str) -> list[str]:
    """The BM25 terms of a text, in order (stopwords dropped)."""
    out: list[str] = []
    for m in _RUN.finditer(text):
        run = m.group(0)
        if _HAN.match(run):
            out.extend(w for w in _cutter().cut_for_search(run) if w not in STOPWORDS)
        else:
            word = run.lower().replace("’", "'")
            if word.endswith("'s"):
                word = word[:-2]
            if word not in STOPWORDS:
                out.append(word)
    return out


def fts_document(text: str) -> str:
    """A passage as FTS5 indexes it: its terms separated by spaces."""
    return " ".join(terms(text))


def fts_query(text: str) -> str:
    """A query as an FTS5 MATCH expression: any of its terms (OR), each quoted so no term is read as syntax."""
    unique = list(dict.fromkeys(terms(text)))
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in unique)
