"""Vision-language chat models (image-text-to-text: SmolVLM, Qwen2-VL, LLaVA...): chat with images, and captions.

They chat like causal models, but their chat template (with image slots) lives on the processor, and the images
travel as pixel tensors beside the prompt ids. The Describe tab drives them through the same chat template, one
image per prompt, and streams a caption as the captioners do.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import Capability, ChatMessage, GenerationParams
from desktop_app.core.backends.pytorch.captioner import CaptionerBackend
from desktop_app.core.backends.pytorch.causal import CausalBackend
from desktop_app.core.backends.pytorch.folder import first_line
from desktop_app.core.backends.pytorch.generation import check_cancel
from desktop_app.core.errors import GenerationError
from desktop_app.core.messages import phrase

DEFAULT_DESCRIBE_PROMPT = "Describe this image."


class VisionChatBackend(CausalBackend, CaptionerBackend):
    # Vision-language models also chat (Chat tab), with images in user messages through the processor template.
    family_capabilities = frozenset({Capability.CAPTIONER, Capability.VISION, Capability.CHAT})

    def __init__(self) -> None:
        super().__init__()
        self._image_cache: dict[str, Any] = {}

    def _auto_class(self) -> Any:
        from transformers import AutoModelForImageTextToText

        return AutoModelForImageTextToText

    def _load_preprocessing(self, folder: Path, kw: dict[str, Any]) -> None:
        from transformers import AutoProcessor

        self._processor = AutoProcessor.from_pretrained(str(folder), **kw)
        self._tokenizer = self._processor.tokenizer

    def unload(self) -> None:
        self._image_cache = {}
        super().unload()

    # -- chat with images ------------------------------------------------------------------------------------------
    def _uses_processor_template(self) -> bool:
        """Image-text-to-text models keep their chat template (with image slots) on the processor."""
        return self._folder is not None and bool(getattr(self._processor, "chat_template", None))

    def _chat_text(self, messages: Sequence[ChatMessage], thinking: str = "auto", tools: str = "") -> str:
        """The processor's template over content lists: one {"type": "image"} slot per attached image, then the
        text, as Hugging Face vision-language templates expect (text-only turns become one text item). Tools are
        offered through the tokenizer's template only."""
        if not self._uses_processor_template():
            return super()._chat_text(messages, thinking, tools)
        converted = []
        for m in messages:
            content: list[dict[str, Any]] = [{"type": "image"} for _ in (m.get("images") or ())]
            content.append({"type": "text", "text": str(m.get("content") or "")})
            converted.append({"role": m["role"], "content": content})
        try:
            return self._processor.apply_chat_template(converted, add_generation_prompt=True, tokenize=False)
        except Exception as exc:  # a template error is the model's fault, not the user's
            raise GenerationError(phrase("The model's chat template failed: {error}", error=first_line(exc))) from exc

    def _chat_images(self, messages: Sequence[ChatMessage]) -> list[Any]:
        """The PIL images of every message, in prompt order, opened like every engine opens them. A small cache
        keeps fitting the history (which counts tokens several times) from decoding the same file again."""
        from desktop_app.core.tasks.images import open_image

        paths = [str(p) for m in messages for p in (m.get("images") or ())]
        cache = self._image_cache
        images, keys = [], []
        for path in paths:
            try:
                st = Path(path).stat()
                key = f"{path}\0{st.st_mtime_ns}\0{st.st_size}"
            except OSError:
                key = path  # open_image raises the sentence for a missing file
            if key not in cache:
                cache[key] = open_image(path)
            images.append(cache[key])
            keys.append(key)
        self._image_cache = {k: cache[k] for k in keys}  # this conversation's images only
        return images

    def _chat_inputs(self, messages: Sequence[ChatMessage], thinking: str = "auto",
                     tools: str = "") -> tuple[list[int], dict[str, Any]]:
        """Prompt ids, plus the processor's image tensors (pixel_values...) when the messages carry images."""
        self._require()
        text = self._chat_text(messages, thinking, tools)
        images = self._chat_images(messages)
        if not images:
            return self._tokenizer(text, add_special_tokens=False)["input_ids"], {}
        if not self._uses_processor_template():
            raise GenerationError(phrase("{value} has no chat template for images.", value=self.info.name if self.info else 'This model'))
        bos = getattr(self._tokenizer, "bos_token", None)
        add_special = not (bos and text.startswith(bos))  # as the processor's own apply_chat_template decides
        try:
            batch = self._processor(images=images, text=[text], add_special_tokens=add_special, return_tensors="pt")
        except Exception as exc:
            raise GenerationError(phrase("The model's processor could not prepare the images: {error}", error=first_line(exc))) from exc
        inputs = self._to_device(batch)
        ids = inputs.pop("input_ids")[0].tolist()
        inputs.pop("attention_mask", None)
        return ids, inputs

    # -- captions through the chat template ------------------------------------------------------------------------
    def _caption_batch(
        self, model: Any, images: list[Any], prompt: str, params: GenerationParams, cancel: threading.Event | None
    ) -> list[str]:
        """One chat turn per image: the describe prompt goes through the chat template with the image."""
        return [self._describe_chat(model, im, prompt, params, cancel) for im in images]

    def _describe_chat(self, model, image, prompt: str, params, cancel) -> str:
        check_cancel(cancel)
        inputs = self._caption_inputs([image], prompt)
        out = self._generate(model, inputs, params, cancel)
        new = out[:, inputs["input_ids"].shape[1] :]
        return self._tokenizer.batch_decode(new, skip_special_tokens=True)[0].strip()

    def _caption_inputs(self, images: list[Any], prompt: str) -> dict[str, Any]:
        """One image under a describe prompt, as a user turn (the template takes one image per turn here)."""
        content = [{"type": "image"}, {"type": "text", "text": prompt.strip() or DEFAULT_DESCRIBE_PROMPT}]
        messages = [{"role": "user", "content": content}]
        try:
            text = self._processor.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
        except Exception as exc:
            raise GenerationError(phrase("The model's chat template failed: {error}", error=first_line(exc))) from exc
        return self._to_device(self._processor(images=images, text=[text], return_tensors="pt"))
