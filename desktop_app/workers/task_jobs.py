"""The work each task tab queues on its model's thread, built from a frozen request.

A tab takes a snapshot of what the user asked (a frozen request: text, options, paths) and hands it here; the
function that runs on the model's thread lives in this module, never in a widget. Each returns a `Work`:
`work(job, backend) -> result`, reporting through the job's signals only (chunk, progress, stage, partial). The
tabs queue it with EngineBar.run, which loads the tab's model first when needed.

Why here: a closure written in a tab reads whatever the tab holds when it runs, on another thread; a frozen
request cannot change under it, and the same work serves a test without a window.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.engine.types import Capability
from desktop_app.core.errors import Cancelled
from desktop_app.workers.jobs import Job

Work = Callable[[Job, Any], Any]


@dataclass(frozen=True)
class SummarizeRequest:
    text: str
    options: Any  # core.tasks.summarize.SummaryOptions


@dataclass(frozen=True)
class TranslateRequest:
    text: str
    source: str
    target: str


@dataclass(frozen=True)
class ClassifyRequest:
    texts: tuple[str, ...]
    labels: Any  # core.tasks.sentiment.LabelSet
    batch: bool = False  # a batch reports rows as they finish (job.partial) and its progress


@dataclass(frozen=True)
class DescribeRequest:
    paths: tuple[Path, ...]
    settings: Any  # core.tasks.describe.CaptionSettings
    stream: bool = False  # one image, its caption streamed (job.chunk); else a batch with job.partial


def summarize_work(request: SummarizeRequest) -> Work:
    """Signals: progress (work in tokens, prefill and decode: it moves within a chunk), stage ("chunks 2 5",
    "round 2 1 3", "final 5 5", "counting 0 1": the stage, then chunks done and in all), partial (chunk index,
    (chunks, that chunk's summary)), chunk (the final summary as it streams)."""
    def work(job: Job, backend: Any) -> Any:
        from desktop_app.core.tasks.summarize import summarize

        def stage(done: int, total: int, name: str) -> None:
            job.stage.emit(f"{name} {done} {total}")

        def partial(index: int, total: int, text: str) -> None:
            job.partial.emit(index, (total, text))

        return summarize(backend, request.text, request.options, job.cancel_event, stage, job.chunk.emit,
                         job.progress.emit, partial)

    return work


def translate_work(request: TranslateRequest) -> Work:
    """A cancelled translation reports what was translated so far through job.partial(0, text), before the job's
    cancelled signal (both queued to the GUI thread in that order)."""

    def work(job: Job, backend: Any) -> Any:
        from desktop_app.core.tasks.translate import check_pair, translate

        check_pair(backend, request.source, request.target)  # a model loaded just now is checked before any work
        try:
            return translate(backend, request.text, request.source, request.target, cancel=job.cancel_event,
                             on_progress=job.progress.emit, on_text=job.chunk.emit)
        except Cancelled as exc:
            job.partial.emit(0, getattr(exc, "partial_text", ""))
            raise

    return work


def classify_work(request: ClassifyRequest) -> Work:
    def work(job: Job, backend: Any) -> Any:
        from desktop_app.core.tasks.sentiment import classify_texts

        texts = list(request.texts)
        if not request.batch:
            return classify_texts(backend, texts, request.labels, job.cancel_event)

        def rows(start: int, results: list[Any]) -> None:
            job.partial.emit(start, results)
            job.progress.emit(start + len(results), len(texts))

        job.progress.emit(0, len(texts))
        return classify_texts(backend, texts, request.labels, job.cancel_event, rows)

    return work


def _prompt_for(backend: Any, settings: Any) -> Any:
    """Captioners take no prompt; a vision chat model takes the user's."""
    prompt = settings.prompt if Capability.VISION in backend.capabilities else ""
    return dataclasses.replace(settings, prompt=prompt)


def describe_work(request: DescribeRequest) -> Work:
    def stream_one(job: Job, backend: Any) -> str:
        from desktop_app.core.tasks.images import open_image

        path = request.paths[0]
        settings = _prompt_for(backend, request.settings)
        # An engine process opens the file itself; an in-process backend takes the decoded image.
        image = str(path) if getattr(backend, "takes_image_paths", False) else open_image(path)
        parts = []
        for chunk in backend.describe_stream(image, settings.prompt, settings.params(), job.cancel_event):
            if chunk.text:
                parts.append(chunk.text)
                job.chunk.emit(chunk.text)
        if job.is_cancelled():
            raise Cancelled("Cancelled.")
        return settings.finish("".join(parts).strip())

    def batch(job: Job, backend: Any) -> list[Any]:
        from desktop_app.core.tasks.describe import describe_paths

        paths: Sequence[Path] = request.paths
        job.progress.emit(0, len(paths))
        return describe_paths(backend, paths, _prompt_for(backend, request.settings), job.cancel_event,
                              lambda start, results: job.partial.emit(start, results))

    return stream_one if request.stream else batch
