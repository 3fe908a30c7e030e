"""The engine host: the process that runs one loaded model (`python -m desktop_app.engine`).

llama.cpp and PyTorch run here, never in the window's process, so a native abort (GGML_ASSERT), a segfault or the
kernel's OOM killer takes this process down and nothing else. The window talks to it over one connection (see
wire.py): it calls Backend methods by name, streams come back chunk by chunk, and a cancel sets the call's event.

Threads: the main thread only reads the connection, so a cancel or a token count is read at once even while the
model thread is inside a long native call. Model calls run one at a time on the "model" thread, in order; the
light calls (token counts, template rendering, stats) run on a second thread beside them. When the window goes
away (the connection ends) the host exits at once, whatever the model thread is doing.
"""

from __future__ import annotations

import faulthandler
import importlib
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Client, Connection
from typing import Any

from desktop_app.core.engine import wire
from desktop_app.core.engine.coalesce import ChunkSender
from desktop_app.core.messages import phrase


class Host:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.backend: Any = None
        self._send_lock = threading.Lock()
        self._cancels: dict[int, threading.Event] = {}
        self._model_queue: queue.SimpleQueue = queue.SimpleQueue()
        self._light_queue: queue.SimpleQueue = queue.SimpleQueue()
        for name, q in (("model", self._model_queue), ("light", self._light_queue)):
            threading.Thread(target=self._worker, args=(q,), name=name, daemon=True).start()

    # -- the connection ----------------------------------------------------------------------------------------------
    def send(self, message: tuple) -> None:
        with self._send_lock:
            self.conn.send(message)

    def serve(self) -> None:
        self.send((wire.READY, os.getpid()))
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                os._exit(0)  # the window is gone: nothing to answer, and the model thread may be in native code
            tag = message[0]
            if tag == wire.CALL:
                _, cid, method, args, kwargs = message
                self._cancels[cid] = threading.Event()
                if method in wire.BATCHED_METHODS:
                    threading.Thread(target=self._handle, args=(cid, method, args, kwargs), name=f"batched:{cid}",
                                     daemon=True).start()
                    continue
                target = self._light_queue if method in wire.LIGHT_METHODS else self._model_queue
                target.put((cid, method, args, kwargs))
            elif tag == wire.CANCEL:
                event = self._cancels.get(message[1])
                if event is not None:
                    event.set()
            elif tag == wire.EXIT:
                os._exit(0)  # freeing a model takes longer than ending the process, and gives nothing back

    # -- calls ---------------------------------------------------------------------------------------------------------
    def _worker(self, q: queue.SimpleQueue) -> None:
        while True:
            self._handle(*q.get())

    def _handle(self, cid: int, method: str, args: tuple, kwargs: dict) -> None:
        cancel = self._cancels[cid]
        try:
            if cancel.is_set() and method != "load":
                from desktop_app.core.errors import Cancelled

                raise Cancelled(phrase("Cancelled before it started."))
            result = self._run(cid, method, args, kwargs, cancel)
        except BaseException as exc:  # every failure goes back as a sentence; the host lives on
            self._reply(wire.ERROR, cid, wire.report(exc))
        else:
            self._reply(wire.RESULT, cid, result)
        finally:
            self._cancels.pop(cid, None)

    def _reply(self, tag: str, cid: int, value: Any) -> None:
        try:
            self.send((tag, cid, value))
        except (OSError, ValueError):
            os._exit(0)
        except Exception as exc:  # a value that cannot be pickled: say so instead of leaving the caller waiting
            self.send((wire.ERROR, cid, wire.report(exc)))

    def _run(self, cid: int, method: str, args: tuple, kwargs: dict, cancel: threading.Event) -> Any:
        if method == "load":
            return self._load(cid, *args, cancel=cancel)
        if method == "stats":
            return stats()
        if method == "call_function":
            return self._call_function(cid, *args, cancel=cancel)
        if self.backend is None:
            from desktop_app.core.errors import GenerationError

            raise GenerationError(phrase("No model is loaded in this engine."))
        if method in ("describe", "describe_stream"):
            args = _open_images(method, args)
        if method in wire.STREAM_METHODS:  # sent a few at a time when they come fast (coalesce.py)
            sender = ChunkSender(lambda chunk: self.send((wire.CHUNK, cid, chunk)))
            try:
                for chunk in getattr(self.backend, method)(*args, cancel=cancel, **kwargs):
                    sender.put(chunk)
            finally:
                sender.close()
            return None
        if method in ("classify", "seq2seq", "describe", "embeddings"):
            kwargs = {**kwargs, "cancel": cancel}
        return getattr(self.backend, method)(*args, **kwargs)

    def _load(self, cid: int, spec: Any, options: Any, cancel: threading.Event) -> dict[str, Any]:
        self.backend = _create_backend(spec)

        def progress(done: int, total: int) -> None:
            self.send((wire.PROGRESS, cid, done, total))

        info = self.backend.load(spec, options, progress=progress, cancel=cancel)
        return {"info": info, "capabilities": frozenset(self.backend.capabilities), "n_ctx": self.backend.n_ctx}


    def _call_function(self, cid: int, target: str, args: tuple, kwargs: dict, cancel: threading.Event) -> Any:
        """Run `module:function` (under desktop_app.core) with the callbacks it asks for by parameter name:
        cancel (the call's event), on_progress(done, total), on_stage(text)."""
        import inspect

        module, _, name = target.partition(":")
        if not module.startswith(wire.ISOLATED_PREFIX):
            from desktop_app.core.errors import DesktopAppError

            raise DesktopAppError(phrase("{target} cannot be run in an engine process.", target=target))
        function = getattr(importlib.import_module(module), name)
        wanted = inspect.signature(function).parameters
        offered = {
            "cancel": cancel,
            "on_progress": lambda done, total: self.send((wire.PROGRESS, cid, done, total)),
            "on_stage": lambda text: self.send((wire.STAGE, cid, text)),
        }
        return function(*args, **kwargs, **{k: v for k, v in offered.items() if k in wanted})


def _create_backend(spec: Any) -> Any:
    test_class = spec.extra.get("test_backend")
    if test_class and os.environ.get(wire.TEST_BACKENDS_ENV) == "1":
        module, _, name = str(test_class).partition(":")
        return getattr(importlib.import_module(module), name)()
    from desktop_app.core.backends import create_backend

    return create_backend(spec)


def _open_images(method: str, args: tuple) -> tuple:
    """Images arrive as file paths; the backends take PIL images opened the one way every engine shares: a batch at
    the size the Describe task decodes to, a single image (the streamed preview caption) whole, as before."""
    from desktop_app.core.tasks.describe import DECODE_MAX_SIDE
    from desktop_app.core.tasks.images import open_image

    def opened(item: Any, max_side: int | None) -> Any:
        return open_image(item, max_side=max_side) if isinstance(item, str | os.PathLike) else item

    if method == "describe":
        return ([opened(i, DECODE_MAX_SIDE) for i in args[0]], *args[1:])
    return (opened(args[0], None), *args[1:])


def stats() -> dict[str, Any]:
    """This engine's memory: resident set, and the GPU memory torch holds when torch is in use."""
    import psutil

    out: dict[str, Any] = {"rss": psutil.Process().memory_info().rss, "vram": None}
    torch = sys.modules.get("torch")
    if torch is not None:
        try:
            if torch.cuda.is_available():
                out["vram"] = int(torch.cuda.memory_allocated())
        except Exception:  # a broken CUDA set-up must not fail a stats request
            pass
    return out


def _warm(imports: Callable[[], None]) -> None:
    try:
        imports()
    except Exception:  # a missing engine library is reported by the load that needs it
        pass


def _import_llama() -> None:
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is not None:
        import llama_cpp  # noqa: F401


def main() -> int:
    faulthandler.enable()  # a native crash leaves a Python stack in the log tail the window shows
    # Ctrl+C in a terminal reaches the whole process group: the app (CLI or window) decides what stops, and this
    # engine ends when the app closes its connection.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    address = os.environ.pop(wire.ADDRESS_ENV)
    authkey = bytes.fromhex(os.environ.pop(wire.AUTHKEY_ENV))
    conn = Client(address, authkey=authkey)
    # The first load of a GGUF costs no import time: llama_cpp loads while the host waits for its first call.
    threading.Thread(target=_warm, args=(_import_llama,), name="warm", daemon=True).start()
    Host(conn).serve()
    return 0
