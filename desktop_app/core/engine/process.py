"""EngineProcess: one engine host process seen from the window, and the calls that cross to it.

Spawning: `python -m desktop_app.engine` (the bundle's own executable with `engine-host` when frozen), told where to
connect through its environment; it connects back to a one-shot `multiprocessing.connection.Listener` with a random
key. Its stdout and stderr go to a pipe whose last lines are kept: when it dies, they say why (a GGML_ASSERT line).

Calls: any thread may call at once. Each call has an id and a queue; one reader thread routes what the engine sends
to the call's queue. A caller waiting with a cancel event sends CANCEL when it is set; if the engine has not
answered `stop_grace_s` later, it is killed (EngineStuckError). When the engine dies, every call waiting on it raises
EngineCrashedError naming what it was doing, with the engine's last log lines.
"""

from __future__ import annotations

import collections
import itertools
import logging
import os
import queue
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, Listener
from typing import Any

from desktop_app.core.engine import wire
from desktop_app.core.errors import Cancelled, EngineCrashedError, EngineStuckError, ModelLoadError
from desktop_app.core.messages import phrase

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 60.0  # a cold start on a slow disk; a dead child is noticed at once regardless
STOP_GRACE_S = 3.0  # an engine that has not stopped this long after Cancel is killed
LIGHT_TIMEOUT_S = 30.0  # a token count never waits longer than this (the engine is stuck otherwise)
LOG_LINES = 200

_DOING = {
    "load": phrase("loading"),
    "chat_stream": phrase("writing a reply"),
    "complete_stream": phrase("completing text"),
    "count_tokens": phrase("counting tokens"),
    "count_chat_tokens": phrase("counting tokens"),
    "format_chat": phrase("formatting a prompt"),
    "score_labels": phrase("scoring labels"),
    "classify": phrase("classifying text"),
    "seq2seq": phrase("generating text"),
    "describe": phrase("describing images"),
    "describe_stream": phrase("describing an image"),
    "embeddings": phrase("computing embeddings"),
    "stats": phrase("reporting its memory"),
}


class _Dead:
    """Put in a waiting call's queue when the engine is gone."""


def engine_command() -> list[str]:
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: its executable is the app, not Python
        return [sys.executable, "engine-host"]
    return [sys.executable, "-m", "desktop_app.engine"]


def _short_source(line: str) -> str:
    """A source path in a log line by its file name: ".../vendor/llama.cpp/ggml/src/ggml-cpu/ops.cpp:4132" →
    "ops.cpp:4132" (the build folder means nothing to a user and hides the assert)."""
    return re.sub(r"(?:[A-Za-z]:)?[/\\]\S*[/\\]([^/\\\s]+:\d+)", r"\1", line)


def _crash_sentence(label: str, doing: str, code: int | None) -> str:
    """"The X engine stopped unexpectedly [while doing] [(killed by SIGKILL) | (exit code 3)].", one template per
    shape so that each translates whole."""
    fields: dict[str, object] = {"label": label}
    if code is not None and code < 0:
        try:
            fields["signal"] = signal.Signals(-code).name
        except ValueError:
            fields["signal"] = f"signal {-code}"
    elif code is not None:
        fields["code"] = code
    if doing:
        fields["doing"] = doing
        if "signal" in fields:
            return phrase("The {label} engine stopped unexpectedly while {doing} (killed by {signal}).", **fields)
        if "code" in fields:
            return phrase("The {label} engine stopped unexpectedly while {doing} (exit code {code}).", **fields)
        return phrase("The {label} engine stopped unexpectedly while {doing}.", **fields)
    if "signal" in fields:
        return phrase("The {label} engine stopped unexpectedly (killed by {signal}).", **fields)
    if "code" in fields:
        return phrase("The {label} engine stopped unexpectedly (exit code {code}).", **fields)
    return phrase("The {label} engine stopped unexpectedly.", **fields)


class EngineProcess:
    def __init__(self, label: str = "engine") -> None:
        self.label = label
        self.proc: subprocess.Popen | None = None
        self.conn: Connection | None = None
        self.stop_grace_s = STOP_GRACE_S
        self._log: collections.deque[str] = collections.deque(maxlen=LOG_LINES)
        self._calls: dict[int, queue.SimpleQueue] = {}
        self._doing: dict[int, str] = {}
        self._ids = itertools.count(1)
        self._send_lock = threading.Lock()
        self._dead = threading.Event()
        self._killed_on_purpose = False
        self._stuck: int | None = None  # the call whose ignored Cancel got the engine killed
        self._ready = threading.Event()
        self.on_death: Callable[[EngineProcess], None] | None = None

    # -- life ----------------------------------------------------------------------------------------------------------
    def start(self) -> EngineProcess:
        """Spawn the host and wait until it has connected (blocking: call it off the GUI thread)."""
        key = secrets.token_bytes(32)
        listener = Listener(authkey=key)
        env = dict(os.environ)
        env[wire.ADDRESS_ENV] = str(listener.address)
        env[wire.AUTHKEY_ENV] = key.hex()
        env.setdefault("GGML_NO_BACKTRACE", "1")  # ggml would attach gdb to print a backtrace before aborting
        env.setdefault("PYTHONUNBUFFERED", "1")
        self.proc = subprocess.Popen(
            engine_command(), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, close_fds=True,
        )
        threading.Thread(target=self._read_log, name=f"{self.label}:log", daemon=True).start()
        accepted: list[Any] = []

        def accept() -> None:
            try:
                accepted.append(listener.accept())
            except Exception as exc:  # a child that died during the handshake, or our own wake-up below
                accepted.append(exc)

        waiter = threading.Thread(target=accept, name=f"{self.label}:accept", daemon=True)
        waiter.start()
        deadline = time.monotonic() + CONNECT_TIMEOUT_S
        while waiter.is_alive() and self.proc.poll() is None and time.monotonic() < deadline:
            waiter.join(0.05)
        if waiter.is_alive():  # wake the accept() with a connection of our own, then give up
            from multiprocessing.connection import Client

            try:
                Client(listener.address, authkey=key).close()
            except OSError:
                pass
            waiter.join(1.0)
        listener.close()
        got = accepted[0] if accepted else None
        if not isinstance(got, Connection) or self.proc.poll() is not None:
            if isinstance(got, Connection):
                got.close()
            self.kill()
            raise ModelLoadError(self._with_log(phrase("The engine process could not start.")))
        self.conn = got
        threading.Thread(target=self._read, name=f"{self.label}:read", daemon=True).start()
        return self

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def alive(self) -> bool:
        return self.proc is not None and self.conn is not None and not self._dead.is_set()

    def kill(self) -> None:
        """End the process now (SIGKILL). Calls waiting on it end with an error at once."""
        self._killed_on_purpose = True
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        self._mark_dead()

    def close(self, timeout: float = 2.0) -> None:
        """Ask the host to exit (it frees everything by exiting); kill it if it has not within `timeout`."""
        self._killed_on_purpose = True
        if self.alive():
            try:
                self._send((wire.EXIT,))
            except EngineCrashedError:
                pass
        if self.proc is not None:
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def log_tail(self, n: int = 20) -> list[str]:
        return list(self._log)[-n:]

    def rss(self) -> int:
        """Resident memory of the engine process, read from outside (no call to the engine)."""
        if self.proc is None or self._dead.is_set():
            return 0
        import psutil

        try:
            return psutil.Process(self.proc.pid).memory_info().rss
        except psutil.Error:
            return 0

    # -- reading -------------------------------------------------------------------------------------------------------
    def _read_log(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip()
            if line:
                self._log.append(line)
                log.debug("[%s] %s", self.label, line)

    def _read(self) -> None:
        assert self.conn is not None
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                break
            except Exception:  # a message we cannot unpickle: a bug, logged, not a reason to stop reading
                log.exception("bad message from %s", self.label)
                continue
            tag = message[0]
            if tag == wire.READY:
                self._ready.set()
                continue
            q = self._calls.get(message[1])
            if q is not None:
                q.put(message)
        self._mark_dead()

    def _mark_dead(self) -> None:
        if self._dead.is_set():
            return
        self._dead.set()
        if self.proc is not None:
            try:
                self.proc.wait(2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if not self._killed_on_purpose and self.on_death is not None:
            self.on_death(self)  # first: a caller that sees the error also sees the model marked as crashed
        for q in list(self._calls.values()):
            q.put(_Dead())

    # -- calls ---------------------------------------------------------------------------------------------------------
    def _send(self, message: tuple) -> None:
        if self.conn is None or self._dead.is_set():
            raise self.crash_error(phrase("receiving a request"))
        try:
            with self._send_lock:
                self.conn.send(message)
        except (OSError, ValueError) as exc:
            self._mark_dead()
            raise self.crash_error(phrase("receiving a request")) from exc

    def crash_error(self, doing: str = "") -> EngineCrashedError:
        """The sentence for this engine's death: whose engine, what it was doing (if anything), how it ended, and
        the lines of its log that tell why."""
        code = self.proc.poll() if self.proc is not None else None
        return EngineCrashedError(self._with_log(_crash_sentence(self.label, doing, code)))

    def _with_log(self, sentence: str) -> str:
        """`sentence`, then the lines of the engine's log that explain it, if any."""
        lines = self.log_tail(LOG_LINES)
        # The line that explains a crash: a GGML_ASSERT, an error, a Python exception; else the last lines. Each
        # once, and without the build folder a native assert names its source file by ("…/ggml/src/ops.cpp:4132").
        keys = ("GGML_ASSERT", "error", "Error", "Fatal", "Killed", "Traceback")
        telling = [line for line in lines if any(k in line for k in keys) and not line.startswith("  File ")]
        shown = list(dict.fromkeys(_short_source(line) for line in (telling or lines)))[-3:]
        if not shown:
            return sentence
        return phrase("{sentence} Last engine log lines: {lines}", sentence=sentence, lines=" | ".join(shown))

    def exchange(
        self,
        method: str,
        args: tuple = (),
        kwargs: dict | None = None,
        cancel: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
        stage: Callable[[str], None] | None = None,
        doing: str = "",
    ) -> Iterator[Any]:
        """Send one call; yield each chunk it streams; return its result (the generator's return value).

        Closing the generator early cancels the call and waits (at most the grace period) for the engine to
        acknowledge, so the next call never overlaps with a reply still being written."""
        cid = next(self._ids)
        q: queue.SimpleQueue = queue.SimpleQueue()
        self._calls[cid] = q
        doing = doing or _DOING.get(method, method)
        cancel_sent: float | None = None
        light = method in wire.LIGHT_METHODS
        started = time.monotonic()
        finished = False
        try:
            self._send((wire.CALL, cid, method, args, kwargs or {}))
            while True:
                # Checked at every message as well as every 50 ms: a fast stream never delays Stop.
                if cancel is not None and cancel_sent is None and cancel.is_set():
                    cancel_sent = time.monotonic()
                    self._send((wire.CANCEL, cid))
                elif cancel_sent is not None and time.monotonic() - cancel_sent > self.stop_grace_s:
                    self._kill_stuck(cid)  # it ignores Cancel (maybe still streaming): its _Dead ends the loop
                    cancel_sent = float("inf")
                try:
                    message = q.get(timeout=0.05 if (cancel is not None or light) else None)
                except queue.Empty:
                    if light and time.monotonic() - started > LIGHT_TIMEOUT_S:
                        self._kill_stuck(cid)
                    continue
                if isinstance(message, _Dead):
                    if self._stuck == cid:
                        raise EngineStuckError(
                            phrase("The {label} engine did not stop within {stop_grace_s} s, so it was restarted; the model reloads with the next request.", label=self.label, stop_grace_s=f"{self.stop_grace_s:g}")
                        )
                    if self._stuck is not None:  # another call's ignored Cancel ended the engine, and this call
                        raise EngineCrashedError(  # with it: an error to report, not a stop the user asked for
                            phrase("The {label} engine was restarted because it did not stop another request within {stop_grace_s} s; this request ended with it. The model reloads with the next request.", label=self.label, stop_grace_s=f"{self.stop_grace_s:g}")
                        )
                    if self._killed_on_purpose:  # unloaded or closed while this call waited: not a crash
                        raise Cancelled(phrase("{label} was unloaded.", label=self.label))
                    raise self.crash_error(doing)
                tag = message[0]
                if tag == wire.CHUNK:
                    yield message[2]
                elif tag == wire.PROGRESS:
                    if progress is not None:
                        progress(message[2], message[3])
                elif tag == wire.STAGE:
                    if stage is not None:
                        stage(message[2])
                elif tag == wire.RESULT:
                    finished = True
                    return message[2]
                elif tag == wire.ERROR:
                    finished = True
                    report: wire.ErrorReport = message[2]
                    if report.detail:
                        log.debug("%s engine error in %s:\n%s", self.label, method, report.detail)
                    raise wire.rebuild(report)
        finally:
            if not finished and not self._dead.is_set():
                self._abandon(cid, q)
            self._calls.pop(cid, None)

    def _kill_stuck(self, cid: int) -> None:
        self._stuck = cid
        log.warning("%s engine did not answer in time; killing it", self.label)
        self.kill()

    def _abandon(self, cid: int, q: queue.SimpleQueue) -> None:
        """The caller stopped reading a stream: cancel it and wait for its end, killing an engine that ignores it."""
        try:
            self._send((wire.CANCEL, cid))
        except EngineCrashedError:
            return
        deadline = time.monotonic() + self.stop_grace_s
        while time.monotonic() < deadline:
            try:
                message = q.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if isinstance(message, _Dead) or message[0] in (wire.RESULT, wire.ERROR):
                return
        self._kill_stuck(cid)

    def call(self, method: str, *args: Any, cancel: threading.Event | None = None,
             progress: Callable[[int, int], None] | None = None, **kwargs: Any) -> Any:
        """A call whose chunks (if any) are not wanted: the result."""
        return result_of(self.exchange(method, args, kwargs, cancel=cancel, progress=progress))


def result_of(stream: Iterator[Any]) -> Any:
    """Drain an exchange, dropping its chunks, and return its result (the generator's return value)."""
    while True:
        try:
            next(stream)
        except StopIteration as done:
            return done.value
