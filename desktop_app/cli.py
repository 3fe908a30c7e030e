"""Headless commands over the same core the GUI uses, for scripts, checks and people without a display.

    desktop-app                      start the GUI
    desktop-app models               list the models the app knows
    desktop-app chat "PROMPT" ...    stream a reply to stdout
    desktop-app --self-test          load the default model, generate 8 tokens, exit 0
    desktop-app --version

User mistakes print one line on stderr and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import replace

from desktop_app import __version__

EXIT_USAGE = 2
EXIT_FAILED = 1


def _progress_printer(label: str):
    state = {"last": -1}

    def show(done: int, total: int) -> None:
        if total <= 0:
            return
        tty = sys.stderr.isatty()
        pct = done * 100 // total
        step = 1 if tty else 25
        if pct // step != state["last"]:
            state["last"] = pct // step
            line = f"{label}: {pct:3d}% ({done / 1e6:.0f}/{total / 1e6:.0f} MB)"
            if tty:
                print(f"\r{line}", end="\n" if done >= total else "", file=sys.stderr, flush=True)
            else:
                print(line, file=sys.stderr, flush=True)

    return show


def _load_backend(model_path: str, settings):
    from desktop_app.core.backends import create_backend
    from desktop_app.core.models.resolve import needs_preparation, prepare, resolve_chat_model
    from desktop_app.core.storage import paths
    from desktop_app.core.storage.settings import load_settings

    app_settings = load_settings(paths.settings_path())
    for w in app_settings.warnings:
        print(f"warning: {w}", file=sys.stderr)
    models_dir = paths.models_dir()
    spec = resolve_chat_model(model_path or app_settings.settings.chat_model_path, models_dir)
    if needs_preparation(spec, models_dir):
        prepare(spec, models_dir, _progress_printer(f"Preparing {spec.name}"), threading.Event())
    backend = create_backend(spec)
    backend.load(spec, settings.load_options())
    return spec, backend


def cmd_models(args: argparse.Namespace) -> int:
    from desktop_app.core.models.registry import known_models
    from desktop_app.core.storage import paths

    models = known_models(paths.models_dir())
    if not models:
        print("No models found.", file=sys.stderr)
        return EXIT_FAILED
    for spec in models:
        size = f"{spec.size_bytes / 1e6:,.0f} MB" if spec.size_bytes else "?"
        tag = " [built-in]" if spec.builtin else ""
        print(f"{spec.name}{tag}\t{size}\t{spec.path}")
        if spec.note:
            print(f"    {spec.note}")
    return 0


def _chat_settings(args: argparse.Namespace):
    from desktop_app.core.tasks.chat import ChatSettings

    s = ChatSettings()
    params = s.params
    if args.max_tokens is not None:
        params = replace(params, max_tokens=args.max_tokens)
    if args.temperature is not None:
        params = replace(params, temperature=args.temperature)
    if args.seed is not None:
        params = replace(params, seed=args.seed)
    return replace(s, system_prompt=args.system or "", params=params, n_ctx=args.ctx)


def cmd_chat(args: argparse.Namespace) -> int:
    from desktop_app.core.tasks.chat import build_messages, collect, stream_chat_turn

    if not args.prompt.strip():
        print("error: the prompt is empty.", file=sys.stderr)
        return EXIT_USAGE
    settings = _chat_settings(args)
    _spec, backend = _load_backend(args.model, settings)
    messages = build_messages(settings.system_prompt, [{"role": "user", "content": args.prompt}])

    def on_chunk(chunk) -> None:
        if chunk.dropped_turns:
            print(f"note: {chunk.dropped_turns} old messages did not fit and were left out.", file=sys.stderr)
        if chunk.text:
            sys.stdout.write(chunk.text)
            sys.stdout.flush()

    try:
        result = collect(stream_chat_turn(backend, messages, settings.params, threading.Event()), on_chunk)
    finally:
        backend.unload()
    sys.stdout.write("\n")
    if args.verbose:
        print(
            f"[{result.completion_tokens} tokens, {result.tokens_per_s:.1f} tok/s, finish: {result.finish_reason}]",
            file=sys.stderr,
        )
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop_app.core.tasks.chat import ChatSettings, collect, stream_chat_turn

    settings = ChatSettings()
    settings = replace(settings, params=replace(settings.params, max_tokens=8, temperature=0.0, seed=0), n_ctx=512)
    spec, backend = _load_backend(args.model, settings)
    try:
        result = collect(
            stream_chat_turn(backend, [{"role": "user", "content": "Say hello."}], settings.params, threading.Event())
        )
    finally:
        backend.unload()
    print(f"self-test: {spec.name}: {result.completion_tokens} tokens: {result.text!r}")
    return 0 if result.completion_tokens > 0 else EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desktop-app", description="Run AI models on your own machine.")
    parser.add_argument("--version", action="version", version=f"desktop-app {__version__}")
    parser.add_argument("--self-test", action="store_true", help="load the default model, generate 8 tokens, exit")
    parser.add_argument("--model", default="", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("gui", help="start the app (the default)")
    sub.add_parser("models", help="list the models the app knows, with paths and sizes")
    chat = sub.add_parser("chat", help="stream a reply to PROMPT on stdout")
    chat.add_argument("prompt")
    chat.add_argument("--model", default="", help="path to a .gguf file (default: the built-in model)")
    chat.add_argument("--system", default="", help="system prompt")
    chat.add_argument("--max-tokens", type=int, default=None)
    chat.add_argument("--temperature", type=float, default=None)
    chat.add_argument("--seed", type=int, default=None)
    chat.add_argument("--ctx", type=int, default=4096, help="context length (default 4096)")
    chat.add_argument("-v", "--verbose", action="store_true", help="print token counts and speed on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    from desktop_app.core.errors import DesktopAppError

    try:
        if args.self_test:
            return cmd_self_test(args)
        if args.command == "models":
            return cmd_models(args)
        if args.command == "chat":
            return cmd_chat(args)
    except DesktopAppError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    from desktop_app.app import run_gui

    return run_gui()
