"""The models the app knows: the built-in ones and the .gguf files in its models folder.

The full library with discovery in other folders is a later issue; this module is where it will grow.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop_app.core.models import builtin
from desktop_app.core.models.metadata import find_mmproj, is_mmproj
from desktop_app.core.models.spec import ModelSpec


def known_models(models_dir: Path) -> list[ModelSpec]:
    specs: list[ModelSpec] = []
    for spec in (builtin.qwen_spec(models_dir), builtin.smollm2_spec()):
        if spec is not None:
            specs.append(spec)
    seen = {s.path.resolve() for s in specs}
    files = sorted(models_dir.glob("*.gguf"))
    for path in files:
        if path.resolve() not in seen and not is_mmproj(path):  # a projector is part of a model, not one
            specs.append(with_projector(ModelSpec.from_path(path), files))
    return specs


def spec_for_path(path: str | Path, models_dir: Path) -> ModelSpec:
    """A spec for a user-chosen file, reusing the built-in's friendly name when it is one. A GGUF with a vision
    projector (*mmproj*.gguf) next to it gets it as extra["mmproj"], so it can look at images."""
    p = Path(path).expanduser()
    for spec in known_models(models_dir):
        if spec.path == p:
            return spec
    return with_projector(ModelSpec.from_path(p))


def with_projector(spec: ModelSpec, siblings: list[Path] | None = None) -> ModelSpec:
    """`spec` with extra["mmproj"] (and extra["mmproj_auto"], since the pairing is a guess from the folder) when a
    projector sits next to its .gguf file, as metadata.find_mmproj picks it. A spec that already names one, or
    a file that is itself a projector, is returned as is."""
    p = spec.path
    if spec.extra.get("mmproj") or p.suffix.lower() != ".gguf" or is_mmproj(p):
        return spec
    if siblings is None:
        try:
            siblings = sorted(p.parent.glob("*.gguf"))
        except OSError:
            return spec
    projector = find_mmproj(p, [s for s in siblings if s.parent == p.parent])
    if projector is None:
        return spec
    return replace(spec, extra={**spec.extra, "mmproj": str(projector), "mmproj_auto": True})


def gguf_without_projector(spec: ModelSpec) -> bool:
    """True for a GGUF language model with no vision projector paired (none next to it, none chosen): llama.cpp
    loads it for text only, so it cannot look at images. Known before loading, so a task that needs sight can
    refuse the model when it is chosen. A model folder is not judged here: what it can do shows when it loads."""
    return spec.path.suffix.lower() == ".gguf" and not is_mmproj(spec.path) and not spec.extra.get("mmproj")
