"""The app's log file and its one route for uncaught exceptions. No Qt here: the UI subscribes a listener that shows
a dialog (ui/dialogs/crash_dialog.py), the CLI and tests need none.

An uncaught exception, from the main thread (`sys.excepthook`, which PySide also calls for an exception raised in a
Qt slot) or from a Python thread (`threading.excepthook`), is logged, written as a report file in the log folder,
and handed to each listener. Nothing here exits: the app goes on where it can.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app import __version__
from desktop_app.core.storage import paths

LOG_FILE_NAME = "desktop_app.log"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
KEEP_REPORTS = 20  # older crash-*.log files are removed

log = logging.getLogger("desktop_app.crash")


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to the app's log file (once per file, however often it is called); returns the file."""
    path = log_file()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path.resolve():
            return path
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return path


@dataclass(frozen=True)
class CrashReport:
    summary: str  # one line: "ValueError: bad value"
    text: str  # the whole report: versions, thread, traceback
    path: Path | None  # the report file, when it could be written


Listener = Callable[[CrashReport], None]
_listeners: list[Listener] = []
_lock = threading.Lock()
_installed: tuple | None = None  # the hooks we replaced


def add_listener(fn: Listener) -> None:
    with _lock:
        if fn not in _listeners:
            _listeners.append(fn)


def remove_listener(fn: Listener) -> None:
    with _lock:
        if fn in _listeners:
            _listeners.remove(fn)


def format_report(exc_type, exc, tb, thread_name: str | None = None) -> str:
    lines = [
        f"desktop_app {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Time: {time.strftime('%Y-%m-%d %H:%M:%S')}",
        f"Thread: {thread_name or threading.current_thread().name}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines) + "\n"


def _summary(exc_type, exc) -> str:
    name = getattr(exc_type, "__name__", str(exc_type))
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{name}: {text}" if text else name


def write_report(text: str) -> Path | None:
    """Write a crash report next to the log; old ones beyond KEEP_REPORTS are removed."""
    try:
        folder = paths.log_dir()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"crash-{stamp}.log"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"crash-{stamp}-{n}.log"
        path.write_text(text, encoding="utf-8")
        for old in sorted(folder.glob("crash-*.log"))[:-KEEP_REPORTS]:
            old.unlink(missing_ok=True)
        return path
    except OSError:
        return None


def report(exc_type, exc, tb, thread_name: str | None = None) -> CrashReport:
    """Log, write and announce one uncaught exception (any thread). Never raises."""
    text = format_report(exc_type, exc, tb, thread_name)
    log.error("uncaught exception:\n%s", text)
    if sys.__stderr__ is not None:
        try:
            sys.__stderr__.write(text)
        except (OSError, ValueError):
            pass
    result = CrashReport(_summary(exc_type, exc), text, write_report(text))
    with _lock:
        listeners = list(_listeners)
    for fn in listeners:
        try:
            fn(result)
        except Exception:  # a listener must never turn one error into two
            log.exception("crash listener failed")
    return result


def _sys_hook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report(exc_type, exc, tb)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    report(args.exc_type, args.exc_value, args.exc_traceback, args.thread.name if args.thread else None)


def install() -> None:
    """Route uncaught exceptions of the main thread, Qt slots and Python threads through `report`."""
    global _installed
    if _installed is None:
        _installed = (sys.excepthook, threading.excepthook)
    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook


def uninstall() -> None:
    """Put back the hooks `install` replaced (tests)."""
    global _installed
    if _installed is not None:
        sys.excepthook, threading.excepthook = _installed
        _installed = None
