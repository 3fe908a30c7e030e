"""The settings of one fine-tuning run: a dataclass, presets, validation in sentences, and tooltip texts.

`RunConfig` is saved as RUN_DIR/config.json (with `schema_version`) and is all the worker process reads. No torch
here: the wizard builds and validates configs at no import cost.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase

SCHEMA_VERSION = 1
CONFIG_FILE = "config.json"
TASKS = ("causal", "classification")
METHODS = ("lora", "full")
SCHEDULERS = ("linear", "cosine", "constant", "constant_with_warmup")
DEVICES = ("auto", "cpu", "cuda", "mps")
DTYPES = ("auto", "fp32", "bf16", "fp16")
LORA_LR = 2e-4
FULL_LR = 2e-5


class ConfigError(DesktopAppError):
    """One or more settings are invalid; `problems` holds one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    values: dict[str, Any]


PRESETS: dict[str, Preset] = {
    "quick": Preset("Quick try", "About 30 steps: checks that everything works and shows a first trend.",
                    {"max_steps": 30, "epochs": 1, "eval_every": 10, "save_every": 10}),
    "balanced": Preset("Balanced", "Two passes over the data: a good default for a few hundred examples.",
                       {"max_steps": 0, "epochs": 2, "eval_every": 50, "save_every": 100}),
    "thorough": Preset("Thorough", "Four passes with a cosine schedule: for when Balanced is not enough.",
                       {"max_steps": 0, "epochs": 4, "eval_every": 100, "save_every": 200,
                        "scheduler": "cosine"}),
}


@dataclass
class RunConfig:
    task: str = "causal"
    base_model: str = ""
    dataset: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    method: str = "lora"
    preset: str = "quick"
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: str | list[str] = "all-linear"
    learning_rate: float | None = None  # None: 2e-4 for LoRA, 2e-5 for full fine-tuning
    scheduler: str = "linear"
    warmup_ratio: float = 0.05
    epochs: int = 1
    max_steps: int = 30  # 0: run `epochs` passes over the data
    batch_size: int = 4
    grad_accum: int = 1
    max_length: int = 512
    seed: int = 42
    device: str = "auto"
    dtype: str = "auto"
    threads: int = 0  # CPU threads for torch (0: one per core other programs leave free, before each step)
    gradient_checkpointing: bool = False
    eval_fraction: float = 0.1
    eval_every: int = 10
    save_every: int = 10
    keep_checkpoints: int = 2
    log_every: int = 1
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0
    whole_text: bool = False  # causal: also train on the prompt, not only the answers
    skip_bad_rows: bool = True
    labels: list[str] = field(default_factory=list)  # classification: fixed label order (default: sorted)
    schema_version: int = SCHEMA_VERSION

    # -- derived values ------------------------------------------------------------------------------------------
    @property
    def lr(self) -> float:
        if self.learning_rate is not None:
            return float(self.learning_rate)
        return LORA_LR if self.method == "lora" else FULL_LR

    def total_steps(self, n_train: int) -> int:
        """Optimizer steps for `n_train` training rows."""
        if self.max_steps > 0:
            return self.max_steps
        per_epoch = math.ceil(math.ceil(n_train / self.batch_size) / self.grad_accum)
        return max(1, per_epoch * self.epochs)

    def with_preset(self, name: str) -> RunConfig:
        if name not in PRESETS:
            raise ConfigError([f"Unknown preset {name!r}: choose {', '.join(PRESETS)}."])
        return replace(self, preset=name, **PRESETS[name].values)

    # -- validation ----------------------------------------------------------------------------------------------
    def problems(self, check_paths: bool = True) -> list[str]:
        """Every invalid setting, one sentence each (empty when the config is fine)."""
        p: list[str] = []

        def choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
            if value not in allowed:
                p.append(phrase("{setting} must be one of {allowed}, not {value}.", setting=describe_label(name),
                                allowed=", ".join(allowed), value=repr(value)))

        choice("task", self.task, TASKS)
        choice("method", self.method, METHODS)
        choice("scheduler", self.scheduler, SCHEDULERS)
        choice("device", self.device.split(":")[0], DEVICES)
        choice("dtype", self.dtype, DTYPES)
        if self.learning_rate is not None and not (self.learning_rate > 0):
            p.append(phrase("The learning rate must be greater than 0 (it is {value}).", value=self.learning_rate))
        elif self.lr > 1:
            p.append(phrase("A learning rate of {value} is far too high; use something like {typical}.", value=self.lr,
                            typical=LORA_LR))
        for name, low in (("batch_size", 1), ("grad_accum", 1), ("max_length", 8), ("epochs", 1),
                          ("log_every", 1), ("keep_checkpoints", 1)):
            if int(getattr(self, name)) < low:
                p.append(phrase("{setting} must be at least {low} (it is {value}).", setting=describe_label(name), low=low,
                                value=getattr(self, name)))
        for name in ("max_steps", "eval_every", "save_every"):
            if int(getattr(self, name)) < 0:
                p.append(phrase("{setting} cannot be negative (0 turns it off).", setting=describe_label(name)))
        if self.method == "lora":
            if self.lora_r < 1:
                p.append(phrase("LoRA rank must be at least 1 (it is {value}).", value=self.lora_r))
            if self.lora_alpha <= 0:
                p.append(phrase("LoRA alpha must be greater than 0 (it is {value}).", value=self.lora_alpha))
            if not 0 <= self.lora_dropout < 1:
                p.append(phrase("LoRA dropout must be between 0 and 1 (it is {value}).", value=self.lora_dropout))
            if not self.target_modules:
                p.append(phrase("Choose at least one target module for LoRA (or all-linear)."))
        if not 0 <= self.eval_fraction < 0.9:
            p.append(phrase("The evaluation share must be between 0 and 0.9 (it is {value}).", value=self.eval_fraction))
        if not 0 <= self.warmup_ratio < 1:
            p.append(phrase("Warm-up must be a share of the steps between 0 and 1 (it is {value}).", value=self.warmup_ratio))
        if self.weight_decay < 0:
            p.append(phrase("Weight decay cannot be negative."))
        if self.max_grad_norm < 0:
            p.append(phrase("Gradient clipping cannot be negative (0 turns it off)."))
        if not self.base_model:
            p.append(phrase("Choose a base model."))
        elif check_paths and not Path(self.base_model).expanduser().exists():
            p.append(phrase("The base model {path} does not exist.", path=self.base_model))
        if not self.dataset:
            p.append(phrase("Choose a dataset file."))
        elif check_paths and not Path(self.dataset).expanduser().is_file():
            p.append(phrase("The dataset file {path} does not exist.", path=self.dataset))
        if self.task == "causal" and self.labels:
            p.append(phrase("Labels only apply to classification runs."))
        return p

    def validate(self, check_paths: bool = True) -> RunConfig:
        problems = self.problems(check_paths)
        if problems:
            raise ConfigError(problems)
        return self

    # -- files ---------------------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError([f"Unknown setting(s) in the run config: {', '.join(unknown)}."])
        return cls(**data)

    def save(self, run_dir: str | Path) -> Path:
        """Write RUN_DIR/config.json atomically."""
        run_dir = Path(run_dir)
        run_dir.mkdir(parents=True, exist_ok=True)
        path = run_dir / CONFIG_FILE
        write_json_atomic(path, self.to_dict())
        return path

    @classmethod
    def load(cls, run_dir: str | Path) -> RunConfig:
        path = Path(run_dir) / CONFIG_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError([f"{path} does not exist."]) from exc
        except json.JSONDecodeError as exc:
            raise ConfigError([f"{path} is not valid JSON (line {exc.lineno})."]) from exc
        if not isinstance(data, dict):
            raise ConfigError([f"{path} does not hold a settings object."])
        return cls.from_dict(data)


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


# -- help texts for the wizard -------------------------------------------------------------------------------------
_HELP: dict[str, tuple[str, str]] = {
    "task": ("Task", "Causal: teach a chat or text model to answer like your examples. Classification: teach an "
             "encoder to put texts into your labels."),
    "base_model": ("Base model", "The model you start from: a model folder or a GGUF file that Transformers can "
                   "convert. Smaller models train faster; start small."),
    "dataset": ("Dataset", "A JSONL, JSON, CSV, TXT or Parquet file. The format (alpaca, sharegpt, messages, "
                "plain text, text + label) is detected; map columns when it is not."),
    "mapping": ("Column mapping", "Tells which column holds what when the names are not standard, e.g. "
                "instruction = question, output = answer."),
    "method": ("Method", "LoRA trains small added matrices (fast, little memory, a small adapter file). Full "
               "updates every weight: more memory and a lower learning rate; use it only when LoRA is not enough."),
    "preset": ("Preset", "Quick try runs ~30 steps to check everything works; Balanced and Thorough make "
               "two and four passes over the data."),
    "lora_r": ("LoRA rank", "The size of the added matrices. 16 suits most tasks; raise it (32, 64) when the "
               "model must learn a lot of new material, lower it (4, 8) to save memory."),
    "lora_alpha": ("LoRA alpha", "Scales the LoRA update; usually twice the rank. Change it with the rank."),
    "lora_dropout": ("LoRA dropout", "Randomly drops part of the LoRA input while training, against "
                     "overfitting. 0.05 is typical; raise it to 0.1 for small datasets that overfit."),
    "target_modules": ("Target modules", "Which layers get LoRA matrices. All linear layers learns best; "
                       "attention only (q_proj, v_proj) is faster and smaller."),
    "learning_rate": ("Learning rate", "How big each update is. 2e-4 suits LoRA and 2e-5 full fine-tuning. "
                      "Lower it if the loss jumps around or rises; raise it if it barely moves."),
    "scheduler": ("Schedule", "How the learning rate changes over the run: linear decay, cosine decay or "
                  "constant. Linear is a safe default."),
    "warmup_ratio": ("Warm-up", "The share of steps during which the learning rate ramps up from 0, which "
                     "avoids a bad first update. 5% is typical."),
    "epochs": ("Epochs", "Passes over the training data (when max steps is 0). More passes fit the data more "
               "closely; too many and the model only repeats it."),
    "max_steps": ("Max steps", "Stop after this many updates, whatever the epochs say (0: use epochs)."),
    "batch_size": ("Batch size", "Examples per step. Larger batches are steadier but need more memory; lower "
                   "it first when memory runs out."),
    "grad_accum": ("Gradient accumulation", "Adds up several batches before each update: a larger effective "
                   "batch without more memory, at the cost of time per update."),
    "max_length": ("Max length", "Tokens per example; longer ones are cut. Memory grows with it. Check the "
                   "length chart: few examples should be cut."),
    "seed": ("Seed", "Fixes the random choices (data order, split, initial LoRA weights) so a run can be "
             "repeated exactly."),
    "device": ("Device", "Where training runs: Auto picks the GPU when there is one. The CPU works for small "
               "models but is slow."),
    "dtype": ("Precision", "Auto is float32 on the CPU and bfloat16/float16 on a GPU. Lower precision halves "
              "memory."),
    "threads": ("CPU threads", "How many CPU cores training uses (0: the cores other programs leave free, "
                "looked at before each step). Lower it to keep the computer responsive while training on the CPU."),
    "gradient_checkpointing": ("Gradient checkpointing", "Saves a lot of memory by recomputing activations, "
                               "at about 30% more time per step. Turn it on when memory runs out."),
    "eval_fraction": ("Held-out share", "The share of rows kept aside to measure the model on data it did not "
                      "train on (10% by default)."),
    "eval_every": ("Evaluate every", "Steps between evaluations on the held-out rows (0: only at the end). "
                   "Evaluating often shows overfitting early but costs time."),
    "save_every": ("Save every", "Steps between checkpoints (0: none until the end). A run can resume from "
                   "its last checkpoint after a crash or a stop."),
    "keep_checkpoints": ("Checkpoints kept", "How many recent checkpoints stay on disk; older ones are "
                         "deleted to save space."),
    "log_every": ("Log every", "Steps between metric points in the chart (1: every step)."),
    "weight_decay": ("Weight decay", "A small pull of the weights towards zero against overfitting; 0 is "
                     "fine for LoRA."),
    "max_grad_norm": ("Gradient clipping", "Limits the size of each update's gradient, which keeps training "
                      "stable (1.0 is typical; 0 turns it off)."),
    "whole_text": ("Train on the whole text", "Also learn the prompts and the template, not only the answers. "
                   "Off by default: the model should learn to answer, not to ask."),
    "skip_bad_rows": ("Skip bad rows", "Leave out rows with problems (listed in the report) instead of "
                      "refusing the file."),
    "labels": ("Labels", "Classification only: the label names in order (default: sorted as found)."),
}


def describe_label(name: str) -> str:
    return _HELP.get(name, (name.replace("_", " ").capitalize(), ""))[0]


def describe_field(name: str) -> str:
    """Tooltip text for a RunConfig field: what it does and when to change it."""
    if name not in _HELP:
        raise KeyError(phrase("No help for {name}", name=repr(name)))
    return _HELP[name][1]
