"""The Backend protocol: one interface for llama.cpp, PyTorch and remote engines.

Every caller (the GUI's worker threads, the CLI, the benchmarks and, later, the API server) drives a model through
this protocol only, so they all share the same chat template, sampling and cancellation code.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from enum import Enum
from typing import Any, Protocol, runtime_checkable

import psutil

from desktop_app.core.models.spec import ModelSpec


class Capability(str, Enum):
    CHAT = "chat"
    VISION = "vision"
    SEQ2SEQ = "seq2seq"
    CLASSIFIER = "classifier"
    CAPTIONER = "captioner"


def physical_cores() -> int:
    """All physical cores: llama.cpp runs fastest with one thread per core (llama-cpp-python defaults to half)."""
    return psutil.cpu_count(logical=False) or os.cpu_count() or 1


@dataclass(frozen=True)
class LoadOptions:
    """How to load a model. Changing any of these needs a reload."""

    n_ctx: int = 4096
    n_threads: int = 0  # 0 means all physical cores
    n_gpu_layers: int = 0
    device: str = "auto"  # auto / cpu / cuda / mps (PyTorch backends)
    dtype: str = "auto"

    def resolved_threads(self) -> int:
        return self.n_threads if self.n_threads > 0 else physical_cores()


@dataclass(frozen=True)
class GenerationParams:
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 1024
    seed: int = -1  # -1 means random
    stop: tuple[str, ...] = ()
    num_beams: int = 1  # beam search width (PyTorch captioners and seq2seq); 1 means sample or greedy

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["stop"] = list(self.stop)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GenerationParams:
        known = {f.name for f in fields(cls)}
        clean = {k: v for k, v in data.items() if k in known}
        if "stop" in clean:
            clean["stop"] = tuple(clean["stop"] or ())
        return replace(cls(), **clean)


@dataclass(frozen=True)
class Chunk:
    """One piece of a streamed reply.

    `text` may be empty (a multi-byte character still incomplete, or a chunk that only carries a notice or the
    finish reason). The last chunk of a stream has `finish_reason` set: "stop", "length" or "cancelled".
    """

    text: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None
    dropped_turns: int = 0


# {"role": "system"|"user"|"assistant", "content": "..."}. A user message to a model with Capability.VISION may
# also carry "images": a list of absolute image file paths (str), shown to the model before its text. Backends
# open them with core.tasks.images.open_image, so every engine sees the same orientation and colours.
ChatMessage = dict[str, object]
ProgressCallback = Callable[[int, int], None]


@dataclass
class ModelInfo:
    """What a loaded model reports about itself, for the status bar and the library."""

    name: str
    architecture: str = ""
    n_ctx: int = 0
    n_ctx_train: int = 0
    n_params: int = 0
    device: str = "CPU"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LabelScores:
    """Probabilities over a label set (they sum to 1 for single-label tasks)."""

    labels: list[str]
    probabilities: list[float]
    multi_label: bool = False

    @property
    def best(self) -> str:
        return self.labels[max(range(len(self.labels)), key=self.probabilities.__getitem__)]


@runtime_checkable
class Backend(Protocol):
    capabilities: frozenset[Capability]

    def load(
        self,
        spec: ModelSpec,
        options: LoadOptions,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> ModelInfo: ...

    def unload(self) -> None: ...

    @property
    def n_ctx(self) -> int: ...

    def count_chat_tokens(self, messages: Sequence[ChatMessage]) -> int:
        """Tokens the formatted prompt for these messages takes, generation prompt included."""
        ...

    def chat_stream(
        self, messages: Sequence[ChatMessage], params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]: ...

    def complete_stream(
        self, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]: ...

    def count_tokens(self, text: str) -> int: ...

    def format_chat(self, messages: Sequence[ChatMessage]) -> str:
        """The model's chat template rendered as text, ending with the generation prompt (the assistant's turn)."""
        ...

    # Task capabilities. A backend that lacks one raises UnsupportedTaskError (see BackendBase).
    def score_labels(self, prompt: str, labels: Sequence[str]) -> LabelScores: ...

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

    def _unsupported(self, what: str):
        from desktop_app.core.errors import UnsupportedTaskError

        name = self.info.name if getattr(self, "info", None) else "This model"
        return UnsupportedTaskError(f"{name} cannot {what}.")

    def format_chat(self, messages: Sequence[ChatMessage]) -> str:
        raise self._unsupported("format a chat prompt")

    def score_labels(self, prompt: str, labels: Sequence[str]) -> LabelScores:
        raise self._unsupported("score labels")

    def classify(self, texts: Sequence[str], cancel: threading.Event | None = None) -> list[LabelScores]:
        raise self._unsupported("classify text")

    def seq2seq(
        self,
        texts: Sequence[str],
        params: GenerationParams,
        cancel: threading.Event | None = None,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> list[str]:
        raise self._unsupported("run sequence-to-sequence generation")

    def describe(
        self, images: Sequence[Any], prompt: str, params: GenerationParams, cancel: threading.Event | None = None
    ) -> list[str]:
        raise self._unsupported("describe images")

    def describe_stream(
        self, image: Any, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        """Engines that cannot stream a caption give it whole, as one chunk."""
        text = self.describe([image], prompt, params, cancel)[0]
        yield Chunk(text=text, finish_reason="cancelled" if cancel.is_set() else "stop")

    def embeddings(self, texts: Sequence[str], cancel: threading.Event) -> tuple[list[list[float]], int]:
        raise self._unsupported("create embeddings")

    def chat_stream(self, messages, params, cancel):
        raise self._unsupported("chat")

    def complete_stream(self, prompt, params, cancel):
        raise self._unsupported("complete text")
