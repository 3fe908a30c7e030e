"""Headless commands over the same core the GUI uses, for scripts, checks and people without a display.

    desktop-app                      start the GUI
    desktop-app models               list the models the app knows (--catalog [--task T]: the curated catalogue)
    desktop-app chat "PROMPT" ...    stream a reply to stdout
    desktop-app summarize FILE|-     summarize a document (txt, md, html, pdf) or stdin
    desktop-app translate FILE|- --to zh
    desktop-app sentiment "TEXT" | --csv FILE --column C [--format csv|jsonl]
    desktop-app serve [--model PATH] [--port 8000] [--host 127.0.0.1] [--api-key KEY]
                                     an OpenAI-compatible API server, no display needed
    desktop-app docs add|list|remove|search ...   document collections (docs_cli.py)
    desktop-app ask "QUESTION" [--collection NAME]   an answer from your documents, with its sources
    desktop-app --self-test          load the default model, generate 8 tokens, draw a formula, exit 0
    desktop-app --version

User mistakes print one line on stderr and exit non-zero; they never show a traceback.

This module builds the parser and dispatches; each command lives in its own module: model_cli.py (models, and
how every command loads its model), chat_cli.py (chat, --self-test), task_cli.py (summarize, translate,
sentiment, describe), serve_cli.py, docs_cli.py (docs, ask), catalog_cli.py and fit_cli.py (models --catalog,
--fit). `desktop-app engine-host` is the bundled app's engine process.
"""

from __future__ import annotations

import argparse
import sys

from desktop_app import __version__, chat_cli, model_cli, serve_cli, task_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desktop-app", description="Run AI models on your own machine.")
    parser.add_argument("--version", action="version", version=f"desktop-app {__version__}")
    parser.add_argument("--self-test", action="store_true", help="load the default model, generate 8 tokens, draw a formula, exit")
    parser.add_argument("--model", default="", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("gui", help="start the app (the default)")
    model_cli.add_parser(sub)
    chat_cli.add_parser(sub)
    task_cli.add_parsers(sub)
    serve_cli.add_parser(sub)
    from desktop_app import docs_cli

    docs_cli.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["engine-host"]:  # a bundled app's engine process (core/engine/process.py engine_command)
        from desktop_app.core.engine.host import main as engine_host

        return engine_host()
    parser = build_parser()
    args = parser.parse_args(argv)
    from desktop_app.core.errors import DesktopAppError

    try:
        if args.self_test:
            return chat_cli.cmd_self_test(args)
        if args.command == "models":
            if args.fit:
                from desktop_app import fit_cli

                return fit_cli.run(args.fit)
            return model_cli.cmd_models(args)
        if args.command == "chat":
            return chat_cli.cmd_chat(args)
        if args.command == "summarize":
            return task_cli.cmd_summarize(args)
        if args.command == "translate":
            return task_cli.cmd_translate(args)
        if args.command == "sentiment":
            return task_cli.cmd_sentiment(args)
        if args.command == "describe":
            return task_cli.cmd_describe(args)
        if args.command == "serve":
            return serve_cli.cmd_serve(args)
        if args.command in ("docs", "ask"):
            from desktop_app import docs_cli

            return docs_cli.run(args)
    except DesktopAppError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return model_cli.EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    from desktop_app.app import run_gui

    return run_gui()
