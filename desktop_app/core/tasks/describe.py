"""Describe Image (captioning): the caption settings and the batch runner that captions images with a model.

The Describe tab, the CLI and the benchmarks share this module; it has no Qt. Finding the images is
core/tasks/image_scan.py; saving the captions (sidecar .txt files, CSV and JSONL exports) is
core/tasks/caption_files.py.

- `describe_paths` captions images in batches. A prefetch thread decodes the next batch while the model runs the
  current one, so the model never waits on JPEG decoding; each finished batch is reported at once, and a file
  that cannot be used becomes a row with an error instead of stopping the run.
- `CaptionSettings` is the frozen snapshot of what the user chose (prompt, decoding, prefix and suffix), and
  `join_affix` joins trigger words onto a caption with a space only where English wants one.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.types import GenerationParams
from desktop_app.core.errors import Cancelled, GenerationError, ImageFileError
from desktop_app.core.messages import phrase
from desktop_app.core.tasks.images import image_size, open_image

DEFAULT_BATCH = 8
# Images are decoded at most this large (longer side) before the model's processor sees them. Captioners
# resize to 224-448 px and most vision chat models to well under 1,536 px, so nothing they see is lost, while
# a 24 Mpx JPEG decodes at 1/2 or 1/4 scale straight from the file (Pillow's draft mode), several times
# faster.
DECODE_MAX_SIDE = 1536
MAX_LISTED_FAILURES = 10  # failures_summary names at most this many files

PROMPT_PRESETS: list[tuple[str, str]] = [
    ("Detailed description", "Describe this image in detail."),
    ("Short caption", "Write a one-sentence caption for this image."),
    ("Read the text", "What text is in this image?"),
    (
        "Tags",
        "List tags for this image as a comma-separated list of short lowercase keywords, most important "
        "first, for example: cat, sofa, indoors, sunlight. Reply with the tags only.",
    ),
    ("No prompt", ""),
    ("详细描述", "请详细描述这张图片。"),
    ("简短说明", "请用一句话描述这张图片。"),
    ("识别文字", "图片中有哪些文字？请原样写出。"),
    ("标签", "请为这张图片列出标签，用逗号分隔，只输出标签。"),
]


# -- caption settings and affixes ----------------------------------------------------------------------------
def _is_cjk(ch: str) -> bool:
    """Chinese, Japanese and Korean characters, and full-width punctuation: text that is written without
    spaces."""
    if not ch:
        return False
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, bopomofo, unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= code <= 0xFFEF  # full-width forms (，：！ and full-width letters)
        or 0x20000 <= code <= 0x3FFFF  # extension ideographs
    )


_NO_SPACE_BEFORE = set(",.;:!?)]}%")
_NO_SPACE_AFTER = set("([{")


def join_affix(left: str, right: str) -> str:
    """Two pieces of a caption joined with one space where one belongs: "photo of" + "a cat" gives
    "photo of a cat", "a cat" + ", 4k" gives "a cat, 4k", and Chinese stays without spaces ("一张" + "猫的照片",
    "照片：" + "a cat"). Spaces at the seam are collapsed; a line break at the seam is kept as one."""
    if not left.strip():
        return right.strip()
    if not right.strip():
        return left.strip()
    seam = left[len(left.rstrip()) :] + right[: len(right) - len(right.lstrip())]
    left, right = left.strip(), right.strip()
    if "\n" in seam:
        return f"{left}\n{right}"
    a, b = left[-1], right[0]
    if (_is_cjk(a) and (_is_cjk(b) or not a.isalnum())) or b in _NO_SPACE_BEFORE or a in _NO_SPACE_AFTER:
        return left + right
    if _is_cjk(b) and not b.isalnum():  # a caption starting with full-width punctuation
        return left + right
    return f"{left} {right}"


@dataclass(frozen=True)
class CaptionSettings:
    """What the user chose for a captioning run, frozen so a job takes a snapshot the UI cannot change under
    it.

    `prompt` is the instruction for vision chat models and the caption's first words for BLIP (models without
    a text input ignore it). Without `sampling`, decoding is greedy (or beam search with `num_beams` > 1), so
    the same image always gets the same caption; with it, `temperature` and `top_p` apply and `seed` (-1:
    random) makes a run repeatable. `prefix` and `suffix` are added around every caption: trigger words for a
    LoRA dataset, say."""

    prompt: str = ""
    max_tokens: int = 60
    num_beams: int = 1
    sampling: bool = False
    temperature: float = 0.7
    top_p: float = 0.9
    seed: int = -1
    prefix: str = ""
    suffix: str = ""
    repeat_penalty: float = 1.0  # captioners repeat themselves ("a cat a cat a cat") less with ~1.2

    def params(self) -> GenerationParams:
        """Generation parameters for backend.describe. Sampling uses temperature and top-p only (top-k and
        min-p off), so the two numbers the tab shows are all that shape it."""
        return GenerationParams(
            temperature=max(0.01, float(self.temperature)) if self.sampling else 0.0,
            top_p=float(self.top_p) if self.sampling else 1.0,
            top_k=0,
            min_p=0.0,
            repeat_penalty=float(self.repeat_penalty) if self.repeat_penalty > 0 else 1.0,
            max_tokens=max(1, int(self.max_tokens)),
            seed=int(self.seed),
            num_beams=max(1, int(self.num_beams)),
        )

    def finish(self, caption: str) -> str:
        """The model's caption with the prefix and suffix joined on (see join_affix). An empty caption still
        gets them, since trigger words alone are a valid training caption; the caption itself is only
        stripped."""
        return join_affix(join_affix(self.prefix, caption.strip()), self.suffix)


# -- captioning ----------------------------------------------------------------------------------------------
@dataclass
class CaptionResult:
    path: Path
    caption: str | None  # None when the image could not be captioned
    error: str | None = None  # one sentence for the user, naming the file
    seconds: float = 0.0  # decoding plus this image's share of its batch's model time

    @property
    def ok(self) -> bool:
        return self.error is None and self.caption is not None


ResultsCallback = Callable[[int, list[CaptionResult]], None]
Opener = Callable[[Path], Any]


@dataclass
class _Loaded:
    path: Path
    image: Any
    error: str | None
    seconds: float


def _default_opener(path: Path) -> Any:
    return open_image(path, max_side=DECODE_MAX_SIDE)


def _path_opener(path: Path) -> Any:
    """For a backend that opens images itself (an engine process): check the header here, so a file that is not an
    image is named before the batch goes out, and send the path; the pixels are decoded once, in the engine."""
    image_size(path)
    return str(path)


def _load(path: Path, opener: Opener) -> _Loaded:
    start = time.perf_counter()
    try:
        image, error = opener(path), None
    except ImageFileError as exc:
        image, error = None, str(exc)
    except Exception as exc:  # noqa: BLE001 - any decoder failure is this file's problem, not the run's
        image, error = None, f"{path.name} could not be opened: {exc}."
    return _Loaded(path, image, error, time.perf_counter() - start)


class _Prefetcher:
    """Decodes batches on a background thread, one batch ahead of the model.

    The queue holds one finished batch, so at most three batches of images are in memory (the model's, the
    queued one, the one being decoded). Pillow releases the GIL while decoding, so this overlaps with the
    model's own work. `close()` stops the thread early (cancel, or an error) and waits for it."""

    def __init__(self, paths: Sequence[Path], batch_size: int, opener: Opener, cancel: threading.Event):
        self._paths, self._size, self._opener, self._cancel = paths, batch_size, opener, cancel
        self._queue: queue.Queue[list[_Loaded] | BaseException | None] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="describe-prefetch", daemon=True)
        self._thread.start()

    def _put(self, item: list[_Loaded] | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for start in range(0, len(self._paths), self._size):
                if self._stop.is_set() or self._cancel.is_set():
                    break
                batch = [_load(p, self._opener) for p in self._paths[start : start + self._size]]
                if not self._put(batch):
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            self._put(exc)
            return
        self._put(None)

    def __iter__(self):
        while True:
            item = self._queue.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self._stop.set()
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass
        self._thread.join(timeout=5)


def describe_paths(
    backend: Backend,
    paths: Sequence[str | os.PathLike[str]],
    settings: CaptionSettings,
    cancel: threading.Event | None = None,
    on_results: ResultsCallback | None = None,
    batch_size: int = DEFAULT_BATCH,
    *,
    opener: Opener | None = None,
) -> list[CaptionResult]:
    """Caption every image, in order, in batches of `batch_size` sent to `backend.describe` (the prompt and
    generation settings from `settings`; each caption gets `settings.finish`).

    Each finished batch is reported at once as on_results(index of its first image, its results), so a table
    fills in while the run goes on. A file that cannot be opened (not an image, truncated, deleted since the
    scan...) gets a result with `error` set to the reason, naming the file; the batch goes on without it. When
    the model fails on a whole batch (GenerationError), its images are retried one at a time, so one bad image
    does not cost the other captions.

    Cancel: `cancel` is checked between batches (and by the backend between tokens). A cancelled run raises
    Cancelled, after every batch finished before it has been reported through on_results; those results are
    final and stay valid (the batch that was running is dropped whole). Like the Sentiment task, the return
    value is only for a run that completes.

    `opener` turns a path into an RGB PIL image (open_image, limited to DECODE_MAX_SIDE, by default)."""
    cancel = cancel or threading.Event()
    batch_size = max(1, int(batch_size))
    items = [Path(p) for p in paths]
    prompt, params = settings.prompt, settings.params()
    results: list[CaptionResult] = []
    if not items:
        return results
    if opener is None:
        opener = _path_opener if getattr(backend, "takes_image_paths", False) else _default_opener
    prefetch = _Prefetcher(items, batch_size, opener, cancel)
    try:
        for loaded in prefetch:
            if cancel.is_set():
                break
            start = len(results)
            try:
                done = _describe_batch(backend, loaded, prompt, params, settings, cancel)
            except Cancelled:
                break
            results.extend(done)
            if on_results is not None:
                on_results(start, done)
    finally:
        prefetch.close()
    if len(results) < len(items):
        raise Cancelled(phrase("Describing cancelled after {count} of {other_count} images.", count=f"{len(results):,}", other_count=f"{len(items):,}"))
    return results


def _describe_batch(
    backend: Backend,
    loaded: list[_Loaded],
    prompt: str,
    params: GenerationParams,
    settings: CaptionSettings,
    cancel: threading.Event,
) -> list[CaptionResult]:
    good = [item for item in loaded if item.error is None]
    # id(item) -> caption, error, model seconds
    captions: dict[int, tuple[str | None, str | None, float]] = {}
    if good:
        started = time.perf_counter()
        try:
            texts = backend.describe([item.image for item in good], prompt, params, cancel)
            if len(texts) != len(good):
                raise GenerationError(phrase("The model returned {count} captions for {other_count} images.", count=len(texts), other_count=len(good)))
            share = (time.perf_counter() - started) / len(good)
            for item, text in zip(good, texts, strict=True):
                captions[id(item)] = (settings.finish(text), None, share)
        except (GenerationError, ImageFileError) as exc:  # the engine may find a file truncated past its header
            if len(good) == 1:
                captions[id(good[0])] = (None, _model_error(good[0].path, exc), time.perf_counter() - started)
            else:  # find the image the model choked on; the others still get their captions
                for item in good:
                    one = time.perf_counter()
                    try:
                        text = backend.describe([item.image], prompt, params, cancel)[0]
                        captions[id(item)] = (settings.finish(text), None, time.perf_counter() - one)
                    except (GenerationError, ImageFileError) as single:
                        error = _model_error(item.path, single)
                        captions[id(item)] = (None, error, time.perf_counter() - one)
    out: list[CaptionResult] = []
    for item in loaded:
        if item.error is not None:
            out.append(CaptionResult(item.path, None, item.error, item.seconds))
        else:
            caption, error, seconds = captions[id(item)]
            out.append(CaptionResult(item.path, caption, error, item.seconds + seconds))
        item.image = None  # let the pixels go as soon as the batch is done
    return out


def _model_error(path: Path, exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if path.name in text else f"{path.name}: {text}"


def failures_summary(results: Sequence[CaptionResult]) -> str:
    """One paragraph for the end of a run: "3 of 64 images failed: a.jpg is not an image...; ...", naming at
    most MAX_LISTED_FAILURES files. Empty when nothing failed."""
    failed = [r for r in results if r.error is not None]
    if not failed:
        return ""
    total = len(results)
    reasons = []
    for r in failed[:MAX_LISTED_FAILURES]:
        reason = (r.error or "").strip().rstrip(".")
        reasons.append(reason if r.path.name in reason else f"{r.path.name}: {reason}")
    more = len(failed) - len(reasons)
    if more:
        reasons.append(phrase("and {count} more", count=f"{more:,}"))
    counts = {"failed": f"{len(failed):,}", "total": f"{total:,}", "reasons": "; ".join(reasons)}
    if total == 1:
        return phrase("{failed} of {total} image failed: {reasons}.", **counts)
    return phrase("{failed} of {total} images failed: {reasons}.", **counts)
