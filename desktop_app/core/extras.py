"""Optional features and the install extra each one needs.

`pip install desktop_app` is the light install: llama.cpp chat, no PyTorch. A feature that needs an extra calls
`require(...)` where it starts, so a missing package becomes one sentence saying what to install, never an
ImportError from deep inside a library:

    require("torch", "torch", "transformers", feature="PyTorch models")
    # MissingExtraError: PyTorch models need the [torch] extra (torch is not installed):
    #                    pip install 'desktop_app[torch]'

Availability is checked with `importlib.util.find_spec`, which finds a module without importing it: asking is cheap
and never pulls torch into a process that does not use it.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass

from desktop_app.core.errors import DesktopAppError

DISTRIBUTION = "desktop_app"


@dataclass(frozen=True)
class Extra:
    name: str
    feature: str  # what it enables, as the subject of a sentence: "PyTorch models need..."
    modules: tuple[str, ...]  # the top-level modules it installs that the app imports


EXTRAS: dict[str, Extra] = {
    e.name: e
    for e in (
        Extra("torch", "PyTorch models", ("torch", "transformers", "safetensors")),
        Extra("heic", "HEIC photos", ("pillow_heif",)),
    )
}


class MissingExtraError(DesktopAppError):
    """A feature needs an optional package that is not installed. `extra` names the install extra."""

    def __init__(self, message: str, extra: str, module: str):
        super().__init__(message)
        self.extra = extra
        self.module = module


def available(module: str) -> bool:
    """Can `module` be imported? Found without importing it (a module already imported counts)."""
    if module in sys.modules:
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package missing, or a broken __spec__
        return False


def missing(extra: str, *modules: str) -> str | None:
    """The first of `modules` (default: all the extra's modules) that is not installed, or None."""
    for module in modules or EXTRAS[extra].modules:
        if not available(module):
            return module
    return None


def install_hint(extra: str) -> str:
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: pip cannot add to it
        return f"this build of the app was made without it; use the full build, or install 'desktop_app[{extra}]'"
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def message(extra: str, module: str, feature: str | None = None) -> str:
    """ "PyTorch models need the [torch] extra (torch is not installed): pip install 'desktop_app[torch]'" """
    subject = feature or EXTRAS[extra].feature
    verb = "needs" if _singular(subject) else "need"
    return f"{subject} {verb} the [{extra}] extra ({module} is not installed): {install_hint(extra)}"


def require(extra: str, *modules: str, feature: str | None = None) -> None:
    """Raise MissingExtraError when any of `modules` (default: all the extra's modules) is not installed."""
    module = missing(extra, *modules)
    if module is not None:
        raise MissingExtraError(message(extra, module, feature), extra, module)


def explain_import_error(extra: str, exc: ImportError, feature: str | None = None) -> MissingExtraError:
    """For an import that failed although `require` passed (a package installed but broken, or a dependency of it
    missing): the same sentence, naming the module that failed."""
    module = exc.name or str(exc)
    return MissingExtraError(message(extra, module, feature), extra, module)


def _singular(subject: str) -> bool:
    first = subject.split()[0].lower()
    return first in ("the", "a", "an", "fine-tuning") or not subject.split()[-1].endswith("s")
