"""Sequence-to-sequence models: summarizers (BART, Pegasus) and translators (Marian opus-mt, NLLB, M2M100, T5).

A translator is told its languages its own way (translation.py reads how at load); a summarizer just generates.
Both run in batches of GENERATE_BATCH texts, with cancel checked after every token.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import Capability, GenerationParams
from desktop_app.core.backends.pytorch.base import TorchBackend
from desktop_app.core.backends.pytorch.generation import GENERATE_BATCH, check_cancel
from desktop_app.core.backends.pytorch.translation import Translation, TranslationPlan, translation_profile
from desktop_app.core.errors import UnsupportedTaskError
from desktop_app.core.messages import phrase
from desktop_app.core.models.spec import ModelSpec


class Seq2SeqBackend(TorchBackend):
    family_capabilities = frozenset({Capability.SEQ2SEQ})

    def __init__(self) -> None:
        super().__init__()
        self._translation: Translation | None = None

    def _auto_class(self) -> Any:
        from transformers import AutoModelForSeq2SeqLM

        return AutoModelForSeq2SeqLM

    def _family_info(self, spec: ModelSpec, folder: Path) -> dict[str, Any]:
        assert self._folder is not None
        self._translation = translation_profile(folder, self._folder.config, self._tokenizer, spec.name)
        return {"translation": self._translation.as_dict() if self._translation is not None else None}

    def seq2seq(
        self,
        texts: Sequence[str],
        params: GenerationParams,
        cancel: threading.Event | None = None,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> list[str]:
        """Generate one output per text. With `target_lang` (and `source_lang`, app codes from
        tasks/languages.py), a translation model is told the languages its own way: a `>>id<<` token for
        multi-target Marian, a task prefix for T5, the source language token and a forced first target token for
        NLLB and M2M100. A pair the model cannot translate raises UnsupportedTaskError before any work."""
        model = self._compute()
        plan = self._translation_plan(source_lang, target_lang) if (source_lang or target_lang) else None
        outputs: list[str] = []
        for start in range(0, len(texts), GENERATE_BATCH):
            check_cancel(cancel)
            batch = list(texts[start : start + GENERATE_BATCH])
            extra: dict[str, Any] = {}
            if plan is None:
                enc = self._tokenizer(
                    batch, padding=True, truncation=True, max_length=self._n_ctx, return_tensors="pt"
                )
            else:
                enc, extra = self._translation_inputs(batch, plan)
                # A model that never says </s> must not run past its decoder's positions.
                extra["max_new_tokens"] = min(params.max_tokens, self._n_ctx) if params.max_tokens > 0 else self._n_ctx
            inputs = {k: v.to(self._device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}
            out = self._generate(model, inputs, params, cancel, **extra)
            outputs.extend(t.strip() for t in self._tokenizer.batch_decode(out, skip_special_tokens=True))
        return outputs

    @property
    def translation(self) -> Translation | None:
        """What the loaded seq2seq model can translate (None: not a translation model this app can drive)."""
        return self._translation

    def _translation_plan(self, source: str | None, target: str | None) -> TranslationPlan:
        from desktop_app.core.tasks.translate import check_pair

        profile = self._translation
        name = self.info.name if self.info else "This model"
        if profile is None:
            raise UnsupportedTaskError(
                phrase("{name} is not a translation model this app knows how to drive (Marian opus-mt, NLLB, M2M100 or T5).", name=name)
            )
        source, target = check_pair(self, source, target)
        if profile.kind == "t5":
            return TranslationPlan(prefix=profile.prefixes[f"{source or 'en'}>{target}"])
        if profile.kind == "marian":
            token = profile.tokens.get(target, "")
            return TranslationPlan(prefix=f"{token} " if token else "")
        if source is None:
            raise UnsupportedTaskError(phrase("{name} needs to be told which language the text is in.", name=name))
        tok = self._tokenizer
        return TranslationPlan(
            source_code=profile.codes[source],
            source_id=tok.convert_tokens_to_ids(profile.tokens[source]),
            forced_bos_id=tok.convert_tokens_to_ids(profile.tokens[target]),
        )

    def _translation_inputs(self, texts: list[str], plan: TranslationPlan) -> tuple[dict[str, Any], dict[str, Any]]:
        """Encoder inputs (and generate() arguments) for one batch of texts to translate."""
        import torch

        tok = self._tokenizer
        texts = [plan.prefix + t for t in texts]
        if plan.source_id is None:
            enc = tok(texts, padding=True, truncation=True, max_length=self._n_ctx, return_tensors="pt")
            return dict(enc), {}
        extra = {"forced_bos_token_id": plan.forced_bos_id}
        if hasattr(type(tok), "src_lang"):
            # NllbTokenizer and M2M100Tokenizer add the source language token themselves (each its own way).
            tok.src_lang = plan.source_code
            enc = tok(texts, padding=True, truncation=True, max_length=self._n_ctx, return_tensors="pt")
            return dict(enc), extra
        # Any other tokenizer whose vocabulary has the language tokens: [source language] text </s>, as the
        # NLLB and M2M100 tokenizers build it.
        eos = tok.eos_token_id
        tail = [eos] if eos is not None else []
        rows = [
            [plan.source_id, *ids[: max(1, self._n_ctx - 1 - len(tail))], *tail]
            for ids in tok(texts, add_special_tokens=False)["input_ids"]
        ]
        width = max(len(r) for r in rows)
        input_ids = torch.full((len(rows), width), self._pad_id() or 0, dtype=torch.long)
        mask = torch.zeros_like(input_ids)
        for i, r in enumerate(rows):
            input_ids[i, : len(r)] = torch.tensor(r)
            mask[i, : len(r)] = 1
        return {"input_ids": input_ids, "attention_mask": mask}, extra
