"""llama.cpp backend, through llama-cpp-python.

One `Llama` per loaded model, driven token by token so that we control four things the high-level
`create_chat_completion` does not give us together: a cancel check between tokens (and between prefill batches),
incremental UTF-8 decoding, exact token counts, and reuse of the conversation's unchanged prefix from the KV cache
(`Llama.generate` matches the new prompt against the tokens already evaluated).

The chat template comes from the GGUF metadata and is rendered by llama-cpp-python's sandboxed Jinja formatter.
"""

from __future__ import annotations

import collections
import ctypes
import json
import os
import random
import sys
import threading
from collections.abc import Iterator, Sequence

from desktop_app.core.backends.base import (
    BackendBase,
    Capability,
    ChatMessage,
    Chunk,
    GenerationParams,
    LoadOptions,
    ModelInfo,
    ProgressCallback,
)
from desktop_app.core.backends.streaming import StopMatcher, Utf8StreamDecoder
from desktop_app.core.errors import Cancelled, ContextOverflowError, GenerationError, ModelLoadError
from desktop_app.core.models.gguf_check import read_gguf_info
from desktop_app.core.models.spec import ModelSpec

# Used only when a GGUF carries no chat template: ChatML, which most small instruct models were trained on.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
PREFILL_STEP = 256
NEXT_TURN_MARK = "\ue000"  # a private-use character: never in a real message

_log_lock = threading.Lock()
_recent_log: collections.deque[str] = collections.deque(maxlen=40)
_log_callback = None  # keep the ctypes callback alive


def _install_log_capture() -> None:
    """Keep llama.cpp's warnings and errors (instead of printing them) so a failed load can say why."""
    global _log_callback
    if _log_callback is not None:
        return
    import llama_cpp

    @llama_cpp.llama_log_callback
    def _capture(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        if level in (2, 3) and not sys.is_finalizing():  # warn, error
            with _log_lock:
                _recent_log.append(text.decode("utf-8", errors="replace").strip())

    _log_callback = _capture
    llama_cpp.llama_log_set(_capture, ctypes.c_void_p(0))


def _recent_errors() -> str:
    with _log_lock:
        lines = [line for line in _recent_log if line]
        _recent_log.clear()
    return "; ".join(lines[-3:])


class LlamaCppBackend(BackendBase):
    capabilities = frozenset({Capability.CHAT})

    def __init__(self) -> None:
        self._llm = None
        self._formatter = None
        self.info: ModelInfo | None = None
        self.last_reused_tokens = 0  # prompt tokens served from the KV cache in the last generation
        self._token_memo: dict[str, list[int]] = {}

    # -- loading -------------------------------------------------------------------------------------------------
    def load(
        self,
        spec: ModelSpec,
        options: LoadOptions,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> ModelInfo:
        gguf_info = read_gguf_info(spec.path)
        if cancel is not None and cancel.is_set():
            raise Cancelled("Loading cancelled.")
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        _install_log_capture()
        n_ctx = options.n_ctx
        if gguf_info.context_length:
            n_ctx = min(n_ctx, gguf_info.context_length) if n_ctx > 0 else gguf_info.context_length
        if progress:
            progress(0, 0)
        try:
            llm = Llama(
                model_path=str(spec.path),
                n_ctx=n_ctx,
                n_threads=options.resolved_threads(),
                n_threads_batch=os.cpu_count() or options.resolved_threads(),
                n_gpu_layers=options.n_gpu_layers,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            detail = _recent_errors() or str(exc)
            raise ModelLoadError(f"llama.cpp could not load {spec.path.name}: {detail}") from exc
        if cancel is not None and cancel.is_set():
            llm.close()
            raise Cancelled("Loading cancelled.")
        model = llm._model
        eos = model.token_get_text(llm.token_eos()) if llm.token_eos() != -1 else ""
        bos = model.token_get_text(llm.token_bos()) if llm.token_bos() != -1 else ""
        self._formatter = Jinja2ChatFormatter(
            template=gguf_info.chat_template or CHATML_TEMPLATE, eos_token=eos, bos_token=bos
        )
        self._llm = llm
        gpu = "GPU" if options.n_gpu_layers != 0 and _gpu_offload_supported() else "CPU"
        self.info = ModelInfo(
            name=spec.name,
            architecture=gguf_info.architecture,
            n_ctx=llm.n_ctx(),
            n_ctx_train=gguf_info.context_length,
            n_params=model.n_params(),
            device=gpu,
            extra={"quantization": gguf_info.quantization, "threads": options.resolved_threads()},
        )
        if progress:
            progress(1, 1)
        return self.info

    def unload(self) -> None:
        if self._llm is not None:
            self._llm.close()
        self._llm = None
        self._formatter = None

    @property
    def n_ctx(self) -> int:
        return self._require().n_ctx()

    def _require(self):
        if self._llm is None:
            raise GenerationError("No model is loaded.")
        return self._llm

    # -- prompts -------------------------------------------------------------------------------------------------
    def _chat_tokens(self, messages: Sequence[ChatMessage]) -> list[int]:
        """Render the chat template and tokenize, remembering the last few results: fitting the history into the
        context and then generating would otherwise render and tokenize the same conversation twice."""
        llm = self._require()
        key = json.dumps(list(messages), ensure_ascii=False)
        cached = self._token_memo.get(key)
        if cached is not None:
            return cached
        try:
            result = self._formatter(messages=list(messages))
        except Exception as exc:  # a template error is the model's fault, not the user's
            raise GenerationError(f"The model's chat template failed: {exc}") from exc
        tokens = llm.tokenize(result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True)
        if len(self._token_memo) >= 4:
            self._token_memo.pop(next(iter(self._token_memo)))
        self._token_memo[key] = tokens
        return tokens

    def count_chat_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return len(self._chat_tokens(messages))

    def count_tokens(self, text: str) -> int:
        return len(self._require().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    # -- generation ----------------------------------------------------------------------------------------------
    def chat_stream(
        self, messages: Sequence[ChatMessage], params: GenerationParams, cancel: threading.Event
    ) -> Iterator[Chunk]:
        parts: list[str] = []
        for chunk in self._generate(self._chat_tokens(messages), params, cancel):
            parts.append(chunk.text)
            yield chunk
            if chunk.finish_reason == "stop" and not cancel.is_set():
                self._warm_next_turn(messages, "".join(parts))

    def _warm_next_turn(self, messages: Sequence[ChatMessage], reply: str) -> None:
        """Evaluate, right after a reply, the tokens that will start the next turn: the reply's end-of-turn
        marker and the template's opening of the next user message. The next question then starts from a cache
        that already holds the whole conversation, so turn 20 answers about as fast as turn 1.

        The template is rendered with a placeholder user message and cut there, so this works for any template.
        A guess that turns out wrong costs nothing: the next prompt simply diverges from the cache earlier.
        """
        llm = self._llm
        if llm is None or self._formatter is None:
            return
        follow = [*messages, {"role": "assistant", "content": reply}, {"role": "user", "content": NEXT_TURN_MARK}]
        try:
            result = self._formatter(messages=follow)
        except Exception:
            return
        cut = result.prompt.find(NEXT_TURN_MARK)
        if cut <= 0:
            return
        head = llm.tokenize(result.prompt[:cut].encode("utf-8"), add_bos=not result.added_special, special=True)
        head = head[:-1]  # the last token may merge with the user's text once it is known
        cached = llm.input_ids[: llm.n_tokens]
        common = 0
        for a, b in zip(cached, head, strict=False):
            if a != b:
                break
            common += 1
        if len(head) - common <= 0 or len(head) - common > PREFILL_STEP or len(head) >= llm.n_ctx():
            return
        llm.n_tokens = common
        llm.eval(head[common:])

    def complete_stream(self, prompt: str, params: GenerationParams, cancel: threading.Event) -> Iterator[Chunk]:
        tokens = self._require().tokenize(prompt.encode("utf-8"), add_bos=True, special=False)
        return self._generate(tokens, params, cancel)

    def _prefill(self, tokens: list[int], cancel: threading.Event) -> bool:
        """Evaluate all but the last prompt token in steps, reusing the cached prefix; False if cancelled.

        `Llama.generate` would evaluate the whole prompt in one uninterruptible call. Doing it in steps first lets
        Stop (and closing the window) act within one step; generate() then finds the prompt cached.
        """
        llm = self._llm
        cached = llm.input_ids[: llm.n_tokens]
        common = 0
        for a, b in zip(cached, tokens, strict=False):
            if a != b:
                break
            common += 1
        target = len(tokens) - 1
        self.last_reused_tokens = min(common, target)
        if target - common <= PREFILL_STEP:
            return True  # short: generate() evaluates it in one call, reusing the same cached prefix
        llm.n_tokens = common
        for start in range(common, target, PREFILL_STEP):
            if cancel.is_set():
                return False
            llm.eval(tokens[start : min(start + PREFILL_STEP, target)])
        return not cancel.is_set()

    def _generate(self, tokens: list[int], params: GenerationParams, cancel: threading.Event) -> Iterator[Chunk]:
        import llama_cpp

        llm = self._require()
        n_ctx = llm.n_ctx()
        n_prompt = len(tokens)
        if n_prompt >= n_ctx:
            raise ContextOverflowError(
                f"The prompt is {n_prompt:,} tokens but the model's context holds {n_ctx:,}. "
                "Shorten the message or raise the context length."
            )
        budget = n_ctx - n_prompt
        max_new = min(params.max_tokens, budget) if params.max_tokens > 0 else budget
        llm.set_seed(params.seed if params.seed >= 0 else random.randrange(2**31))
        if not self._prefill(tokens, cancel):
            yield Chunk(prompt_tokens=n_prompt, finish_reason="cancelled")
            return
        decoder = Utf8StreamDecoder()
        stopper = StopMatcher(params.stop)
        vocab = llm._model.vocab
        produced = 0
        finish = "length"
        for token in llm.generate(
            tokens,
            top_k=params.top_k,
            top_p=params.top_p,
            min_p=params.min_p,
            temp=params.temperature,
            repeat_penalty=params.repeat_penalty,
        ):
            if cancel.is_set():
                finish = "cancelled"
                break
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                finish = "stop"
                break
            produced += 1
            text = stopper.feed(decoder.feed(llm.detokenize([token])))
            if text:
                yield Chunk(text=text, prompt_tokens=n_prompt, completion_tokens=produced)
            if stopper.stopped:
                finish = "stop"
                break
            if produced >= max_new:
                break
        tail = stopper.feed(decoder.finish()) + stopper.flush()
        yield Chunk(text=tail, prompt_tokens=n_prompt, completion_tokens=produced, finish_reason=finish)


def _gpu_offload_supported() -> bool:
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())
