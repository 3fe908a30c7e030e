"""Sequence classifiers (sentiment, toxicity, topic models): label probabilities per text, in batches.

The model's own labels (config.id2label) go into ModelInfo at load, so the Sentiment tab shows what this model
says, not a fixed positive/negative pair; multi-label models get independent sigmoids instead of a softmax.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import Capability, LabelScores
from desktop_app.core.backends.pytorch.base import TorchBackend
from desktop_app.core.backends.pytorch.generation import check_cancel
from desktop_app.core.models.spec import ModelSpec

CLASSIFY_BATCH = 16


class ClassifierBackend(TorchBackend):
    family_capabilities = frozenset({Capability.CLASSIFIER})

    def _auto_class(self) -> Any:
        from transformers import AutoModelForSequenceClassification

        return AutoModelForSequenceClassification

    def _family_info(self, spec: ModelSpec, folder: Path) -> dict[str, Any]:
        cfg = self._model.config  # the Sentiment tab shows a classifier's own labels
        return {
            "labels": tuple(cfg.id2label.get(i, str(i)) for i in range(cfg.num_labels)),
            "multi_label": getattr(cfg, "problem_type", None) == "multi_label_classification",
        }

    def classify(self, texts: Sequence[str], cancel: threading.Event | None = None) -> list[LabelScores]:
        """Label probabilities per text: a softmax, or independent sigmoids for multi-label classifiers."""
        import torch

        model = self._compute()
        cfg = model.config
        labels = [cfg.id2label.get(i, str(i)) for i in range(cfg.num_labels)]
        multi = getattr(cfg, "problem_type", None) == "multi_label_classification"
        accepted = set(inspect.signature(model.forward).parameters)
        results: list[LabelScores] = []
        for start in range(0, len(texts), CLASSIFY_BATCH):
            check_cancel(cancel)
            enc = self._tokenizer(
                list(texts[start : start + CLASSIFY_BATCH]),
                padding=True,
                truncation=True,
                max_length=self._n_ctx,
                return_tensors="pt",
            )
            inputs = {k: v.to(self._device) for k, v in enc.items() if k in accepted}
            try:
                with torch.inference_mode():
                    logits = model(**inputs).logits.float()
            except Exception as exc:
                raise self._generation_error(exc) from exc
            probs = torch.sigmoid(logits) if multi else torch.softmax(logits, dim=-1)
            results.extend(LabelScores(labels, row, multi_label=multi) for row in probs.tolist())
        return results
