"""The Documents commands of the command line (cli.py dispatches here), over the same core as the window.

    desktop-app docs add PATH... [--collection NAME] [--no-embeddings]   progress on stderr
    desktop-app docs list
    desktop-app docs remove NAME
    desktop-app docs search "QUERY" [--collection NAME] [--top K] [--format text|jsonl]
    desktop-app ask "QUESTION" [--collection NAME] [--model PATH]        the answer, then its numbered sources

The embedding model (all-MiniLM-L6-v2 by default) runs in its own engine process, as in the window.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path

from desktop_app.chat_cli import add_thinking_arguments
from desktop_app.core.documents.collections import (
    DEFAULT_COLLECTION,
    delete_collection,
    index_path,
    list_collections,
    open_collection,
)
from desktop_app.core.documents.extract import DocumentError

EXIT_USAGE = 2


def add_parsers(sub: argparse._SubParsersAction) -> None:
    docs = sub.add_parser("docs", help="collections of your documents for search and questions")
    dsub = docs.add_subparsers(dest="docs_command", required=True)
    add = dsub.add_parser("add", help="index files and folders (txt, md, html, pdf, docx, epub) into a collection")
    add.add_argument("paths", nargs="+")
    add.add_argument("--collection", default=DEFAULT_COLLECTION)
    add.add_argument("--no-embeddings", action="store_true", help="BM25 only (no embedding model)")
    dsub.add_parser("list", help="the collections, with their files and passages")
    rm = dsub.add_parser("remove", help="delete a collection and its index")
    rm.add_argument("name")
    find = dsub.add_parser("search", help="the passages that best match QUERY")
    find.add_argument("query")
    find.add_argument("--collection", default="", help="one collection (default: all)")
    find.add_argument("--top", type=int, default=5)
    find.add_argument("--format", choices=("text", "jsonl"), default="text")
    ask = sub.add_parser("ask", help="answer QUESTION from a collection, citing its sources")
    ask.add_argument("question")
    ask.add_argument("--collection", default="", help="one collection (default: all)")
    ask.add_argument("--model", default="", help="the chat model (default: the Chat tab's)")
    ask.add_argument("--ctx", type=int, default=4096, help="context length (default 4096)")
    ask.add_argument("--max-tokens", type=int, default=512)
    ask.add_argument("--seed", type=int, default=None)
    add_thinking_arguments(ask)


def _stores(name: str):
    names = [name] if name else list_collections()
    if not names:
        raise DocumentError("There are no collections yet: add files with 'desktop-app docs add PATH'.")
    return [open_collection(n, create=False) for n in names]


def _embedder_for(stores):
    """The embedding model the collections were indexed with, or None when they are BM25 only."""
    from desktop_app.core.documents.embedder import default_embedding_spec, open_embedder

    names = {s.meta("embedder") for s in stores} - {""}
    if not names:
        return None
    spec = default_embedding_spec()
    if spec is None or names != {spec.name}:
        print(f"warning: the embedding model {', '.join(sorted(names))} is not available; BM25 only.",
              file=sys.stderr)
        return None
    return open_embedder(spec)


def _progress(p) -> None:
    eta = f", about {p.eta_s:.0f} s left" if p.eta_s else ""
    name = Path(p.current).name if p.current else "done"
    line = f"[{p.done}/{p.total}] {p.passages} passages{eta}: {name}"
    if sys.stderr.isatty():
        print(f"\r\x1b[K{line}", end="" if p.current else "\n", file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)


def cmd_add(args) -> int:
    from desktop_app.core.documents.indexer import Indexer

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"error: {missing[0]} does not exist.", file=sys.stderr)
        return EXIT_USAGE
    embedder = None
    if not args.no_embeddings:
        from desktop_app.core.documents.embedder import default_embedding_spec, open_embedder

        spec = default_embedding_spec()
        if spec is None:
            print("note: no embedding model is available (it needs the torch extra); indexing for BM25 search "
                  "only.", file=sys.stderr)
        else:
            print("Loading the embedding model…", file=sys.stderr)
            embedder = open_embedder(spec)
    store = open_collection(args.collection)
    try:
        report = Indexer(store, embedder).add([Path(p) for p in args.paths], _progress, threading.Event())
        stats, name = store.stats(), store.name
    finally:
        store.close()
        if embedder is not None:
            embedder.close()
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for _path, why in report.errors:
        print(f"not indexed: {why}", file=sys.stderr)
    print(f"{name}: {len(report.indexed)} files indexed, {report.unchanged} unchanged, "
          f"{len(report.removed)} removed, {len(report.errors)} not indexed; {stats['passages']} passages in "
          f"{stats['indexed']} files ({report.passages_per_s:.1f} passages/s).")
    return 0


def cmd_list(_args) -> int:
    names = list_collections()
    if not names:
        print("No collections yet.")
    for name in names:
        store = open_collection(name, create=False)
        try:
            s = store.stats()
        finally:
            store.close()
        size = sum(Path(str(index_path(name)) + x).stat().st_size
                   for x in ("", "-wal") if Path(str(index_path(name)) + x).exists())
        print(f"{name}\t{s['indexed']} files, {s['passages']} passages, {s['errors']} not indexed, "
              f"index {size / 2**20:.1f} MB")
    return 0


def cmd_remove(args) -> int:
    delete_collection(args.name)
    print(f"Removed the collection {args.name} and its index.")
    return 0


def cmd_search(args) -> int:
    from desktop_app.core.documents.search import search

    if not args.query.strip():
        print("error: the query is empty.", file=sys.stderr)
        return EXIT_USAGE
    if args.top < 1:
        print("error: --top must be at least 1.", file=sys.stderr)
        return EXIT_USAGE
    stores = _stores(args.collection)
    embedder = _embedder_for(stores)
    try:
        result = search(stores, args.query, embedder, top_k=args.top)
    finally:
        if embedder is not None:
            embedder.close()
        for s in stores:
            s.close()
    if result.unread_language and embedder is not None:
        print(f"note: {embedder.name} does not read this language ({result.unread_language}); "
              "ranked by BM25 alone.", file=sys.stderr)
    if result.nothing_relevant:
        print("Nothing in the collections matches this query.", file=sys.stderr)
        return 0
    for i, hit in enumerate(result.hits, 1):
        p = hit.passage
        if args.format == "jsonl":
            print(json.dumps({"rank": i, "collection": hit.collection, "file": p.file, "page": p.page,
                              "start": p.start, "end": p.end, "text": p.text, "score": round(hit.score, 6),
                              "bm25_rank": hit.bm25_rank, "embedding_rank": hit.dense_rank},
                             ensure_ascii=False))
        else:
            page = f" p.{p.page}" if p.page else ""
            print(f"{i}. {Path(p.file).name}{page} [{p.start}:{p.end}] score {hit.score:.4f} "
                  f"(BM25 #{hit.bm25_rank or '-'}, embedding #{hit.dense_rank or '-'})\n   "
                  + p.text.replace("\n", " ")[:300])
    return 0


def cmd_ask(args) -> int:
    from desktop_app.chat_cli import chat_settings
    from desktop_app.core.documents.context import build_context
    from desktop_app.core.documents.crosslang import (
        collection_languages,
        translate_question,
        translation_targets,
    )
    from desktop_app.core.tasks.chat import collect, stream_chat_turn
    from desktop_app.model_cli import load_backend

    if not args.question.strip():
        print("error: the question is empty.", file=sys.stderr)
        return EXIT_USAGE
    stores = _stores(args.collection)
    embedder = _embedder_for(stores)
    try:
        args.system, args.temperature = "", (0.0 if args.seed is not None else None)
        settings = chat_settings(args)
        _spec, backend = load_backend(args.model, settings)
        try:
            question = [{"role": "user", "content": args.question}]
            budget = backend.n_ctx - backend.count_chat_tokens(question) - settings.params.max_tokens - 32
            # Documents in another language than the question: the chat model translates it, and both are searched.
            targets = translation_targets(args.question, [lang for s in stores for lang in collection_languages(s)])
            also = translate_question(backend, args.question, targets) if targets else []
            if also:
                print("note: also searched as: " + " · ".join(also), file=sys.stderr)
            context = build_context(stores, args.question, embedder, budget, backend.count_tokens, also=also)
            if context.nothing_found:
                print("note: " + ("nothing in the collections matches this question."
                                  if context.mode == "nothing" else
                                  "not even one passage fits in the model's context."), file=sys.stderr)
            messages = [{"role": "system", "content": context.system_text()}, *question]

            def on_chunk(chunk) -> None:
                if chunk.text:
                    sys.stdout.write(chunk.text)
                    sys.stdout.flush()

            collect(stream_chat_turn(backend, messages, settings.params, threading.Event()), on_chunk)
        finally:
            backend.unload()
    finally:
        if embedder is not None:
            embedder.close()
        for s in stores:
            s.close()
    print()
    if context.sources:
        print("\nSources:" if context.mode == "passages" else "\nSources (whole documents):")
        for s in context.sources:
            span = f" [{s.start}:{s.end}]" if s.start >= 0 else ""
            print(f"[{s.number}] {s.file}{f' p.{s.page}' if s.page else ''}{span}")
    if context.left_out:
        print(f"({len(context.left_out)} more passages did not fit in the context.)")
    return 0


def run(args) -> int:
    """Dispatch `docs ...` and `ask`; DocumentError becomes one line on stderr in cli.main."""
    if args.command == "ask":
        return cmd_ask(args)
    return {"add": cmd_add, "list": cmd_list, "remove": cmd_remove, "search": cmd_search}[args.docs_command](args)
