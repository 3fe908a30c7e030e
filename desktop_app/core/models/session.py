"""One way from "the model the user chose" to a loaded backend: resolve → prepare → consent → load.

Every caller goes through here: the window's tabs (through workers.model_session.ModelSession, which runs the load
on the model's thread), the command line, and the headless API server. Before this module each of them carried its
own copy of these steps, and the copies drifted (one forgot the projector the user paired, another the consents).

- **resolve**: a path (or "" for the built-in chat model) becomes a ModelSpec carrying the consents the user gave
  for it and the vision projector the user paired with it (`resolve_task_model`).
- **prepare**: the built-in Qwen model is assembled from its packages the first time it is used.
- **consent**: a model that needs a risky permission (remote code, pickle weights) fails its load with
  ConsentRequiredError; `grant_consent` records the user's yes in the settings and on the spec, and the caller
  loads again. Asking is the caller's part (a dialog in the window, a flag on the command line).
- **load**: `open_backend(spec)` starts the model's engine process and loads it there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.client import open_backend
from desktop_app.core.engine.types import LoadOptions, ModelInfo
from desktop_app.core.models.resolve import needs_preparation, prepare, resolve_chat_model, resolve_task_model
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.settings import AppSettings

PREPARING = "preparing"  # stages a load reports through `on_stage`
LOADING = "loading"

Progress = Callable[[int, int], None]


def resolve(path: str, settings: AppSettings, models_dir: Path) -> ModelSpec:
    """The spec to load for `path` ("" = the built-in chat model), with this model's consents and projector."""
    return resolve_task_model(path, models_dir, settings.model_consents, settings.model_projectors)


def builtin_spec(models_dir: Path) -> ModelSpec:
    """The built-in chat model (raises ModelFileError when no built-in model is installed)."""
    return resolve_chat_model("", models_dir)


def task_model_path(settings: AppSettings, task: str) -> str:
    """The model the user chose for a task ("" = the built-in chat model); "chat" is the Chat tab's model."""
    if task == "chat":
        return settings.chat_model_path
    return settings.task_models.get(task, "")


def default_load_options(settings: AppSettings) -> LoadOptions:
    """The Chat tab's defaults (context, threads, GPU layers) on the app's device: when a task tab and the Chat tab
    both use the built-in model, one loaded copy serves both instead of each reloading it with its own options."""
    from desktop_app.core.tasks.chat import ChatSettings

    return ChatSettings.from_dict(settings.chat_defaults).load_options(settings.default_device)


def grant_consent(settings: AppSettings, spec: ModelSpec, consent: str) -> None:
    """Record the user's yes to `consent` for this model only (the caller saves the settings)."""
    granted = settings.model_consents.setdefault(str(spec.path), [])
    if consent not in granted:
        granted.append(consent)
    spec.extra[consent] = True


def load_model(
    spec: ModelSpec,
    options: LoadOptions,
    models_dir: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    on_stage: Callable[[str], None] | None = None,
    on_engine: Callable[[str, str], None] | None = None,
) -> tuple[Backend, ModelInfo]:
    """Prepare the model if it is the built-in one used for the first time, then load it in its engine. Blocks:
    the window calls it on the model's worker thread. A refused consent surfaces as ConsentRequiredError."""
    if needs_preparation(spec, models_dir):
        if on_stage is not None:
            on_stage(PREPARING)
        prepare(spec, models_dir, progress, cancel)
    if on_stage is not None:
        on_stage(LOADING)
    backend = open_backend(spec, on_engine)
    info = backend.load(spec, options, progress=progress, cancel=cancel)
    return backend, info
