"""Download files from the Hugging Face Hub (or a mirror) with resume, progress, ETA, cancel and a checksum.

The installed `hf_hub_download` cannot do what the app needs:

- it writes each attempt to a uniquely named `.incomplete` file and deletes it on failure, so a cancelled or broken
  download never resumes;
- it has no cancel hook, and its progress is a tqdm bar.

So the bytes are fetched here with `httpx2` (the HTTP client `huggingface_hub` 2.x ships with). The downloader
writes to `<name>.part` (app models folder) or `blobs/<etag>.incomplete` (HF cache), resumes with an HTTP Range
request, checks the SHA-256 of LFS files, and only then renames the file to its final name. The HF cache gets the
library's layout (blobs/, snapshots/<commit>/, refs/), so `transformers` and `huggingface_hub` find the files
afterwards. `run_plans` is also what a ModelScope download goes through (core/models/modelscope.py). Searching
and listing the Hub is core/models/hub.py.

`huggingface_hub` and `httpx2` are imported inside functions: the UI imports this module at start-up.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from desktop_app.core.errors import Cancelled
from desktop_app.core.messages import phrase
from desktop_app.core.models.hub import (
    REQUEST_TIMEOUT_S,
    DownloadError,
    _friendly,
    _hub_call,
    hub_cache_dir,
    hub_endpoint,
    list_files,
)

PART_SUFFIX = ".part"
# Free space we keep beyond the download itself, so a full disk never breaks the rest of the system.
DISK_MARGIN_BYTES = 64 * 1024 * 1024
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")

DownloadProgress = Callable[[int, int, float, float], None]  # done_bytes, total_bytes, speed_bps, eta_s


@dataclass
class Plan:
    """One file to fetch: where its bytes come from and go, and how many are already on disk."""

    filename: str
    url: str
    headers: dict[str, str]
    size: int
    etag: str
    commit: str
    final: Path  # the path the library sees (a blob in the HF cache, or the file in the models folder)
    part: Path
    link: Path | None = None  # HF cache: snapshots/<commit>/<filename>, a symlink to the blob
    have: int = 0
    done: bool = False
    endpoint: str = ""  # named in error messages; empty: the Hugging Face endpoint


@dataclass
class DownloadResult:
    repo_id: str
    commit: str
    paths: list[Path] = field(default_factory=list)  # where each requested file can be opened
    fetched_bytes: int = 0  # bytes transferred by this call (less than the total after a resume)


class _Meter:
    """Bytes, speed over the last few seconds, and ETA; calls `progress` at most every 0.1 s plus the final call."""

    def __init__(self, total: int, done: int, progress: DownloadProgress | None) -> None:
        self.total, self.done, self.progress = total, done, progress
        self._samples: deque[tuple[float, int]] = deque()
        self._last_emit = 0.0
        self._add_sample()

    def _add_sample(self) -> None:
        now = time.monotonic()
        self._samples.append((now, self.done))
        while len(self._samples) > 2 and now - self._samples[0][0] > 5.0:
            self._samples.popleft()

    def add(self, n: int, final: bool = False) -> None:
        self.done += n
        self._add_sample()
        now = time.monotonic()
        if self.progress is None or (not final and now - self._last_emit < 0.1):
            return
        self._last_emit = now
        t0, b0 = self._samples[0]
        speed = (self.done - b0) / (now - t0) if now > t0 else 0.0
        eta = (self.total - self.done) / speed if speed > 0 else float("inf")
        self.progress(self.done, self.total, speed, 0.0 if self.done >= self.total else eta)


def _free_space(path: Path) -> int:
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


def _human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def _local_name(repo_id: str, filename: str) -> Path:
    """Where a file lands inside the app models folder.

    GGUFs go straight into the folder, where the library lists `*.gguf`; other files keep their repository layout
    under `<org>--<name>/`, so a transformers model is one folder.
    """
    if filename.lower().endswith(".gguf"):
        return Path(Path(filename).name)
    return Path(repo_id.replace("/", "--")) / filename


def _plan(
    repo_id: str, filenames: list[str], revision: str | None, dest: Literal["hf-cache"] | Path, timeout: float
) -> list[Plan]:
    from huggingface_hub import get_hf_file_metadata, hf_hub_url
    from huggingface_hub.file_download import repo_folder_name
    from huggingface_hub.utils import build_hf_headers

    endpoint = hub_endpoint()
    plans = []
    for filename in filenames:
        url = hf_hub_url(repo_id, filename, revision=revision, endpoint=endpoint)
        meta = _hub_call(
            f"{repo_id}/{filename}",
            lambda url=url: get_hf_file_metadata(url, timeout=timeout, endpoint=endpoint),
        )
        if not meta.commit_hash or not meta.etag or meta.size is None:
            raise DownloadError(phrase("{endpoint} did not describe {repo_id}/{filename} the way the Hub does.", endpoint=endpoint, repo_id=repo_id, filename=filename))
        headers = build_hf_headers()
        headers["Accept-Encoding"] = "identity"
        if _origin(meta.location) != _origin(url):
            headers.pop("authorization", None)  # a CDN's signed URL: the token stays with the Hub
        if dest == "hf-cache":
            storage = hub_cache_dir() / repo_folder_name(repo_id=repo_id, repo_type="model")
            final = storage / "blobs" / meta.etag
            part = final.with_name(meta.etag + ".incomplete")
            link = storage / "snapshots" / meta.commit_hash / filename
        else:
            final = Path(dest) / _local_name(repo_id, filename)
            part = final.with_name(final.name + PART_SUFFIX)
            link = None
        plan = Plan(
            filename, meta.location, headers, meta.size, meta.etag, meta.commit_hash, final, part, link
        )
        if final.is_file() and final.stat().st_size == meta.size:
            plan.done, plan.have = True, meta.size
        elif part.is_file():
            plan.have = min(part.stat().st_size, meta.size)
        plans.append(plan)
    return plans


def _origin(url: str) -> tuple[str, str, int | None]:
    from urllib.parse import urlparse

    p = urlparse(url)
    return (p.scheme, (p.hostname or "").lower(), p.port)


def download(
    repo_id: str,
    filenames: Iterable[str] | None = None,
    dest: Literal["hf-cache"] | Path = "hf-cache",
    progress: DownloadProgress | None = None,
    cancel: threading.Event | None = None,
    revision: str | None = None,
    timeout: float = REQUEST_TIMEOUT_S,
) -> DownloadResult:
    """Download files of a repository (all of them when `filenames` is None) and return where they are.

    Files already complete are skipped; partial ones resume from their `.part` / `.incomplete` file. Raises
    Cancelled when `cancel` is set (the partial file stays, for a later resume) and DownloadError otherwise.
    """
    cancel = cancel or threading.Event()
    names = list(filenames) if filenames is not None else [f.filename for f in list_files(repo_id, revision)]
    if not names:
        raise DownloadError(phrase("{repo_id} has no files to download.", repo_id=repo_id))
    plans = _plan(repo_id, names, revision, dest, timeout)
    return run_plans(repo_id, plans, dest, progress, cancel, revision, timeout)


def run_plans(
    repo_id: str,
    plans: list[Plan],
    dest: Literal["hf-cache"] | Path,
    progress: DownloadProgress | None,
    cancel: threading.Event,
    revision: str | None = None,
    timeout: float = REQUEST_TIMEOUT_S,
) -> DownloadResult:
    """Fetch planned files after a disk-space check: shared by the Hub and by ModelScope (core/models/modelscope.py),
    so both resume, report progress and ETA, honour Cancel and check each file's published SHA-256 the same way."""
    total = sum(p.size for p in plans)
    have = sum(p.have for p in plans)
    target = hub_cache_dir() if dest == "hf-cache" else Path(dest)
    needed = total - have
    free = _free_space(target)
    if needed > 0 and free < needed + DISK_MARGIN_BYTES:
        raise DownloadError(
            phrase("Not enough disk space: {repo_id} needs {needed} more but {target} has {free} free.", repo_id=repo_id, needed=_human(needed), target=target, free=_human(free))
        )
    meter = _Meter(total, have, progress)
    fetched = 0
    for plan in plans:
        if not plan.done:
            fetched += _fetch(plan, meter, cancel, timeout, repo_id)
        _publish(plan, revision)
    meter.add(0, final=True)
    commit = plans[0].commit
    return DownloadResult(
        repo_id=repo_id, commit=commit, paths=[p.link or p.final for p in plans], fetched_bytes=fetched
    )


def _fetch(plan: Plan, meter: _Meter, cancel: threading.Event, timeout: float, repo_id: str) -> int:
    """Bring `plan.part` up to the full size (Range-resuming), check it, and rename it to `plan.final`."""
    import httpx2

    what = f"{repo_id}/{plan.filename}"
    plan.part.parent.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256() if _SHA256_RE.match(plan.etag) else None
    have = plan.have if plan.part.is_file() else 0
    if have and sha is not None:
        _hash_prefix(plan.part, have, sha)
    fetched = 0
    while have < plan.size:
        if cancel.is_set():
            raise Cancelled(phrase("Download cancelled."))
        headers = dict(plan.headers)
        before = have
        if have:
            headers["Range"] = f"bytes={have}-"
        try:
            with httpx2.stream(
                "GET", plan.url, headers=headers, timeout=timeout, follow_redirects=True
            ) as response:
                if response.status_code == 416 and have >= plan.size:
                    break
                response.raise_for_status()
                mode = "ab"
                if have and response.status_code != 206:  # the server ignored the Range: start over
                    meter.add(-have)
                    have, mode = 0, "wb"
                    sha = hashlib.sha256() if sha is not None else None
                with open(plan.part, mode) as out:
                    out.truncate(have)
                    for chunk in response.iter_bytes():
                        chunk = chunk[: plan.size - have]
                        out.write(chunk)
                        if sha is not None:
                            sha.update(chunk)
                        have += len(chunk)
                        fetched += len(chunk)
                        meter.add(len(chunk))
                        # Checked before waiting for the next chunk, so Cancel acts at once.
                        if cancel.is_set():
                            raise Cancelled(phrase("Download cancelled."))
                        if have >= plan.size:
                            break
        except httpx2.HTTPError as exc:
            raise _friendly(exc, what, plan.endpoint) from exc
        except OSError as exc:
            raise DownloadError(phrase("Cannot write {part}: {error}.", part=plan.part, error=exc.strerror or exc)) from exc
        # Closed early with nothing new: never loop on a broken server.
        if have < plan.size and have <= before:
            raise DownloadError(
                phrase("{endpoint} ended the download of {what} before it was complete.", endpoint=plan.endpoint or hub_endpoint(), what=what)
            )
    if sha is not None and sha.hexdigest() != plan.etag:
        plan.part.unlink(missing_ok=True)
        raise DownloadError(phrase("{what} arrived corrupted (its checksum does not match); download it again.", what=what))
    os.replace(plan.part, plan.final)
    return fetched


def _hash_prefix(path: Path, n: int, sha: Any) -> None:
    with open(path, "rb") as f:
        remaining = n
        while remaining > 0:
            block = f.read(min(remaining, 4 * 1024 * 1024))
            if not block:
                break
            sha.update(block)
            remaining -= len(block)


def _publish(plan: Plan, revision: str | None) -> None:
    """HF cache only: point snapshots/<commit>/<filename> at the blob and record the branch's commit in refs/."""
    if plan.link is None:
        return
    storage = plan.final.parent.parent
    if revision is None or revision != plan.commit:
        ref = storage / "refs" / (revision or "main")
        ref.parent.mkdir(parents=True, exist_ok=True)
        ref.write_text(plan.commit)
    link = plan.link
    if link.is_file() and link.stat().st_size == plan.size:
        return
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    try:
        os.symlink(os.path.relpath(plan.final, link.parent), link)
    except OSError:
        # No symlinks (Windows without developer mode): like huggingface_hub, keep a plain file in the snapshot.
        shutil.copyfile(plan.final, link)
