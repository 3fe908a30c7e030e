"""Fixtures shared by the llama.cpp integration tests."""

from __future__ import annotations

import pytest

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.models.spec import ModelSpec


@pytest.fixture(scope="module")
def smol(smollm2):
    """SmolLM2 in this process (no engine), one thread, 2,048 tokens of context; one per test module."""
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=2048, n_threads=1))
    yield b
    b.unload()
