"""Small helpers shared by the PyTorch backend tests."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from desktop_app.core.backends import create_backend
from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.models.spec import ModelSpec

GREEDY: dict[str, Any] = {"temperature": 0.0, "repeat_penalty": 1.0}


def spec_for(path: Path, **extra: Any) -> ModelSpec:
    return ModelSpec(path=Path(path), name=Path(path).name, backend="transformers", extra=extra)


def load(path: Path, device: str = "cpu", **kwargs: Any):
    """A TransformersBackend through the app's registry, loaded on the CPU unless told otherwise."""
    extra = kwargs.pop("extra", {})
    backend = create_backend(spec_for(path, **extra))
    backend.load(spec_for(path, **extra), LoadOptions(device=device, **kwargs))
    return backend


class StopAfterChecks(threading.Event):
    """A cancel event that the user "sets" after the generation loop has checked it `n` times.

    Generation checks the event once per token, so this presses Stop at a known point mid-stream without racing
    the generation thread.
    """

    def __init__(self, n: int):
        super().__init__()
        self.n = n
        self.checks = 0

    def is_set(self) -> bool:
        self.checks += 1
        if self.checks > self.n:
            self.set()
        return super().is_set()
