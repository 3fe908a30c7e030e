"""What the training loop of `Trainer` (worker.py) runs on: the base model (with its LoRA adapter), tokenizer,
prepared data, optimizer and scheduler, and the micro-batches in each epoch's seeded order.

Kept apart from the loop, its control and its status (worker.py) because this is set-up and data plumbing;
`Trainer` mixes `TrainerSetup` in, as it does `TrainerCheckpoints` (checkpoints.py). No Qt; torch, transformers
and peft are imported inside the methods, in the training process only.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

from desktop_app.core.backends.cpu_threads import ThreadTuner, shared_cpu_watch
from desktop_app.core.engine.types import physical_cores
from desktop_app.core.errors import DatasetError
from desktop_app.core.finetune import tokens as ftok
from desktop_app.core.finetune.base_model import resolve_base_model
from desktop_app.core.finetune.config import RunConfig
from desktop_app.core.messages import phrase

log = logging.getLogger("desktop_app.finetune")


class TrainerSetup:
    """Set-up and batch methods of `Trainer` (worker.py), which sets `config` and `dry_run` before `setup()`."""

    config: RunConfig
    dry_run: int
    folder: Path
    tokenizer: Any
    data: ftok.PreparedData
    device: Any
    dtype: Any
    pad_id: int
    model: Any
    micro_per_epoch: int
    total_steps: int
    optimizer: Any
    scheduler: Any
    threads: ThreadTuner | None  # on the CPU with threads on automatic: set before each step (cpu_threads.py)

    # -- set-up ----------------------------------------------------------------------------------------------------
    def setup(self) -> None:
        import torch
        from transformers import AutoTokenizer
        from transformers.utils import logging as hf_logging

        from desktop_app.core.backends import torch_support as ts

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        cfg = self.config
        if cfg.threads > 0:
            torch.set_num_threads(cfg.threads)
        self.folder = resolve_base_model(cfg.base_model, cfg.task)
        log.info("Base model folder: %s", self.folder)
        self.tokenizer = AutoTokenizer.from_pretrained(str(self.folder), local_files_only=True)
        self.data = ftok.prepare_data(cfg, self.tokenizer)
        report = self.data.dataset.report
        log.info("Dataset: %s", report.summary())
        for issue in report.issues[:50] + self.data.dropped[:50]:
            log.info("  skipped %s", issue)
        if not self.data.train_enc:
            raise DatasetError(phrase("No training rows are left after the split."))
        self.device = ts.resolve_device(cfg.device)
        # Threads on automatic follow the cores other programs leave free, looked at before every step: with one
        # of two cores busy elsewhere, a LoRA step of SmolLM2 took 32-53 s on two threads and 1.2 s on one
        # (bench/finetune_threads.py).
        self.threads = None
        if self.device.type == "cpu" and cfg.threads <= 0:
            self.threads = ThreadTuner(torch.set_num_threads, physical_cores(), watch=shared_cpu_watch())
        dtype = ts.resolve_dtype(cfg.dtype, self.device)
        if cfg.method == "full" and dtype == torch.float16:
            dtype = torch.float32  # plain float16 weights do not train stably without a loss scaler
        self.dtype = dtype
        pad = self.tokenizer.pad_token_id
        self.pad_id = pad if pad is not None else (self.tokenizer.eos_token_id or 0)
        torch.manual_seed(cfg.seed)
        self.model = self._build_model()
        self.micro_per_epoch = math.ceil(len(self.data.train_enc) / cfg.batch_size)
        self.total_steps = self.dry_run or cfg.total_steps(len(self.data.train_enc))
        params = [p for p in self.model.parameters() if p.requires_grad]
        self.optimizer = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
        from transformers import get_scheduler

        self.scheduler = get_scheduler(cfg.scheduler, self.optimizer,
                                       num_warmup_steps=int(cfg.warmup_ratio * self.total_steps),
                                       num_training_steps=self.total_steps)
        trainable = sum(p.numel() for p in params)
        total = sum(p.numel() for p in self.model.parameters())
        log.info("Training %s of %s parameters (%s) on %s, %s; %d train / %d eval rows; %d steps",
                 f"{trainable:,}", f"{total:,}", cfg.method, self.device, ts.dtype_name(dtype),
                 len(self.data.train_enc), len(self.data.eval_enc), self.total_steps)

    def _build_model(self) -> Any:
        import torch
        from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

        cfg = self.config
        kw: dict[str, Any] = {"dtype": self.dtype, "local_files_only": True}
        if cfg.task == "classification":
            labels = self.data.labels
            model = AutoModelForSequenceClassification.from_pretrained(
                str(self.folder), num_labels=len(labels), id2label=dict(enumerate(labels)),
                label2id={name: i for i, name in enumerate(labels)}, ignore_mismatched_sizes=True, **kw)
            if model.config.pad_token_id is None:
                model.config.pad_token_id = self.pad_id
        else:
            model = AutoModelForCausalLM.from_pretrained(str(self.folder), **kw)
            model.config.use_cache = False
        if cfg.gradient_checkpointing:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        if cfg.method == "lora":
            from peft import LoraConfig, get_peft_model

            target = cfg.target_modules
            lora = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                              target_modules=target, task_type="SEQ_CLS" if cfg.task == "classification"
                              else "CAUSAL_LM")
            torch.manual_seed(cfg.seed)
            model = get_peft_model(model, lora)
        return model.to(self.device)

    # -- data ------------------------------------------------------------------------------------------------------
    def _order(self, epoch: int) -> list[int]:
        import torch

        if self.dry_run:  # the longest examples first: the dry run measures the worst case
            n = len(self.data.train_enc)
            return sorted(range(n), key=lambda i: -len(self.data.train_enc[i].input_ids))
        gen = torch.Generator().manual_seed(self.config.seed + epoch)
        return torch.randperm(len(self.data.train_enc), generator=gen).tolist()

    def _micro_batch(self, g: int) -> list[ftok.Encoded]:
        epoch, idx = divmod(g, self.micro_per_epoch)
        if getattr(self, "_order_epoch", None) != epoch:
            self._order_cache, self._order_epoch = self._order(epoch), epoch
        bs = self.config.batch_size
        return [self.data.train_enc[i] for i in self._order_cache[idx * bs:(idx + 1) * bs]]

    def collate(self, items: list[ftok.Encoded]) -> dict[str, Any]:
        import torch

        width = max(len(e.input_ids) for e in items)
        ids = torch.full((len(items), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(items), width), dtype=torch.long)
        classify = self.config.task == "classification"
        labels = torch.full((len(items), width), ftok.IGNORE_INDEX, dtype=torch.long)
        for i, e in enumerate(items):
            ids[i, :len(e.input_ids)] = torch.tensor(e.input_ids)
            mask[i, :len(e.input_ids)] = 1
            if not classify:
                labels[i, :len(e.labels)] = torch.tensor(e.labels)
        if classify:
            labels = torch.tensor([e.labels[0] for e in items], dtype=torch.long)
        return {"input_ids": ids.to(self.device), "attention_mask": mask.to(self.device),
                "labels": labels.to(self.device)}
