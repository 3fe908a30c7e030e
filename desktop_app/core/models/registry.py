"""The models the app knows: the built-in ones and the .gguf files in its models folder.

The full library with discovery in other folders is a later issue; this module is where it will grow.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.models import builtin
from desktop_app.core.models.spec import ModelSpec


def known_models(models_dir: Path) -> list[ModelSpec]:
    specs: list[ModelSpec] = []
    for spec in (builtin.qwen_spec(models_dir), builtin.smollm2_spec()):
        if spec is not None:
            specs.append(spec)
    seen = {s.path.resolve() for s in specs}
    for path in sorted(models_dir.glob("*.gguf")):
        if path.resolve() not in seen:
            specs.append(ModelSpec.from_path(path))
    return specs


def spec_for_path(path: str | Path, models_dir: Path) -> ModelSpec:
    """A spec for a user-chosen file, reusing the built-in's friendly name when it is one."""
    p = Path(path).expanduser()
    for spec in known_models(models_dir):
        if spec.path == p:
            return spec
    return ModelSpec.from_path(p)
