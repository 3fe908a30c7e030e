"""Calibrating the speed predictor (speed.py) on this machine: the fit of its costs to the models measured here, and
the cached result (one JSON file in the data folder, measured again on another CPU or an older form of the model).

Split from speed.py, which predicts; this module fits. speed_measure.py runs the measurements (the engine path).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.messages import phrase
from desktop_app.core.models.speed import (
    CALIBRATION_FILE,
    FLOAT_TYPES,
    MODEL_VERSION,
    Machine,
    ModelArch,
    bytes_per_token,
    flops_per_token,
    kv_bytes,
    machine_key,
    prompt_weights,
)


@dataclass(frozen=True)
class Reference:
    """A model measured here: its header and its decode and prompt tokens/s."""

    arch: ModelArch
    decode_tps: float
    prefill_tps: float
    context_tokens: int = 0  # in the cache while it decoded, on average (the KV cache each token's attention read)


def _fit(rows: list[list[float]], times: list[float]) -> list[float] | None:
    """The coefficients x with rows @ x = times (least squares when there are more rows), all positive; None when
    there is no such solution (a disturbed measurement: the caller falls back to fewer references).

    The least squares are of relative errors (each row divided by its time): the target is a relative error, and in
    absolute seconds Qwen2.5's 30 ms a token outweighed a narrow reference's 0.1 ms 300 to 1, so the fixed
    per-token costs the narrow ones measure were fitted to whatever the big ones' noise left."""
    import numpy as np

    a, t = np.array(rows, dtype=float), np.array(times, dtype=float)
    if len(rows) < a.shape[1] or np.linalg.matrix_rank(a) < a.shape[1] or not all(t > 0):
        return None
    x = np.linalg.lstsq(a / t[:, None], np.ones_like(t), rcond=None)[0]
    return [float(v) for v in x] if all(v > 0 for v in x) else None


def calibrate(bandwidth: float, references: Sequence[Reference], key: str | None = None,
              gpu_bandwidth: float = 0.0) -> Machine:
    """A Machine from the copy's bandwidth and the models measured here (speed_measure.measure_machine: SmolLM2
    first, then Qwen2.5 0.5B where it is ready, then an F16 llama written for the measurement).

    Decode: ``seconds per token = layers x width / 1000 x unit_overhead_s + weights x weight_s + bytes /
    bandwidth``, from the header's read_per_token. One reference: its bytes stream at the copy's bandwidth and
    the rest is its layers' (a reference faster than the copy means the copy was disturbed: then its bytes alone
    set the bandwidth). Two quantized references of a similar depth x width and 4x the bytes separate the time
    per byte from the time per layer. A third, stored as F16 (2 bytes a weight, against 0.6 to 0.8 for the
    quantized ones), separates the time per byte from the time per weight: without it, the quantized
    references' compute was charged to their bytes and F16 models ran 5 to 28 % faster than predicted. A fit
    whose bandwidth is more than 3x from the copy's, or with a coefficient <= 0, is not believed (fewer
    references are used).

    Prefill: a FLOP rate for quantized weights, another for float weights (F16 has its own matrix path), and a
    time per layer per 1000 of width, fitted the same way (with fewer references: one rate, then the rate alone).
    """
    refs = [r for r in references if r.decode_tps > 0 and r.prefill_tps > 0]
    if not refs or bandwidth <= 0 or len(refs) < len(references[:1]):
        raise ValueError(phrase("the reference speeds and bandwidth must be positive"))
    first = refs[0]
    t = 1.0 / first.decode_tps
    stream = bytes_per_token(first.arch) / bandwidth
    if stream >= t:
        bandwidth, overhead = bytes_per_token(first.arch) / t, 0.0
    else:
        overhead = (t - stream) / max(first.arch.overhead_units, 1e-9)
    weight_s = 0.0
    times = [1.0 / r.decode_tps for r in refs]
    for columns in ((0, 1, 2), (0, 2)):  # (units, weights, bytes), then (units, bytes)
        if len(refs) < len(columns):
            continue
        rows = [[(r.arch.overhead_units, r.arch.decode_weights, bytes_per_token(r.arch))[c] for c in columns]
                for r in refs]
        fit = _fit(rows, times)
        if fit is not None and bandwidth / 3 <= 1.0 / fit[-1] <= bandwidth * 3:
            overhead, bandwidth = fit[0], 1.0 / fit[-1]
            weight_s = fit[1] if len(columns) == 3 else 0.0
            break
    type_costs, per_token = _fit_types(refs)
    flops, float_flops, prefill_unit = flops_per_token(first.arch) * first.prefill_tps, 0.0, 0.0
    pre_times = [1.0 / r.prefill_tps for r in refs]
    pre_rows = [[2 * prompt_weights(r.arch)[0], 2 * prompt_weights(r.arch)[1], r.arch.overhead_units] for r in refs]
    if any(row[1] > row[0] for row in pre_rows) and (fit := _fit(pre_rows, pre_times)) is not None:
        flops, float_flops, prefill_unit = 1.0 / fit[0], 1.0 / fit[1], fit[2]
    elif (fit := _fit([[row[0] + row[1], row[2]] for row in pre_rows], pre_times)) is not None:
        flops, prefill_unit = 1.0 / fit[0], fit[1]
    return Machine(key=key or machine_key(), bandwidth=bandwidth, unit_overhead_s=overhead, flops=flops,
                   ref_decode_tps=first.decode_tps, ref_prefill_tps=first.prefill_tps, measured_at=time.time(),
                   gpu_bandwidth=gpu_bandwidth, prefill_unit_s=prefill_unit, weight_s=weight_s,
                   float_flops=float_flops, type_weight_s=type_costs,
                   type_overhead_s=per_token.get("type_overhead_s", 0.0), kv_byte_s=per_token.get("kv_byte_s", 0.0),
                   token_s=per_token.get("token_s", 0.0), layer_s=per_token.get("layer_s", 0.0),
                   version=MODEL_VERSION)  # fmt: skip


def _fit_types(refs: Sequence[Reference]) -> tuple[dict[str, float], dict[str, float]]:
    """(seconds per weight of each type, the per-token costs that do not grow with the weights: Machine's token_s,
    layer_s, type_overhead_s and kv_byte_s) fitted to every reference whose header gave its weights by type:
    ``time = token_s + layers x layer_s + units x type_overhead_s + KV bytes x kv_byte_s + sum of weights x cost
    of their type``. Floats (the F32 norms) count as F16. A term the references cannot tell apart from the others,
    or that comes out <= 0, is left out, in FIT_TERMS' order (the KV term first: the references' caches differ
    too little, 1.8 to 3.2 MB a token here; the fixed and per-layer terms need the narrow shape references: without
    them the built-in models and one shape leave nothing to tell a fixed time from the layers'). ({},
    {}) when the references do not determine every type's cost (no type references measured) or one is <= 0."""
    with_types = [r for r in refs if r.arch.type_weights]
    names = sorted({("F16" if t in FLOAT_TYPES else t) for r in with_types for t, _n in r.arch.type_weights})
    if not names:
        return {}, {}
    terms = []
    for r in with_types:
        values = {"token_s": 1.0, "layer_s": float(r.arch.n_layers), "type_overhead_s": r.arch.overhead_units,
                  "kv_byte_s": kv_bytes(r.arch, r.context_tokens)}
        row = [0.0] * len(names)
        for t, n in r.arch.type_weights:
            row[names.index("F16" if t in FLOAT_TYPES else t)] += n
        terms.append((values, row))
    times = [1.0 / r.decode_tps for r in with_types]
    for kept in FIT_TERMS:
        fit = _fit([[values[k] for k in kept] + row for values, row in terms], times)
        if fit is not None:
            return dict(zip(names, fit[len(kept):], strict=True)), dict(zip(kept, fit[:len(kept)], strict=True))
    return {}, {}


# The per-token terms fitted with the type costs, most first; the first set the references determine is kept. The
# KV cache's term comes before the width's: with both, the width's took the attention's share and the KV term came
# out <= 0; each alone, over two bench runs' measurements (768 x 5 and 768 x 10 type references), the KV term left
# the checked models' largest error at 0.20 and 0.13, the width's at 0.18 and 0.22.
FIT_TERMS = (("token_s", "layer_s", "type_overhead_s", "kv_byte_s"), ("token_s", "layer_s", "kv_byte_s"),
             ("token_s", "layer_s", "type_overhead_s"), ("type_overhead_s", "kv_byte_s"),
             ("token_s", "type_overhead_s"), ("type_overhead_s",))


# -- the cache ---------------------------------------------------------------------------------------------------------
def calibration_path(folder: Path | None = None) -> Path:
    if folder is None:
        from desktop_app.core.storage.paths import data_dir

        folder = data_dir()
    return Path(folder) / CALIBRATION_FILE


def load_machine(folder: Path | None = None) -> Machine | None:
    """The cached measurement, or None when there is none, it is unreadable, it was taken on another CPU or core
    count, or it was calibrated for an older form of the model (MODEL_VERSION): then the caller measures again."""
    try:
        d: dict[str, Any] = json.loads(calibration_path(folder).read_text(encoding="utf-8"))
        machine = Machine(**d)
    except (OSError, ValueError, TypeError):
        return None
    return machine if machine.key == machine_key() and d.get("version") == MODEL_VERSION else None


def save_machine(machine: Machine, folder: Path | None = None) -> None:
    path = calibration_path(folder)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(machine)), encoding="utf-8")
    os.replace(tmp, path)


