"""Describe Image (captioning): finding the images, captioning them in batches, and saving the captions.

The Describe tab, the CLI and the benchmarks share this module; it has no Qt.

- `scan_images` turns what the user dropped (files and folders) into the list of images to caption, in the
  order a file manager shows them (img2 before img10), with the files it skipped and the folders that held no
  image.
- `describe_paths` captions them in batches. A prefetch thread decodes the next batch while the model runs the
  current one, so the model never waits on JPEG decoding; each finished batch is reported at once, and a file
  that cannot be used becomes a row with an error instead of stopping the run.
- Sidecars: the caption of `photo.jpg` goes to `photo.txt` next to it, the convention that kohya-ss, taggui
  and OneTrainer read for training data. Exports: CSV (for Excel) and JSONL (for scripts).
"""

from __future__ import annotations

import csv
import json
import os
import queue
import re
import secrets
import stat
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.types import GenerationParams
from desktop_app.core.errors import Cancelled, DesktopAppError, GenerationError, ImageFileError
from desktop_app.core.messages import phrase
from desktop_app.core.tasks.images import describe_os_error, image_size, is_image_path, open_image

DEFAULT_BATCH = 8
# Images are decoded at most this large (longer side) before the model's processor sees them. Captioners
# resize to 224-448 px and most vision chat models to well under 1,536 px, so nothing they see is lost, while
# a 24 Mpx JPEG decodes at 1/2 or 1/4 scale straight from the file (Pillow's draft mode), several times
# faster.
DECODE_MAX_SIDE = 1536
SIDECAR_SUFFIX = ".txt"
MAX_LISTED_FAILURES = 10  # failures_summary names at most this many files
WINDOWS_HIDDEN = 0x2  # FILE_ATTRIBUTE_HIDDEN

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


class CaptionExportError(DesktopAppError, OSError):
    """A CSV or JSONL export could not be written; the message says why, in one sentence. Also an OSError, so
    a caller that catches file errors around an export catches this too."""


# -- finding the images --------------------------------------------------------------------------------------
@dataclass
class ScanResult:
    images: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # given paths not used, and why
    empty_folders: list[Path] = field(default_factory=list)  # folders given that hold no image at any depth
    too_deep: list[Path] = field(default_factory=list)  # folders not searched: deeper than max_depth


_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[list[Any], str]:
    """Sort key that orders names as a person does: "img2" before "img10", case ignored ("IMG_3" near
    "img_2"). re.split on a capturing group alternates text and digits, so strings and ints never meet in a
    comparison; the name itself breaks ties ("img01" and "img1") so the order is always the same."""
    parts: list[Any] = _DIGITS.split(name.casefold())
    parts[1::2] = [int(p) for p in parts[1::2]]
    return parts, name


def _is_hidden(entry: os.DirEntry[str]) -> bool:
    if entry.name.startswith("."):
        return True
    if os.name == "nt":  # the Windows hidden attribute; DirEntry.stat() is free there (FindNextFile fills it)
        try:
            return bool(getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0) & WINDOWS_HIDDEN)
        except OSError:
            return False
    return False


def _file_key(path: str, st: os.stat_result) -> object:
    """Identity of a file: its inode where the platform gives one (so a file reached twice, by two names or
    through a linked folder, counts once), else its normalized path (Windows' cached DirEntry.stat has no
    inode)."""
    if st.st_ino:
        return (st.st_dev, st.st_ino)
    return os.path.normcase(os.path.abspath(path))


def scan_images(
    paths: Sequence[str | os.PathLike[str]], max_depth: int = 8, cancel: threading.Event | None = None
) -> ScanResult:
    """The images among `paths`: files given directly that look like images (by suffix; their content is
    checked when they are opened), and the image files in folders given, searched `max_depth` levels of
    subfolders deep.

    Within a folder, its images come first in natural order, then each subfolder's, also in natural order.
    Hidden files and folders (a leading dot, or the Windows hidden attribute) are skipped inside folders, but
    a hidden file given directly is used. Each real folder is entered once, so a symbolic link that loops back
    is harmless, and a file reached twice is listed once. os.scandir gives the names and types in one call per
    folder, so 10,000 files take a few tens of milliseconds. A set `cancel` raises Cancelled."""
    result = ScanResult()
    seen_files: set[object] = set()
    seen_dirs: dict[tuple[int, int], int] = {}  # real folder -> images in its tree

    def add(path: str, st: os.stat_result) -> None:
        key = _file_key(path, st)
        if key not in seen_files:
            seen_files.add(key)
            result.images.append(Path(path))

    def walk(folder: str, depth: int) -> int | None:
        """Search one folder and, below max_depth, its subfolders; return how many images the tree holds
        (counting those already listed through another path), or None when the folder cannot be read."""
        if cancel is not None and cancel.is_set():
            raise Cancelled(phrase("Search for images cancelled after {count} found.", count=f"{len(result.images):,}"))
        try:
            st = os.stat(folder)
            entries = list(os.scandir(folder))
        except OSError as exc:
            result.skipped.append((Path(folder), phrase("the folder cannot be read: {error}", error=describe_os_error(exc))))
            return None
        key = (st.st_dev, st.st_ino)
        if st.st_ino:
            if key in seen_dirs:  # already searched: a link back to a parent, or a folder given twice
                return seen_dirs[key]
            seen_dirs[key] = 0  # a loop back into a folder still being searched adds nothing
        files: list[tuple[tuple[list[Any], str], str, os.stat_result]] = []
        subdirs: list[tuple[tuple[list[Any], str], str]] = []
        for entry in entries:
            if _is_hidden(entry):
                continue
            try:
                if entry.is_dir():
                    subdirs.append((natural_key(entry.name), entry.path))
                elif is_image_path(entry.name):
                    files.append((natural_key(entry.name), entry.path, entry.stat()))
            except OSError:  # a broken link, or a file removed since the listing: nothing to caption
                continue
        for _, path, file_st in sorted(files, key=lambda f: f[0]):
            add(path, file_st)
        count = len(files)
        for _, path in sorted(subdirs):
            if depth >= max_depth:
                result.too_deep.append(Path(path))
            else:
                count += walk(path, depth + 1) or 0
        if st.st_ino:
            seen_dirs[key] = count
        return count

    for given in paths:
        path = os.path.abspath(os.fspath(given))
        try:
            st = os.stat(path)
        except FileNotFoundError:
            result.skipped.append((Path(path), phrase("it does not exist (moved or deleted?)")))
            continue
        except OSError as exc:
            result.skipped.append((Path(path), phrase("it cannot be read: {error}", error=describe_os_error(exc))))
            continue
        if stat.S_ISDIR(st.st_mode):
            if walk(path, 0) == 0:
                result.empty_folders.append(Path(path))
        elif not stat.S_ISREG(st.st_mode):
            result.skipped.append((Path(path), phrase("it is not a regular file")))
        elif is_image_path(path):
            add(path, st)
        else:
            suffix = Path(path).suffix.lower()
            what = f"{suffix} files are not images" if suffix else "a file without an image extension"
            result.skipped.append((Path(path), phrase("not an image ({what})", what=what)))
    return result


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


# -- sidecar caption files -----------------------------------------------------------------------------------
@dataclass
class WriteReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # sidecar path, why it was left alone
    failed: list[tuple[Path, str]] = field(default_factory=list)  # sidecar path, why it could not be written

    def summary(self) -> str:
        """One paragraph for the user: how many caption files were written, skipped and failed, and why."""
        written = f"{len(self.written):,}"
        parts = [phrase("Wrote {count} caption file.", count=written) if len(self.written) == 1
                 else phrase("Wrote {count} caption files.", count=written)]
        if self.skipped:
            parts.append(phrase("Left {count} alone: {items}.", count=f"{len(self.skipped):,}",
                                items=_listing(self.skipped)))
        if self.failed:
            parts.append(phrase("{count} could not be written: {items}.", count=f"{len(self.failed):,}",
                                items=_listing(self.failed)))
        return " ".join(parts)


def _listing(pairs: Sequence[tuple[Path, str]]) -> str:
    shown = "; ".join(f"{p.name}: {why}" for p, why in pairs[:MAX_LISTED_FAILURES])
    more = len(pairs) - MAX_LISTED_FAILURES
    return shown + ("; " + phrase("and {count} more", count=f"{more:,}") if more > 0 else "")


def sidecar_path(image: str | os.PathLike[str]) -> Path:
    """Where an image's caption file goes: same folder, same name, .txt (photo.jpg -> photo.txt), the layout
    that kohya-ss sd-scripts, taggui and OneTrainer read."""
    return Path(image).with_suffix(SIDECAR_SUFFIX)


def _image_of(item: str | os.PathLike[str] | tuple[Any, ...]) -> Path:
    return Path(item[0]) if isinstance(item, tuple) else Path(item)


def _same_caption(side: Path, caption: str) -> bool:
    saved = read_sidecar_file(side)
    return saved is not None and saved == caption.strip()


def sidecar_conflicts(items: Iterable[str | os.PathLike[str] | tuple[Any, ...]]) -> list[Path]:
    """The caption files that writing these would overwrite, so the UI can ask first. `items` are image paths
    (every existing sidecar counts) or (image path, caption) pairs (a sidecar already holding that caption,
    give or take surrounding whitespace, does not count: nothing would be lost)."""
    found: list[Path] = []
    seen: set[Path] = set()
    for item in items:
        side = sidecar_path(_image_of(item))
        if side in seen or not side.exists():
            continue
        seen.add(side)
        caption = item[1] if isinstance(item, tuple) and len(item) > 1 else None
        if isinstance(caption, str) and _same_caption(side, caption):
            continue
        found.append(side)
    return found


def _atomic_write_text(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and os.replace it into place, so a crash or a full
    disk never leaves half a caption. The temporary file is created with the usual permissions (0666 less the
    umask), unlike tempfile.mkstemp's 0600, so the caption is readable like any file the user saves."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_sidecars(
    items: Sequence[tuple[str | os.PathLike[str], str | None]], overwrite: bool
) -> WriteReport:
    """Write each (image, caption) pair's caption to its sidecar .txt, UTF-8 without a BOM (what training
    scripts expect), exactly as given. Existing sidecars are left alone unless `overwrite`, except that one
    already holding the caption counts as written (untouched); pairs without a caption are skipped; two images
    sharing a sidecar (photo.jpg and photo.png) write only the first. A folder that is read-only, a full disk
    and the like fail that file only, with the reason in the report.

    `written` thus lists every sidecar that now holds its caption."""
    report = WriteReport()
    taken: dict[Path, Path] = {}
    for given, caption in items:
        image = Path(given)
        side = sidecar_path(image)
        if caption is None:
            report.skipped.append((side, phrase("no caption")))
            continue
        if side in taken:
            report.skipped.append((side, phrase("{name} already uses this caption file", name=taken[side].name)))
            continue
        taken[side] = image
        if side.exists():
            if _same_caption(side, caption):  # already saved: leave the file (and its date) alone
                report.written.append(side)
                continue
            if not overwrite:
                report.skipped.append((side, phrase("a caption file is already there")))
                continue
        try:
            _atomic_write_text(side, caption)
        except OSError as exc:
            report.failed.append((side, describe_os_error(exc)))
            continue
        report.written.append(side)
    return report


def decode_text(data: bytes) -> str:
    """Bytes of a caption file as text: a BOM is trusted (UTF-8, UTF-16), then strict UTF-8, then GB18030
    (what Chinese Windows tools write), then Windows-1252, which accepts any byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def read_sidecar_file(side: str | os.PathLike[str]) -> str | None:
    """A caption file's text, stripped of surrounding whitespace; None when it is missing or unreadable."""
    try:
        data = Path(side).read_bytes()
    except OSError:
        return None
    return decode_text(data).strip()


def read_sidecar(image: str | os.PathLike[str]) -> str | None:
    """The caption saved next to an image, stripped of surrounding whitespace, or None when there is none (or
    it cannot be read: the tab then simply shows no caption, and writing asks before replacing the file)."""
    return read_sidecar_file(sidecar_path(image))


# -- exports -------------------------------------------------------------------------------------------------
Row = tuple[str | os.PathLike[str], str | None] | CaptionResult


def _rows(rows: Iterable[Row]) -> Iterable[tuple[str, str]]:
    for row in rows:
        if isinstance(row, CaptionResult):
            yield str(row.path), row.caption or ""
        else:
            yield os.fspath(row[0]), row[1] or ""


def _export(path: str | os.PathLike[str], encoding: str, write: Callable[[Any], int]) -> int:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            with open(tmp, "x", encoding=encoding, newline="") as f:
                count = write(f)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CaptionExportError(phrase("Cannot write {name}: {error}.", name=path.name, error=describe_os_error(exc))) from exc
    return count


def export_csv(path: str | os.PathLike[str], rows: Iterable[Row]) -> int:
    """Captions as CSV with the columns file, caption. UTF-8 with a BOM, so Excel shows Chinese correctly;
    commas, quotes and line breaks in captions are quoted by the csv module. Written to a temporary file and
    moved into place. Rows are (file, caption) pairs or CaptionResults (a failed one gets an empty caption).
    Returns the number of rows."""

    def write(f: Any) -> int:
        writer = csv.writer(f)
        writer.writerow(["file", "caption"])
        n = 0
        for file, caption in _rows(rows):
            writer.writerow([file, caption])
            n += 1
        return n

    return _export(path, "utf-8-sig", write)


def export_jsonl(path: str | os.PathLike[str], rows: Iterable[Row]) -> int:
    """Captions as JSON Lines, one {"file": ..., "caption": ...} object a line, UTF-8 with Chinese as is
    (ensure_ascii=False). U+2028 and U+2029 are escaped, because they end lines for str.splitlines and some
    editors. Returns the number of rows."""

    def write(f: Any) -> int:
        n = 0
        for file, caption in _rows(rows):
            line = json.dumps({"file": file, "caption": caption}, ensure_ascii=False)
            f.write(line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n")
            n += 1
        return n

    return _export(path, "utf-8", write)
