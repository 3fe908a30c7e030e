"""Search the Hugging Face Hub, list a repository's files and their quantizations, and say where files come from.

Metadata (search, file lists, the HEAD of each file) goes through `huggingface_hub`, so the app speaks the Hub's
API exactly as the library does, honours a saved token and `HF_ENDPOINT` (read at call time, so a mirror or a test
server can be set without re-importing anything). Its errors become one sentence each (`_friendly`). The bytes
themselves are fetched by core/models/downloader.py, which resumes, checks and cancels.

`huggingface_hub` is imported inside functions: the UI imports this module at start-up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase

DEFAULT_ENDPOINT = "https://huggingface.co"
REQUEST_TIMEOUT_S = 15.0


class DownloadError(DesktopAppError):
    """The Hub could not be searched or a file could not be downloaded; the message says why, in one sentence."""


# -- endpoint and cache locations --------------------------------------------------------------------------------
# Where downloads come from, chosen in Settings (AppSettings.download_source): "huggingface" (HF_ENDPOINT or
# huggingface.co), "mirror" (a Hugging Face mirror URL, what HF_ENDPOINT did as an environment variable only), or
# "modelscope" (catalogue models that ModelScope publishes; see core/models/modelscope.py).
SOURCES = ("huggingface", "mirror", "modelscope")
_source: dict[str, str] = {"kind": "huggingface", "mirror": ""}


def set_download_source(kind: str, mirror_url: str = "") -> None:
    """Apply the Settings choice to every later call (read at call time, like HF_ENDPOINT)."""
    if kind not in SOURCES:
        raise DownloadError(phrase("Unknown download source {kind}: choose one of {sources}.", kind=repr(kind), sources=', '.join(SOURCES)))
    mirror_url = mirror_url.strip().rstrip("/")
    if kind == "mirror" and not re.match(r"^https?://[^/\s]+", mirror_url):
        raise DownloadError(phrase("The mirror address must start with http:// or https://, e.g. https://hf-mirror.com."))
    _source.update(kind=kind, mirror=mirror_url)


def download_source() -> str:
    return _source["kind"]


def hub_endpoint() -> str:
    """The Hugging Face endpoint for metadata and downloads: the mirror chosen in Settings, else `HF_ENDPOINT` as
    it is now (huggingface_hub reads it only once, at import), else huggingface.co."""
    if _source["kind"] == "mirror" and _source["mirror"]:
        return _source["mirror"]
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def hub_cache_dir() -> Path:
    """The HF cache as huggingface_hub would compute it, but from the environment as it is now."""
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(os.path.expandvars(explicit)).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache"), "huggingface"
    )
    return Path(os.path.expandvars(home)).expanduser() / "hub"


def _api():
    from huggingface_hub import HfApi

    return HfApi(endpoint=hub_endpoint())


# -- errors ------------------------------------------------------------------------------------------------------
def _friendly(exc: BaseException, what: str, endpoint: str = "") -> DownloadError:
    """One sentence for any failure talking to the Hub (or `endpoint`). `what` names the thing we were after."""
    import httpx2
    from huggingface_hub import errors as hf_errors

    endpoint = endpoint or hub_endpoint()
    if isinstance(exc, hf_errors.OfflineModeIsEnabled):
        return DownloadError(phrase("Cannot download {what}: offline mode is on (HF_HUB_OFFLINE is set).", what=what))
    if isinstance(exc, hf_errors.GatedRepoError):
        return DownloadError(
            phrase("{what} is gated: accept its terms on the Hub and sign in with a token that has access.", what=what)
        )
    if isinstance(exc, hf_errors.RepositoryNotFoundError):
        return DownloadError(phrase("{what} was not found on {endpoint} (or it is private and needs a token).", what=what, endpoint=endpoint))
    if isinstance(exc, hf_errors.RevisionNotFoundError):
        return DownloadError(phrase("The requested revision of {what} does not exist on {endpoint}.", what=what, endpoint=endpoint))
    if isinstance(exc, hf_errors.RemoteEntryNotFoundError):
        return DownloadError(phrase("{what} does not exist on {endpoint}.", what=what, endpoint=endpoint))
    status = None
    if isinstance(exc, hf_errors.HfHubHTTPError) and exc.response is not None:
        status = exc.response.status_code
    elif isinstance(exc, httpx2.HTTPStatusError):
        status = exc.response.status_code
    if status is not None:
        if status in (401, 403):
            return DownloadError(phrase("{endpoint} refused access to {what} (HTTP {status}): check your token.", endpoint=endpoint, what=what, status=status))
        if status == 404:
            return DownloadError(phrase("{what} was not found on {endpoint} (HTTP 404).", what=what, endpoint=endpoint))
        if status >= 500:
            return DownloadError(
                phrase("{endpoint} had a server error (HTTP {status}) for {what}; try again later.", endpoint=endpoint, status=status, what=what)
            )
        return DownloadError(phrase("{endpoint} answered HTTP {status} for {what}.", endpoint=endpoint, status=status, what=what))
    if isinstance(exc, httpx2.ConnectError):
        return DownloadError(phrase("Cannot connect to {endpoint}: check your internet connection.", endpoint=endpoint))
    if isinstance(exc, httpx2.TimeoutException):
        return DownloadError(
            phrase("{endpoint} did not answer in time for {what}: check your connection and try again.", endpoint=endpoint, what=what)
        )
    if isinstance(exc, (httpx2.HTTPError, ConnectionError)):
        return DownloadError(phrase("The connection to {endpoint} failed while fetching {what}: {error}.", endpoint=endpoint, what=what, error=exc))
    if isinstance(exc, ValueError):  # JSON or field errors: not a Hub answering
        return DownloadError(phrase("{endpoint} sent an answer that is not a Hub response for {what}.", endpoint=endpoint, what=what))
    return DownloadError(phrase("Fetching {what} from {endpoint} failed: {error}.", what=what, endpoint=endpoint, error=exc))


def _hub_call(what: str, fn: Callable[[], Any]) -> Any:
    import httpx2
    from huggingface_hub import errors as hf_errors

    try:
        return fn()
    except (httpx2.HTTPError, hf_errors.HfHubHTTPError, ConnectionError, ValueError, KeyError) as exc:
        raise _friendly(exc, what) from exc


# -- search ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HubModel:
    repo_id: str
    downloads: int = 0
    likes: int = 0
    tags: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    library_name: str | None = None

    @property
    def has_gguf(self) -> bool:
        """The Hub tags every repository holding .gguf files with "gguf"."""
        return "gguf" in self.tags or self.library_name == "gguf"


def search_models(
    query: str, filter_task: str | None = None, gguf_only: bool = False, limit: int = 50
) -> list[HubModel]:
    """Models matching `query`, most downloaded first. `filter_task` is a pipeline tag ("text-generation").

    One GET of /api/models, without HfApi.list_models: that one retries 5xx and connection errors for about 20
    seconds with backoff, too long for a search box.
    """
    from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

    params: dict[str, Any] = {"sort": "downloads", "direction": -1, "limit": limit}
    if query:
        params["search"] = query
    if filter_task:
        params["pipeline_tag"] = filter_task
    if gguf_only:
        params["filter"] = "gguf"

    def call() -> list[HubModel]:
        r = get_session().get(
            f"{hub_endpoint()}/api/models",
            params=params,
            headers=build_hf_headers(),
            timeout=REQUEST_TIMEOUT_S,
        )
        hf_raise_for_status(r)
        return [
            HubModel(
                repo_id=item["id"],
                downloads=int(item.get("downloads") or 0),
                likes=int(item.get("likes") or 0),
                tags=tuple(item.get("tags") or ()),
                pipeline_tag=item.get("pipeline_tag"),
                library_name=item.get("library_name"),
            )
            for item in r.json()[:limit]
        ]

    return _hub_call(phrase("the search for {query}", query=repr(query)), call)


# -- files and quantizations -------------------------------------------------------------------------------------
# Longest names first so "Q4_K_M" wins over "Q4_K" and "IQ4_XS" over "Q4".
_QUANTS = (
    "IQ1_S IQ1_M IQ2_XXS IQ2_XS IQ2_S IQ2_M IQ3_XXS IQ3_XS IQ3_S IQ3_M IQ4_XS IQ4_NL "
    "Q2_K_S Q2_K_L Q2_K Q3_K_S Q3_K_M Q3_K_L Q3_K_XL Q3_K Q4_K_S Q4_K_M Q4_K_L Q4_K_XL Q4_K Q5_K_S Q5_K_M Q5_K_L "
    "Q5_K Q6_K_L Q6_K Q4_0_4_4 Q4_0_4_8 Q4_0_8_8 Q4_0 Q4_1 Q5_0 Q5_1 Q8_0 Q8_K TQ1_0 TQ2_0 MXFP4 "
    "BF16 F16 FP16 F32 FP32"
).split()
_QUANT_RE = re.compile(
    r"(?<![A-Za-z0-9])(" + "|".join(sorted(_QUANTS, key=len, reverse=True)) + r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SHARD_RE = re.compile(r"-(\d{5})-of-(\d{5})(?=\.gguf$)", re.IGNORECASE)


def parse_quant(filename: str) -> str | None:
    """The quantization named in a GGUF file name ("model.Q4_K_M.gguf" -> "Q4_K_M"), upper-cased; None if none."""
    matches = _QUANT_RE.findall(Path(filename).name)
    if not matches:
        return None
    quant = matches[-1].upper()
    return {"FP16": "F16", "FP32": "F32"}.get(quant, quant)


# KV-cache allowance: f16 keys and values per context token. It depends on layers and KV heads, which we do not know
# before downloading; across common GGUF models (grouped-query attention) it is roughly 32 KiB per token for each GB
# of weights (Llama-3-8B Q4: ~4.6 GB and 128 KiB/token; Qwen2.5-0.5B: 12 KiB/token), clamped to a sane range.
KV_BYTES_PER_TOKEN_PER_GB = 32 * 1024
KV_MIN_BYTES_PER_TOKEN = 8 * 1024
KV_MAX_BYTES_PER_TOKEN = 512 * 1024
# llama.cpp's compute buffers and the runtime itself.
RUNTIME_OVERHEAD_BYTES = 256 * 1024 * 1024


def estimate_ram_bytes(file_size: int, n_ctx: int = 4096) -> int:
    """A rough RAM need for running a GGUF: its weights (mapped whole) + a KV cache for `n_ctx` + fixed overhead.

    Deliberately simple: the picker uses it to warn ("needs about 6 GB, you have 8 GB"), not to promise.
    """
    per_token = int(file_size / 1e9 * KV_BYTES_PER_TOKEN_PER_GB)
    per_token = max(KV_MIN_BYTES_PER_TOKEN, min(KV_MAX_BYTES_PER_TOKEN, per_token))
    return file_size + per_token * max(n_ctx, 0) + RUNTIME_OVERHEAD_BYTES


@dataclass(frozen=True)
class HubFile:
    filename: str  # path inside the repository
    size: int
    sha256: str | None = None  # LFS files only

    @property
    def is_gguf(self) -> bool:
        return self.filename.lower().endswith(".gguf")

    @property
    def quant(self) -> str | None:
        return parse_quant(self.filename) if self.is_gguf else None


@dataclass(frozen=True)
class QuantChoice:
    """One entry of the GGUF picker: a quantization, its file(s) (split GGUFs have several) and what it needs."""

    quant: str | None
    filenames: tuple[str, ...]
    size: int
    ram_bytes: int
    is_projector: bool = False  # an mmproj file for vision models: downloaded alongside, not chosen alone


def list_files(repo_id: str, revision: str | None = None) -> list[HubFile]:
    """Every file of a repository with its size (one API call, with `blobs=True`)."""

    def call() -> list[HubFile]:
        info = _api().model_info(repo_id, revision=revision, files_metadata=True, timeout=REQUEST_TIMEOUT_S)
        files = []
        for sib in info.siblings or ():
            lfs = sib.lfs
            size = sib.size if sib.size is not None else (lfs.size if lfs is not None else 0)
            files.append(
                HubFile(filename=sib.rfilename, size=int(size or 0), sha256=lfs.sha256 if lfs else None)
            )
        return files

    return _hub_call(repo_id, call)


def quant_choices(files: Iterable[HubFile], n_ctx: int = 4096) -> list[QuantChoice]:
    """The GGUF files of a repository as picker entries, smallest first; shards of one split model are grouped."""
    groups: dict[str, list[HubFile]] = {}
    for f in files:
        if f.is_gguf:
            groups.setdefault(_SHARD_RE.sub("", f.filename), []).append(f)
    choices = []
    for key, members in groups.items():
        members.sort(key=lambda f: f.filename)
        size = sum(f.size for f in members)
        projector = "mmproj" in Path(key).name.lower()
        choices.append(
            QuantChoice(
                quant=parse_quant(key),
                filenames=tuple(f.filename for f in members),
                size=size,
                ram_bytes=size if projector else estimate_ram_bytes(size, n_ctx),
                is_projector=projector,
            )
        )
    choices.sort(key=lambda c: (c.is_projector, c.size))
    return choices
