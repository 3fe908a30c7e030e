"""Inference engines behind one Backend protocol (see base.py).

`create_backend(spec)` maps a model's backend name to its class. Engine modules are imported only when a model
of that kind is created, so starting the app never pays for llama_cpp or torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.core.messages import phrase
from desktop_app.core.models.spec import Engine

if TYPE_CHECKING:
    from desktop_app.core.backends.base import Backend
    from desktop_app.core.models.spec import ModelSpec


def create_backend(spec: ModelSpec) -> Backend:
    if spec.backend == Engine.LLAMA_CPP:
        from desktop_app.core.backends.llama_cpp import LlamaCppBackend

        return LlamaCppBackend()
    elif spec.backend == Engine.TRANSFORMERS:
        from desktop_app.core.backends.pytorch.loader import TransformersBackend

        return TransformersBackend()
    elif spec.backend == Engine.REMOTE:
        from desktop_app.core.backends.remote import RemoteBackend

        return RemoteBackend()
    raise ValueError(phrase("No backend named {backend}", backend=repr(spec.backend)))
