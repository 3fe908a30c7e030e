"""Embeddings with llama.cpp: a second instance of a chat GGUF, in embedding mode, inside its engine process.

llama-cpp-python's `Llama.embed` needs a context created with `embedding=True`, which the chat instance is not (an
embedding context does not sample). So the first embeddings request loads the same file again in that mode, with
mean pooling and a small context, and keeps it while the model stays loaded. It costs the model's weights once more
in memory (98 MB for SmolLM2, 491 MB for Qwen2.5-0.5B); a model that never gets an embeddings request never pays it.
A chat model's mean-pooled hidden states are usable for similarity, though a dedicated embedding GGUF is better;
the vectors are L2-normalised, as OpenAI's are.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from desktop_app.core.backends.base import physical_cores
from desktop_app.core.errors import ContextOverflowError, ModelLoadError
from desktop_app.core.messages import phrase

EMBED_CTX = 512  # the longest input, in tokens; also the batch, so one input is one decode


class LlamaEmbedder:
    """One embedding-mode `Llama` over a GGUF file."""

    def __init__(self, path: Path, n_ctx: int = EMBED_CTX, n_threads: int = 0) -> None:
        import llama_cpp

        self.path = path
        try:
            self._llm = llama_cpp.Llama(
                model_path=str(path),
                embedding=True,
                pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN,
                n_ctx=n_ctx,
                n_batch=n_ctx,
                n_ubatch=n_ctx,
                n_threads=n_threads or physical_cores(),
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelLoadError(phrase("llama.cpp could not load {name} for embeddings: {error}", name=path.name, error=exc)) from exc
        self.n_ctx = n_ctx

    def embed(self, texts: Sequence[str], cancel: threading.Event) -> tuple[list[list[float]], int]:
        """One normalised vector per text and the number of tokens read. A text longer than the context raises
        ContextOverflowError (never silently truncated)."""
        counts = []
        for i, text in enumerate(texts):
            n = len(self._llm.tokenize(text.encode("utf-8"), add_bos=True, special=False))
            if n > self.n_ctx:
                raise ContextOverflowError(
                    phrase("input[{i}] is {n} tokens, but embeddings read at most {n_ctx} tokens per input.", i=i, n=f"{n:,}", n_ctx=f"{self.n_ctx:,}")
                )
            counts.append(n)
        vectors: list[list[float]] = []
        for text in texts:  # one at a time: cancel acts between inputs
            if cancel.is_set():
                break
            vectors.append(list(self._llm.embed(text, normalize=True, truncate=False)))
        return vectors, sum(counts)

    def close(self) -> None:
        self._llm.close()
