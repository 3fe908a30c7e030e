"""Measures this machine once for the speed predictor (core/models/speed.py): a numpy copy for the bandwidth and
the built-in SmolLM2's real prefill and decode through the app's own engine path (session.load_model, the engine
process every model runs in), then caches the result in the data folder. A few seconds; callers run it in the
background (workers: ModelManager.run_background; the CLI: in the foreground, once).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from desktop_app.core.engine.types import GenerationParams, LoadOptions
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase
from desktop_app.core.models import builtin, speed
from desktop_app.core.models.spec import ModelSpec

# Plain prose of ~150 tokens: long enough to time the prompt, short enough to cost well under a second.
MEASURE_PROMPT = (
    "The history of the printing press begins in the fifteenth century, when craftsmen in several European cities "
    "experimented with movable metal type, oil-based inks and wooden presses adapted from those used to make wine. "
    "Within a few decades printed books spread across the continent, prices fell, and reading became common among "
    "merchants, students and artisans. Printers published bibles, grammars, calendars, maps and pamphlets, and the "
    "new speed of copying changed how scholars argued, how governments announced laws, and how news travelled "
    "between towns. In the following chapters we describe"
)
MEASURE_TOKENS = 64


def measure_backend(backend, cancel: threading.Event | None = None,
                    max_tokens: int = MEASURE_TOKENS) -> tuple[float, float]:
    """(decode tok/s, prefill tok/s) of a loaded backend: greedy plain completion of MEASURE_PROMPT, without
    prompt-lookup drafting (it would make repetitive text look faster than the model is)."""
    from desktop_app.core.tasks.chat import collect

    params = GenerationParams(temperature=0.0, max_tokens=max_tokens, prompt_lookup=False, repeat_penalty=1.0)
    # a short warm-up first: the first call pays for allocating buffers
    collect(backend.complete_stream(MEASURE_PROMPT[:80], replace(params, max_tokens=4), cancel or threading.Event()))
    result = collect(backend.complete_stream(MEASURE_PROMPT, params, cancel or threading.Event()))
    if result.completion_tokens < 8 or result.first_token_s <= 0 or result.tokens_per_s <= 0:
        raise DesktopAppError(phrase("The speed measurement produced too few tokens to time."))
    return result.tokens_per_s, result.prompt_tokens / result.first_token_s


def reference_spec() -> ModelSpec:
    spec = builtin.smollm2_spec()
    if spec is None:
        raise DesktopAppError(phrase("The built-in model is missing, so this machine's speed cannot be measured."))
    return spec


def measure_machine(models_dir: Path, cancel: threading.Event | None = None) -> speed.Machine:
    """Measures now (bandwidth, then the built-in model in its engine) and returns the calibrated Machine."""
    from desktop_app.core.models import session

    bandwidth = speed.measure_bandwidth()
    spec = reference_spec()
    backend, _info = session.load_model(spec, LoadOptions(n_ctx=1024), models_dir, cancel=cancel)
    try:
        decode, prefill = measure_backend(backend, cancel)
    finally:
        backend.unload()
    return speed.calibrate(bandwidth, speed.arch_from_gguf(spec.path), decode, prefill)


def ensure_machine(models_dir: Path, data_folder: Path | None = None,
                   cancel: threading.Event | None = None) -> speed.Machine:
    """The cached measurement, or a new one (saved) when there is none or the CPU changed."""
    machine = speed.load_machine(data_folder)
    if machine is None:
        machine = measure_machine(models_dir, cancel)
        speed.save_machine(machine, data_folder)
    return machine
