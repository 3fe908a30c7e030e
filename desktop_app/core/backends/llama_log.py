"""llama.cpp's own log, captured: its warnings and errors are kept instead of printed, so a failure can say why.

llama.cpp, clip.cpp and mtmd print to stderr through C callbacks; a failed load or a refused projector then only
raises a bare ValueError. Installing one ctypes callback for all of them keeps the last warnings and errors, and
`recent_errors()` hands them to the error message ("mismatch between text model (n_embd = 2048) and mmproj
(n_embd = 4096)"). One capture per process, shared by every model it loads (llama_cpp.py, llama_vision.py).
"""

from __future__ import annotations

import collections
import ctypes
import sys
import threading

_log_lock = threading.Lock()
_recent_log: collections.deque[str] = collections.deque(maxlen=40)
_log_callback = None  # keep the ctypes callback alive
_mtmd_log_installed = False


def install_log_capture() -> None:
    """Keep llama.cpp's warnings and errors (instead of printing them) so a failed load can say why."""
    global _log_callback
    if _log_callback is not None:
        return
    import llama_cpp

    @llama_cpp.llama_log_callback
    def _capture(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        if level in (3, 4) and not sys.is_finalizing():  # GGML_LOG_LEVEL_WARN, GGML_LOG_LEVEL_ERROR
            with _log_lock:
                # one line per message: mtmd adds a "hint:" on a second line, the UI shows one sentence
                _recent_log.append(text.decode("utf-8", errors="replace").strip().replace("\n", "; "))

    _log_callback = _capture
    llama_cpp.llama_log_set(_capture, ctypes.c_void_p(0))


def install_mtmd_log_capture() -> None:
    """clip.cpp and mtmd log through their own hook (to stderr by default): route it to the same capture, so a
    refused projector says why ("mismatch between text model (n_embd = 2048) and mmproj (n_embd = 4096)")."""
    global _mtmd_log_installed
    install_log_capture()
    if _mtmd_log_installed:
        return
    import llama_cpp.mtmd_cpp as mtmd_cpp

    mtmd_cpp.mtmd_log_set(_log_callback, ctypes.c_void_p(0))
    if hasattr(mtmd_cpp, "mtmd_helper_log_set"):
        mtmd_cpp.mtmd_helper_log_set(_log_callback, ctypes.c_void_p(0))
    _mtmd_log_installed = True


def recent_errors() -> str:
    with _log_lock:
        lines = [line for line in _recent_log if line]
        _recent_log.clear()
    return "; ".join(lines[-3:])
