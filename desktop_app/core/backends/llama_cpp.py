"""llama.cpp backend, through llama-cpp-python.

One `Llama` per loaded model, driven token by token so that we control four things the high-level
`create_chat_completion` does not give us together: a cancel check between tokens (and between prefill batches),
incremental UTF-8 decoding, exact token counts, and reuse of the conversation's unchanged prefix from the KV cache
(`Llama.generate` matches the new prompt against the tokens already evaluated).

The chat template comes from the GGUF metadata and is rendered by llama-cpp-python's sandboxed Jinja formatter
(llama_prompts.py); llama.cpp's own warnings are captured to explain failures (llama_log.py).

A model loaded with a vision projector (`spec.extra["mmproj"]`) also looks at images: chat messages that carry
images, and `describe`. That path lives in llama_vision.py; it ends in the same token loop as text.
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import (
    BackendBase,
    Capability,
    ChatMessage,
    Chunk,
    GenerationParams,
    LoadOptions,
    ModelInfo,
    ProgressCallback,
    VisionInfo,
)
from desktop_app.core.backends.cpu_threads import ThreadTuner, shared_cpu_watch
from desktop_app.core.backends.llama_batched_calls import LlamaBatchedCalls
from desktop_app.core.backends.llama_budget import budgeted
from desktop_app.core.backends.llama_copy_penalty import CopyPenalty, copy_penalty_for
from desktop_app.core.backends.llama_decode import DraftStats, decode
from desktop_app.core.backends.llama_kv import KvCache, context_size
from desktop_app.core.backends.llama_log import install_log_capture, recent_errors
from desktop_app.core.backends.llama_prompts import CHATML_TEMPLATE, LlamaChatPrompts
from desktop_app.core.backends.llama_vision import attach_projector, checked_projector
from desktop_app.core.backends.streaming import StopMatcher, Utf8StreamDecoder
from desktop_app.core.errors import (
    Cancelled,
    ContextOverflowError,
    GenerationError,
    ModelLoadError,
    SchemaError,
)
from desktop_app.core.messages import phrase
from desktop_app.core.models.gguf_check import read_gguf_info
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks import reasoning

TEXT_CAPABILITIES = frozenset({Capability.CHAT})
VISION_CAPABILITIES = frozenset({Capability.CHAT, Capability.VISION, Capability.CAPTIONER})


class LlamaCppBackend(LlamaBatchedCalls, LlamaChatPrompts, BackendBase):
    capabilities = TEXT_CAPABILITIES

    def __init__(self) -> None:
        self._llm = None
        self._kv: KvCache | None = None  # what the loaded model's KV cache holds
        self._threads: ThreadTuner | None = None
        self._formatter = None
        self._template = ""  # the chat template's source: what it can switch (core/tasks/reasoning.py)
        self._vision = None  # llama_vision.VisionProjector when a projector is loaded
        self.capabilities = TEXT_CAPABILITIES  # per instance: it depends on the model loaded
        self.info: ModelInfo | None = None
        self.last_reused_tokens = 0  # prompt tokens served from the KV cache in the last generation
        self.last_draft_stats = DraftStats()  # what prompt-lookup drafting did in the last generation
        self._token_memo: dict[str, list[int]] = {}
        self._prefix_tokenizer = self._prefix_tokenizer_of = None  # llama_prefix_tokens.PrefixTokenizer
        self._path: Path | None = None
        self._embedder = None  # llama_embed.LlamaEmbedder, made by the first embeddings() call
        self._batcher = None  # llama_batch.BatchScheduler, made by the first batched request
        self._scorer = self._scorer_of = None  # llama_scoring.BatchScorer on that scheduler's context
        self._lock = threading.Lock()  # the prompt memo, samplers and the batcher: batched requests come on threads

    # -- loading -------------------------------------------------------------------------------------------------
    def load(
        self,
        spec: ModelSpec,
        options: LoadOptions,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> ModelInfo:
        gguf_info = read_gguf_info(spec.path)
        mmproj, guessed, vision_error = checked_projector(spec)  # before minutes of loading the model
        if cancel is not None and cancel.is_set():
            raise Cancelled(phrase("Loading cancelled."))
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        install_log_capture()
        n_ctx = options.n_ctx
        if gguf_info.context_length:
            n_ctx = min(n_ctx, gguf_info.context_length) if n_ctx > 0 else gguf_info.context_length
        gpu_layers = options.n_gpu_layers
        if progress:
            progress(0, 0)
        try:
            llm = Llama(
                model_path=str(spec.path),
                n_ctx=n_ctx,
                n_threads=options.resolved_threads(),
                # A count the user set is the count for prompts too, as llama.cpp's -t and LM Studio's thread pool
                # size are: at 1 thread, prompts on all cores of a busy machine stalled for seconds (llama_batch.py).
                # Automatic: every core until the first reply's tuner sets one per free core (cpu_threads.py).
                n_threads_batch=options.n_threads if options.n_threads > 0 else (os.cpu_count() or 1),
                n_gpu_layers=gpu_layers,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            detail = recent_errors() or str(exc)
            raise ModelLoadError(phrase("llama.cpp could not load {name}: {detail}", name=spec.path.name, detail=detail)) from exc
        if cancel is not None and cancel.is_set():
            llm.close()
            raise Cancelled(phrase("Loading cancelled."))
        model = llm._model
        eos = model.token_get_text(llm.token_eos()) if llm.token_eos() != -1 else ""
        bos = model.token_get_text(llm.token_bos()) if llm.token_bos() != -1 else ""
        self._template = gguf_info.chat_template or CHATML_TEMPLATE
        self._formatter = Jinja2ChatFormatter(template=self._template, eos_token=eos, bos_token=bos)
        kv = KvCache(llm)
        vision = None
        if mmproj:
            try:
                vision, vision_error = attach_projector(llm, kv, mmproj, guessed, gguf_info, gpu_layers != 0)
            except BaseException:
                llm.close()
                raise
        self._llm = llm
        self._kv = kv
        self._threads = self._thread_tuner(llm, options)
        self._path = Path(spec.path)
        self._vision = vision
        self.capabilities = VISION_CAPABILITIES if vision is not None else TEXT_CAPABILITIES
        projector = VisionInfo(error=vision_error) if vision_error else None
        if vision is not None:
            projector = VisionInfo(mmproj=Path(mmproj).name, handler=vision.handler_name)
        gpu = "GPU" if options.n_gpu_layers != 0 and _gpu_offload_supported() else "CPU"
        self.info = ModelInfo(
            name=spec.name,
            architecture=gguf_info.architecture,
            n_ctx=context_size(llm),
            n_ctx_train=gguf_info.context_length,
            n_params=model.n_params(),
            device=gpu,
            quantization=gguf_info.quantization,
            threads=options.resolved_threads(),
            vision=projector,
            base_model=not gguf_info.chat_template,  # read at load, in the engine: not from the file per send
        )
        if progress:
            progress(1, 1)
        return self.info

    def embeddings(self, texts: Sequence[str], cancel: threading.Event) -> tuple[list[list[float]], int]:
        """Embeddings from a second, embedding-mode instance of this GGUF (see llama_embed.py)."""
        self._require()
        if self._embedder is None:
            from desktop_app.core.backends.llama_embed import LlamaEmbedder

            self._embedder = LlamaEmbedder(self._path)
        return self._embedder.embed(texts, cancel)

    def unload(self) -> None:
        if self._batcher is not None:
            self._batcher.close()
            self._batcher = None
        if self._embedder is not None:
            self._embedder.close()
            self._embedder = None
        self._vision = None  # its mtmd context is freed by the Llama's close()
        if self._llm is not None:
            self._llm.close()
        self._llm = None
        self._kv = None
        self._prefix_tokenizer = self._prefix_tokenizer_of = None
        self._threads = None
        self._formatter = None
        self.capabilities = TEXT_CAPABILITIES

    @staticmethod
    def _thread_tuner(llm: Any, options: LoadOptions) -> ThreadTuner:
        """The user's thread count is kept as set; automatic follows what other programs leave free
        (cpu_threads.py)."""
        import llama_cpp

        def apply(n: int) -> None:
            llama_cpp.llama_set_n_threads(llm._ctx.ctx, n, n)

        if options.n_threads > 0:
            return ThreadTuner(apply, options.n_threads, fixed=options.n_threads)
        return ThreadTuner(apply, options.resolved_threads(), watch=shared_cpu_watch())

    @property
    def n_ctx(self) -> int:
        return context_size(self._require())

    # -- generation ----------------------------------------------------------------------------------------------
    def chat_stream(
        self, messages: Sequence[ChatMessage], params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        from desktop_app.core.backends.llama_vision_messages import has_images

        if has_images(messages):
            if self._vision is None:
                raise self._unsupported(
                    phrase("{name} cannot look at images (it was loaded without a vision projector).")
                )
            from desktop_app.core.backends.llama_vision_messages import to_content_parts

            yield from reasoning.split_stream(self._vision_stream(to_content_parts(messages), params, cancel))
            return
        thinking = reasoning.structured_thinking(params)
        tokens, opened = self._chat_prompt(messages, thinking, params.tools)
        parts: list[str] = []
        def tokenize(text: str) -> list[int]:
            return self._require().tokenize(text.encode("utf-8"), add_bos=False, special=True)

        for chunk in budgeted(self._generate, tokenize, tokens, opened, params, cancel):  # thinking budget
            parts.append(chunk.text)
            yield chunk
            if chunk.finish_reason in ("stop", "length") and not cancel.is_set():
                self._warm_next_turn(messages, "".join(parts), thinking, params.tools)

    # -- images -----------------------------------------------------------------------------------------------------
    def describe(
        self, images: Sequence[Any], prompt: str, params: GenerationParams, cancel: threading.Event | None = None
    ) -> list[str]:
        """One caption per PIL image, one image at a time (llama.cpp has one sequence). An empty prompt asks
        "Describe this image.". Cancel raises Cancelled between images; the caption in progress stops early."""
        if self._vision is None:
            raise self._unsupported(phrase("{name} cannot describe images."))
        cancel = cancel or threading.Event()
        captions: list[str] = []
        for image in images:
            if cancel.is_set():
                raise Cancelled("Cancelled.")
            captions.append("".join(c.text for c in self.describe_stream(image, prompt, params, cancel)).strip())
        return captions

    def describe_stream(
        self, image: Any, prompt: str, params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        """One caption as it is generated; leading whitespace is dropped, as describe() strips it."""
        if self._vision is None:
            raise self._unsupported(phrase("{name} cannot describe images."))
        from desktop_app.core.backends.llama_vision_messages import describe_message

        started = False
        for chunk in self._vision_stream(describe_message(image, prompt), params, cancel):
            if not started and chunk.text:
                text = chunk.text.lstrip()
                started = bool(text)
                chunk = Chunk(
                    text=text,
                    prompt_tokens=chunk.prompt_tokens,
                    completion_tokens=chunk.completion_tokens,
                    finish_reason=chunk.finish_reason,
                )
            yield chunk

    def _vision_stream(
        self, messages: list[dict[str, Any]], params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        """Images and text evaluated by the projector (reusing the cached prefix), then the text token loop."""
        self._require()
        try:
            prefilled = self._vision.prefill(messages, cancel)
        except (ValueError, RuntimeError) as exc:
            raise GenerationError(phrase("llama.cpp failed while reading the images: {error}", error=recent_errors() or exc)) from exc
        if prefilled is None:
            yield Chunk(finish_reason="cancelled")
            return
        tokens, reused = prefilled
        self.last_reused_tokens = reused
        yield from self._generate(tokens, params, cancel, prefilled=True)

    def complete_stream(self, prompt: str, params: GenerationParams, cancel: threading.Event) -> Iterator[Chunk]:
        tokens = self._require().tokenize(prompt.encode("utf-8"), add_bos=True, special=False)
        return self._generate(tokens, params, cancel)

    def _generate(
        self, tokens: list[int], params: GenerationParams, cancel: threading.Event, prefilled: bool = False
    ) -> Iterator[Chunk]:
        """Sample the reply to `tokens` (llama_decode.py, drafting from the prompt unless the params say not).
        `prefilled`: the KV cache already holds exactly these (the vision path evaluated them, images included),
        so sampling starts at once."""
        import llama_cpp

        llm = self._require()
        n_ctx = context_size(llm)
        n_prompt = len(tokens)
        if n_prompt >= n_ctx:
            raise ContextOverflowError(
                phrase("The prompt is {n_prompt} tokens but the model's context holds {n_ctx}. Shorten the message or raise the context length.", n_prompt=f"{n_prompt:,}", n_ctx=f"{n_ctx:,}")
            )
        budget = n_ctx - n_prompt
        max_new = min(params.max_tokens, budget) if params.max_tokens > 0 else budget
        self._threads.start()
        if not prefilled:
            # A fixed seed asks for the same answer every time: the prompt's numbers must not depend on what an
            # earlier request left in the cache (see llama_kv.py).
            done, self.last_reused_tokens = self._kv.prefill(tokens, cancel, reproducible=params.seed >= 0)
            if not done:
                yield Chunk(prompt_tokens=n_prompt, finish_reason="cancelled")
                return
        decoder = Utf8StreamDecoder()
        stopper = StopMatcher(params.stop)
        vocab = llm._model.vocab
        produced = 0
        finish = "length"
        copying = (copy_penalty_for(llm, params.avoid_copying, params.copy_strength) if params.avoid_copying
                   else None)
        sampler = self._new_sampler(params, copying)
        self.last_draft_stats = DraftStats()
        drafting = params.prompt_lookup and copying is None  # the penalty follows the reply token by token
        tokens_out = decode(
            llm, self._kv, tokens, sampler, drafting, self.last_draft_stats, reproducible=params.seed >= 0
        )
        for token in tokens_out:
            if cancel.is_set():
                finish = "cancelled"
                break
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                finish = "stop"
                break
            if copying is not None:
                copying.accept(token)
            produced += 1
            self._threads.token()
            text = stopper.feed(decoder.feed(llm.detokenize([token])))
            if text:
                yield Chunk(text=text, prompt_tokens=n_prompt, completion_tokens=produced)
            if stopper.stopped:
                finish = "stop"
                break
            if produced >= max_new:
                break
        tokens_out.close()  # leaves the cache's bookkeeping consistent before anything else touches it
        tail = stopper.feed(decoder.finish()) + stopper.flush()
        yield Chunk(
            text=tail,
            prompt_tokens=n_prompt,
            completion_tokens=produced,
            finish_reason=finish,
            threads=self._threads.threads,
        )

    def _grammar(self, params: GenerationParams) -> Any:
        """The LlamaGrammar a reply must follow (a JSON schema or a GBNF grammar), or None. The grammar is parsed
        once on its own first: llama.cpp answers a bad one with a null sampler, which must never reach the chain."""
        if not params.json_schema and not params.grammar:
            return None
        import llama_cpp
        from llama_cpp.llama_grammar import LlamaGrammar

        from desktop_app.core.tasks.structured import schema_grammar

        gbnf = schema_grammar(params.json_schema) if params.json_schema else params.grammar
        recent_errors()
        probe = llama_cpp.llama_sampler_init_grammar(self._require()._model.vocab, gbnf.encode("utf-8"), b"root")
        if not probe:
            raise SchemaError(phrase("llama.cpp could not use the grammar: {recent_errors}.", recent_errors=recent_errors() or 'it does not parse'))
        llama_cpp.llama_sampler_free(probe)
        return LlamaGrammar.from_string(gbnf)

    def _new_sampler(self, params: GenerationParams, copying: CopyPenalty | None = None) -> Any:
        """llama-cpp-python's sampler chain for these params; its seed is read from the Llama when the chain is
        made, so seed and chain are set together under the lock. `copying` goes first in the chain, where the
        candidates are still the whole vocabulary in token order."""
        llm = self._require()
        grammar = self._grammar(params)  # a reply held to a JSON schema or grammar (structured output)
        processors = [copying] if copying is not None else None
        with self._lock:
            llm.set_seed(params.seed if params.seed >= 0 else random.randrange(2**31))
            return llm._init_sampler(top_k=params.top_k, top_p=params.top_p, min_p=params.min_p,
                                     temp=params.temperature, repeat_penalty=params.repeat_penalty, grammar=grammar,
                                     logits_processor=processors)


def _gpu_offload_supported() -> bool:
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())
