"""/v1/embeddings: which served models can give embeddings.

The vectors come from the model's engine process (`Backend.embeddings`; llama.cpp computes them in
core/backends/llama_embed.py, a sentence-transformers folder such as all-MiniLM-L6-v2, the Documents index's model,
in core/backends/pytorch/embedder.py), queued with the model's generations like any other request. Other models get
a clear 400 before anything is queued.
"""

from __future__ import annotations

from collections.abc import Collection

from desktop_app.core.engine.types import Capability
from desktop_app.core.models.spec import Engine, ModelSpec


def embedding_unsupported_reason(spec: ModelSpec, capabilities: Collection[str] = ()) -> str | None:
    """Why this model cannot give embeddings, or None when it can."""
    if spec.backend == Engine.LLAMA_CPP or Capability.EMBEDDING in capabilities:
        return None
    return (f"{spec.name} cannot create embeddings: GGUF models (llama.cpp) and sentence-transformers folders "
            "(such as all-MiniLM-L6-v2) serve /v1/embeddings.")
