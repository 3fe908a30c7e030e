"""`desktop-app models`, and how every command finds and loads the model it runs (cli.py dispatches here).

    desktop-app models               list the models the app knows, with paths and sizes

The chat, task and server commands all resolve --model (a path, or a name from the library) and load it the way
the window does, with the first run's assembly of the built-in model shown on stderr; that shared path lives
here so each command module stays about its own command. The exit codes shared by the commands are here too.
"""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import replace
from pathlib import Path

EXIT_USAGE = 2
EXIT_FAILED = 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    models = sub.add_parser("models", help="list the models the app knows, with paths and sizes")
    models.add_argument("--catalog", action="store_true", help="list the curated catalogue with the fit here")
    models.add_argument("--task", default="", help="with --catalog: only the models for this tab")
    models.add_argument("--fit", metavar="FILE.gguf", default="", help="predict the speed and memory fit of a GGUF")


def _progress_printer(label: str):
    state = {"last": -1}

    def show(done: int, total: int) -> None:
        if total <= 0:
            return
        tty = sys.stderr.isatty()
        pct = done * 100 // total
        step = 1 if tty else 25
        if pct // step != state["last"]:
            state["last"] = pct // step
            line = f"{label}: {pct:3d}% ({done / 1e6:.0f}/{total / 1e6:.0f} MB)"
            if tty:
                print(f"\r{line}", end="\n" if done >= total else "", file=sys.stderr, flush=True)
            else:
                print(line, file=sys.stderr, flush=True)

    return show


def _app_settings():
    from desktop_app.core.storage import paths
    from desktop_app.core.storage.settings import load_settings

    loaded = load_settings(paths.settings_path())
    for w in loaded.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return loaded.settings, paths.models_dir()


def _load(spec, options, models_dir, announce: bool = False):
    """core.models.session.load_model, with the first run's assembly of the built-in model shown on stderr (and
    "Loading NAME…" for the task commands, whose model the user may not have named)."""
    from desktop_app.core.models import session

    printer = _progress_printer(f"Preparing {spec.name}")
    stage = {"now": ""}

    def progress(done: int, total: int) -> None:
        if stage["now"] == session.PREPARING:
            printer(done, total)

    def on_stage(now: str) -> None:
        stage["now"] = now
        if now == session.LOADING and announce:
            print(f"Loading {spec.name}…", file=sys.stderr)

    backend, _info = session.load_model(spec, options, models_dir, progress, threading.Event(), on_stage)
    return backend


def load_backend(model_path: str, settings):
    """The chat model: --model, else the Chat tab's model, else the built-in one (as the Chat tab resolves it)."""
    from desktop_app.core.models import session

    app_settings, models_dir = _app_settings()
    spec = session.resolve(_model_argument(model_path) or app_settings.chat_model_path, app_settings, models_dir)
    return spec, _load(spec, settings.load_options(), models_dir)


def load_task_backend(task: str, model_path: str, engine: str, ctx: int | None):
    """The model a task runs, resolved exactly as the task's tab does (the --model given, else the model chosen
    for the task on the Models page, else the built-in chat model), loaded with the tab's default options."""
    from desktop_app.core.engine.types import Capability
    from desktop_app.core.errors import UnsupportedTaskError
    from desktop_app.core.models import session

    settings, models_dir = _app_settings()
    model_path = _model_argument(model_path)
    path = model_path if model_path else ("" if engine == "llm" else session.task_model_path(settings, task))
    spec = session.resolve(path, settings, models_dir)
    options = session.default_load_options(settings)  # as the tabs do
    if ctx:
        options = replace(options, n_ctx=ctx)
    backend = _load(spec, options, models_dir, announce=True)
    is_llm = Capability.CHAT in backend.capabilities
    if engine == "llm" and not is_llm:
        backend.unload()
        raise UnsupportedTaskError(f"{spec.name} is not a chat model; --engine llm needs one.")
    if engine == "dedicated" and is_llm:
        backend.unload()
        raise UnsupportedTaskError(
            f"{spec.name} is a chat model; --engine dedicated needs a {task} model folder given with --model."
        )
    return spec, backend


def _library(quiet: bool = True):
    """Every model the Models page lists (the same sources and folders from the settings), scanned with its cache."""
    from desktop_app.core.models.library import Library, sources_for
    from desktop_app.core.storage import paths
    from desktop_app.core.storage.settings import load_settings

    settings = load_settings(paths.settings_path()).settings
    if not quiet:
        print("Scanning the model library…", file=sys.stderr, flush=True)
    return Library().scan(sources_for(settings.library_sources, settings.library_folders))


def _model_argument(model: str) -> str:
    """--model takes a path, or a name from the library (`desktop-app models` lists them)."""
    if not model or Path(model).expanduser().exists():
        return model
    from desktop_app.core.models.library import find_by_name

    record = find_by_name(_library(), model)
    return str(record.path) if record is not None else model


def cmd_models(args: argparse.Namespace) -> int:
    if getattr(args, "catalog", False):
        from desktop_app.catalog_cli import cmd_catalog

        return cmd_catalog(args)
    records = _library(quiet=False)
    if not records:
        print("No models found.", file=sys.stderr)
        return EXIT_FAILED
    for r in records:
        size = f"{r.size_bytes / 1e6:,.0f} MB" if r.size_bytes else "?"  # MB = 10^6 bytes, as the Models page
        tag = " [built-in]" if r.builtin else ""
        print(f"{r.name}{tag}\t{r.source}\t{size}\t{r.path}")
        if r.error:
            print(f"    cannot be used: {r.error}")
        elif r.note:
            print(f"    {r.note}")
    return 0
