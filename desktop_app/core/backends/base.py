"""The Backend protocol: one interface for llama.cpp, PyTorch and remote engines.

Every caller (the GUI's worker threads, the CLI, the benchmarks and, later, the API server) drives a model through
this protocol only, so they all share the same chat template, sampling and cancellation code.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

from desktop_app.core.engine.types import (  # noqa: F401 (re-exported: the backends' vocabulary)
    Capability,
    ChatMessage,
    Chunk,
    GenerationParams,
    LabelScores,
    LoadOptions,
    ModelInfo,
    ProgressCallback,
    VisionInfo,
    physical_cores,
)
from desktop_app.core.messages import phrase
from desktop_app.core.models.spec import ModelSpec


@runtime_checkable
class Backend(Protocol):
    capabilities: frozenset[Capability]
    info: ModelInfo | None  # what the loaded model reports about itself; None before load()

    def load(
        self,
        spec: ModelSpec,
        options: LoadOptions,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> ModelInfo: ...

    def unload(self) -> None: ...

    def close(self) -> None:
        """The same as unload(): frees the model (and, for an engine process, ends it)."""
        ...

    @property
    def n_ctx(self) -> int: ...

    def count_chat_tokens(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> int:
        """Tokens the formatted prompt for these messages takes, generation prompt included, with thinking switched
        as GenerationParams.thinking says (core/tasks/reasoning.py)."""
        ...

    def chat_stream(
        self, messages: Sequence[ChatMessage], params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]: ...

    def complete_stream(
        self, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]: ...

    def count_tokens(self, text: str) -> int: ...

    def format_chat(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> str:
        """The model's chat template rendered as text, ending with the generation prompt (the assistant's turn);
        `thinking` "off" renders it for an answer without thinking (Sentiment scores the answer's first word)."""
        ...

    # Task capabilities. A backend that lacks one raises UnsupportedTaskError (see BackendBase).
    def score_labels(self, prompt: str, labels: Sequence[str]) -> LabelScores: ...

    def score_labels_batch(self, prompts: Sequence[str], labels: Sequence[str]) -> list[LabelScores]: ...

    def classify(self, texts: Sequence[str], cancel: threading.Event | None = None) -> list[LabelScores]: ...

    def seq2seq(
        self,
        texts: Sequence[str],
        params: GenerationParams,
        cancel: threading.Event | None = None,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> list[str]:
        """One output per input. Translation models take the languages as app codes (see tasks/languages.py)."""
        ...

    def describe(
        self, images: Sequence[Any], prompt: str, params: GenerationParams, cancel: threading.Event | None = None
    ) -> list[str]:
        """One caption per PIL image (RGB), batched on the model where that helps. A backend whose
        `takes_image_paths` is true (an engine process) takes file paths instead, and opens them itself."""
        ...

    def describe_stream(
        self, image: Any, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        """One image's caption as it is generated (the single-image view streams it next to the preview)."""
        ...

    def embeddings(self, texts: Sequence[str], cancel: threading.Event) -> tuple[list[list[float]], int]:
        """One L2-normalised vector per text, and the number of tokens read (for /v1/embeddings)."""
        ...


class BackendBase:
    """Defaults for the task capabilities a backend does not have: a clear error, never an AttributeError."""

    capabilities: frozenset[Capability] = frozenset()
    info: ModelInfo | None = None

    def close(self) -> None:
        self.unload()

    def _unsupported(self, template: str):
        """The error for a task this model cannot do; `template` is a phrase() with a {name} field."""
        from desktop_app.core.errors import UnsupportedTaskError

        name = self.info.name if self.info else phrase("This model")
        return UnsupportedTaskError(phrase(template, name=name))

    def format_chat(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> str:
        raise self._unsupported(phrase("{name} cannot format a chat prompt."))

    def score_labels(self, prompt: str, labels: Sequence[str]) -> LabelScores:
        raise self._unsupported(phrase("{name} cannot score labels."))

    def score_labels_batch(self, prompts: Sequence[str], labels: Sequence[str]) -> list[LabelScores]:
        """score_labels for each prompt; llama.cpp decodes them together (one call to the engine either way)."""
        return [self.score_labels(prompt, labels) for prompt in prompts]

    def classify(self, texts: Sequence[str], cancel: threading.Event | None = None) -> list[LabelScores]:
        raise self._unsupported(phrase("{name} cannot classify text."))

    def seq2seq(
        self,
        texts: Sequence[str],
        params: GenerationParams,
        cancel: threading.Event | None = None,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> list[str]:
        raise self._unsupported(phrase("{name} cannot run sequence-to-sequence generation."))

    def describe(
        self, images: Sequence[Any], prompt: str, params: GenerationParams, cancel: threading.Event | None = None
    ) -> list[str]:
        raise self._unsupported(phrase("{name} cannot describe images."))

    def describe_stream(
        self, image: Any, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        """Engines that cannot stream a caption give it whole, as one chunk."""
        text = self.describe([image], prompt, params, cancel)[0]
        yield Chunk(text=text, finish_reason="cancelled" if cancel.is_set() else "stop")

    def embeddings(self, texts: Sequence[str], cancel: threading.Event) -> tuple[list[list[float]], int]:
        raise self._unsupported(phrase("{name} cannot create embeddings."))

    def chat_stream(self, messages, params, cancel):
        raise self._unsupported(phrase("{name} cannot chat."))

    def complete_stream(self, prompt, params, cancel):
        raise self._unsupported(phrase("{name} cannot complete text."))
