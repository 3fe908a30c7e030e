"""What every PyTorch model family shares: placement on a device in a dtype, the tokenizer, the context length,
streaming generation with cancel, and turning torch's errors into one sentence.

A family class (causal.py, vision.py, seq2seq.py, classifier.py, captioner.py) adds only what its models do; the
loader (loader.py) has already checked the folder and picked the class, so nothing here asks "which family am I?".
torch and transformers are imported inside methods only: importing this module is cheap.
"""

from __future__ import annotations

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
    physical_cores,
)
from desktop_app.core.backends.cpu_threads import ThreadTuner, shared_cpu_watch
from desktop_app.core.backends.pytorch.folder import FolderInfo, first_line
from desktop_app.core.backends.pytorch.generation import (
    check_cancel,
    counting_streamer,
    sampling_kwargs,
    stopping_criteria,
)
from desktop_app.core.backends.streaming import StopMatcher
from desktop_app.core.errors import ContextOverflowError, GenerationError, ModelLoadError
from desktop_app.core.messages import phrase
from desktop_app.core.models.spec import ModelSpec

UNBOUNDED_LENGTH = 1_000_000  # tokenizers without a limit report model_max_length as ~1e30


class TorchBackend(BackendBase):
    """A loaded transformers model of one family. Unloaded, every call says "No model is loaded."."""

    family_capabilities: frozenset[Capability] = frozenset()

    def __init__(self) -> None:
        self.capabilities: frozenset[Capability] = frozenset()
        self.info: ModelInfo | None = None
        self._model: Any = None
        self._tokenizer: Any = None
        self._processor: Any = None
        self._device: Any = None
        self._dtype: Any = None
        self._n_ctx = 0
        self._folder: FolderInfo | None = None
        self._threads: ThreadTuner | None = None  # on the CPU with threads on automatic (cpu_threads.py)

    # -- family hooks ------------------------------------------------------------------------------------------------
    def _auto_class(self) -> Any:
        """The transformers class that loads this family's weights."""
        raise NotImplementedError

    def _load_preprocessing(self, folder: Path, kw: dict[str, Any]) -> None:
        """The tokenizer (and, for image models, the processor) saved beside the weights."""
        from transformers import AutoTokenizer

        self._tokenizer = AutoTokenizer.from_pretrained(str(folder), **kw)

    def _family_info(self, spec: ModelSpec, folder: Path) -> dict[str, Any]:
        """The ModelInfo fields this family fills (a classifier's labels, a translator's languages)."""
        return {}

    def _generation_pad_id(self) -> int | None:
        """The pad id generate() is given (BLIP sets its own and refuses a second)."""
        return self._pad_id()

    # -- loading -----------------------------------------------------------------------------------------------------
    def load_folder(
        self, spec: ModelSpec, options: LoadOptions, folder: Path, found: FolderInfo, cancel: threading.Event | None
    ) -> ModelInfo:
        """Load an inspected folder (folder.inspect_folder) onto the device that `options` asks for."""
        import torch

        from desktop_app.core.backends import torch_support as ts

        trust = spec.extra.get("trust_remote_code") is True
        device = ts.resolve_device(options.device)
        dtype = ts.resolve_dtype(options.dtype, device)
        if options.n_threads > 0:
            torch.set_num_threads(options.n_threads)
        elif device.type == "cpu":  # automatic: one thread per core other programs leave free, set per call
            self._threads = ThreadTuner(torch.set_num_threads, physical_cores(), watch=shared_cpu_watch())
        try:
            model = self._auto_class().from_pretrained(
                str(folder),
                dtype=dtype,
                trust_remote_code=trust,
                use_safetensors=found.weights == "safetensors",
                weights_only=True,
                local_files_only=True,
            )
            check_cancel(cancel)
            model = model.to(device).eval()
        except torch.cuda.OutOfMemoryError as exc:
            ts.release_memory()
            detail = ts.oom_detail(device, found.weight_bytes)
            raise ModelLoadError(
                phrase("The GPU ran out of memory loading {name} in {dtype_name} ({detail}); choose a smaller precision, the CPU, or a smaller model.", name=spec.name, dtype_name=ts.dtype_name(dtype), detail=detail)
            ) from exc
        except (OSError, ValueError, RuntimeError, KeyError, TypeError, AttributeError) as exc:
            raise ModelLoadError(phrase("Transformers could not load {name}: {error}", name=spec.name, error=first_line(exc))) from exc

        try:
            self._load_preprocessing(folder, {"trust_remote_code": trust, "local_files_only": True})
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError) as exc:
            del model
            ts.release_memory()
            raise ModelLoadError(
                phrase("The tokenizer or image processor of {name} could not be loaded: {error}", name=spec.name, error=first_line(exc))
            ) from exc
        self._model, self._device, self._dtype, self._folder = model, device, dtype, found
        self._n_ctx = self._context_length(model, options)
        self.capabilities = self.family_capabilities
        self.info = ModelInfo(
            name=spec.name,
            architecture=found.architecture,
            n_ctx=self._n_ctx,
            n_ctx_train=self._trained_context(model),
            n_params=sum(p.numel() for p in model.parameters()),
            device=ts.device_label(device),
            family=found.family.value,
            extra={"dtype": ts.dtype_name(dtype), "folder": str(folder)},
            **self._family_info(spec, folder),
        )
        return self.info

    def _trained_context(self, model: Any) -> int:
        cfg = model.config.get_text_config(decoder=True)
        for name in ("max_position_embeddings", "n_positions", "max_sequence_length"):
            value = getattr(cfg, name, None)
            if isinstance(value, int) and value > 0:
                return value
        limit = getattr(self._tokenizer, "model_max_length", 0) or 0
        return int(limit) if 0 < limit < UNBOUNDED_LENGTH else 0

    def _context_length(self, model: Any, options: LoadOptions) -> int:
        trained = self._trained_context(model)
        if options.n_ctx > 0:
            return min(options.n_ctx, trained) if trained else options.n_ctx
        return trained or 2048

    def load(self, spec, options, progress=None, cancel=None) -> ModelInfo:
        raise ModelLoadError(phrase("A PyTorch model loads through TransformersBackend, which inspects its folder first."))

    def unload(self) -> None:
        had_model = self._model is not None
        self._model = self._tokenizer = self._processor = None
        self._folder = None
        self._threads = None
        self.capabilities = frozenset()
        if had_model:
            from desktop_app.core.backends import torch_support as ts

            ts.release_memory()

    @property
    def n_ctx(self) -> int:
        self._require()
        return self._n_ctx

    def _require(self) -> Any:
        if self._model is None:
            raise GenerationError(phrase("No model is loaded."))
        return self._model

    def _compute(self) -> Any:
        """The model, for a call that computes (generate, classify, embed, caption, score): on the CPU with threads
        on automatic, torch's thread count is first set from the cores other programs leave free. With all cores
        and one of them busy elsewhere, PyTorch's threads wait on each other at every operation: a training step
        took 30-50 s instead of 1.2 (bench/finetune_threads.py); inference is the same arithmetic."""
        model = self._require()
        if self._threads is not None:
            self._threads.start()
        return model

    def count_tokens(self, text: str) -> int:
        self._require()
        return len(self._tokenizer(text, add_special_tokens=False)["input_ids"])

    def _unsupported(self, template: str):
        self._require()  # an unloaded backend says "No model is loaded." before what its family cannot do
        return super()._unsupported(template)

    def format_chat(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> str:
        raise self._unsupported(phrase("{name} cannot chat."))

    def count_chat_tokens(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> int:
        raise self._unsupported(phrase("{name} cannot chat."))

    # -- generation --------------------------------------------------------------------------------------------------
    def _eos_ids(self) -> set[int]:
        ids: set[int] = set()
        for source in (self._model.generation_config, self._model.config, self._tokenizer):
            value = getattr(source, "eos_token_id", None)
            ids.update(value if isinstance(value, (list, tuple)) else [value] if value is not None else [])
        return ids

    def _stream(
        self, ids: list[int], params: GenerationParams, cancel: threading.Event, extra: dict[str, Any] | None = None
    ) -> Iterator[Chunk]:
        """Generate from prompt `ids`; `extra` holds more model inputs (a vision model's pixel_values)."""
        import torch

        model = self._compute()
        n_prompt = len(ids)
        if n_prompt >= self._n_ctx:
            raise ContextOverflowError(
                phrase("The prompt is {n_prompt} tokens but the model's context holds {n_ctx}. Shorten the message or raise the context length.", n_prompt=f"{n_prompt:,}", n_ctx=f"{self._n_ctx:,}")
            )
        budget = self._n_ctx - n_prompt
        max_new = min(params.max_tokens, budget) if params.max_tokens > 0 else budget
        input_ids = torch.tensor([ids], dtype=torch.long, device=self._device)
        inputs = dict(input_ids=input_ids, attention_mask=torch.ones_like(input_ids), **(extra or {}))
        return self._drain(model, inputs, params, cancel, n_prompt, max_new, self._pad_id(), "generate")

    def _drain(
        self,
        model: Any,
        inputs: dict[str, Any],
        params: GenerationParams,
        cancel: threading.Event,
        n_prompt: int,
        max_new: int,
        pad_id: int | None,
        name: str,
    ) -> Iterator[Chunk]:
        """Run generate() on a helper thread and yield its text as it comes, stop strings held back and cut.

        The thread is the streamer's producer; this generator is its consumer. Cancel, a stop string, or the caller
        closing the iterator early all set `halt`, which the stopping criteria read after every token."""
        import torch

        streamer = counting_streamer(self._tokenizer)
        halt = threading.Event()  # set once a stop string is seen, or when the caller abandons the stream
        kwargs = dict(
            max_new_tokens=max_new,
            streamer=streamer,
            stopping_criteria=stopping_criteria(cancel, halt),
            **sampling_kwargs(params, pad_id),
        )
        errors: list[BaseException] = []

        def run() -> None:
            try:
                if params.seed >= 0:
                    torch.manual_seed(params.seed)
                with torch.inference_mode():
                    model.generate(**inputs, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - handed to the consumer thread, which raises it
                errors.append(exc)
                streamer.end()

        thread = threading.Thread(target=run, name=name, daemon=True)
        stopper = StopMatcher(params.stop)
        thread.start()
        try:
            for item in iter(streamer.text_queue.get, streamer.stop_signal):
                text, count = item
                shown = stopper.feed(text)
                if shown:
                    yield Chunk(text=shown, prompt_tokens=n_prompt, completion_tokens=count)
                if stopper.stopped:
                    halt.set()  # generation ends after this token; keep draining until its stop signal
        finally:
            halt.set()  # a no-op when it ended by itself; stops it when the caller closed this iterator early
            thread.join()
        if errors:
            raise self._generation_error(errors[0])
        produced = streamer.generated
        ended_on_eos = streamer.last_token is not None and streamer.last_token in self._eos_ids()
        if ended_on_eos:
            produced -= 1  # the end-of-turn token is not part of the reply (llama_cpp.py does not count it)
        if cancel.is_set():
            finish = "cancelled"
        elif stopper.stopped or ended_on_eos or streamer.generated < max_new:
            finish = "stop"
        else:
            finish = "length"
        tail = stopper.flush()
        yield Chunk(
            text=tail, prompt_tokens=n_prompt, completion_tokens=max(produced, 0), finish_reason=finish
        )

    def _pad_id(self) -> int | None:
        tok = self._tokenizer
        pad = getattr(tok, "pad_token_id", None)
        if pad is None:
            eos = getattr(tok, "eos_token_id", None)
            pad = eos[0] if isinstance(eos, list) else eos
        return pad

    def _generation_error(self, exc: BaseException) -> Exception:
        """torch's error as one sentence; a GPU out of memory also frees what it can."""
        import torch

        from desktop_app.core.backends import torch_support as ts

        if isinstance(exc, torch.cuda.OutOfMemoryError):
            ts.release_memory()
            return GenerationError(
                phrase("The GPU ran out of memory while generating ({oom_detail}); use a shorter input, fewer new tokens, or a smaller model.", oom_detail=ts.oom_detail(self._device))
            )
        if isinstance(exc, Exception):
            return GenerationError(phrase("Generation failed: {error}", error=first_line(exc)))
        return GenerationError(phrase("Generation was interrupted: {kind}", kind=type(exc).__name__))

    def _to_device(self, batch: Any) -> dict[str, Any]:
        """Tensors onto the model's device; image tensors also into its dtype."""
        moved = {}
        for key, value in dict(batch).items():
            if hasattr(value, "to"):
                value = (
                    value.to(self._device, self._dtype)
                    if value.is_floating_point()
                    else value.to(self._device)
                )
            moved[key] = value
        return moved

    def _generate(self, model: Any, inputs: dict[str, Any], params: GenerationParams, cancel, **extra: Any) -> Any:
        """A whole batch through generate() (seq2seq, captions): cancel is checked after every token."""
        import torch

        kw = sampling_kwargs(params, self._generation_pad_id())
        if params.max_tokens > 0:
            kw["max_new_tokens"] = params.max_tokens
        kw.update(extra)
        event = cancel if cancel is not None else threading.Event()
        try:
            if params.seed >= 0:
                torch.manual_seed(params.seed)
            with torch.inference_mode():
                out = model.generate(**inputs, stopping_criteria=stopping_criteria(event), **kw)
        except Exception as exc:
            raise self._generation_error(exc) from exc
        check_cancel(cancel)
        return out
