"""What the app knows about a model before loading it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModelSpec:
    path: Path
    name: str
    backend: str = "llama_cpp"
    builtin: bool = False
    size_bytes: int = 0
    note: str = ""

    @property
    def id(self) -> str:
        return str(self.path)

    @classmethod
    def from_path(cls, path: str | Path, name: str | None = None) -> ModelSpec:
        p = Path(path).expanduser()
        size = p.stat().st_size if p.is_file() else 0
        return cls(path=p, name=name or p.stem, size_bytes=size)
