"""What the app knows about a model before loading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any


class Engine(str, Enum):
    """The engine that runs a model (ModelSpec.backend). The values are the names saved settings hold, and a member
    equals its plain string, so a spec read back from JSON compares equal without conversion."""

    LLAMA_CPP = "llama_cpp"
    TRANSFORMERS = "transformers"
    REMOTE = "remote"

    __str__ = str.__str__  # "llama_cpp", as a StrEnum prints (Python 3.10 has none)
    __format__ = str.__format__


@dataclass(frozen=True)
class ModelSpec:
    path: Path
    name: str
    backend: str = Engine.LLAMA_CPP  # an Engine, or its plain string when read back from saved settings
    builtin: bool = False
    size_bytes: int = 0
    note: str = ""
    source: str = "app"  # app / user / hf-cache / lmstudio / ollama / remote / hub
    # Backend-specific settings (a remote server's base_url and key, an mmproj path, consent flags...).
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return str(self.path)

    @classmethod
    def from_path(cls, path: str | Path, name: str | None = None) -> ModelSpec:
        p = Path(path).expanduser()
        size = p.stat().st_size if p.is_file() else 0
        return cls(path=p, name=name or p.stem, size_bytes=size)
