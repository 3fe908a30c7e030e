"""EngineBackend: the Backend protocol, proxied to a model's own engine process.

Every caller in the window's process (the tabs' jobs, the CLI, `desktop-app serve`, the benchmarks) holds one of
these where it used to hold a LlamaCppBackend or a TransformersBackend, and calls it the same way. What changes is
what a failure looks like: an engine that dies raises EngineCrashedError (one sentence, the engine's last log
lines), the proxy shows as crashed, and `ensure_running()`, which the owner of the model's queue calls before each
request, starts a new engine and loads the same model again. Calls in between fail at once with a sentence; none
waits for a reload, so a call from the GUI thread never blocks on one.

`open_backend(spec)` is the one way to get a backend for a model: llama.cpp and PyTorch models get an engine
process; a remote server (plain HTTP, nothing native) is driven in-process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from os import PathLike
from typing import Any

from desktop_app.core.backends.base import BackendBase
from desktop_app.core.engine.process import EngineProcess, result_of
from desktop_app.core.engine.types import (
    Capability,
    ChatMessage,
    Chunk,
    GenerationParams,
    LabelScores,
    LoadOptions,
    ModelInfo,
    ProgressCallback,
)
from desktop_app.core.errors import Cancelled, EngineCrashedError, EngineStuckError
from desktop_app.core.messages import phrase
from desktop_app.core.models.spec import Engine, ModelSpec

log = logging.getLogger(__name__)

ENGINE_BACKENDS = frozenset({Engine.LLAMA_CPP, Engine.TRANSFORMERS})

# What the proxy tells its owner: ("crashed", sentence), ("restarted", sentence), ("reloading", ""),
# ("loaded", "").
EngineListener = Callable[[str, str], None]


class _Spare:
    """One engine host started ahead of need (when the window shows), so the first load pays no process start."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._starting: threading.Thread | None = None
        self._process: EngineProcess | None = None

    def prewarm(self) -> None:
        """Start a spare host in the background, if there is none."""
        with self._lock:
            if self._starting is not None or (self._process is not None and self._process.alive()):
                return
            self._starting = threading.Thread(target=self._start, name="engine:prewarm", daemon=True)
            self._starting.start()

    def _start(self) -> None:
        try:
            process = EngineProcess("spare").start()
        except Exception as exc:  # the load that needs an engine will try again and say why
            log.warning("could not start a spare engine: %s", exc)
            process = None
        with self._lock:
            self._process, self._starting = process, None

    def take(self, label: str) -> EngineProcess:
        """The spare if there is a live one (waiting for one still starting), else a new host."""
        with self._lock:
            starting = self._starting
        if starting is not None:
            starting.join()
        with self._lock:
            process, self._process = self._process, None
        if process is not None and process.alive():
            process.label = label
            return process
        return EngineProcess(label).start()

    def close(self) -> None:
        with self._lock:
            starting = self._starting
        if starting is not None:
            starting.join(5)
        with self._lock:
            process, self._process = self._process, None
        if process is not None:
            process.close(timeout=1.0)


spare = _Spare()


def open_backend(spec: ModelSpec, listener: EngineListener | None = None) -> Any:
    """The backend that runs `spec`, not yet loaded: an EngineBackend for the engines that run native code."""
    if spec.backend in ENGINE_BACKENDS or spec.extra.get("test_backend"):
        return EngineBackend(listener)
    from desktop_app.core.backends import create_backend

    return create_backend(spec)


class EngineBackend(BackendBase):
    """A Backend whose model runs in an engine process. Thread-safe to call from several threads at once."""

    takes_image_paths = True  # describe() and describe_stream() want file paths; the engine opens them

    def __init__(self, listener: EngineListener | None = None) -> None:
        self.capabilities: frozenset[Capability] = frozenset()
        self.info: ModelInfo | None = None
        self.state = "new"  # new → loaded → crashed → loaded (reloaded) … → unloaded
        self.last_error = ""
        self._listener = listener
        self._spec: ModelSpec | None = None
        self._options: LoadOptions | None = None
        self._n_ctx = 0
        self._process: EngineProcess | None = None
        self._lock = threading.Lock()  # one (re)load at a time

    # -- process ---------------------------------------------------------------------------------------------------
    @property
    def process(self) -> EngineProcess | None:
        return self._process

    def _tell(self, event: str, text: str = "") -> None:
        if self._listener is not None:
            try:
                self._listener(event, text)
            except Exception:
                log.exception("engine listener failed")

    def _on_death(self, process: EngineProcess) -> None:
        if process is not self._process or self.state == "unloaded":
            return
        self.state = "crashed"
        self.last_error = str(process.crash_error())
        log.warning("%s", self.last_error)
        self._tell("crashed", self.last_error)

    def _spawn(self, label: str) -> EngineProcess:
        process = spare.take(label)
        process.on_death = self._on_death
        if not process.alive():  # it died between take() and now: the death went unseen
            process.on_death = None
            process = EngineProcess(label).start()
            process.on_death = self._on_death
        return process

    def _engine(self) -> EngineProcess:
        process = self._process
        if process is not None and process.alive():
            return process
        if self._spec is None or self.state == "unloaded":
            raise EngineCrashedError(phrase("No model is loaded."))
        raise EngineCrashedError(phrase("{name} is not running: its engine stopped ({last_error}). It reloads with the next request.", name=self._spec.name, last_error=self.last_error))

    def ensure_running(self) -> None:
        """Before a request: if the model's engine died, start a new one and load the model again (blocking, so a
        worker thread calls it; ModelManager and the server's runner do, before each job)."""
        process = self._process
        if (process is not None and process.alive()) or self._spec is None or self.state == "unloaded":
            return
        with self._lock:
            if self._process is not None and self._process.alive():
                return
            self._tell("reloading")
            self._load_into_new_engine(self._spec, self._options or LoadOptions(), None, None)

    def _load_into_new_engine(self, spec: ModelSpec, options: LoadOptions, progress: ProgressCallback | None,
                              cancel: threading.Event | None) -> ModelInfo:
        old, self._process = self._process, None
        if old is not None:
            old.on_death = None
            old.close(timeout=1.0)
        process = self._spawn(spec.name)
        self._process = process
        try:
            result = process.call("load", spec, options, progress=progress, cancel=cancel)
        except EngineStuckError as exc:  # loading is native and uncancellable: Cancel ends the engine instead
            raise Cancelled(phrase("Loading cancelled.")) from exc
        except BaseException:
            self._process = None
            process.on_death = None
            process.close(timeout=1.0)
            raise
        self.info = result["info"]
        self.capabilities = frozenset(result["capabilities"])
        self._n_ctx = int(result["n_ctx"])
        self.state = "loaded"
        self.last_error = ""
        self._tell("loaded")
        return self.info  # type: ignore[return-value]

    # -- Backend protocol ------------------------------------------------------------------------------------------
    def load(self, spec: ModelSpec, options: LoadOptions, progress: ProgressCallback | None = None,
             cancel: threading.Event | None = None) -> ModelInfo:
        with self._lock:
            self._spec, self._options = spec, options
            self.state = "new"
            return self._load_into_new_engine(spec, options, progress, cancel)

    def unload(self) -> None:
        self.state = "unloaded"
        process, self._process = self._process, None
        if process is not None:
            process.on_death = None
            process.close()

    @property
    def n_ctx(self) -> int:
        return self._n_ctx

    def _call(self, method: str, *args: Any, cancel: threading.Event | None = None, **kwargs: Any) -> Any:
        process = self._engine()
        try:
            return process.call(method, *args, cancel=cancel, **kwargs)
        except EngineStuckError as exc:
            self._stuck(process, exc)
            raise

    def _stream(self, method: str, *args: Any, cancel: threading.Event, **kwargs: Any) -> Iterator[Chunk]:
        process = self._engine()
        try:
            yield from process.exchange(method, args, kwargs, cancel=cancel)
        except EngineStuckError as exc:
            self._stuck(process, exc)
            raise

    def _stuck(self, process: EngineProcess, exc: EngineStuckError) -> None:
        if process is self._process:
            self.state = "crashed"
            self.last_error = str(exc)
            self._tell("restarted", str(exc))
            spare.prewarm()  # the next request reloads into a fresh host without waiting for it to start

    def stats(self) -> dict[str, Any]:
        """The engine's memory: {"rss": bytes, "vram": bytes or None}. Zero when no engine runs."""
        process = self._process
        if process is None or not process.alive():
            return {"rss": 0, "vram": None}
        try:
            return process.call("stats")
        except Exception:
            return {"rss": process.rss(), "vram": None}

    def count_chat_tokens(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> int:
        return self._call("count_chat_tokens", list(messages), thinking=thinking)

    def count_tokens(self, text: str) -> int:
        return self._call("count_tokens", text)

    def format_chat(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> str:
        return self._call("format_chat", list(messages), thinking=thinking)

    def chat_stream(self, messages: Sequence[ChatMessage], params: GenerationParams,
                    cancel: threading.Event) -> Iterator[Chunk]:
        return self._stream("chat_stream", list(messages), params, cancel=cancel)

    def complete_stream(self, prompt: str, params: GenerationParams, cancel: threading.Event) -> Iterator[Chunk]:
        return self._stream("complete_stream", prompt, params, cancel=cancel)

    def chat_stream_batched(self, messages: Sequence[ChatMessage], params: GenerationParams,
                            cancel: threading.Event, slots: int) -> Iterator[Chunk]:
        return self._stream("chat_stream_batched", list(messages), params, cancel=cancel, slots=slots)

    def complete_stream_batched(self, prompt: str, params: GenerationParams, cancel: threading.Event,
                                slots: int) -> Iterator[Chunk]:
        return self._stream("complete_stream_batched", prompt, params, cancel=cancel, slots=slots)

    def score_labels(self, prompt: str, labels: Sequence[str]) -> LabelScores:
        return self._call("score_labels", prompt, list(labels))

    def score_labels_batch(self, prompts: Sequence[str], labels: Sequence[str]) -> list[LabelScores]:
        return self._call("score_labels_batch", list(prompts), list(labels))

    def classify(self, texts: Sequence[str], cancel: threading.Event | None = None) -> list[LabelScores]:
        return self._call("classify", list(texts), cancel=cancel)

    def seq2seq(self, texts: Sequence[str], params: GenerationParams, cancel: threading.Event | None = None, *,
                source_lang: str | None = None, target_lang: str | None = None) -> list[str]:
        return self._call("seq2seq", list(texts), params, cancel=cancel, source_lang=source_lang,
                          target_lang=target_lang)

    def describe(self, images: Sequence[Any], prompt: str, params: GenerationParams,
                 cancel: threading.Event | None = None) -> list[str]:
        return self._call("describe", [_image_arg(i) for i in images], prompt, params, cancel=cancel)

    def describe_stream(self, image: Any, prompt: str, params: GenerationParams,
                        cancel: threading.Event) -> Iterator[Chunk]:
        return self._stream("describe_stream", _image_arg(image), prompt, params, cancel=cancel)

    def embeddings(self, texts: Sequence[str], cancel: threading.Event) -> tuple[list[list[float]], int]:
        return self._call("embeddings", list(texts), cancel=cancel)


def run_isolated(target: str, *args: Any, label: str, doing: str = "", cancel: threading.Event | None = None,
                 on_progress: Callable[[int, int], None] | None = None, on_stage: Callable[[str], None] | None = None,
                 **kwargs: Any) -> Any:
    """Run `module:function` of desktop_app.core in an engine process of its own and return its result.

    For work that needs torch or transformers outside a loaded model (fine-tuning's base-model check, tokenizing a
    dataset, merging, exporting, comparing answers): the window's process never imports them, and a crash in that
    work is a sentence (EngineCrashedError), not the end of the app. The function gets `cancel`, `on_progress` and
    `on_stage` if it has parameters of those names; one that ignores Cancel is killed after the grace period."""
    process = spare.take(label)
    try:
        return result_of(process.exchange("call_function", (target, args, kwargs), {}, cancel=cancel,
                                          progress=on_progress, stage=on_stage, doing=doing or phrase("working")))
    finally:
        process.close(timeout=1.0)


def _image_arg(image: Any) -> Any:
    """A path travels as a string. An image already decoded (a pasted picture) travels as pixels: it has none."""
    return str(image) if isinstance(image, str | PathLike) else image
