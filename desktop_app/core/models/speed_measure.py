"""Measures this machine once for the speed predictor (core/models/speed.py): a numpy copy for the bandwidth and
the built-in SmolLM2's real prefill and decode through the app's own engine path (session.load_model, the engine
process every model runs in), and the reference llamas speed_reference.py writes, then caches the result in the
data folder. About 80 s at a load of 7 on this 2-core machine (most of it the eight 768 x 10 type references);
callers run it in the background (workers: ModelManager.run_background; the CLI: in the foreground, once).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop_app.core.engine.types import GenerationParams, LoadOptions
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase
from desktop_app.core.models import builtin, speed, speed_calibration
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
MEASURE_CTX = 1024  # the context the measured models are loaded with
# Timed by difference (difference_rate): a short reply, then one of about CPU_TIMED_S of decoding, capped
SHORT_TOKENS = 8
LONG_TOKENS_MAX = 512
CPU_TIMED_S = 0.3


def measure_backend(backend, cancel: threading.Event | None = None, max_tokens: int = MEASURE_TOKENS,
                    grammar: str = "", clock: Callable[[], float] | None = None) -> tuple[float, float, int]:
    """(decode tok/s, prefill tok/s, context) of a loaded backend: greedy plain completion of MEASURE_PROMPT, without
    prompt-lookup drafting (it would make repetitive text look faster than the model is).

    Decode is the median token's pace (`steady_rate`), not the mean over the reply: on a shared machine another
    program's burst stalls a few tokens for many times their length, and a mean over 64 tokens then moved by 2x
    between two runs a second apart (SmolLM2 at a load of 5: 53 and 74 tok/s; medians 70 and 76). `grammar`
    keeps a model that would end early (a random one) writing for the whole measurement. `context` is the tokens
    in the cache halfway through decoding (the prompt's count depends on the tokenizer): what each token's
    attention read, on average (speed.predict's context_tokens).

    `clock` (engine_cpu_clock) times decoding by the engine's CPU time instead of the wall clock (difference_rate):
    a CPU clock does not advance while the engine waits for a core. A reply too fast for steady_rate's windows
    (a narrow reference: 64 tokens in 10 ms) is timed by difference_rate on the wall clock."""
    from desktop_app.core.tasks.chat import collect

    params = GenerationParams(temperature=0.0, max_tokens=max_tokens, prompt_lookup=False, repeat_penalty=1.0,
                              grammar=grammar)
    # a short warm-up first: the first call pays for allocating buffers
    collect(backend.complete_stream(MEASURE_PROMPT[:80], replace(params, max_tokens=4), cancel or threading.Event()))
    marks: list[tuple[float, int]] = []
    result = collect(backend.complete_stream(MEASURE_PROMPT, params, cancel or threading.Event()),
                     lambda c: marks.append((time.perf_counter(), c.completion_tokens)))
    if result.completion_tokens < 8 or result.first_token_s <= 0 or result.tokens_per_s <= 0:
        raise DesktopAppError(phrase("The speed measurement produced too few tokens to time."))
    prefill = result.prompt_tokens / result.first_token_s
    wall_rate = steady_rate(marks)
    if clock is not None or not wall_rate:  # by CPU time, or a reply too fast to time by windows (wall clock)
        rate, completion = difference_rate(backend, params, clock or time.perf_counter,
                                           wall_rate or result.tokens_per_s, result.prompt_tokens, cancel)
        return rate, prefill, result.prompt_tokens + completion // 2
    return wall_rate, prefill, result.prompt_tokens + result.completion_tokens // 2


def difference_rate(backend, params: GenerationParams, clock: Callable[[], float], wall_rate: float,
                    prompt_tokens: int, cancel: threading.Event | None = None, min_cpu_s: float = CPU_TIMED_S,
                    n_ctx: int = MEASURE_CTX) -> tuple[float, int]:
    """(decode tok/s by `clock`, the engine's CPU time or the wall clock, tokens decoded in the long reply): the
    prompt (already in the cache, so not evaluated again) answered twice, SHORT_TOKENS then enough tokens for about
    `min_cpu_s` of decoding at `wall_rate` (at least params.max_tokens, at most what the context leaves), each
    timed whole, from before the request to its last chunk; the difference is the extra tokens' cost alone.

    Why not the clock at the first and last chunk of one reply: the chunks reach us through the engine's pipe, and
    on a busy machine the engine runs ahead of our reading, so the first decoded chunk arrived with the CPU time
    of several later tokens spent: a tiny model (0.3 ms a token, 20 ms for 64 tokens) then looked up to 1.5x
    faster or slower from one run to the next (the bench's best of three kept the fastest error). Timed whole,
    each reply's fixed costs (the request, the grammar's parsing, the last chunk) are the same in both and cancel,
    and the long reply lasts long enough that the CPU clock's resolution and a neighbour's cache misses average
    out."""
    from desktop_app.core.tasks.chat import collect

    event = cancel or threading.Event()

    def cpu_seconds(tokens: int) -> tuple[float, int]:
        start = clock()
        done = collect(backend.complete_stream(MEASURE_PROMPT, replace(params, max_tokens=tokens), event))
        return clock() - start, done.completion_tokens

    short_s, short_n = cpu_seconds(SHORT_TOKENS)
    room = n_ctx - prompt_tokens - 1
    wanted = int(min_cpu_s * wall_rate)
    long_s, long_n = cpu_seconds(max(params.max_tokens, min(wanted, room, LONG_TOKENS_MAX)))
    if long_n <= short_n or long_s <= short_s:
        raise DesktopAppError(phrase("The speed measurement produced too few tokens to time."))
    return (long_n - short_n) / (long_s - short_s), long_n


def engine_cpu_clock(backend: Any) -> Callable[[], float] | None:
    """A clock of the seconds the backend's engine process has run on a CPU, all its threads together, to the
    nanosecond (Linux's /proc/PID/task/*/schedstat; None elsewhere or without an engine process). With one
    decoding thread it times what a token costs whatever the neighbours take: bench/speed_prediction.py on a
    shared machine, where the wall clock measured the scheduler (a short reply got a free core after sleeping,
    a 4-second one its share of a busy one)."""
    pid = getattr(getattr(backend, "process", None), "pid", None)
    tasks = Path(f"/proc/{pid}/task")
    if pid is None or not tasks.is_dir():
        return None

    def clock() -> float:
        total = 0
        for stat in tasks.glob("*/schedstat"):
            try:
                total += int(stat.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a thread that ended between the listing and the read
        return total / 1e9

    return clock


def steady_rate(marks: list[tuple[float, int]], window: int = 8, min_span_s: float = 0.15) -> float:
    """Tokens/s of the median window of `window` tokens, from (arrival time, tokens so far) of each chunk; 0 when
    the reply is too short to time that way (the caller keeps the mean). A very fast reply (under `min_span_s`)
    is not split: its chunks reach us in bursts through the engine's pipe, so a window's arrival times would time
    the pipe, not the model, and so short a reply is rarely disturbed anyway."""
    decode = [(t, n) for t, n in marks if n > 0]
    if len(decode) < 2 or decode[-1][0] - decode[0][0] < min_span_s:
        return 0.0
    rates = []
    start = decode[0]
    for t, n in decode[1:]:
        if n - start[1] >= window:
            if t > start[0]:
                rates.append((n - start[1]) / (t - start[0]))
            start = (t, n)
    return statistics.median(rates) if len(rates) >= 3 else 0.0


def reference_spec() -> ModelSpec:
    spec = builtin.smollm2_spec()
    if spec is None:
        raise DesktopAppError(phrase("The built-in model is missing, so this machine's speed cannot be measured."))
    return spec


def measure_spec(spec: ModelSpec, models_dir: Path, cancel: threading.Event | None = None,
                 grammar: str = "", threads: int = 0, cpu_time: bool = False) -> tuple[float, float, int]:
    """(decode tok/s, prefill tok/s, context: measure_backend) of a model loaded in its own engine process with the app's default options (the
    automatic thread count included): what a user's model gets. `threads` > 0 fixes the decoding threads instead
    (bench/speed_prediction.py, on a shared machine), and `cpu_time` times decoding by the engine's CPU time
    (engine_cpu_clock)."""
    from desktop_app.core.models import session

    options = LoadOptions(n_ctx=MEASURE_CTX, n_threads=threads)
    backend, _info = session.load_model(spec, options, models_dir, cancel=cancel)
    try:
        return measure_backend(backend, cancel, grammar=grammar, clock=engine_cpu_clock(backend) if cpu_time else None)
    finally:
        backend.unload()


def second_reference(models_dir: Path) -> ModelSpec | None:
    """The built-in Qwen2.5 0.5B when it is ready in the models folder (the default chat model: assembled from its
    packages on its first use), else None: the measurement never spends 500 MB of disk on it by itself."""
    return builtin.qwen_spec(models_dir) if builtin.qwen_ready(models_dir) else None


def references(models_dir: Path, work: Path) -> list[tuple[str, ModelSpec, str]]:
    """(name, spec, grammar) of the models this machine is measured with, in speed_calibration.calibrate's order: SmolLM2;
    Qwen2.5 0.5B where it is ready (it separates the time per byte from the time per layer); then one llama per
    common weight type, written into `work` (speed_reference.py: what a weight of each type costs), and two narrow
    ones (the per-token and per-layer costs that do not grow with the weights)."""
    from desktop_app.core.models import speed_reference

    refs = [("SmolLM2-135M Q4_1", reference_spec(), "")]
    qwen = second_reference(models_dir)
    if qwen is not None:
        refs.append(("Qwen2.5-0.5B Q4_K_M", qwen, ""))
    for weights in speed_reference.REFERENCE_TYPES:
        try:
            path = speed_reference.write_reference(work / f"speed-reference-{weights}.gguf", weights)
        except OSError:  # no room for it: the types measured so far (the others are predicted from them)
            break
        refs.append((f"reference llama {weights}", ModelSpec.from_path(path), speed_reference.REFERENCE_GRAMMAR))
    for name, *shape in speed_reference.SHAPE_REFERENCES:
        try:
            path = speed_reference.write_reference(work / f"speed-reference-{name}.gguf", "F16", 0, *shape)
        except OSError:
            break
        refs.append((f"reference llama {name} F16", ModelSpec.from_path(path), speed_reference.REFERENCE_GRAMMAR))
    return refs


def measure_machine(models_dir: Path, cancel: threading.Event | None = None) -> speed.Machine:
    """Measures now (bandwidth, then the reference models in their engines) and returns the calibrated Machine.
    80 s on this 2-core machine at a load of 7."""
    import tempfile

    bandwidth = speed.measure_bandwidth()
    with tempfile.TemporaryDirectory(prefix="speed_reference_") as work:
        measured = [speed_calibration.Reference(speed.arch_from_gguf(spec.path), *measure_spec(spec, models_dir, cancel, grammar))
                    for _name, spec, grammar in references(models_dir, Path(work))]
    return speed_calibration.calibrate(bandwidth, measured)


def ensure_machine(models_dir: Path, data_folder: Path | None = None,
                   cancel: threading.Event | None = None) -> speed.Machine:
    """The cached measurement, or a new one (saved) when there is none or the CPU changed."""
    machine = speed_calibration.load_machine(data_folder)
    if machine is None:
        machine = measure_machine(models_dir, cancel)
        speed_calibration.save_machine(machine, data_folder)
    return machine
