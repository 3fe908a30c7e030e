"""What the app knows about a model before loading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ModelSpec:
    path: Path
    name: str
    backend: str = "llama_cpp"
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
