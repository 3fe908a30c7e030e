"""The one way a PyTorch model loads: inspect the path, pick the family's class, load into it.

`create_backend` (backends/__init__.py) makes a TransformersBackend before anything is known about the model, and
the engine host then calls `load()`; only the folder says which family the model is. So TransformersBackend is a
thin front: `load()` resolves the path (a GGUF file becomes a cached folder), asks folder.inspect_folder what the
folder holds, loads it into that family's class, and from then on every attribute is the family backend's own. A
method a family lacks answers as BackendBase does ("<model> cannot classify text."), never with AttributeError.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import LoadOptions, ModelInfo, ProgressCallback
from desktop_app.core.backends.pytorch.base import TorchBackend
from desktop_app.core.backends.pytorch.captioner import BlipCaptioner, VisionEncoderDecoderCaptioner
from desktop_app.core.backends.pytorch.causal import CausalBackend
from desktop_app.core.backends.pytorch.classifier import ClassifierBackend
from desktop_app.core.backends.pytorch.embedder import EmbedderBackend
from desktop_app.core.backends.pytorch.folder import Family, inspect_folder, resolve_model_folder
from desktop_app.core.backends.pytorch.generation import check_cancel
from desktop_app.core.backends.pytorch.seq2seq import Seq2SeqBackend
from desktop_app.core.backends.pytorch.vision import VisionChatBackend
from desktop_app.core.models.spec import ModelSpec

FAMILY_BACKENDS: dict[Family, type[TorchBackend]] = {
    Family.CAUSAL: CausalBackend,
    Family.IMAGE_TEXT: VisionChatBackend,
    Family.SEQ2SEQ: Seq2SeqBackend,
    Family.CLASSIFIER: ClassifierBackend,
    Family.BLIP: BlipCaptioner,
    Family.VISION_ENCODER_DECODER: VisionEncoderDecoderCaptioner,
    Family.EMBEDDING: EmbedderBackend,
}


class TransformersBackend:
    """The Backend for `spec.backend == "transformers"`: loads a model folder into its family's TorchBackend."""

    def __init__(self) -> None:
        self.family_backend: TorchBackend = TorchBackend()  # unloaded: its calls say "No model is loaded."

    def load(
        self,
        spec: ModelSpec,
        options: LoadOptions,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> ModelInfo:
        from desktop_app.core import extras

        extras.require("torch", feature="PyTorch models")  # one sentence naming the extra, not an ImportError
        if progress:
            progress(0, 0)
        folder, gguf_cache = resolve_model_folder(Path(spec.path).expanduser(), cancel)
        found = inspect_folder(
            folder,
            trust_remote_code=spec.extra.get("trust_remote_code") is True,
            allow_pickle=spec.extra.get("allow_pickle") is True,
        )
        check_cancel(cancel)
        backend = FAMILY_BACKENDS[found.family]()
        info = backend.load_folder(spec, options, folder, found, cancel)
        if gguf_cache:
            info.extra["gguf_cache"] = gguf_cache
        self.family_backend = backend
        if progress:
            progress(1, 1)
        return info

    def __getattr__(self, name: str) -> Any:
        # Called only for names this class lacks: everything but load() is the family backend's.
        if name == "family_backend":  # not set yet (copy, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.family_backend, name)
