"""`desktop-app serve`: the API server without a window, over a bare backend and one worker thread."""

from __future__ import annotations

import socket
import sys

from desktop_app.core.backends.base import Backend
from desktop_app.core.models.spec import ModelSpec
from desktop_app.server.api import RequestLogEntry
from desktop_app.server.runner import ThreadRunner
from desktop_app.server.server import ApiServer, ServerOptions


def _print_entry(entry: RequestLogEntry) -> None:
    print(entry.format(), file=sys.stderr, flush=True)


def serve(spec: ModelSpec, backend: Backend, options: ServerOptions, sock: socket.socket | None = None,
          quiet: bool = False) -> int:
    """Serve `backend` (already loaded) until Ctrl+C; unload it at the end. Returns the exit code."""
    runner = ThreadRunner(spec, backend, backend.n_ctx, max_batched=options.max_queue)
    server = ApiServer(runner, options, on_log=None if quiet else _print_entry, sock=sock)
    try:
        server.bind()  # a no-op when the CLI bound the socket already
        key = " (API key required)" if options.api_key else ""
        print(f"Serving {runner.served_model().id} at {server.base_url}{key}. Press Ctrl+C to stop.",
              file=sys.stderr, flush=True)
        try:
            server.run_forever()
        except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it handled once it has shut down: a normal stop
            pass
    finally:
        runner.close()
    print("Server stopped.", file=sys.stderr, flush=True)
    return 0
