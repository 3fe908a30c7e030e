"""Parallel requests: which ones the server decodes together in one batch, and the view of the backend they see.

A llama.cpp model decodes up to `parallel` requests together (core/backends/llama_batch.py); their work runs on
threads of the runner's own (not on the model's serial queue, which would run them one after the other) and calls
the backend's batched methods. The routes keep calling `chat_stream` and `complete_stream`: `BatchedView` maps those
to the batched methods, so one route serves both ways. PyTorch models, requests with images and `--parallel 1`
keep the serial queue.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from desktop_app.core.engine.types import ChatMessage, Chunk, GenerationParams
from desktop_app.core.models.spec import Engine, ModelSpec

DEFAULT_PARALLEL = 4  # LM Studio serves 4 requests in parallel by default; llama.cpp's server batches its slots


def batches(spec: ModelSpec, parallel: int, messages: Sequence[ChatMessage] | None = None) -> bool:
    """Whether a request for this model is decoded in the shared batch."""
    if parallel <= 1 or Engine(spec.backend) is not Engine.LLAMA_CPP:
        return False
    from desktop_app.core.backends.llama_vision_messages import has_images

    return not (messages and has_images(messages))


class BatchedView:
    """The backend as a route sees it, with generation going through the shared batch."""

    def __init__(self, backend: Any, slots: int) -> None:
        self._backend = backend
        self._slots = slots

    def chat_stream(self, messages: Sequence[ChatMessage], params: GenerationParams,
                    cancel: threading.Event) -> Iterator[Chunk]:
        return self._backend.chat_stream_batched(messages, params, cancel, slots=self._slots)

    def complete_stream(self, prompt: str, params: GenerationParams, cancel: threading.Event) -> Iterator[Chunk]:
        return self._backend.complete_stream_batched(prompt, params, cancel, slots=self._slots)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)
