"""Images for the llama.cpp backend: a GGUF model plus its vision projector (mmproj), through llama-cpp-python's
mtmd chat handlers (Llava15ChatHandler and its model-specific subclasses, or MTMDChatHandler).

The handler is used for what it knows about each model family: the prompt format that places the images, its
image loading (data: URIs) and its mtmd context (the projector bound to the loaded text model). We do not call
the handler itself, because its `__call__` evaluates the whole prompt, images included, in one uninterruptible
step and then samples through `create_completion`. Instead the prompt it would build is tokenized by mtmd and
evaluated chunk by chunk here, so that:

- Stop acts between chunks and between prefill batches, as it does for text;
- the reply goes through LlamaCppBackend's own token loop (cancel between tokens, incremental UTF-8, stop
  strings, exact token counts);
- the KV cache is reused across turns. Every evaluated position is recorded in `Llama.input_ids`: text as its
  token, an image's positions as a negative number derived from that image's content. The next prompt then
  matches the cache as a flat prefix, like text, and an image already in the cache is not encoded again (a
  second question about the same photo answers at once). No real token is negative, so the text-only path
  never mistakes an image's positions for text.

Nothing here imports llama_cpp at module level: the UI imports the backends package at startup.
"""

from __future__ import annotations

import ctypes
import hashlib
import random
import threading
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import ChatMessage
from desktop_app.core.backends.llama_kv import PREFILL_STEP, KvCache, context_size
from desktop_app.core.backends.llama_log import install_mtmd_log_capture, recent_errors
from desktop_app.core.backends.llama_vision_messages import (
    choose_handler,
    image_paths,
    raise_template_error,
    to_content_parts,
)
from desktop_app.core.errors import ContextOverflowError, GenerationError, ModelFileError, ModelLoadError
from desktop_app.core.messages import phrase
from desktop_app.core.models.gguf_check import GGUFInfo, check_projector, projector_type

# The image size used to estimate how many positions an image takes (fitting a chat's history into the
# context must not decode every image of the conversation). Fixed-size projectors give their exact count;
# dynamic-resolution ones (Qwen2-VL) give the count for a typical photo.
PROBE_SIZE = (1024, 768)


# -- choosing and attaching the projector at load ------------------------------------------------------------
def checked_projector(spec: Any) -> tuple[str | None, bool, str]:
    """(the projector to attach or None, whether it was guessed, why a guessed one was dropped), read before the
    model loads. A projector found next to the file (registry.with_projector) is a guess: if it does not fit, the
    model still loads, for text, and says why it cannot see. One the user or the library named must work."""
    mmproj, guessed = spec.extra.get("mmproj"), bool(spec.extra.get("mmproj_auto"))
    if not mmproj:
        return None, guessed, ""
    try:
        check_projector(mmproj)
    except ModelFileError as exc:
        if not guessed:
            raise
        return None, guessed, str(exc)
    return mmproj, guessed, ""


def attach_projector(llm: Any, kv: KvCache, mmproj: str, guessed: bool, info: GGUFInfo,
                     use_gpu: bool) -> tuple[VisionProjector | None, str]:
    """(the projector bound to the loaded model, or None and why a guessed one could not be bound)."""
    install_mtmd_log_capture()
    recent_errors()  # forget the model's own warnings: they do not explain a projector failure
    try:
        return VisionProjector(llm, kv, mmproj, info, recent_errors, use_gpu=use_gpu), ""
    except (ModelLoadError, ModelFileError) as exc:
        if not guessed:
            raise
        return None, str(exc)


# -- the projector bound to a loaded model -------------------------------------------------------------------
class VisionProjector:
    """A projector loaded next to a `Llama`: prompt rendering, image encoding and prefill for one model.

    Its mtmd context is freed with the Llama (the handler registers it on the Llama's exit stack).
    """

    def __init__(
        self,
        llm: Any,
        kv: KvCache,
        mmproj: str | Path,
        model_info: GGUFInfo,
        recent_errors: Any,
        use_gpu: bool = True,
    ) -> None:
        from llama_cpp import llama_chat_format

        mmproj = Path(mmproj).expanduser()
        proj_info = check_projector(mmproj)
        self.path = mmproj
        self.projector = projector_type(proj_info)
        name = str(model_info.metadata.get("general.name") or model_info.name or model_info.path.stem)
        self.handler_name = choose_handler(
            self.projector,
            model_info.architecture,
            f"{name} {model_info.path.name}",
            model_info.chat_template,
            has_pinpoints=bool(proj_info.metadata.get("clip.vision.image_grid_pinpoints")),
        )
        self._llm = llm
        self._kv = kv
        self._mtmd = _mtmd()
        try:
            cls = getattr(llama_chat_format, self.handler_name)
            # MTMDChatHandler lets the projector stay on the CPU with the model; the Llava15 family always asks
            # for the GPU (a no-op in a CPU-only build).
            kw = {"use_gpu": use_gpu} if issubclass(cls, llama_chat_format.MTMDChatHandler) else {}
            self.handler = cls(clip_model_path=str(mmproj), verbose=False, **kw)
            self.handler._init_mtmd_context(llm)
        except (ValueError, RuntimeError, OSError) as exc:
            detail = recent_errors() or str(exc)
            raise ModelLoadError(phrase("llama.cpp could not load the vision projector {name}: {detail}", name=mmproj.name, detail=detail)) from exc
        self.marker = self._mtmd.mtmd_default_marker().decode("utf-8")
        self._image_positions: int | None = None
        self._template: Any = None  # compiled once: Jinja compiles a template in milliseconds, per call adds up

    @property
    def _ctx(self) -> Any:
        if self.handler.mtmd_ctx is None:
            raise GenerationError(phrase("The vision projector is no longer loaded."))
        return self.handler.mtmd_ctx

    # -- prompt ----------------------------------------------------------------------------------------------
    def render(self, messages: list[dict[str, Any]]) -> tuple[str, list[str]]:
        """The prompt text the handler would build, each image replaced by mtmd's media marker, and the image
        URLs in order. Mirrors the start of the handler's `__call__` (see the module docstring for why)."""
        from llama_cpp import llama_chat_format as lcf

        handler = self.handler
        llm = self._llm
        urls = handler.get_image_urls(messages)
        eos = _piece(llm, llm.token_eos())
        bos = _piece(llm, llm.token_bos())
        try:
            if isinstance(handler, lcf.MTMDChatHandler):
                import jinja2.ext
                from jinja2.sandbox import ImmutableSandboxedEnvironment

                if self._template is None:
                    env = ImmutableSandboxedEnvironment(
                        trim_blocks=True,
                        lstrip_blocks=True,
                        extensions=[lcf.Jinja2ChatFormatter.IgnoreGenerationTags, jinja2.ext.loopcontrols],
                    )
                    env.filters["tojson"] = lcf.Jinja2ChatFormatter.tojson
                    self._template = env.from_string(handler._get_chat_template(llm))
                text = self._template.render(
                    messages=handler._get_template_messages(messages, self.marker),
                    add_generation_prompt=True,
                    eos_token=eos,
                    bos_token=bos,
                    raise_exception=raise_template_error,
                    strftime_now=lcf.Jinja2ChatFormatter.strftime_now,
                )
            else:
                from jinja2.sandbox import ImmutableSandboxedEnvironment

                if not any(m["role"] == "system" for m in messages) and handler.DEFAULT_SYSTEM_MESSAGE is not None:
                    messages = [{"role": "system", "content": handler.DEFAULT_SYSTEM_MESSAGE}, *messages]
                if self._template is None:
                    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
                    self._template = env.from_string(handler.CHAT_FORMAT)
                text = self._template.render(
                    messages=messages, add_generation_prompt=True, eos_token=eos, bos_token=bos
                )
        except Exception as exc:  # a template error is the model's fault, not the user's
            raise GenerationError(phrase("The model's image chat format failed: {error}", error=exc)) from exc
        for url in urls:
            text = text.replace(url, self.marker)
        return text, urls

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        """Prompt positions for app messages with images, without opening them: the text tokenized, plus an
        estimate per image (see PROBE_SIZE). Fitting the history calls this once per dropped turn."""
        stand_ins = to_content_parts(messages, image_url=lambda _path, index: f"image:{index}")
        n_images = sum(len(image_paths(m)) for m in messages)
        text, _ = self.render(stand_ins)
        tokens = self._llm.tokenize(text.replace(self.marker, "").encode("utf-8"), add_bos=True, special=True)
        return len(tokens) + n_images * self.image_positions()

    def image_positions(self) -> int:
        """Positions one PROBE_SIZE image takes (measured once: mtmd preprocesses it, nothing is encoded)."""
        if self._image_positions is None:
            m = self._mtmd
            nx, ny = PROBE_SIZE
            data = (ctypes.c_uint8 * (nx * ny * 3))()
            bitmap = m.mtmd_bitmap_init(nx, ny, data)
            try:
                chunks = self._tokenize(self.marker, [bitmap])
                try:
                    n = 0
                    for i in range(m.mtmd_input_chunks_size(chunks)):
                        chunk = m.mtmd_input_chunks_get(chunks, i)
                        if m.mtmd_input_chunk_get_type(chunk) != m.MTMD_INPUT_CHUNK_TYPE_TEXT:
                            n += m.mtmd_input_chunk_get_n_pos(chunk)
                finally:
                    m.mtmd_input_chunks_free(chunks)
            finally:
                m.mtmd_bitmap_free(bitmap)
            self._image_positions = max(n, 1)
        return self._image_positions

    def _tokenize(self, text: str, bitmaps: list[Any]) -> Any:
        m = self._mtmd
        input_text = m.mtmd_input_text()
        raw = text.encode("utf-8")
        input_text.text = raw
        input_text.text_len = len(raw)
        input_text.add_special = True
        input_text.parse_special = True
        chunks = m.mtmd_input_chunks_init()
        if chunks is None:
            raise GenerationError(phrase("llama.cpp could not prepare the prompt (out of memory?)."))
        array = (m.mtmd_bitmap_p_ctypes * len(bitmaps))(*bitmaps)
        result = m.mtmd_tokenize(self._ctx, chunks, ctypes.byref(input_text), array, len(bitmaps))
        if result != 0:
            m.mtmd_input_chunks_free(chunks)
            if result == 1:
                raise GenerationError(phrase("The number of images does not match the image markers in the prompt."))
            raise GenerationError(phrase("llama.cpp could not prepare the image (mtmd_tokenize returned {result}).", result=result))
        return chunks

    # -- evaluation ------------------------------------------------------------------------------------------
    def prefill(self, messages: list[dict[str, Any]], cancel: threading.Event) -> tuple[list[int], int] | None:
        """Evaluate the prompt for OpenAI-style `messages` (images as data: URI parts) into the Llama's KV cache,
        reusing the prefix it already holds. Returns the prompt's positions as `Llama.input_ids` now records them
        (images as negative ids) and how many came from the cache, or None when cancelled.

        Afterwards the cache holds exactly the prompt and the logits of its last token, so `Llama.generate`
        given these ids samples at once.
        """
        m = self._mtmd
        text, urls = self.render(messages)
        bitmaps: list[Any] = []
        try:
            for url in urls:
                data = self.handler.load_image(url)
                try:
                    bitmap = self.handler._create_bitmap_from_bytes(data)
                except ValueError as exc:
                    raise GenerationError(phrase("llama.cpp could not decode an image of this message.")) from exc
                m.mtmd_bitmap_set_id(bitmap, hashlib.sha1(data).hexdigest().encode("ascii"))
                bitmaps.append(bitmap)
            if cancel.is_set():
                return None
            chunks = self._tokenize(text, bitmaps)
            try:
                return self._eval_chunks(chunks, cancel)
            finally:
                m.mtmd_input_chunks_free(chunks)
        finally:
            for bitmap in bitmaps:
                m.mtmd_bitmap_free(bitmap)

    def _eval_chunks(self, chunks: Any, cancel: threading.Event) -> tuple[list[int], int] | None:
        import llama_cpp

        m = self._mtmd
        llm = self._llm
        plan: list[tuple[int, Any, list[int]]] = []  # (start position, chunk, ids for its positions)
        ids: list[int] = []
        seen: dict[bytes, int] = {}
        for i in range(m.mtmd_input_chunks_size(chunks)):
            chunk = m.mtmd_input_chunks_get(chunks, i)
            if chunk is None:
                continue
            if m.mtmd_input_chunk_get_type(chunk) == m.MTMD_INPUT_CHUNK_TYPE_TEXT:
                n = ctypes.c_size_t()
                ptr = m.mtmd_input_chunk_get_tokens_text(chunk, ctypes.byref(n))
                chunk_ids = [ptr[j] for j in range(n.value)] if ptr and n.value else []
            else:
                key = m.mtmd_input_chunk_get_id(chunk) or b""
                k = seen.get(key, 0)
                seen[key] = k + 1
                chunk_ids = [_image_id(key, k)] * m.mtmd_input_chunk_get_n_pos(chunk)
            if chunk_ids:
                plan.append((len(ids), chunk, chunk_ids))
                ids.extend(chunk_ids)
        n_ctx = context_size(llm)
        if len(ids) >= n_ctx:
            raise ContextOverflowError(
                phrase("The prompt with its images is {count} tokens but the model's context holds {n_ctx}. Use fewer images, shorten the message or raise the context length.", count=f"{len(ids):,}", n_ctx=f"{n_ctx:,}")
            )
        if not plan or plan[-1][2][0] < 0:
            raise GenerationError(phrase("The image chat format ends with an image; the model has nothing to answer."))
        # The longest prefix already in the cache, never ending inside an image, and leaving at least the last
        # token to evaluate (its logits start the reply).
        common = min(self._kv.cached_prefix(ids), len(ids) - 1)
        for start, _chunk, chunk_ids in plan:
            if chunk_ids[0] < 0 and start < common < start + len(chunk_ids):
                common = start
        reused = common
        llm.n_tokens = common
        for start, chunk, chunk_ids in plan:
            end = start + len(chunk_ids)
            if end <= common:
                continue
            if chunk_ids[0] >= 0:  # text: in steps, so Stop acts within one step
                for s in range(max(start, common), end, PREFILL_STEP):
                    if cancel.is_set():
                        return None
                    llm.eval(chunk_ids[s - start : min(s + PREFILL_STEP, end) - start])
                continue
            if cancel.is_set():
                return None
            self._kv.touched(start)  # mtmd decodes the image itself, past KvCache's eval
            llm._ctx.kv_cache_seq_rm(-1, start, -1)
            new_n_past = llama_cpp.llama_pos(0)
            result = m.mtmd_helper_eval_chunk_single(
                self._ctx,
                llm._ctx.ctx,
                chunk,
                llama_cpp.llama_pos(start),
                llama_cpp.llama_seq_id(0),
                llm.n_batch,
                False,
                ctypes.byref(new_n_past),
            )
            if result != 0:
                llm.n_tokens = start
                raise GenerationError(phrase("llama.cpp could not encode an image (error {result}).", result=result))
            llm.input_ids[start:end] = chunk_ids
            llm.n_tokens = end
        return ids, reused


def _image_id(key: bytes, k: int) -> int:
    """The negative id recorded for the positions of the k-th image chunk with this image id: stable for the same
    image content, never a real token."""
    if not key:
        return -(2 + random.getrandbits(30))  # no id: such a chunk never matches a later prompt's
    return -(2 + (zlib.crc32(key + b":" + str(k).encode()) & 0x3FFFFFFF))


def _piece(llm: Any, token: int) -> str:
    if token < 0:
        return ""
    return llm.detokenize([token], special=True).decode("utf-8", errors="ignore")


def _mtmd() -> Any:
    import llama_cpp.mtmd_cpp as mtmd_cpp

    return mtmd_cpp
