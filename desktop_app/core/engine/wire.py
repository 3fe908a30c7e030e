"""What travels between the window's process and an engine process, and how errors cross the boundary.

Messages are plain tuples pickled by `multiprocessing.connection` (a Unix socket or a Windows named pipe, with an
authentication key). Only our own types travel: dataclasses from core/backends/base.py, str, int, float, lists and
dicts. Images travel as file paths.

Window → engine:
  (CALL, cid, method, args, kwargs)   run a Backend method; generators stream CHUNK messages first. The method
                                      "call_function" runs a function of desktop_app.core by name instead
                                      (client.run_isolated: fine-tuning's merge, export, samples...)
  (CANCEL, cid)                       set the cancel event of call `cid`
  (EXIT,)                             unload and exit

Engine → window:
  (READY, pid)                        connected; the host is warm
  (CHUNK, cid, Chunk)                 one chunk of a streaming call, sent as soon as the backend yields it
  (PROGRESS, cid, done, total)        a load's (or an isolated function's) progress
  (STAGE, cid, text)                  what an isolated function is doing now ("merge", "gguf")
  (RESULT, cid, value)                the call's return value (None for a finished stream)
  (ERROR, cid, ErrorReport)           the call raised

An engine exception is never unpickled in the window (its class could live in torch): the host sends an
ErrorReport naming one of our error classes, and the window rebuilds that class with the message.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from desktop_app.core import errors

CALL = "call"
CANCEL = "cancel"
EXIT = "exit"
READY = "ready"
CHUNK = "chunk"
PROGRESS = "progress"
STAGE = "stage"
RESULT = "result"
ERROR = "error"

# Only functions under this package may be run by name in an engine process (run_isolated).
ISOLATED_PREFIX = "desktop_app.core."

# Environment variables that tell a new engine process where to connect.
ADDRESS_ENV = "DESKTOP_APP_ENGINE_ADDRESS"
AUTHKEY_ENV = "DESKTOP_APP_ENGINE_AUTHKEY"
# Lets a test name its own backend class ("module:Class") in spec.extra["test_backend"]; off for users.
TEST_BACKENDS_ENV = "DESKTOP_APP_ALLOW_TEST_BACKENDS"

# Methods that only read the loaded model (tokenizer, template): the host answers them beside a running
# generation, so a token count asked for while a reply streams never waits for the reply.
LIGHT_METHODS = frozenset({"count_tokens", "count_chat_tokens", "format_chat", "stats"})
# Requests decoded together in one batch (llama_batch.py): each runs on a thread of its own in the host, beside
# the model thread, and the backend's scheduler interleaves them.
BATCHED_METHODS = frozenset({"chat_stream_batched", "complete_stream_batched"})
STREAM_METHODS = frozenset({"chat_stream", "complete_stream", "describe_stream"}) | BATCHED_METHODS


@dataclass(frozen=True)
class ErrorReport:
    kind: str  # the name of a class in desktop_app.core.errors, or "" for anything else
    message: str
    detail: str = ""  # the engine's traceback, for the log
    consent: str = ""  # ConsentRequiredError's consent


def report(exc: BaseException) -> ErrorReport:
    kind = type(exc).__name__ if isinstance(exc, errors.DesktopAppError) else ""
    # A subclass of ours defined elsewhere travels as its nearest class in core.errors.
    cls = type(exc)
    while kind and not isinstance(getattr(errors, kind, None), type):
        cls = cls.__mro__[1]
        kind = cls.__name__
    message = str(exc).strip() or type(exc).__name__
    if not kind:
        message = f"{type(exc).__name__}: {message}"
    return ErrorReport(
        kind=kind,
        message=message,
        detail="".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        consent=str(getattr(exc, "consent", "") or ""),
    )


def rebuild(rep: ErrorReport) -> Exception:
    """The error to raise in the window: our class with the engine's message, or a GenerationError for anything
    that is not ours (a bug or a library error inside the engine, told in one sentence)."""
    cls = getattr(errors, rep.kind, None) if rep.kind else None
    if cls is errors.ConsentRequiredError:
        return errors.ConsentRequiredError(rep.message, rep.consent)
    if isinstance(cls, type) and issubclass(cls, errors.DesktopAppError):
        try:
            return cls(rep.message)
        except TypeError:
            pass
    return errors.GenerationError(rep.message)
