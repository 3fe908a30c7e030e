"""Documents: collections of the user's files, indexed for hybrid search (BM25 + embeddings) and cited answers.

    extract.py   file -> text segments (one per PDF page), each problem one sentence
    chunking.py  segments -> passages of at most ~N tokens at paragraph and sentence edges, with offsets
    terms.py     words for BM25: jieba for Chinese, lower-cased words for the rest
    store.py     one SQLite (WAL) file per collection: files, passages, FTS5 terms, float32 vectors
    indexer.py   incremental indexing (per-file transactions: a kill leaves a consistent index that resumes)
    search.py    BM25 (FTS5) + dense (numpy) fused by reciprocal rank fusion, with the ranks kept for "why"
    context.py   what goes to the chat model: whole text when it fits, else top passages, numbered for citing
    collections.py  where collections live, listing and deleting them

Plain Python: no Qt. The embedding model runs in its engine process; this package only sees `Embedder`.
"""
