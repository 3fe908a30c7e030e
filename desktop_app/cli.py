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
    desktop-app --self-test          load the default model, generate 8 tokens, exit 0
    desktop-app --version

User mistakes print one line on stderr and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import replace
from pathlib import Path

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


def _app_settings():
    from desktop_app.core.storage import paths
    from desktop_app.core.storage.settings import load_settings

    loaded = load_settings(paths.settings_path())
    for w in loaded.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return loaded.settings, paths.models_dir()


def _load(spec, options, models_dir, announce: bool = False):
    """core.models.session.load_model, with the first run's assembly of the built-in model shown on stderr (and
    "Loading NAME…" for the task commands, whose model the user may not have named)."""
    from desktop_app.core.models import session

    printer = _progress_printer(f"Preparing {spec.name}")
    stage = {"now": ""}

    def progress(done: int, total: int) -> None:
        if stage["now"] == session.PREPARING:
            printer(done, total)

    def on_stage(now: str) -> None:
        stage["now"] = now
        if now == session.LOADING and announce:
            print(f"Loading {spec.name}…", file=sys.stderr)

    backend, _info = session.load_model(spec, options, models_dir, progress, threading.Event(), on_stage)
    return backend


def _load_backend(model_path: str, settings):
    """The chat model: --model, else the Chat tab's model, else the built-in one (as the Chat tab resolves it)."""
    from desktop_app.core.models import session

    app_settings, models_dir = _app_settings()
    spec = session.resolve(_model_argument(model_path) or app_settings.chat_model_path, app_settings, models_dir)
    return spec, _load(spec, settings.load_options(), models_dir)


def _load_task_backend(task: str, model_path: str, engine: str, ctx: int | None):
    """The model a task runs, resolved exactly as the task's tab does (the --model given, else the model chosen
    for the task on the Models page, else the built-in chat model), loaded with the tab's default options."""
    from desktop_app.core.engine.types import Capability
    from desktop_app.core.errors import UnsupportedTaskError
    from desktop_app.core.models import session

    settings, models_dir = _app_settings()
    model_path = _model_argument(model_path)
    path = model_path if model_path else ("" if engine == "llm" else session.task_model_path(settings, task))
    spec = session.resolve(path, settings, models_dir)
    options = session.default_load_options(settings)  # as the tabs do
    if ctx:
        options = replace(options, n_ctx=ctx)
    backend = _load(spec, options, models_dir, announce=True)
    is_llm = Capability.CHAT in backend.capabilities
    if engine == "llm" and not is_llm:
        backend.unload()
        raise UnsupportedTaskError(f"{spec.name} is not a chat model; --engine llm needs one.")
    if engine == "dedicated" and is_llm:
        backend.unload()
        raise UnsupportedTaskError(
            f"{spec.name} is a chat model; --engine dedicated needs a {task} model folder given with --model."
        )
    return spec, backend


def _stage_printer():
    """Progress of a long task on stderr: one line per step (a live line on a terminal)."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int, stage: str) -> None:
        if stage in ("counting", "final"):
            line = {"counting": "Reading the text…", "final": "Writing the result…"}[stage]
        else:
            what = {"chunks": "chunk", "paragraphs": "paragraph", "rows": "row"}.get(stage, stage)
            line = f"{what} {min(done + 1, total)} of {total}" if done < total else f"{what}: {total} done"
        if tty:
            print(f"\r\x1b[K{line}", end="", file=sys.stderr, flush=True)
            if stage == "final":
                print(file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)

    return show


def _read_input(source: str) -> str:
    """A file path (txt, md, html, pdf), or "-" for stdin."""
    from desktop_app.core.tasks.textio import decode_text, read_document

    if source == "-":
        return decode_text(sys.stdin.buffer.read(), "The input")[0]
    loaded = read_document(source)
    if loaded.note:
        print(f"note: {loaded.note}", file=sys.stderr)
    return loaded.text


def cmd_summarize(args: argparse.Namespace) -> int:
    from desktop_app.core.tasks.summarize import SummarizeOptions, summarize

    text = _read_input(args.source)
    options = SummarizeOptions(length=args.length, language=args.language)
    _spec, backend = _load_task_backend("summarize", args.model, args.engine, args.ctx)

    def on_text(piece: str) -> None:
        sys.stdout.write(piece)
        sys.stdout.flush()

    try:
        result = summarize(backend, text, options, threading.Event(), _stage_printer(), on_text)
    finally:
        backend.unload()
    sys.stdout.write("\n")
    if args.verbose:
        print(f"[{result.engine}, {result.input_tokens} input tokens, {result.chunks} chunks, "
              f"{result.rounds} rounds]", file=sys.stderr)
    return 0


def cmd_translate(args: argparse.Namespace) -> int:
    from desktop_app.core.tasks import languages
    from desktop_app.core.tasks.translate import translate

    if languages.lookup(args.to) is None:
        print(f"error: unknown language {args.to!r}. Known: {', '.join(lang.code for lang in languages.LANGUAGES)}",
              file=sys.stderr)
        return EXIT_USAGE
    if args.source_lang != "auto" and languages.lookup(args.source_lang) is None:
        print(f"error: unknown language {args.source_lang!r}.", file=sys.stderr)
        return EXIT_USAGE
    text = _read_input(args.source)
    _spec, backend = _load_task_backend("translate", args.model, args.engine, args.ctx)
    stages = _stage_printer()

    def on_text(piece: str) -> None:
        sys.stdout.write(piece)
        sys.stdout.flush()

    try:
        result = translate(backend, text, args.source_lang, args.to, None, threading.Event(),
                           lambda done, total: stages(done, total, "paragraphs") if total > 1 else None, on_text)
    finally:
        backend.unload()
    if not result.text.endswith("\n"):
        sys.stdout.write("\n")
    if result.detected:
        print(result.detected_note(), file=sys.stderr)
    if args.verbose:
        print(f"[{result.method}, {result.paragraphs} paragraphs, {result.pieces} requests]", file=sys.stderr)
    return 0


def cmd_sentiment(args: argparse.Namespace) -> int:
    import csv
    import json

    from desktop_app.core.tasks import batch_io
    from desktop_app.core.tasks.sentiment import classify_texts, label_set

    labels = label_set(args.labels)  # a preset key or typed labels; LabelSetError says what is wrong
    if args.csv:
        table = batch_io.read_table(args.csv)
        texts = batch_io.texts_from(table, args.column or (table.columns[0] if table.columns else 0))
        if not texts:
            print("error: the file has no rows.", file=sys.stderr)
            return EXIT_FAILED
    elif args.text is not None:
        texts = [sys.stdin.read() if args.text == "-" else args.text]
        if not texts[0].strip():
            print("error: the text is empty.", file=sys.stderr)
            return EXIT_USAGE
    else:
        print("error: give a TEXT, or --csv FILE --column NAME.", file=sys.stderr)
        return EXIT_USAGE
    _spec, backend = _load_task_backend("sentiment", args.model, args.engine, args.ctx)
    stages = _stage_printer()
    batch = bool(args.csv)
    writer = csv.writer(sys.stdout) if batch and args.format == "csv" else None
    info = backend.info
    names = list((info.labels if info is not None else None) or labels.labels)  # a classifier's own
    if writer is not None:
        writer.writerow(["text", "label", "score", *names, "error"])

    def on_rows(start: int, rows) -> None:
        for r in rows:
            probs = dict(zip(r.scores.labels, r.scores.probabilities, strict=False)) if r.scores else {}
            if not batch:
                continue
            if writer is not None:
                score = f"{r.score:.6f}" if r.scores else ""
                writer.writerow([r.text, r.label, score, *(f"{probs[n]:.6f}" if n in probs else "" for n in names),
                                 r.error])
            else:
                print(json.dumps({"text": r.text, "label": r.label, "score": round(r.score, 6), "scores": probs,
                                  "error": r.error}, ensure_ascii=False))
        sys.stdout.flush()
        if batch and len(texts) > 1:
            stages(start + len(rows), len(texts), "rows")

    try:
        results = classify_texts(backend, texts, labels, threading.Event(), on_rows)
    finally:
        backend.unload()
    if not batch:
        r = results[0]
        if r.error:
            print(f"error: {r.error}", file=sys.stderr)
            return EXIT_FAILED
        print(f"{r.label}\t{r.score:.4f}")
        if r.scores is not None:
            for name, p in sorted(zip(r.scores.labels, r.scores.probabilities, strict=False), key=lambda x: -x[1]):
                print(f"  {name}\t{p:.4f}", file=sys.stderr)
        if r.labels_ignored:
            print("note: this classifier uses its own labels; --labels was not used.", file=sys.stderr)
    return 0


def cmd_describe(args: argparse.Namespace) -> int:
    """Caption images and folders with the tab's core: one line per image on stdout (or CSV / JSONL), progress
    and failures on stderr, sidecar .txt files next to the images with --write-sidecars."""
    import csv
    import json

    from desktop_app.core.engine.types import Capability
    from desktop_app.core.errors import Cancelled, UnsupportedTaskError
    from desktop_app.core.tasks import caption_files, describe, image_scan

    found = image_scan.scan_images(args.paths)
    for path, why in found.skipped:
        print(f"skipped {path}: {why}", file=sys.stderr)
    for folder in found.empty_folders:
        print(f"no images in {folder}", file=sys.stderr)
    if not found.images:
        print("error: no images to describe.", file=sys.stderr)
        return EXIT_FAILED
    if not args.model:
        from desktop_app.core.storage import paths
        from desktop_app.core.storage.settings import load_settings

        if not load_settings(paths.settings_path()).settings.task_models.get("describe"):
            print("error: no image model chosen: give --model a captioner folder (BLIP, ViT-GPT2), a vision-language "
                  "model folder, or a GGUF with its mmproj file next to it.", file=sys.stderr)
            return EXIT_USAGE
    spec, backend = _load_task_backend("describe", args.model, "auto", None)
    if not backend.capabilities & {Capability.CAPTIONER, Capability.VISION}:
        backend.unload()
        raise UnsupportedTaskError(
            f"{spec.name} cannot see images. Give --model a captioner folder (BLIP, ViT-GPT2), a vision-language "
            "model folder, or a GGUF with its mmproj file next to it."
        )
    settings = describe.CaptionSettings(
        prompt=args.prompt if Capability.VISION in backend.capabilities else "",
        max_tokens=args.max_tokens, num_beams=args.beams, prefix=args.prefix, suffix=args.suffix,
    )
    stages = _stage_printer()
    writer = csv.writer(sys.stdout) if args.format == "csv" else None
    if writer is not None:
        writer.writerow(["file", "caption", "error"])
    total = len(found.images)

    def on_results(start: int, results) -> None:
        for r in results:
            if writer is not None:
                writer.writerow([str(r.path), r.caption or "", r.error or ""])
            elif args.format == "jsonl":
                print(json.dumps({"file": str(r.path), "caption": r.caption, "error": r.error}, ensure_ascii=False))
            elif r.ok:
                print(f"{r.path}\t{r.caption}")
        sys.stdout.flush()
        stages(start + len(results), total, "image")

    try:
        results = describe.describe_paths(backend, found.images, settings, threading.Event(), on_results)
    except Cancelled:
        return EXIT_FAILED
    finally:
        backend.unload()
    failed = [r for r in results if not r.ok]
    if failed:
        print(describe.failures_summary(results), file=sys.stderr)
    if args.write_sidecars:
        report = caption_files.write_sidecars([(r.path, r.caption) for r in results if r.ok], overwrite=args.overwrite)
        print(report.summary(), file=sys.stderr)
    return EXIT_FAILED if failed and len(failed) == len(results) else 0


def _add_task_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="", help="a .gguf file or a model folder (default: the model chosen "
                        "for this task in the app, else the built-in chat model)")
    parser.add_argument("--engine", choices=("auto", "llm", "dedicated"), default="auto",
                        help="llm: a chat model through prompts; dedicated: a task model (default: whatever --model is)")
    parser.add_argument("--ctx", type=int, default=None,
                        help="context length for LLMs (default: the app's chat default, 4096 unless changed)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print details on stderr")


def _library(quiet: bool = True):
    """Every model the Models page lists (the same sources and folders from the settings), scanned with its cache."""
    from desktop_app.core.models.library import Library, sources_for
    from desktop_app.core.storage import paths
    from desktop_app.core.storage.settings import load_settings

    settings = load_settings(paths.settings_path()).settings
    if not quiet:
        print("Scanning the model library…", file=sys.stderr, flush=True)
    return Library().scan(sources_for(settings.library_sources, settings.library_folders))


def _model_argument(model: str) -> str:
    """--model takes a path, or a name from the library (`desktop-app models` lists them)."""
    if not model or Path(model).expanduser().exists():
        return model
    from desktop_app.core.models.library import find_by_name

    record = find_by_name(_library(), model)
    return str(record.path) if record is not None else model


def cmd_models(args: argparse.Namespace) -> int:
    if getattr(args, "catalog", False):
        from desktop_app.catalog_cli import cmd_catalog

        return cmd_catalog(args)
    records = _library(quiet=False)
    if not records:
        print("No models found.", file=sys.stderr)
        return EXIT_FAILED
    for r in records:
        size = f"{r.size_bytes / 1e6:,.0f} MB" if r.size_bytes else "?"  # MB = 10^6 bytes, as the Models page
        tag = " [built-in]" if r.builtin else ""
        print(f"{r.name}{tag}\t{r.source}\t{size}\t{r.path}")
        if r.error:
            print(f"    cannot be used: {r.error}")
        elif r.note:
            print(f"    {r.note}")
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
    params = replace(params, thinking=args.thinking, thinking_budget=max(args.thinking_budget, 0))
    return replace(s, system_prompt=args.system or "", params=params, n_ctx=args.ctx)


def cmd_chat(args: argparse.Namespace) -> int:
    from desktop_app.core.tasks.chat import build_messages, collect, stream_chat_turn

    if not args.prompt.strip():
        print("error: the prompt is empty.", file=sys.stderr)
        return EXIT_USAGE
    from desktop_app.core.models.metadata import is_base_model

    settings = _chat_settings(args)
    spec, backend = _load_backend(args.model, settings)
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
    spec, backend = _load_backend(args.model, settings)
    try:
        result = collect(
            stream_chat_turn(backend, [{"role": "user", "content": "Say hello."}], settings.params, threading.Event())
        )
    finally:
        backend.unload()
    print(f"self-test: {spec.name}: {result.completion_tokens} tokens: {result.text!r}")
    return 0 if result.completion_tokens > 0 else EXIT_FAILED


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
        spec, backend = _load_backend(args.model, replace(ChatSettings(), n_ctx=args.ctx, n_threads=args.threads))
    except BaseException:
        sock.close()
        raise
    from desktop_app.server.headless import serve

    options = ServerOptions(host=args.host, port=args.port, api_key=args.api_key, max_queue=args.max_queue,
                            parallel=args.parallel)
    return serve(spec, backend, options, sock=sock, quiet=args.quiet)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desktop-app", description="Run AI models on your own machine.")
    parser.add_argument("--version", action="version", version=f"desktop-app {__version__}")
    parser.add_argument("--self-test", action="store_true", help="load the default model, generate 8 tokens, exit")
    parser.add_argument("--model", default="", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("gui", help="start the app (the default)")
    models = sub.add_parser("models", help="list the models the app knows, with paths and sizes")
    models.add_argument("--catalog", action="store_true", help="list the curated catalogue with the fit here")
    models.add_argument("--task", default="", help="with --catalog: only the models for this tab")
    models.add_argument("--fit", metavar="FILE.gguf", default="", help="predict the speed and memory fit of a GGUF")
    chat = sub.add_parser("chat", help="stream a reply to PROMPT on stdout")
    chat.add_argument("prompt")
    chat.add_argument("--model", default="", help="path to a .gguf file (default: the built-in model)")
    chat.add_argument("--system", default="", help="system prompt")
    chat.add_argument("--max-tokens", type=int, default=None)
    chat.add_argument("--temperature", type=float, default=None)
    chat.add_argument("--seed", type=int, default=None)
    chat.add_argument("--ctx", type=int, default=4096, help="context length (default 4096)")
    chat.add_argument("--thinking", choices=("on", "off", "auto"), default="auto",
                      help="a reasoning model's thinking, through its template (default: the template's own); "
                           "thinking is written to stderr")
    chat.add_argument("--thinking-budget", type=int, default=0, metavar="TOKENS",
                      help="the most tokens a reasoning model may think before it is made to answer (0: no limit)")
    chat.add_argument("-v", "--verbose", action="store_true", help="print token counts and speed on stderr")
    chat.add_argument("--complete", action="store_true",
                      help="continue PROMPT as plain text instead of chatting (automatic for a base model)")
    summ = sub.add_parser("summarize", help="summarize a document (txt, md, html, pdf) or stdin ('-')")
    summ.add_argument("source", help="a file, or - for stdin")
    summ.add_argument("--length", choices=("short", "medium", "long", "bullets"), default="medium")
    summ.add_argument("--language", choices=("auto", "en", "zh"), default="auto",
                      help="the summary's language (default: the text's)")
    _add_task_arguments(summ)
    trans = sub.add_parser("translate", help="translate a document or stdin ('-') paragraph by paragraph")
    trans.add_argument("source", help="a file, or - for stdin")
    trans.add_argument("--to", required=True, help="target language: zh, en, ja, fr, de, ... (or a name)")
    trans.add_argument("--from", dest="source_lang", default="auto", help="source language (default: detect)")
    _add_task_arguments(trans)
    sent = sub.add_parser("sentiment", help="the sentiment of TEXT ('-' for stdin), or of every row of a CSV/TXT/XLSX")
    sent.add_argument("text", nargs="?", help="the text to judge, or - for stdin")
    sent.add_argument("--csv", default="", help="a CSV, TXT (one text per line) or XLSX file to judge row by row")
    sent.add_argument("--column", default="", help="the column holding the texts (default: the first)")
    sent.add_argument("--labels", default="positive_negative",
                      help="positive_negative, positive_neutral_negative, or your own: 'joy, anger, fear'")
    sent.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="batch output on stdout")
    _add_task_arguments(sent)
    desc = sub.add_parser("describe", help="caption images (files or folders, recursively)")
    desc.add_argument("paths", nargs="+", help="image files and folders")
    desc.add_argument("--prompt", default="Describe this image.",
                      help="what to ask a vision-language model (captioners such as BLIP take no prompt)")
    desc.add_argument("--max-tokens", type=int, default=60, help="longest caption in tokens (default 60)")
    desc.add_argument("--beams", type=int, default=1, help="beam search width (default 1: greedy)")
    desc.add_argument("--prefix", default="", help="text put before every caption")
    desc.add_argument("--suffix", default="", help="text put after every caption")
    desc.add_argument("--format", choices=("text", "csv", "jsonl"), default="text", help="output on stdout")
    desc.add_argument("--write-sidecars", action="store_true", help="write photo.txt next to photo.jpg")
    desc.add_argument("--overwrite", action="store_true", help="with --write-sidecars, replace existing .txt files")
    desc.add_argument("--model", default="", help="a captioner / vision model folder, or a GGUF with its mmproj "
                      "(default: the model chosen for Describe Image in the app)")
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
            return cmd_self_test(args)
        if args.command == "models":
            if args.fit:
                from desktop_app import fit_cli

                return fit_cli.run(args.fit)
            return cmd_models(args)
        if args.command == "chat":
            return cmd_chat(args)
        if args.command == "summarize":
            return cmd_summarize(args)
        if args.command == "translate":
            return cmd_translate(args)
        if args.command == "sentiment":
            return cmd_sentiment(args)
        if args.command == "describe":
            return cmd_describe(args)
        if args.command == "serve":
            return cmd_serve(args)
        if args.command in ("docs", "ask"):
            from desktop_app import docs_cli

            return docs_cli.run(args)
    except DesktopAppError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    from desktop_app.app import run_gui

    return run_gui()
