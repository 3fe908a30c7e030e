"""The training process: `python -m desktop_app.core.finetune.worker RUN_DIR [--resume] [--dry-run N]`.

It reads RUN_DIR/config.json, refuses a base model that cannot train (status "failed" with the reason, exit 2),
prepares the data, and trains with a plain PyTorch loop (peft LoRA or full fine-tuning). It writes:

- metrics.jsonl: one JSON line per logging step: step, epoch, loss, lr, tokens, tokens_per_s, elapsed, eta,
  peak_mem (bytes: the process's peak RSS on the CPU, torch.cuda.max_memory_allocated on CUDA), grad_norm, rows
  (the dataset line numbers of the step's examples), time (wall clock), and eval_loss (+ eval_accuracy for classifiers) on
  evaluation steps.
- status.json: state (running, paused, stopping, finished, failed, stopped), pid, step, total_steps, message.
- train.log: a readable log; a crash writes its traceback there.
- checkpoints/step-NNNNNN/: adapter (or full weights), optimizer, scheduler, RNG states and the data position,
  written into a temporary folder and renamed into place; the last `keep_checkpoints` are kept. A disk that fills
  up while saving stops the run with a clear message and leaves earlier checkpoints intact.
- final/ (adapter or weights + tokenizer), model/ (classification: a merged classifier folder the app can load)
  and result.json.

Control (read between steps): control.json written by `runs.send_control` with "pause" (the worker waits,
checking the file five times a second, using no CPU for training), "resume", "stop" (saves a checkpoint, then
exits with state "stopped") or "stop-now" (exits at once). SIGTERM and SIGINT act as "stop". SIGSTOP/SIGCONT from
outside also suspend and continue it (the state then stays "running").

`--resume` continues from the newest checkpoint: same data order (each epoch's order is a permutation seeded by
seed + epoch, and the checkpoint records the position in it), same RNG states, step count continuing; metrics.jsonl
is rewritten without the steps after that checkpoint. `--dry-run N` runs N steps on the longest examples and saves
nothing (see estimate.py).

Saving and restoring checkpoints and the final model is checkpoints.py (with its testing hook,
DESKTOP_APP_FINETUNE_FAIL_SAVE_AT_STEP); loading the model and data and forming the batches is trainer_setup.py;
preparing the data is tokens.prepare_data.

No Qt is imported here.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DatasetError, DesktopAppError
from desktop_app.core.finetune import runs
from desktop_app.core.finetune import tokens as ftok
from desktop_app.core.finetune.base_model import BaseModelError
from desktop_app.core.finetune.checkpoints import FAIL_SAVE_ENV, DiskFullError, TrainerCheckpoints
from desktop_app.core.finetune.config import ConfigError, RunConfig
from desktop_app.core.finetune.trainer_setup import TrainerSetup

log = logging.getLogger("desktop_app.finetune")


class _Stop(Exception):
    def __init__(self, now: bool):
        self.now = now


def peak_memory(device: Any) -> int:
    import torch

    if device.type == "cuda":
        return int(torch.cuda.max_memory_allocated(device))
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(peak if sys.platform == "darwin" else peak * 1024)
    except ImportError:  # Windows
        import psutil

        return int(psutil.Process().memory_info().peak_wset)


class Control:
    """Commands from control.json, each acted on once (the file's id changes with every command)."""

    def __init__(self, run_dir: Path):
        self.path = run_dir / runs.CONTROL_FILE
        self.path.unlink(missing_ok=True)  # a command left from an earlier process is not for this one
        self._mtime = 0
        self.signalled: str | None = None

    def poll(self) -> str | None:
        if self.signalled:
            cmd, self.signalled = self.signalled, None
            return cmd
        try:
            mtime = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        if mtime == self._mtime:
            return None
        self._mtime = mtime
        try:
            return json.loads(self.path.read_text(encoding="utf-8")).get("command")
        except (OSError, json.JSONDecodeError, AttributeError):
            return None


class Trainer(TrainerSetup, TrainerCheckpoints):
    """The training loop of one run: steps, evaluation and control; the model, data and batches come from
    TrainerSetup (trainer_setup.py), saving and resuming from TrainerCheckpoints (checkpoints.py)."""

    def __init__(self, run_dir: Path, resume: bool = False, dry_run: int = 0):
        self.run_dir = run_dir
        self.resume = resume
        self.dry_run = dry_run
        self.config = RunConfig.load(run_dir).validate()
        self.control = Control(run_dir)
        self.ckpt_root = run_dir / runs.CHECKPOINTS_DIR
        self.step = 0
        self.micro = 0  # micro-batches consumed since the start (the data position)
        self.elapsed = 0.0
        self.tokens = 0
        self.saved_step = -1
        fail = os.environ.get(FAIL_SAVE_ENV, "")
        self.fail_save_at = int(fail) if fail.isdigit() else -1

    # -- the loop --------------------------------------------------------------------------------------------------
    def run(self) -> str:
        import torch

        cfg = self.config
        if self.resume:
            self._load_checkpoint()
        else:
            (self.run_dir / runs.METRICS_FILE).unlink(missing_ok=True)
        self._status("running", f"Training: step {self.step} of {self.total_steps}.")
        metrics = open(self.run_dir / runs.METRICS_FILE, "a", encoding="utf-8")  # noqa: SIM115
        step_times: list[float] = []
        try:
            while self.step < self.total_steps:
                self._check_control()
                # The CPU threads this step computes with (0 on a GPU: the Fine-tune page shows none then).
                threads = (self.threads.start() if self.threads is not None
                           else torch.get_num_threads() if self.device.type == "cpu" else 0)
                t0 = time.perf_counter()
                self.model.train()
                loss_sum, n_tok, rows = 0.0, 0, []
                for _ in range(cfg.grad_accum):
                    items = self._micro_batch(self.micro)
                    self.micro += 1
                    batch = self.collate(items)
                    out = self.model(**batch)
                    (out.loss / cfg.grad_accum).backward()
                    loss_sum += float(out.loss.detach())
                    n_tok += int(batch["attention_mask"].sum())
                    rows += [e.line for e in items]
                norm = 0.0
                if cfg.max_grad_norm > 0:
                    params = [p for p in self.model.parameters() if p.requires_grad]
                    norm = float(torch.nn.utils.clip_grad_norm_(params, cfg.max_grad_norm))
                lr = self.scheduler.get_last_lr()[0]
                self.optimizer.step()
                self.scheduler.step()
                self.optimizer.zero_grad(set_to_none=True)
                if self.device.type == "cuda":
                    torch.cuda.synchronize(self.device)
                dt = time.perf_counter() - t0
                self.step += 1
                self.elapsed += dt
                self.tokens += n_tok
                step_times.append(dt)
                recent = step_times[-20:] if len(step_times) > 1 else step_times
                per_step = sum(recent[1:] or recent) / max(1, len(recent[1:] or recent))
                rec: dict[str, Any] = {
                    "step": self.step, "epoch": round(self.micro / self.micro_per_epoch, 4),
                    "loss": loss_sum / cfg.grad_accum, "lr": lr, "grad_norm": norm, "tokens": n_tok,
                    "tokens_per_s": n_tok / dt if dt > 0 else 0.0, "step_s": dt,
                    "elapsed": round(self.elapsed, 3), "eta": round(per_step * (self.total_steps - self.step), 1),
                    "peak_mem": peak_memory(self.device), "rows": rows, "time": round(time.time(), 3),
                    "threads": threads,
                }
                last = self.step == self.total_steps
                if not self.dry_run and self.data.eval_enc and (
                    last or (cfg.eval_every and self.step % cfg.eval_every == 0)
                ):
                    rec.update(self.evaluate())
                if last or self.step % cfg.log_every == 0:
                    metrics.write(json.dumps(rec) + "\n")
                    metrics.flush()
                    self._status("running", f"Training: step {self.step} of {self.total_steps}.",
                                 loss=rec["loss"], eval_loss=rec.get("eval_loss"), eta=rec["eta"])
                if not self.dry_run and not last and cfg.save_every and self.step % cfg.save_every == 0:
                    self.save_checkpoint()
        except _Stop as stop:
            metrics.close()
            if stop.now:
                self._status("stopped", f"Stopped at once at step {self.step}, without saving; resume from "
                             f"the last checkpoint ({self._last_ckpt_text()}).")
                return "stopped"
            if self.saved_step != self.step and self.step > 0:
                self._status("stopping", f"Saving a checkpoint at step {self.step} before stopping.")
                self.save_checkpoint()
            self._status("stopped", f"Stopped at step {self.step} of {self.total_steps}; a checkpoint was "
                         "saved, so the run can be resumed.")
            return "stopped"
        metrics.close()
        if self.dry_run:
            self._status("finished", f"Dry run of {self.step} steps done.")
            return "finished"
        self._status("stopping", "Saving the fine-tuned model.")
        result = self.save_final()
        self._status("finished", f"Finished {self.step} steps.", result=result)
        return "finished"

    def _check_control(self) -> None:
        cmd = self.control.poll()
        if cmd == "pause":
            self._status("paused", f"Paused at step {self.step}.")
            log.info("Paused at step %d", self.step)
            pause_start = time.perf_counter()
            while True:
                time.sleep(0.2)
                cmd = self.control.poll()
                if cmd in ("resume", "stop", "stop-now"):
                    break
            log.info("Pause over after %.1f s (%s)", time.perf_counter() - pause_start, cmd)
            if cmd == "resume":
                self._status("running", f"Training: step {self.step} of {self.total_steps}.")
        if cmd in ("stop", "stop-now"):
            log.info("Stop requested (%s) at step %d", cmd, self.step)
            raise _Stop(cmd == "stop-now")

    def evaluate(self) -> dict[str, Any]:
        import torch

        self.model.eval()
        total, weight, correct = 0.0, 0, 0
        bs = self.config.batch_size
        enc = self.data.eval_enc
        with torch.no_grad():
            for i in range(0, len(enc), bs):
                items = enc[i:i + bs]
                batch = self.collate(items)
                out = self.model(**batch)
                if self.config.task == "classification":
                    n = len(items)
                    correct += int((out.logits.argmax(-1) == batch["labels"]).sum())
                else:
                    n = int((batch["labels"][:, 1:] != ftok.IGNORE_INDEX).sum())
                total += float(out.loss) * n
                weight += n
        self.model.train()
        result: dict[str, Any] = {"eval_loss": total / max(1, weight)}
        if self.config.task == "classification":
            result["eval_accuracy"] = correct / max(1, len(enc))
        return result

    def _status(self, state: str, message: str, **extra: Any) -> None:
        runs.write_status(self.run_dir, state=state, message=message, step=self.step,
                          total_steps=getattr(self, "total_steps", 0), **extra)


def _setup_logging(run_dir: Path) -> None:
    handler = logging.FileHandler(run_dir / runs.LOG_FILE, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop_app.core.finetune.worker")
    parser.add_argument("run_dir")
    parser.add_argument("--resume", action="store_true", help="continue from the newest checkpoint")
    parser.add_argument("--dry-run", type=int, default=0, metavar="N", help="measure N steps, save nothing")
    args = parser.parse_args(argv)
    run_dir = Path(args.run_dir)
    if not (run_dir / "config.json").is_file():
        print(f"{run_dir} has no config.json", file=sys.stderr)
        return 2
    _setup_logging(run_dir)
    import psutil

    runs.write_status(run_dir, state="running", pid=os.getpid(), pid_started=psutil.Process().create_time(),
                      message="Loading the model and data.", error=None)
    log.info("Worker %d started (%s)%s", os.getpid(), "resume" if args.resume else "new run",
             f", dry run of {args.dry_run} steps" if args.dry_run else "")
    trainer: Trainer | None = None

    def on_signal(signum: int, _frame: Any) -> None:
        if trainer is None:  # still starting: nothing to save
            runs.write_status(run_dir, state="stopped", message="Stopped before training began.")
            os._exit(0)
        trainer.control.signalled = "stop"

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        trainer = Trainer(run_dir, args.resume, args.dry_run)
        trainer.setup()
        state = trainer.run()
        log.info("Run %s", state)
        return 0
    except (ConfigError, BaseModelError, DatasetError, DiskFullError, DesktopAppError) as exc:
        log.error("%s", exc)
        runs.write_status(run_dir, state="failed", message=str(exc), error=type(exc).__name__,
                          step=trainer.step if trainer else 0)
        return 2 if not isinstance(exc, DiskFullError) else 3
    except BaseException as exc:  # a crash: the traceback goes to the log, the UI shows one sentence
        log.error("Training crashed:\n%s", traceback.format_exc())
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        runs.write_status(run_dir, state="failed", message=f"Training crashed: {first}. See train.log.",
                          error=type(exc).__name__, step=trainer.step if trainer else 0)
        return 1


if __name__ == "__main__":
    sys.exit(main())
