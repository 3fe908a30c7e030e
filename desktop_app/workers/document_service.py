"""DocumentService: the window's one way to index, search and build chat context from document collections.

The embedding model (all-MiniLM-L6-v2) is loaded through ModelManager like any model, in its engine process, and
every Documents job runs on that model's own serial thread (ModelManager.submit): indexing, searching and building
a chat's context never touch the GUI thread, and never race each other over an index file. Without the embedding
package the same jobs run on the utility thread with BM25 alone.

Jobs report `progress(done, total)` in files and `stage` as a sentence with the ETA; cancel() stops indexing
between files (and between embedding batches), leaving the finished files searchable. pause() ends the run after
the current file (IndexReport.paused) and keeps the file watcher from re-indexing that collection until resume(),
which runs the next sync: the files already indexed are skipped.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Signal

from desktop_app.core.documents.collections import delete_collection, list_collections, open_collection
from desktop_app.core.documents.context import DocumentContext, build_context
from desktop_app.core.documents.crosslang import collection_languages, translate_question, translation_targets
from desktop_app.core.documents.embedder import BackendEmbedder, default_embedding_spec, model_card_languages
from desktop_app.core.documents.indexer import Indexer, IndexProgress, IndexReport
from desktop_app.core.documents.search import SearchResult, search
from desktop_app.core.engine.types import LoadOptions
from desktop_app.core.models.spec import ModelSpec
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

EMBED_OPTIONS = LoadOptions(device="cpu", n_ctx=0)
WATCH_LIMIT = 4000  # paths watched at most (inotify watches are a per-user resource); folders first
SETTLE_MS = 1500  # changes this close together are one re-index
WATCH_SLICE = 250  # paths added to or removed from the watcher per event-loop turn


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
    sync_started = Signal(str, object)  # collection, Job: a re-index the file watcher started


    def __init__(self, manager: ModelManager, root: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.manager = manager
        self.root = root  # None: the app's data folder (collections.documents_dir)
        self.spec = default_embedding_spec()
        # Watching: a change under a collection's sources re-indexes that collection (new, edited, deleted files).
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_changed)
        self.watcher.fileChanged.connect(self._on_changed)
        self._watched: dict[str, list[Path]] = {}  # collection -> its sources
        self._due: set[str] = set()
        self._watch_queue: tuple[list[str], list[str]] = ([], [])  # paths to stop and start watching
        self._indexing: dict[str, Job] = {}
        self._pauses: dict[str, threading.Event] = {}  # the running index of a collection -> its Pause
        self.paused: set[str] = set()  # collections paused by the user (the watcher leaves them alone)
        self.languages: dict[str, list[str]] = {}  # collection -> the languages it is written in (crosslang.py)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._sync_due)

    # -- running work where it belongs ----------------------------------------------------------------------------
    def _run(self, work: Callable[[Job, BackendEmbedder | None], Any], name: str,
             before_start: Callable[[Job], None] | None) -> Job:
        """work(job, embedder) on the embedding model's thread (loading it first if needed), else the utility's."""
        if self.spec is None:
            return self.manager.run_background(lambda job: work(job, None), name, before_start)
        # Loaded already (the chat model chosen as the embedding model, say): used as it is, never reloaded.
        if self.manager.get(self.spec.id) is None and self.manager.pending_load(self.spec.id) is None:
            self.manager.load(self.spec, EMBED_OPTIONS)
        folder = Path(self.spec.path)
        languages = model_card_languages(folder) if folder.is_dir() else None  # a GGUF's: unknown, trusted
        name_ = self.spec.name
        return self.manager.submit(self.spec.id, lambda job, backend: work(job, BackendEmbedder(backend, name_,
                                                                                                   languages)),
                                   name, before_start)

    def use_embedding_model(self, spec: ModelSpec | None) -> None:
        """The model that embeds passages and questions from now on (the Models page's "Documents" row): a
        sentence-transformers folder, a GGUF embedding model, or a chat GGUF (mean-pooled, llama_embed.py); None is
        the built-in all-MiniLM-L6-v2. Collections indexed with another model are searched by BM25 alone until
        they are indexed again (search.py), and adding files to them says so."""
        self.spec = spec or default_embedding_spec()
        self.collections_changed.emit()

    def uses_builtin_embedding(self) -> bool:
        """Whether passages are embedded by the built-in all-MiniLM-L6-v2 (English only), or not at all."""
        builtin = default_embedding_spec()
        return self.spec is None or (builtin is not None and self.spec.path == builtin.path)

    def use_embedding_path(self, path: str, models_dir: Path) -> None:
        """use_embedding_model() for the path the settings hold ("" is the built-in model)."""
        from desktop_app.core.models.registry import spec_for_path

        self.use_embedding_model(spec_for_path(path, models_dir) if path else None)

    # -- collections ----------------------------------------------------------------------------------------------
    def list(self, before_start: Callable[[Job], None]) -> Job:
        """The collections with their files: result [(name, stats, [FileRecord...])]. The watcher follows their
        sources from then on."""
        def work(_job: Job) -> list[tuple[str, dict, list]]:
            out = []
            for name in list_collections(self.root):
                store = open_collection(name, self.root, create=False)
                try:
                    stats = {**store.stats(), "unfinished": int(store.meta("pending") == "1"),
                             "languages": collection_languages(store)}
                    out.append((name, stats, store.files(), store.sources()))
                finally:
                    store.close()
            return out

        def connect(job: Job) -> None:  # before it is queued: a quick job could end before a later connect
            job.finished.connect(self._watch)
            before_start(job)

        return self.manager.run_background(work, "list collections", connect)

    # -- watching ---------------------------------------------------------------------------------------------------
    def _watch(self, listed: list) -> None:
        """Follow the collections' folders (and their subfolders holding indexed files) and files. Set arithmetic
        throughout: with 10,000 files a list-based diff took most of a second on the GUI thread; paths are added
        and removed in slices between events (bench/documents_10k.py)."""
        self._watched = {name: sources for name, _stats, _files, sources in listed}
        self.languages = {name: stats.get("languages", []) for name, stats, _files, _sources in listed}
        folders = list(dict.fromkeys(str(p) for sources in self._watched.values() for p in sources if p.is_dir()))
        roots = tuple(os.path.join(f, "") for f in folders)
        known = set(folders)
        files: list[str] = []
        for _name, _s, recs, _src in listed:  # subfolders too, so a file added anywhere is seen
            for rec in recs:
                files.append(rec.path)
                parent = os.path.dirname(rec.path)
                if parent not in known and parent.startswith(roots):
                    known.add(parent)
                    folders.append(parent)
        wanted = (folders + files)[:WATCH_LIMIT]
        wanted_set = set(wanted)
        old = set(self.watcher.directories()) | set(self.watcher.files())
        self._watch_queue = ([p for p in old if p not in wanted_set], [p for p in wanted if p not in old])
        self._apply_watch_slice()

    def _apply_watch_slice(self) -> None:
        gone, new = self._watch_queue
        if gone:
            self.watcher.removePaths(gone[:WATCH_SLICE])
            del gone[:WATCH_SLICE]
        elif new:
            batch = [p for p in new[:WATCH_SLICE] if Path(p).exists()]
            del new[:WATCH_SLICE]
            if batch:
                self.watcher.addPaths(batch)
        if gone or new:
            QTimer.singleShot(0, self._apply_watch_slice)

    def _on_changed(self, path: str) -> None:
        for name, sources in self._watched.items():
            if any(path == str(s) or path.startswith(str(s).rstrip("/") + "/") for s in sources):
                self._due.add(name)
        if self._due:
            self._settle.start()

    def _sync_due(self) -> None:
        for name in sorted(self._due):
            if name in self._indexing or name in self.paused:
                continue  # the running index will be followed by the next change, or rescans next time
            self._due.discard(name)
            # Announced before it is queued, so a view connecting to it sees every signal.
            self.index(name, [], lambda job, n=name: self.sync_started.emit(n, job))

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
        pause = threading.Event()
        self.paused.discard(name)

        def work(job: Job, embedder: BackendEmbedder | None) -> IndexReport:
            store = open_collection(name, self.root)
            try:
                def progress(p: IndexProgress) -> None:
                    job.progress.emit(p.done, p.total)
                    job.stage.emit(eta_text(p))

                return Indexer(store, embedder).add(paths, progress, job.cancel_event, pause)
            finally:
                store.close()

        def connect(job: Job) -> None:  # before it is queued, so a quick job's end is never missed
            self._indexing[name] = job
            self._pauses[name] = pause
            job.ended.connect(self._on_index_ended)  # a bound method: delivered on the GUI thread
            before_start(job)

        return self._run(work, f"index {name}", connect)

    def _on_index_ended(self) -> None:
        job = self.sender()
        for name in [n for n, j in self._indexing.items() if j is job]:
            del self._indexing[name]
            self._pauses.pop(name, None)
        self.collections_changed.emit()

    def pause(self, name: str) -> None:
        """Pause the collection's indexing after the current file; the watcher leaves it alone until resume()."""
        if name in self._pauses:
            self._pauses[name].set()
            self.paused.add(name)

    def resume(self, name: str, before_start: Callable[[Job], None]) -> Job:
        """Go on where a paused (or interrupted) run stopped: a sync that skips the files already indexed."""
        return self.index(name, [], before_start)

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

    def translation_targets(self, names: Sequence[str], question: str) -> list[str]:
        """The languages of these collections (as last listed) that the question is not written in."""
        return translation_targets(question, [lang for n in names for lang in self.languages.get(n, [])])

    def translate_question(self, model_id: str, question: str, targets: Sequence[str],
                           before_start: Callable[[Job], None]) -> Job:
        """The question in the collections' languages, by the chat model on its own thread; result: [str]."""
        targets = list(targets)
        return self.manager.submit(
            model_id, lambda job, backend: translate_question(backend, question, targets, job.cancel_event),
            "translate the question", before_start)

    def context(self, names: Sequence[str], question: str, budget_tokens: int,
                before_start: Callable[[Job], None], also: Sequence[str] = ()) -> Job:
        """What of the attached collections goes to the chat model; result: DocumentContext. `also`: the
        question's translations (translate_question), searched too."""
        names, also = list(names), tuple(also)

        def work(job: Job, embedder: BackendEmbedder | None) -> DocumentContext:
            stores = [open_collection(n, self.root, create=False) for n in names]
            try:
                return build_context(stores, question, embedder, budget_tokens, cancel=job.cancel_event, also=also)
            finally:
                for s in stores:
                    s.close()

        return self._run(work, "documents for chat", before_start)
