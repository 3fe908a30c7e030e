"""Sentence-embedding encoders (all-MiniLM-L6-v2 and other sentence-transformers folders): one vector per text.

The Documents index and /v1/embeddings ask any loaded model for `embeddings(texts)`; for a sentence-transformers
folder that is the encoder's last hidden state, mean-pooled over the real tokens (the pooling its 1_Pooling config
names for these models) and L2-normalised, exactly as sentence-transformers computes it, without importing that
library. Inputs longer than the model's window are truncated to it (256 word pieces for MiniLM): the Documents
chunker keeps passages below that, and a search query longer than it is rare and loses only its tail.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import Capability, LoadOptions, ModelInfo
from desktop_app.core.backends.pytorch.base import TorchBackend
from desktop_app.core.backends.pytorch.folder import FolderInfo
from desktop_app.core.backends.pytorch.generation import check_cancel
from desktop_app.core.models.spec import ModelSpec

EMBED_BATCH = 32


def sentence_max_length(folder: Path) -> int:
    """sentence_bert_config.json's max_seq_length (what sentence-transformers truncates to), else 0."""
    try:
        value = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8")).get("max_seq_length")
    except (OSError, ValueError, AttributeError):
        return 0
    return int(value) if isinstance(value, int) and value > 0 else 0


class EmbedderBackend(TorchBackend):
    family_capabilities = frozenset({Capability.EMBEDDING})

    def _auto_class(self) -> Any:
        from transformers import AutoModel

        return AutoModel

    def load_folder(
        self, spec: ModelSpec, options: LoadOptions, folder: Path, found: FolderInfo, cancel: threading.Event | None
    ) -> ModelInfo:
        """As every family loads, then the window shrinks to what the model was trained to embed (MiniLM: 256)."""
        info = super().load_folder(spec, options, folder, found, cancel)
        limit = sentence_max_length(folder)
        if limit and limit < self._n_ctx:
            self._n_ctx = info.n_ctx = limit
        return info

    def embeddings(self, texts: Sequence[str], cancel: threading.Event) -> tuple[list[list[float]], int]:
        """Mean-pooled, L2-normalised vectors, in batches; cancel acts between batches."""
        import torch

        model = self._compute()
        vectors: list[list[float]] = []
        tokens = 0
        for start in range(0, len(texts), EMBED_BATCH):
            check_cancel(cancel)
            enc = self._tokenizer(
                list(texts[start : start + EMBED_BATCH]),
                padding=True,
                truncation=True,
                max_length=self._n_ctx,
                return_tensors="pt",
            )
            enc = {k: v.to(self._device) for k, v in enc.items()}
            try:
                with torch.inference_mode():
                    hidden = model(**enc).last_hidden_state.float()
            except Exception as exc:
                raise self._generation_error(exc) from exc
            mask = enc["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
            vectors.extend(pooled.cpu().tolist())
            tokens += int(enc["attention_mask"].sum())
        return vectors, tokens
