"""What the llama.cpp vision path says to the model: which of llama-cpp-python's mtmd chat handlers formats a model's
prompt (`choose_handler`), and the app's messages turned into OpenAI-style parts with images as data: URIs.

Split from llama_vision.py (the projector bound to a loaded model, which evaluates what these build). Nothing here
imports llama_cpp: the server and the prompt code ask `has_images` without loading an engine.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Sequence
from typing import Any

from desktop_app.core.backends.base import ChatMessage

DEFAULT_DESCRIBE_PROMPT = "Describe this image."
# Images are shrunk to this longest side before they are handed to mtmd. Every projector llama.cpp supports
# resizes to far less (336-896 px tiles, Qwen2.5-VL's pixel budget of about 1 Mpx), so nothing is lost, and a
# 48 Mpx photo does not cost seconds of PNG encoding and decoding first.
MAX_IMAGE_SIDE = 2048
_PART_MARK = "\ue001"  # a private-use character, to test how a chat template renders list content


# -- choosing the handler ------------------------------------------------------------------------------------
def template_takes_parts(template: str) -> bool:
    """Whether a GGUF chat template renders a message whose content is a list of {"type": "text"} parts (as the
    templates of Qwen2-VL, Gemma 3, SmolVLM do), rather than failing or printing the list."""
    if not template:
        return False
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    try:
        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        out = env.from_string(template).render(
            messages=[{"role": "user", "content": [{"type": "text", "text": _PART_MARK}]}],
            add_generation_prompt=True,
            bos_token="",
            eos_token="",
            raise_exception=raise_template_error,
        )
    except Exception:  # noqa: BLE001 - any failure means "cannot use this template with images"
        return False
    return out.count(_PART_MARK) == 1 and "'type'" not in out and '"type"' not in out


def raise_template_error(message: str) -> None:
    """The `raise_exception` a chat template calls to refuse its input (Hugging Face templates do)."""
    raise ValueError(message)


def choose_handler(
    projector: str, architecture: str, name: str, chat_template: str, has_pinpoints: bool = False
) -> str:
    """The llama-cpp-python handler class for a model and its projector (a name in llama_chat_format).

    The model-specific handlers carry the prompt format their family was trained on; they are chosen from the
    projector type, then from the model's name. Otherwise the model's own chat template is used
    (MTMDChatHandler) when it can render image parts, and only then the generic LLaVA-1.5 format.
    """
    label = f"{name} {architecture}".lower()
    if projector in ("qwen2vl_merger", "qwen2.5vl_merger", "qwen3vl_merger", "qwen25o"):
        return "Qwen25VLChatHandler"
    if projector == "resampler":
        return "MiniCPMv26ChatHandler"
    if projector.startswith("gemma4"):
        return "Gemma4ChatHandler"
    for key, handler in (
        ("moondream", "MoondreamChatHandler"),
        ("nanollava", "NanoLlavaChatHandler"),
        ("obsidian", "ObsidianChatHandler"),
    ):
        if key in label:
            return handler
    if template_takes_parts(chat_template):
        return "MTMDChatHandler"
    if projector in ("mlp", "mlp_norm", "ldp", "ldpv2") and has_pinpoints:
        return "Llava16ChatHandler"
    if "<|start_header_id|>" in chat_template:
        return "Llama3VisionAlphaChatHandler"
    return "Llava15ChatHandler"


# -- images --------------------------------------------------------------------------------------------------
def image_data_uri(image: Any) -> str:
    """A PIL image as a PNG data: URI, the form llama-cpp-python's handlers load (shrunk to MAX_IMAGE_SIDE)."""
    im = image if image.mode == "RGB" else image.convert("RGB")
    if max(im.size) > MAX_IMAGE_SIDE:
        im = im.copy()
        im.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    buf = io.BytesIO()
    im.save(buf, format="PNG", compress_level=1)  # fast: the bytes only travel to mtmd's decoder
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def has_images(messages: Sequence[ChatMessage]) -> bool:
    return any(image_paths(m) for m in messages)


def to_content_parts(
    messages: Sequence[ChatMessage], image_url: Callable[[str, int], str] | None = None
) -> list[dict[str, Any]]:
    """App messages (a user message may carry "images": [path, ...]) as OpenAI-style messages whose images are
    image_url parts, the images first. By default each file is opened with core.tasks.images.open_image and
    sent as a data: URI, so an unusable file raises its ImageFileError sentence; `image_url(path, index)` gives
    other URLs (stand-ins that count positions without opening anything: VisionProjector.count_tokens)."""
    if image_url is None:
        from desktop_app.core.tasks.images import open_image

        def image_url(path: str, _index: int) -> str:
            return image_data_uri(open_image(path, max_side=MAX_IMAGE_SIDE))

    out: list[dict[str, Any]] = []
    n_images = 0
    for m in messages:
        paths = image_paths(m)
        if not paths:
            out.append({"role": m["role"], "content": m.get("content", "")})
            continue
        parts: list[dict[str, Any]] = [
            {"type": "image_url", "image_url": {"url": image_url(p, n_images + i)}} for i, p in enumerate(paths)
        ]
        n_images += len(paths)
        parts.append({"type": "text", "text": str(m.get("content") or "")})
        out.append({"role": m["role"], "content": parts})
    return out


def image_paths(message: ChatMessage) -> list[str]:
    """The images a message shows the model: only a user's message carries them (every handler's prompt format
    places images in user turns only)."""
    if message.get("role") != "user":
        return []
    return [str(p) for p in message.get("images") or []]  # type: ignore[attr-defined]


def describe_message(image: Any, prompt: str) -> list[dict[str, Any]]:
    text = prompt.strip() or DEFAULT_DESCRIBE_PROMPT
    return [
        {
            "role": "user",
            "content": [
                {"type": "image_url", "image_url": {"url": image_data_uri(image)}},
                {"type": "text", "text": text},
            ],
        }
    ]
