"""/v1/embeddings: which served models can give embeddings.

The vectors come from the model's engine process (`Backend.embeddings`; llama.cpp computes them in
core/backends/llama_embed.py), queued with the model's generations like any other request. Only GGUF models embed
here; others get a clear 400 before anything is queued.
"""

from __future__ import annotations

from desktop_app.core.models.spec import Engine, ModelSpec


def embedding_unsupported_reason(spec: ModelSpec) -> str | None:
    """Why this model cannot give embeddings, or None when it can."""
    if spec.backend != Engine.LLAMA_CPP:
        return (f"{spec.name} cannot create embeddings: this server computes embeddings with llama.cpp, so only GGUF "
                "models serve /v1/embeddings.")
    return None
