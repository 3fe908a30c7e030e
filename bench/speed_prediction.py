"""Speed prediction vs measurement: every GGUF that runs here, predicted from its header alone, then measured.

The machine is calibrated once at the start (core/models/speed_measure.py: a numpy copy, and the built-in SmolLM2's
decode and prefill through the engine path). Then each model is predicted from its header (core/models/speed.py)
and measured the same way as the reference, right after measuring the reference again (the calibration then
comes from that measurement, so a drift in this shared machine's load between models cancels out): greedy plain completion, 64 tokens, no prompt-lookup drafting, loaded
in its own engine process with the app's default thread count. Models: SmolLM2-135M (the reference itself, so its
error shows only the run-to-run noise), the Qwen2.5 0.5B fixture, and seeded random llama GGUFs written with the
gguf package at three sizes (f16, ~20 to ~250 MB; tests/fixtures/tiny_gguf_vision.py).

The machine is small and shared: measured speeds move with the load, which is printed at start and end. The app's
automatic thread count follows what other programs leave free, so a model measured while a neighbour is busy runs
on fewer threads than its reference did a second earlier; fixing the threads instead is worse (two spinning threads
on a busy 2-core machine fell to under 1 tok/s in a run at load 4). On a quiet machine the model's errors are what
the table shows; on this shared one they are mostly the load's.
Last line: RESULT max_error=<largest |predicted - measured| / measured of decode> models=N (target <= 0.25)
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.fixtures

from desktop_app.core.engine.types import LoadOptions  # noqa: E402
from desktop_app.core.models import builtin, session, speed, speed_measure  # noqa: E402
from desktop_app.core.models.spec import ModelSpec  # noqa: E402

SIZES = ((256, 4, 768), (768, 8, 2048), (1024, 12, 2816))  # (n_embd, n_layer, n_ff): ~4, ~60, ~260 MB in f16


def measure(path: Path, models_dir: Path) -> tuple[float, float]:
    spec = ModelSpec.from_path(path)
    backend, _info = session.load_model(spec, LoadOptions(n_ctx=1024), models_dir, cancel=threading.Event())
    try:
        return speed_measure.measure_backend(backend)
    finally:
        backend.unload()


def main() -> int:
    from tests.fixtures.tiny_gguf_vision import build_tiny_language_model

    load_start = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="speed_bench_"))
    models: list[tuple[str, Path]] = [("SmolLM2-135M Q4_1", builtin.smollm2_path())]
    print("assembling the Qwen2.5 0.5B fixture…", file=sys.stderr)
    models.append(("Qwen2.5-0.5B Q4_K_M", builtin.assemble_qwen(work)))
    for n_embd, n_layer, n_ff in SIZES:
        p = work / f"tiny-{n_embd}x{n_layer}.gguf"
        build_tiny_language_model(p, chat_template=None, n_embd=n_embd, n_layer=n_layer, n_ff=n_ff, f16=True)
        models.append((f"random llama {n_embd}x{n_layer} f16", p))
    machine = speed_measure.measure_machine(work)
    print(f"machine: {machine.key}, {machine.bandwidth / 1e9:.1f} GB/s copy, "
          f"{machine.unit_overhead_s * 1e3:.3f} ms per layer per 1000 width, {machine.flops / 1e9:.1f} GFLOP/s prefill")
    errors = []
    print(f"{'model':28} {'MB':>7} {'pred dec':>9} {'meas dec':>9} {'err':>7} {'pred pre':>9} {'meas pre':>9}")
    ref_arch = speed.arch_from_gguf(models[0][1])
    for name, path in models:
        try:
            # the reference again, right before: the load on this shared machine drifts within seconds, so each
            # prediction is calibrated from a reference measured next to the model it predicts
            ref_dec, ref_pre = measure(models[0][1], work)
            machine = speed.calibrate(machine.bandwidth, ref_arch, ref_dec, ref_pre)
            p = speed.predict(speed.arch_from_gguf(path), machine)
            dec, pre = measure(path, work)
        except Exception as exc:  # noqa: BLE001 - a model that cannot be timed is reported, not fatal
            print(f"{name:28} could not be measured: {exc}")
            continue
        err = (p.decode_tps - dec) / dec
        errors.append(abs(err))
        print(f"{name:28} {path.stat().st_size / 1e6:7.1f} {p.decode_tps:9.1f} {dec:9.1f} {err:+7.1%} "
              f"{p.prefill_tps:9.0f} {pre:9.0f}")
    print(f"load average: {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")
    print(f"RESULT max_error={max(errors):.3f} models={len(errors)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
