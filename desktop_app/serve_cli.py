"""`desktop-app serve`: the OpenAI-compatible API server over one model, in the foreground, no display needed
(cli.py dispatches here; the server itself is desktop_app/server/).

    desktop-app serve [--model PATH] [--port 8000] [--host 127.0.0.1] [--api-key KEY]

The options are checked and the port bound before the model loads, so a mistake or a busy port fails at once.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from desktop_app.model_cli import EXIT_USAGE, load_backend


def add_parser(sub: argparse._SubParsersAction) -> None:
    srv = sub.add_parser("serve", help="serve a model through an OpenAI-compatible API (/v1/chat/completions...)")
    srv.add_argument("--model", default="", help="a .gguf file (default: the app's chat model)")
    srv.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default 127.0.0.1, this computer only; 0.0.0.0 opens it to the "
                     "network, with a warning)")
    srv.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    srv.add_argument("--api-key", default="", help="require 'Authorization: Bearer KEY' on every request")
    srv.add_argument("--ctx", type=int, default=4096, help="context length (default 4096)")
    srv.add_argument("--threads", type=int, default=0, help="CPU threads for llama.cpp (default 0: all physical "
                     "cores)")
    srv.add_argument("--max-queue", type=int, default=16,
                     help="requests waiting or running at once before 429 (default 16)")
    srv.add_argument("--parallel", type=int, default=4,
                     help="requests of a llama.cpp model decoded together in one batch (default 4; 1: one at a "
                     "time)")
    srv.add_argument("-q", "--quiet", action="store_true", help="do not log each request on stderr")


def cmd_serve(args: argparse.Namespace) -> int:
    """The OpenAI-compatible API server over one model, in the foreground (desktop_app/server/)."""
    from desktop_app.core.tasks.chat import ChatSettings
    from desktop_app.server.server import ServerOptions, bind_socket, exposure_warning

    if not 0 <= args.port <= 65535:
        print(f"error: --port must be from 0 to 65535; got {args.port}.", file=sys.stderr)
        return EXIT_USAGE
    if args.max_queue < 1:
        print("error: --max-queue must be at least 1.", file=sys.stderr)
        return EXIT_USAGE
    if not 1 <= args.parallel <= 64:
        print(f"error: --parallel must be from 1 to 64; got {args.parallel}.", file=sys.stderr)
        return EXIT_USAGE
    warning = exposure_warning(args.host, args.api_key)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    sock = bind_socket(args.host, args.port)  # a busy port fails now, not after loading the model
    try:
        spec, backend = load_backend(args.model, replace(ChatSettings(), n_ctx=args.ctx, n_threads=args.threads))
    except BaseException:
        sock.close()
        raise
    from desktop_app.server.headless import serve

    options = ServerOptions(host=args.host, port=args.port, api_key=args.api_key, max_queue=args.max_queue,
                            parallel=args.parallel)
    return serve(spec, backend, options, sock=sock, quiet=args.quiet)
