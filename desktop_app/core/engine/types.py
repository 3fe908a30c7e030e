"""The values every engine takes and gives: options, sampling parameters, streamed chunks, model info, scores.

They cross the engine process boundary (core/engine/wire.py), and the window's tabs build and read them, so they
live here, apart from the backends that run models (core/backends/, which the window never imports).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from enum import Enum
from typing import Any

import psutil


class Capability(str, Enum):
    CHAT = "chat"
    VISION = "vision"
    SEQ2SEQ = "seq2seq"
    CLASSIFIER = "classifier"
    CAPTIONER = "captioner"
    EMBEDDING = "embedding"  # a sentence encoder: embeddings() only (the Documents index, /v1/embeddings)


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
    # Draft tokens from n-gram matches in the prompt and verify them in one batch (llama.cpp: llama_decode.py).
    # It adapts, resting when drafts fail, so it stays on unless a benchmark wants the plain loop.
    prompt_lookup: bool = True
    # Tools the model may call (core/tools/): their definitions in OpenAI's `tools` shape, as JSON text (the params
    # stay frozen and hashable); the chat template renders them. "" offers none.
    tools: str = ""
    # Thinking of a reasoning model: "auto" (the template's default), "on" or "off", carried to the chat template
    # (core/tasks/reasoning.py). Task tabs ask for "off": their results never hold thinking.
    thinking: str = "auto"
    # The most tokens a reasoning model may think (0: no limit): then its thinking block is closed for it and it
    # answers (llama.cpp: core/backends/llama_budget.py).
    thinking_budget: int = 0
    # Structured output: a JSON schema (as JSON text) the reply must follow, or a GBNF grammar. llama.cpp enforces
    # either with a grammar; other engines refuse them with a sentence (core/tasks/structured.py).
    json_schema: str = ""
    grammar: str = ""
    # A text the reply should not copy word for word (a summary's source): llama.cpp lowers the tokens that would
    # carry a verbatim run past a dozen characters (core/backends/llama_copy_penalty.py); other engines ignore it.
    avoid_copying: str = ""
    # How hard that penalty is in words mode (English): 0 content words pay from a run of 3 words; 1 function words
    # pay too; 2 also from a run of 2 words, with a higher penalty (llama_copy_penalty.STRENGTHS).
    copy_strength: int = 0

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
    `reasoning` is a reasoning model's thinking, split from the answer (core/tasks/reasoning.py): never in `text`.
    """

    text: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None
    dropped_turns: int = 0
    threads: int = 0  # the last chunk: how many threads llama.cpp decoded with at the end (0: not reported)
    reasoning: str = ""


# {"role": "system"|"user"|"assistant", "content": "..."}. A user message to a model with Capability.VISION may
# also carry "images": a list of absolute image file paths (str), shown to the model before its text. Backends
# open them with core.tasks.images.open_image, so every engine sees the same orientation and colours.
ChatMessage = dict[str, object]
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class VisionInfo:
    """A llama.cpp model's image projector: the file and chat handler in use, or why a guessed one was not used."""

    mmproj: str = ""  # the projector file's name
    handler: str = ""  # the chat handler class that lays out image parts (MTMDChatHandler, Llava15ChatHandler...)
    error: str = ""  # set when a guessed projector did not fit: the model then chats without images


@dataclass
class ModelInfo:
    """What a loaded model reports about itself, for the status bar, the library and the tasks.

    It crosses the engine process boundary (pickled), so every field is a plain value. What a tab or task reads is
    a typed field here; `extra` keeps engine details only printed or tested (dtype, folder, gguf_cache; a remote
    server's base_url and model)."""

    name: str
    architecture: str = ""
    n_ctx: int = 0
    n_ctx_train: int = 0
    n_params: int = 0
    device: str = "CPU"
    family: str = ""  # PyTorch: the model family (core/backends/pytorch/folder.py Family: "causal-lm", "seq2seq"...)
    labels: tuple[str, ...] = ()  # a classifier's own labels, in its output order
    multi_label: bool = False  # a classifier whose labels are independent (sigmoids, not a softmax)
    translation: dict[str, Any] | None = None  # what a translation model can translate (pytorch/translation.py)
    quantization: str = ""  # GGUF: the weights' quantization (Q4_K_M...)
    threads: int | None = None  # llama.cpp: the CPU threads it runs on
    vision: VisionInfo | None = None  # llama.cpp: the image projector loaded beside the model, or why not
    base_model: bool = False  # llama.cpp: a text model without a chat template, which continues text (Complete)
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
