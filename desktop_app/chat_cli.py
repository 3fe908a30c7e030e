"""The chat commands of the command line (cli.py dispatches here): a streamed reply, and the self-test.

    desktop-app chat "PROMPT" ...    stream a reply to stdout (thinking on stderr)
    desktop-app --self-test          load the default model, generate 8 tokens, draw a formula, exit 0

`chat_settings` turns the chat options into the Chat tab's settings; `ask` (docs_cli.py) and `serve`
(serve_cli.py) reuse it and model_cli.load_backend, so every chat-model command loads the same way.
"""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import replace

from desktop_app.model_cli import EXIT_FAILED, EXIT_USAGE, load_backend


def add_parser(sub: argparse._SubParsersAction) -> None:
    chat = sub.add_parser("chat", help="stream a reply to PROMPT on stdout")
    chat.add_argument("prompt")
    chat.add_argument("--model", default="", help="path to a .gguf file (default: the built-in model)")
    chat.add_argument("--system", default="", help="system prompt")
    chat.add_argument("--max-tokens", type=int, default=None)
    chat.add_argument("--temperature", type=float, default=None)
    chat.add_argument("--seed", type=int, default=None)
    chat.add_argument("--ctx", type=int, default=4096, help="context length (default 4096)")
    add_thinking_arguments(chat)
    chat.add_argument("-v", "--verbose", action="store_true", help="print token counts and speed on stderr")
    chat.add_argument("--complete", action="store_true",
                      help="continue PROMPT as plain text instead of chatting (automatic for a base model)")


def add_thinking_arguments(parser: argparse.ArgumentParser) -> None:
    """--thinking and --thinking-budget, for every command that chats (chat, docs ask): chat_settings reads them."""
    parser.add_argument("--thinking", choices=("on", "off", "auto"), default="auto",
                        help="a reasoning model's thinking, through its template (default: the template's own); "
                             "thinking is written to stderr")
    parser.add_argument("--thinking-budget", type=int, default=0, metavar="TOKENS",
                        help="the most tokens a reasoning model may think before it is made to answer (0: no limit)")


def chat_settings(args: argparse.Namespace):
    from desktop_app.core.tasks.chat import ChatSettings

    s = ChatSettings()
    params = s.params
    if args.max_tokens is not None:
        params = replace(params, max_tokens=args.max_tokens)
    if args.temperature is not None:
        params = replace(params, temperature=args.temperature)
    if args.seed is not None:
        params = replace(params, seed=args.seed)
    params = replace(params, thinking=args.thinking, thinking_budget=max(args.thinking_budget, 0))
    return replace(s, system_prompt=args.system or "", params=params, n_ctx=args.ctx)


def cmd_chat(args: argparse.Namespace) -> int:
    from desktop_app.core.tasks.chat import build_messages, collect, stream_chat_turn

    if not args.prompt.strip():
        print("error: the prompt is empty.", file=sys.stderr)
        return EXIT_USAGE
    from desktop_app.core.models.metadata import is_base_model

    settings = chat_settings(args)
    spec, backend = load_backend(args.model, settings)
    complete = args.complete or is_base_model(spec.path)
    if complete and not args.complete:
        print(f"note: {spec.name} is a base model (no chat template): it continues your text.", file=sys.stderr)
    messages = build_messages(settings.system_prompt, [{"role": "user", "content": args.prompt}])

    def on_chunk(chunk) -> None:
        if chunk.dropped_turns:
            print(f"note: {chunk.dropped_turns} old messages did not fit and were left out.", file=sys.stderr)
        if chunk.reasoning:  # a reasoning model's thinking: on stderr, so stdout holds the answer alone
            sys.stderr.write(chunk.reasoning)
            sys.stderr.flush()
        if chunk.text:
            sys.stdout.write(chunk.text)
            sys.stdout.flush()

    try:
        cancel = threading.Event()
        stream = (backend.complete_stream(args.prompt, settings.params, cancel) if complete
                  else stream_chat_turn(backend, messages, settings.params, cancel))  # fmt: skip
        result = collect(stream, on_chunk)
    finally:
        backend.unload()
    sys.stdout.write("\n")
    if args.verbose:
        print(
            f"[{result.prompt_tokens} prompt tokens, {result.completion_tokens} tokens, "
            f"{result.tokens_per_s:.1f} tok/s, finish: {result.finish_reason}]",
            file=sys.stderr,
        )
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop_app.core.tasks.chat import ChatSettings, collect, stream_chat_turn

    settings = ChatSettings()
    settings = replace(settings, params=replace(settings.params, max_tokens=8, temperature=0.0, seed=0), n_ctx=512)
    spec, backend = load_backend(args.model, settings)
    try:
        result = collect(
            stream_chat_turn(backend, [{"role": "user", "content": "Say hello."}], settings.params, threading.Event())
        )
    finally:
        backend.unload()
    print(f"self-test: {spec.name}: {result.completion_tokens} tokens: {result.text!r}")
    from desktop_app.core.tasks.math_render import render_math

    formula = render_math(r"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}", 16)  # chat's formulas: matplotlib is all there
    print(f"self-test: a formula drawn, {formula.width}x{formula.height} px")
    return 0 if result.completion_tokens > 0 else EXIT_FAILED
