"""Causal language models: chat through the tokenizer's template, plain completion, and zero-shot label scoring.

Label scoring is why this family reads logits itself instead of only generating: the Sentiment tab asks for real
probabilities of each label's tokens after the prompt, not a sampled word.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from desktop_app.core.backends.base import Capability, ChatMessage, Chunk, GenerationParams, LabelScores
from desktop_app.core.backends.pytorch.base import TorchBackend
from desktop_app.core.backends.pytorch.folder import first_line
from desktop_app.core.errors import ContextOverflowError, GenerationError
from desktop_app.core.messages import phrase
from desktop_app.core.tasks import reasoning
from desktop_app.core.tools.calls import tool_definitions

# Used only when a causal model's tokenizer has no chat template (base models): ChatML, as llama_cpp.py does.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


class CausalBackend(TorchBackend):
    family_capabilities = frozenset({Capability.CHAT})

    def _auto_class(self) -> Any:
        from transformers import AutoModelForCausalLM

        return AutoModelForCausalLM

    # -- prompts -------------------------------------------------------------------------------------------------
    def _chat_text(self, messages: Sequence[ChatMessage], thinking: str = "auto", tools: str = "") -> str:
        """The template rendered with the thinking switch (core/tasks/reasoning.py) and the tools offered, as
        llama_cpp.py does."""
        tok = self._tokenizer
        template = None if getattr(tok, "chat_template", None) else CHATML_TEMPLATE
        source = str(template or tok.chat_template)
        plain = [{k: v for k, v in m.items() if k != "images"} for m in messages]
        try:
            text = tok.apply_chat_template(
                reasoning.soft_switch(plain, source, thinking),
                tokenize=False,
                add_generation_prompt=True,
                chat_template=template,
                tools=tool_definitions(tools),
                **reasoning.template_kwargs(source, thinking),
            )
        except Exception as exc:  # a template error is the model's fault, not the user's
            raise GenerationError(phrase("The model's chat template failed: {error}", error=first_line(exc))) from exc
        return reasoning.apply_thinking(text, source, thinking)

    def _chat_inputs(self, messages: Sequence[ChatMessage], thinking: str = "auto",
                     tools: str = "") -> tuple[list[int], dict[str, Any]]:
        """Prompt ids, and more model inputs (none here: a text model cannot see images)."""
        self._require()
        text = self._chat_text(messages, thinking, tools)
        if any(m.get("images") for m in messages):
            raise self._unsupported(phrase("{name} cannot see images."))
        return self._tokenizer(text, add_special_tokens=False)["input_ids"], {}

    def format_chat(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> str:
        """The chat template rendered as text, generation prompt included."""
        self._require()
        return self._chat_text(messages, thinking)

    def count_chat_tokens(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> int:
        return len(self._chat_inputs(messages, thinking)[0])

    # -- streaming generation --------------------------------------------------------------------------------------
    def chat_stream(
        self, messages: Sequence[ChatMessage], params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        if params.json_schema or params.grammar:
            raise self._unsupported(phrase(
                "{name} cannot hold a reply to a JSON schema or grammar (the PyTorch engine has no constrained "
                "decoding here); load the model as a GGUF with llama.cpp for structured output."
            ))
        ids, extra = self._chat_inputs(messages, params.thinking, params.tools)
        opened = reasoning.opened_tag(self._chat_text(messages, params.thinking, params.tools))
        return reasoning.split_stream(self._stream(ids, params, cancel, extra), opened)

    def complete_stream(
        self, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        self._require()
        return self._stream(self._tokenizer(prompt)["input_ids"], params, cancel)

    # -- zero-shot label scoring -----------------------------------------------------------------------------------
    def score_labels(self, prompt: str, labels: Sequence[str]) -> LabelScores:
        """P(label | prompt) over the label set: each label's whole token sequence is scored (sum of token
        log-probabilities after the prompt), then a softmax over the labels turns the sums into probabilities."""
        import torch

        model = self._compute()
        if not labels:
            raise GenerationError(phrase("No labels were given to score."))
        tok = self._tokenizer
        prompt_ids = tok(prompt)["input_ids"]
        rows = []
        for label in labels:
            full = tok(prompt + label)["input_ids"]
            if full[: len(prompt_ids)] == prompt_ids and len(full) > len(prompt_ids):
                label_ids = full[len(prompt_ids) :]
            else:  # the tokenizer merged across the boundary: score the label tokenized on its own
                label_ids = tok(label, add_special_tokens=False)["input_ids"]
            if not label_ids:
                raise GenerationError(phrase("The label {label} has no tokens.", label=repr(label)))
            rows.append(label_ids)
        width = len(prompt_ids) + max(len(r) for r in rows)
        if width > self._n_ctx:
            raise ContextOverflowError(
                phrase("The prompt and labels are {width} tokens but the model's context holds {n_ctx}.", width=f"{width:,}", n_ctx=f"{self._n_ctx:,}")
            )
        pad = self._pad_id() or 0
        batch = torch.full((len(rows), width), pad, dtype=torch.long)
        mask = torch.zeros_like(batch)
        for i, r in enumerate(rows):
            seq = prompt_ids + r
            batch[i, : len(seq)] = torch.tensor(seq)
            mask[i, : len(seq)] = 1
        try:
            with torch.inference_mode():
                logits = model(input_ids=batch.to(self._device), attention_mask=mask.to(self._device)).logits
        except Exception as exc:
            raise self._generation_error(exc) from exc
        logprobs = torch.log_softmax(logits.float(), dim=-1)
        totals = []
        start = len(prompt_ids)
        for i, r in enumerate(rows):
            positions = torch.arange(start - 1, start - 1 + len(r), device=logprobs.device)
            targets = torch.tensor(r, device=logprobs.device)
            totals.append(logprobs[i, positions, targets].sum())
        probs = torch.softmax(torch.stack(totals), dim=0).tolist()
        return LabelScores(labels=list(labels), probabilities=probs)

