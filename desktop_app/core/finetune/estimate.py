"""A measured dry run: a few real training steps in a subprocess, with the run's own config, before the run.

`measure(config, steps=3)` copies the config into a temporary run folder and starts the worker with `--dry-run`,
which trains `steps + 1` steps on the longest examples (the worst case for memory) and saves nothing. The first
step (warm-up: allocations, kernel choice) is left out of the timing. The report gives seconds per step, tokens
per second, the peak RAM (CPU) or VRAM (CUDA), the ETA of the whole run, and warnings naming the setting to
change when the peak will not fit in the memory available.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.finetune import runs
from desktop_app.core.finetune.config import RunConfig
from desktop_app.core.messages import phrase

SAFETY = 0.9  # warn when the peak would take more than this share of what is available


class EstimateError(DesktopAppError):
    pass


@dataclass
class Estimate:
    seconds_per_step: float
    tokens_per_s: float
    peak_bytes: int
    device: str  # "cpu" or "cuda"
    available_bytes: int
    total_steps: int
    eta_seconds: float
    warnings: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.warnings


def _available(device: str) -> int:
    if device == "cuda":
        try:
            import torch

            free, _total = torch.cuda.mem_get_info()
            return int(free)
        except (ImportError, RuntimeError):
            return 0
    import psutil

    return int(psutil.virtual_memory().available)


def memory_warnings(config: RunConfig, peak: int, available: int, device: str) -> list[str]:
    if not available or peak <= SAFETY * available:
        return []
    tips = []
    if config.batch_size > 1:
        tips.append(phrase("lower the batch size (now {batch}) and raise gradient accumulation", batch=config.batch_size))
    if not config.gradient_checkpointing:
        tips.append(phrase("turn on gradient checkpointing"))
    tips.append(phrase("lower the max length (now {length})", length=config.max_length))
    if config.method == "full":
        tips.append(phrase("use LoRA instead of full fine-tuning"))
    # the tips as a list ("; "), each one a phrase of its own, so that each is translated
    sizes = {"need": f"{peak / 2**30:.1f}", "free": f"{available / 2**30:.1f}", "tips": "; ".join(tips)}
    if device == "cuda":
        return [phrase("This run needs about {need} GiB of GPU memory but only {free} GiB are free; any of these "
                       "helps: {tips}.", **sizes)]
    return [phrase("This run needs about {need} GiB of RAM but only {free} GiB are free; any of these helps: {tips}.",
                   **sizes)]


def measure(config: RunConfig, steps: int = 3, timeout: float = 900.0, total_train_rows: int | None = None,
            env: dict[str, str] | None = None) -> Estimate:
    """Run `steps` measured steps (plus one warm-up) of `config` in a worker process and report."""
    config.validate()
    tmp = Path(tempfile.mkdtemp(prefix="finetune-dryrun-"))
    try:
        run_dir = tmp / "run"
        replace(config, save_every=0, eval_every=0).save(run_dir)
        proc = runs.start_worker(run_dir, extra=["--dry-run", str(steps + 1)], env=env)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            proc.kill()
            proc.wait()
            raise EstimateError(phrase("The dry run took more than {timeout} s; the run would be very slow.", timeout=f"{timeout:.0f}")) from exc
        status = runs.read_status(run_dir)
        if status.get("state") != "finished":
            raise EstimateError(status.get("message") or "The dry run failed; see its log.")
        records = runs.read_metrics(run_dir)
        log = (run_dir / runs.LOG_FILE).read_text(encoding="utf-8", errors="replace")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not records:
        raise EstimateError(phrase("The dry run logged no step."))
    timed = records[1:] or records
    per_step = statistics.median(r["step_s"] for r in timed)
    tok_s = statistics.median(r["tokens_per_s"] for r in timed)
    peak = max(int(r["peak_mem"]) for r in records)
    device = "cuda" if " on cuda" in log else "cpu"
    available = _available(device)  # measured after the worker exited: its memory is free again
    n_rows = total_train_rows if total_train_rows is not None else _train_rows(log)
    total = config.total_steps(n_rows) if n_rows else config.max_steps
    return Estimate(per_step, tok_s, peak, device, available, total, per_step * total,
                    memory_warnings(config, peak, available, device))


def _train_rows(log: str) -> int:
    import re

    m = re.search(r"; (\d+) train / \d+ eval rows", log)
    return int(m.group(1)) if m else 0


def describe(estimate: Estimate) -> dict[str, Any]:
    return {**estimate.__dict__, "fits": estimate.fits}
