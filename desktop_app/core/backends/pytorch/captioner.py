"""Image-to-text captioners: BLIP and VisionEncoderDecoder models (ViT-GPT2 and the like).

They caption in batches (the Describe tab's folder runs), and stream one caption token by token for the single-image
view. The two differ only in how an image (and an optional prompt) becomes model inputs, so each is a small subclass
of one captioner, as taggui does it; the vision-language chat models (vision.py) reuse the streaming.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import Capability, Chunk, GenerationParams
from desktop_app.core.backends.pytorch.base import TorchBackend
from desktop_app.core.backends.pytorch.generation import GENERATE_BATCH, check_cancel

DEFAULT_MAX_CAPTION_TOKENS = 256


class CaptionerBackend(TorchBackend):
    """A model that describes images; subclasses say how images become its inputs."""

    family_capabilities = frozenset({Capability.CAPTIONER})

    def _caption_inputs(self, images: list[Any], prompt: str) -> dict[str, Any]:
        """Model inputs for a batch of RGB images, on the model's device."""
        raise NotImplementedError

    def _stream_inputs(self, image: Any, prompt: str) -> tuple[dict[str, Any], str]:
        """Model inputs for one RGB image, and the text the caption starts with (shown before it streams)."""
        return self._caption_inputs([image], prompt), ""

    def describe(
        self,
        images: Sequence[Any],
        prompt: str,
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> list[str]:
        """One caption per PIL image, in batches of GENERATE_BATCH images."""
        model = self._compute()
        rgb = [im.convert("RGB") for im in images]
        outputs: list[str] = []
        for start in range(0, len(rgb), GENERATE_BATCH):
            check_cancel(cancel)
            outputs.extend(self._caption_batch(model, rgb[start : start + GENERATE_BATCH], prompt, params, cancel))
        return outputs

    def _caption_batch(
        self, model: Any, images: list[Any], prompt: str, params: GenerationParams, cancel: threading.Event | None
    ) -> list[str]:
        """Captions for one batch: one generate() call over all its images."""
        out = self._generate(model, self._caption_inputs(images, prompt), params, cancel)
        return [t.strip() for t in self._tokenizer.batch_decode(out, skip_special_tokens=True)]

    def describe_stream(
        self, image: Any, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        """One caption streamed token by token (the single-image view). Beam search cannot stream (the best beam
        is known only at the end), so with beams the caption arrives whole, as BackendBase does it."""
        model = self._compute()
        if params.num_beams > 1:
            yield from super().describe_stream(image, prompt, params, cancel)
            return
        inputs, lead = self._stream_inputs(image.convert("RGB"), prompt)
        n_prompt = int(inputs["input_ids"].shape[1]) if "input_ids" in inputs else 0
        max_new = params.max_tokens if params.max_tokens > 0 else DEFAULT_MAX_CAPTION_TOKENS
        if lead:
            yield Chunk(text=lead + " ", prompt_tokens=n_prompt)
        first = True
        pad_id = self._generation_pad_id()
        for chunk in self._drain(model, inputs, params, cancel, n_prompt, max_new, pad_id, "describe"):
            if first and chunk.text:
                chunk = Chunk(**{**chunk.__dict__, "text": chunk.text.lstrip()})
                first = not chunk.text
            yield chunk


class BlipCaptioner(CaptionerBackend):
    """BLIP takes the prompt as the caption's start and continues it."""

    def _auto_class(self) -> Any:
        from transformers import BlipForConditionalGeneration

        return BlipForConditionalGeneration

    def _load_preprocessing(self, folder: Path, kw: dict[str, Any]) -> None:
        from transformers import AutoProcessor

        self._processor = AutoProcessor.from_pretrained(str(folder), **kw)
        self._tokenizer = self._processor.tokenizer

    def _generation_pad_id(self) -> int | None:
        return None  # BLIP's generate() sets pad_token_id itself and refuses a second one

    def _caption_inputs(self, images: list[Any], prompt: str) -> dict[str, Any]:
        text = [prompt] * len(images) if prompt.strip() else None
        return self._to_device(self._processor(images=images, text=text, return_tensors="pt"))

    def _stream_inputs(self, image: Any, prompt: str) -> tuple[dict[str, Any], str]:
        inputs = self._caption_inputs([image], prompt)
        if not prompt.strip():
            return inputs, ""
        # describe() returns the prompt as the caption's start, so the stream shows it first
        return inputs, self._tokenizer.decode(inputs["input_ids"][0], skip_special_tokens=True).strip()


class VisionEncoderDecoderCaptioner(CaptionerBackend):
    """An image encoder with a text decoder (ViT-GPT2): no text input, so the prompt is ignored."""

    def _auto_class(self) -> Any:
        from transformers import VisionEncoderDecoderModel

        return VisionEncoderDecoderModel

    def _load_preprocessing(self, folder: Path, kw: dict[str, Any]) -> None:
        from transformers import AutoImageProcessor, AutoTokenizer

        self._processor = AutoImageProcessor.from_pretrained(str(folder), **kw)
        self._tokenizer = AutoTokenizer.from_pretrained(str(folder), **kw)

    def _caption_inputs(self, images: list[Any], prompt: str) -> dict[str, Any]:
        inputs = self._to_device(self._processor(images=images, return_tensors="pt"))
        return {"pixel_values": inputs["pixel_values"]}
