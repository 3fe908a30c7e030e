"""DocumentService: the window's one way to index, search and build chat context from document collections.

The embedding model (all-MiniLM-L6-v2) is loaded through ModelManager like any model, in its engine process, and
every Documents job runs on that model's own serial thread (ModelManager.submit): indexing, searching and building
a chat's context never touch the GUI thread, and never race each other over an index file. Without the embedding
package the same jobs run on the utility thread with BM25 alone.

Jobs report `progress(done, total)` in files and `stage` as a sentence with the ETA; cancel() stops indexing
between files (and between embedding batches), leaving the finished files searchable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop_app.core.documents.collections import delete_collection, list_collections, open_collection
from desktop_app.core.documents.context import DocumentContext, build_context
from desktop_app.core.documents.embedder import BackendEmbedder, default_embedding_spec, model_card_languages
from desktop_app.core.documents.indexer import Indexer, IndexProgress, IndexReport
from desktop_app.core.documents.search import SearchResult, search
from desktop_app.core.engine.types import LoadOptions
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

EMBED_OPTIONS = LoadOptions(device="cpu", n_ctx=0)


def eta_text(p: IndexProgress) -> str:
    """'3 of 10 files, about 12 s left' in the user's language (called on the worker thread: translate is safe)."""
    text = QCoreApplication.translate("DocumentService", "{done} of {total} files, {passages} passages")
    text = text.format(done=p.done, total=p.total, passages=p.passages)
    if p.eta_s:
        left = QCoreApplication.translate("DocumentService", "about {s} s left").format(s=max(1, round(p.eta_s)))
        text = f"{text}, {left}"
    return text


class DocumentService(QObject):
    collections_changed = Signal()

    def __init__(self, manager: ModelManager, root: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.manager = manager
        self.root = root  # None: the app's data folder (collections.documents_dir)
        self.spec = default_embedding_spec()

    # -- running work where it belongs ----------------------------------------------------------------------------
    def _run(self, work: Callable[[Job, BackendEmbedder | None], Any], name: str,
             before_start: Callable[[Job], None] | None) -> Job:
        """work(job, embedder) on the embedding model's thread (loading it first if needed), else the utility's."""
        if self.spec is None:
            return self.manager.run_background(lambda job: work(job, None), name, before_start)
        if not self.manager.is_loaded(self.spec, EMBED_OPTIONS) and self.manager.pending_load(self.spec.id) is None:
            self.manager.load(self.spec, EMBED_OPTIONS)
        languages = model_card_languages(Path(self.spec.path))
        name_ = self.spec.name
        return self.manager.submit(self.spec.id, lambda job, backend: work(job, BackendEmbedder(backend, name_,
                                                                                                   languages)),
                                   name, before_start)

    # -- collections ----------------------------------------------------------------------------------------------
    def list(self, before_start: Callable[[Job], None]) -> Job:
        """The collections with their files: result [(name, stats, [FileRecord...])]."""
        def work(_job: Job) -> list[tuple[str, dict, list]]:
            out = []
            for name in list_collections(self.root):
                store = open_collection(name, self.root, create=False)
                try:
                    out.append((name, store.stats(), store.files()))
                finally:
                    store.close()
            return out

        return self.manager.run_background(work, "list collections", before_start)

    def create(self, name: str) -> None:
        open_collection(name, self.root).close()
        self.collections_changed.emit()

    def delete(self, name: str) -> None:
        delete_collection(name, self.root)
        self.collections_changed.emit()

    # -- indexing, search, chat context -----------------------------------------------------------------------------
    def index(self, name: str, paths: Sequence[Path], before_start: Callable[[Job], None]) -> Job:
        """Add files and folders to a collection and bring its index up to date; result: IndexReport."""
        paths = [Path(p) for p in paths]

        def work(job: Job, embedder: BackendEmbedder | None) -> IndexReport:
            store = open_collection(name, self.root)
            try:
                def progress(p: IndexProgress) -> None:
                    job.progress.emit(p.done, p.total)
                    job.stage.emit(eta_text(p))

                return Indexer(store, embedder).add(paths, progress, job.cancel_event)
            finally:
                store.close()

        job = self._run(work, f"index {name}", before_start)
        job.ended.connect(self.collections_changed)
        return job

    def search(self, names: Sequence[str], query: str, top_k: int,
               before_start: Callable[[Job], None]) -> Job:
        names = list(names)

        def work(job: Job, embedder: BackendEmbedder | None) -> SearchResult:
            stores = [open_collection(n, self.root, create=False) for n in names]
            try:
                return search(stores, query, embedder, top_k=top_k, cancel=job.cancel_event)
            finally:
                for s in stores:
                    s.close()

        return self._run(work, "search documents", before_start)

    def context(self, names: Sequence[str], question: str, budget_tokens: int,
                before_start: Callable[[Job], None]) -> Job:
        """What of the attached collections goes to the chat model; result: DocumentContext."""
        names = list(names)

        def work(job: Job, embedder: BackendEmbedder | None) -> DocumentContext:
            stores = [open_collection(n, self.root, create=False) for n in names]
            try:
                return build_context(stores, question, embedder, budget_tokens, cancel=job.cancel_event)
            finally:
                for s in stores:
                    s.close()

        return self._run(work, "documents for chat", before_start)
