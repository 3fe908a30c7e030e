"""ModelScope as a second download source for the catalogue's models (for users who cannot reach huggingface.co).

ModelScope's file list (GET {endpoint}/api/v1/models/{repo}/repo/files?Revision=master&Recursive=true) gives each
file's Size and Sha256; the bytes come from {endpoint}/models/{repo}/resolve/master/{path}. The fetching itself is
downloader.run_plans, so a ModelScope download resumes, shows progress and ETA, cancels and checks the published SHA-256
exactly as a Hugging Face one does. Files land in the app models folder only (the HF cache layout needs a Hub
commit id, which ModelScope does not give).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop_app.core.messages import phrase
from desktop_app.core.models import downloader, hub
from desktop_app.core.models.downloader import DownloadResult
from desktop_app.core.models.hub import DownloadError, HubFile

DEFAULT_ENDPOINT = "https://modelscope.cn"
REVISION = "master"
_endpoint = {"url": DEFAULT_ENDPOINT}


def set_endpoint(url: str) -> None:
    """Settings (and tests, with a local server) point ModelScope somewhere else; empty restores the default."""
    _endpoint["url"] = (url.strip() or DEFAULT_ENDPOINT).rstrip("/")


def endpoint() -> str:
    return _endpoint["url"]


def file_url(repo_id: str, filename: str) -> str:
    return f"{endpoint()}/models/{repo_id}/resolve/{REVISION}/{filename}"


def _get_json(url: str, what: str) -> Any:
    import httpx2

    try:
        r = httpx2.get(url, timeout=hub.REQUEST_TIMEOUT_S, follow_redirects=True)
        r.raise_for_status()
        return r.json()
    except (httpx2.HTTPError, ValueError) as exc:
        raise hub._friendly(exc, what, endpoint()) from exc


def list_files(repo_id: str) -> list[HubFile]:
    """Every file of a ModelScope repository with its size and published SHA-256."""
    doc = _get_json(f"{endpoint()}/api/v1/models/{repo_id}/repo/files?Revision={REVISION}&Recursive=true", repo_id)
    data = doc.get("Data") if isinstance(doc, dict) else None
    files = data.get("Files") if isinstance(data, dict) else None
    if not isinstance(files, list):
        raise DownloadError(phrase("{endpoint} sent an answer that is not a ModelScope file list for {repo_id}.", endpoint=endpoint(), repo_id=repo_id))
    out = []
    for f in files:
        if f.get("Type", "blob") != "blob":
            continue
        sha = f.get("Sha256") or None
        out.append(HubFile(filename=f.get("Path") or f.get("Name"), size=int(f.get("Size") or 0), sha256=sha))
    return out


def download(
    repo_id: str,
    filenames: Iterable[str],
    dest: Path,
    progress: downloader.DownloadProgress | None = None,
    cancel: threading.Event | None = None,
) -> DownloadResult:
    """Download files of a ModelScope repository into `dest` (the app models folder), resuming partial ones."""
    cancel = cancel or threading.Event()
    listed = {f.filename: f for f in list_files(repo_id)}
    plans = []
    for name in filenames:
        f = listed.get(name)
        if f is None:
            raise DownloadError(phrase("{repo_id}/{name} does not exist on {endpoint}.", repo_id=repo_id, name=name, endpoint=endpoint()))
        if not f.sha256:
            # Every download is checked against a published checksum: without one we refuse, rather than guess.
            raise DownloadError(phrase("{endpoint} publishes no SHA-256 for {repo_id}/{name}, so it cannot be checked.", endpoint=endpoint(), repo_id=repo_id, name=name))
        final = Path(dest) / downloader._local_name(repo_id, name)
        part = final.with_name(final.name + downloader.PART_SUFFIX)
        plan = downloader.Plan(
            name, file_url(repo_id, name), {"Accept-Encoding": "identity"}, f.size, f.sha256, REVISION, final,
            part, endpoint=endpoint(),
        )
        if final.is_file() and final.stat().st_size == f.size:
            plan.done, plan.have = True, f.size
        elif part.is_file():
            plan.have = min(part.stat().st_size, f.size)
        plans.append(plan)
    if not plans:
        raise DownloadError(phrase("{repo_id} has no files to download.", repo_id=repo_id))
    return downloader.run_plans(repo_id, plans, Path(dest), progress, cancel)
