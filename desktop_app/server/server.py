"""ApiServer: the uvicorn server around the API, in a background thread (GUI) or in the foreground (headless).

The listening socket is bound here, before uvicorn starts, so a port already in use or an address that does not
exist fails at once with a sentence (the dialog shows it, the CLI prints it), port 0 picks a free port, and the
server accepts connections the moment `start_in_thread` returns. uvicorn installs signal handlers only on the main
thread, so the GUI's server thread leaves Qt's alone, and the headless server stops cleanly on Ctrl+C.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
from dataclasses import dataclass

from desktop_app.core.errors import DesktopAppError
from desktop_app.server.api import DEFAULT_MAX_QUEUE, ApiService, LogSink, create_app
from desktop_app.server.batching import DEFAULT_PARALLEL
from desktop_app.server.runner import ModelRunner

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True)
class ServerOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    api_key: str = ""
    max_queue: int = DEFAULT_MAX_QUEUE
    parallel: int = DEFAULT_PARALLEL  # requests of one model decoded together in one batch (1: one at a time)


def is_loopback(host: str) -> bool:
    """True for addresses only this computer can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, api_key: str) -> str:
    """The warning shown when the server listens beyond this computer, or "" when it does not."""
    if is_loopback(host):
        return ""
    text = (f"The API server listens on {host}: other computers on the network can reach it and run the model. "
            "Only do this on a network you trust.")
    if not api_key:
        text += " No API key is set, so anyone who can reach it can use it."
    return text


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port, or DesktopAppError with why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise DesktopAppError(f"Cannot listen on {host!r}: not a known address ({exc.strerror}).") from exc
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        if sys.platform != "win32":  # a restart right after a stop must not wait for TIME_WAIT
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        why = "the port is already in use" if exc.errno in (48, 98, 10048) else exc.strerror or str(exc)
        raise DesktopAppError(f"Cannot listen on {host}:{port}: {why}.") from exc
    sock.set_inheritable(True)
    return sock


class ApiServer:
    def __init__(self, runner: ModelRunner, options: ServerOptions, on_log: LogSink | None = None,
                 sock: socket.socket | None = None) -> None:
        """`sock`: a socket bound already by `bind_socket` (the CLI binds before loading the model, so a busy port
        fails in a second rather than after a long load)."""
        import uvicorn

        self.options = options
        self.service = ApiService(runner, options.api_key, options.max_queue, on_log, options.parallel)
        self.app = create_app(self.service)
        self._socket: socket.socket | None = sock
        self._thread: threading.Thread | None = None
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,  # the request log is ours (RequestLogEntry), with tokens and timings
            timeout_graceful_shutdown=3,
            lifespan="off",
        )
        self._server = uvicorn.Server(config)

    @property
    def port(self) -> int:
        return self._socket.getsockname()[1] if self._socket is not None else self.options.port

    @property
    def host(self) -> str:
        return self.options.host

    @property
    def base_url(self) -> str:
        host = self.options.host
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1"
        elif ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/v1"

    def bind(self) -> None:
        if self._socket is None:
            self._socket = bind_socket(self.options.host, self.options.port)

    def start_in_thread(self) -> None:
        """Bind, then serve on a daemon thread (the GUI). Raises DesktopAppError when the address is unusable."""
        self.bind()
        self._thread = threading.Thread(target=self._run, name="api-server", daemon=True)
        self._thread.start()

    def run_forever(self) -> None:
        """Bind and serve on this thread until Ctrl+C / SIGTERM (the headless `desktop-app serve`)."""
        self.bind()
        try:
            self._run()
        finally:
            self.service.close()

    def _run(self) -> None:
        assert self._socket is not None
        try:
            self._server.run(sockets=[self._socket])
        except Exception:  # keep the GUI alive whatever uvicorn does; the log says what happened
            log.exception("the API server stopped with an error")

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> bool:
        """Cancel every request, stop accepting, and wait (bounded) for the server thread. True when it ended."""
        self.service.cancel_all()
        self._server.should_exit = True
        ended = True
        if self._thread is not None:
            self._thread.join(timeout)
            ended = not self._thread.is_alive()
        self.service.close()
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        return ended
