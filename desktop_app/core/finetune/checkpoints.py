"""Saving and restoring a training run on disk: checkpoints, resume, and the final model.

A checkpoint (checkpoints/step-NNNNNN/) holds the adapter (or full weights), the optimizer, the scheduler, the RNG
states and the data position; it is written into a temporary folder and renamed into place, and only the last
`keep_checkpoints` are kept. A disk that fills up while saving raises DiskFullError with a clear message and leaves
earlier checkpoints intact. Resuming restores all of it and rewrites metrics.jsonl without the steps after that
checkpoint, so the run continues exactly where it was. The results are final/ (adapter or weights + tokenizer),
model/ (a merged classifier folder) and result.json.

Kept apart from the training loop (worker.py) because this is file-format and crash-safety work; `Trainer` mixes
`TrainerCheckpoints` in, and these methods read the loop's state (model, optimizer, step...) from it.

Testing hook: the environment variable DESKTOP_APP_FINETUNE_FAIL_SAVE_AT_STEP=N makes the checkpoint save at step
N fail with OSError(ENOSPC) halfway through, as a full disk would. No Qt; torch, peft and safetensors are imported
inside the methods.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import random
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.finetune import runs
from desktop_app.core.finetune.config import RunConfig, write_json_atomic
from desktop_app.core.messages import phrase

if TYPE_CHECKING:
    from desktop_app.core.finetune.tokens import PreparedData

FAIL_SAVE_ENV = "DESKTOP_APP_FINETUNE_FAIL_SAVE_AT_STEP"
log = logging.getLogger("desktop_app.finetune")


class DiskFullError(DesktopAppError):
    pass


class TrainerCheckpoints:
    """Checkpoint, resume and final-result methods of `Trainer` (worker.py), which sets these attributes."""

    run_dir: Path
    config: RunConfig
    ckpt_root: Path
    folder: Path
    step: int
    micro: int
    elapsed: float
    tokens: int
    saved_step: int
    fail_save_at: int
    total_steps: int
    model: Any
    tokenizer: Any
    optimizer: Any
    scheduler: Any
    device: Any
    data: PreparedData

    # -- checkpoints -------------------------------------------------------------------------------------------------
    def save_checkpoint(self) -> Path:
        import torch

        name = f"step-{self.step:06d}"
        final = self.ckpt_root / name
        tmp = self.ckpt_root / f".tmp-{name}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            tmp.mkdir(parents=True)
            self.model.save_pretrained(str(tmp / ("adapter" if self.config.method == "lora" else "model")))
            if self.step == self.fail_save_at:
                raise OSError(errno.ENOSPC, "No space left on device (simulated)", str(tmp / "trainer_state.pt"))
            state = {"optimizer": self.optimizer.state_dict(), "scheduler": self.scheduler.state_dict(),
                     "torch_rng": torch.get_rng_state()}
            if self.device.type == "cuda":
                state["cuda_rng"] = torch.cuda.get_rng_state(self.device)
            torch.save(state, tmp / "trainer_state.pt")
            info = {"step": self.step, "micro": self.micro, "elapsed": self.elapsed, "tokens": self.tokens,
                    "total_steps": self.total_steps, "python_rng": _jsonable(random.getstate()),
                    "saved": time.time()}
            (tmp / "state.json").write_text(json.dumps(info), encoding="utf-8")
            if final.exists():
                shutil.rmtree(final)
            os.replace(tmp, final)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if exc.errno == errno.ENOSPC:
                raise DiskFullError(
                    phrase("The disk is full: the checkpoint at step {step} could not be saved, so the run stopped. Earlier checkpoints are intact ({checkpoint}); free some space and resume.", step=self.step, checkpoint=self._last_ckpt_text())) from exc
            raise
        self.saved_step = self.step
        for old in runs.checkpoint_steps(self.run_dir)[:-self.config.keep_checkpoints]:
            shutil.rmtree(self.ckpt_root / f"step-{old:06d}", ignore_errors=True)
        log.info("Checkpoint saved: %s", final.name)
        return final

    def _last_ckpt_text(self) -> str:
        steps = runs.checkpoint_steps(self.run_dir)
        return f"last at step {steps[-1]}" if steps else "there are none yet"

    def _load_checkpoint(self) -> None:
        import torch

        steps = runs.checkpoint_steps(self.run_dir)
        if not steps:
            raise DesktopAppError(phrase("There is no checkpoint to resume from; start the run again instead."))
        folder = self.ckpt_root / f"step-{steps[-1]:06d}"
        info = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        if self.config.method == "lora":
            from peft.utils import set_peft_model_state_dict
            from safetensors.torch import load_file

            weights = load_file(str(folder / "adapter" / "adapter_model.safetensors"), device=str(self.device))
            set_peft_model_state_dict(self.model, weights)
        else:
            from safetensors.torch import load_file

            sd = {}
            for f in sorted((folder / "model").glob("*.safetensors")):
                sd.update(load_file(str(f), device=str(self.device)))
            self.model.load_state_dict(sd, strict=False)
        state = torch.load(folder / "trainer_state.pt", map_location=self.device, weights_only=True)
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        torch.set_rng_state(state["torch_rng"].cpu())
        if "cuda_rng" in state and self.device.type == "cuda":
            torch.cuda.set_rng_state(state["cuda_rng"].cpu(), self.device)
        random.setstate(_tuples(info["python_rng"]))
        self.step, self.micro = int(info["step"]), int(info["micro"])
        self.elapsed, self.tokens = float(info["elapsed"]), int(info["tokens"])
        self.saved_step = self.step
        path = self.run_dir / runs.METRICS_FILE
        kept = [r for r in runs.read_metrics(self.run_dir) if int(r.get("step", 0)) <= self.step]
        tmp = path.with_name(".metrics.tmp")
        tmp.write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
        os.replace(tmp, path)
        log.info("Resumed from %s (step %d)", folder.name, self.step)

    # -- results ---------------------------------------------------------------------------------------------------
    def save_final(self) -> dict[str, Any]:
        cfg = self.config
        out = self.run_dir / runs.FINAL_DIR
        tmp = self.run_dir / ".tmp-final"
        shutil.rmtree(tmp, ignore_errors=True)
        self.model.save_pretrained(str(tmp))
        self.tokenizer.save_pretrained(str(tmp))
        shutil.rmtree(out, ignore_errors=True)
        os.replace(tmp, out)
        result: dict[str, Any] = {"steps": self.step, "train_rows": len(self.data.train_enc),
                                  "eval_rows": len(self.data.eval_enc), "elapsed": self.elapsed,
                                  "method": cfg.method, "task": cfg.task, "base_folder": str(self.folder)}
        if cfg.task == "classification":
            model = self.model.merge_and_unload() if cfg.method == "lora" else self.model
            folder = self.run_dir / runs.MODEL_DIR
            tmp = self.run_dir / ".tmp-model"
            shutil.rmtree(tmp, ignore_errors=True)
            model.save_pretrained(str(tmp))
            self.tokenizer.save_pretrained(str(tmp))
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
            result["model_folder"] = str(folder)
            result["labels"] = self.data.labels
        write_json_atomic(self.run_dir / "result.json", result)
        return result


def _jsonable(value: Any) -> Any:
    return [_jsonable(v) for v in value] if isinstance(value, (tuple, list)) else value


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value
