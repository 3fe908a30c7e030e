"""The task commands of the command line (cli.py dispatches here), over the same core as the task tabs.

    desktop-app summarize FILE|-     summarize a document (txt, md, html, pdf) or stdin
    desktop-app translate FILE|- --to zh
    desktop-app sentiment "TEXT" | --csv FILE --column C [--format csv|jsonl]
    desktop-app describe PATH... [--write-sidecars] [--format text|csv|jsonl]

Results go to stdout, progress and notes to stderr, so the output can be piped. Each command resolves its model
as the task's tab does (model_cli.load_task_backend).
"""

from __future__ import annotations

import argparse
import sys
import threading

from desktop_app.model_cli import EXIT_FAILED, EXIT_USAGE, load_task_backend


def add_parsers(sub: argparse._SubParsersAction) -> None:
    summ = sub.add_parser("summarize", help="summarize a document (txt, md, html, pdf) or stdin ('-')")
    summ.add_argument("source", help="a file, or - for stdin")
    summ.add_argument("--length", choices=("short", "medium", "long", "bullets"), default="medium")
    summ.add_argument("--language", choices=("auto", "en", "zh"), default="auto",
                      help="the summary's language (default: the text's)")
    summ.add_argument("--avoid-copying", choices=("auto", "on", "off"), default="auto",
                      help="a penalty on copying the text word for word (auto: Chinese summaries only; in English the "
                           "built-in model then copies less but may change facts)")
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


def _add_task_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="", help="a .gguf file or a model folder (default: the model chosen "
                        "for this task in the app, else the built-in chat model)")
    parser.add_argument("--engine", choices=("auto", "llm", "dedicated"), default="auto",
                        help="llm: a chat model through prompts; dedicated: a task model (default: whatever --model is)")
    parser.add_argument("--ctx", type=int, default=None,
                        help="context length for LLMs (default: the app's chat default, 4096 unless changed)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print details on stderr")


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
    from desktop_app.core.tasks.summarize import summarize
    from desktop_app.core.tasks.summary_options import SummarizeOptions

    text = _read_input(args.source)
    options = SummarizeOptions(length=args.length, language=args.language, avoid_copying=args.avoid_copying)
    _spec, backend = load_task_backend("summarize", args.model, args.engine, args.ctx)

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
    _spec, backend = load_task_backend("translate", args.model, args.engine, args.ctx)
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
    _spec, backend = load_task_backend("sentiment", args.model, args.engine, args.ctx)
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
    spec, backend = load_task_backend("describe", args.model, "auto", None)
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
