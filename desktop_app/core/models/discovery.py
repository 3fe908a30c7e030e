"""Find models on disk: the app's folder, the user's folders, the Hugging Face cache, LM Studio and Ollama.

`discover()` is a generator: records come out as they are found, so the library fills in while a big disk is
still being walked, and a `cancel` event stops it between folders. Folders are walked with `os.scandir` and only
names are looked at (no stat) until something looks like a model: a folder of 10,000 photos costs one directory
listing. Anything that vanishes mid-scan (a folder deleted, a download moved) is skipped, never fatal.

Every location can be given explicitly (tests, portable installs); by default the real ones are used. The walk
itself (listing by names, reading records, skipping what vanished) is `folder_scan.py`; this module says where.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from desktop_app.core.models.folder_scan import SKIP_DIRS as SKIP_DIRS  # importable from here, as before
from desktop_app.core.models.folder_scan import DirCallback, FolderScan, Reader, list_dir
from desktop_app.core.models.metadata import ModelRecord
from desktop_app.core.models.spec import Engine

DEFAULT_MAX_DEPTH = 6
OLLAMA_MODEL_MEDIA = "application/vnd.ollama.image.model"
OLLAMA_PROJECTOR_MEDIA = "application/vnd.ollama.image.projector"
OLLAMA_DEFAULT_HOST = "registry.ollama.ai"


def default_hf_cache_dir() -> Path:
    """Where huggingface_hub keeps downloads: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    return Path.home() / ".cache" / "huggingface" / "hub"


def default_lmstudio_dirs() -> tuple[Path, ...]:
    return (Path.home() / ".lmstudio" / "models", Path.home() / ".cache" / "lm-studio" / "models")


def default_ollama_dir() -> Path:
    if os.environ.get("OLLAMA_MODELS"):
        return Path(os.environ["OLLAMA_MODELS"]).expanduser()
    return Path.home() / ".ollama" / "models"


@dataclass(frozen=True)
class ScanSources:
    """Which places to scan (each can be switched off) and, optionally, where they are (None: the real default)."""

    builtin: bool = True
    app: bool = True
    user: bool = True
    hf_cache: bool = True
    lmstudio: bool = True
    ollama: bool = True
    user_folders: tuple[Path, ...] = ()
    app_dir: Path | None = None
    hf_cache_dir: Path | None = None
    lmstudio_dirs: tuple[Path, ...] | None = None
    ollama_dir: Path | None = None
    max_depth: int = DEFAULT_MAX_DEPTH

    @classmethod
    def only(cls, **kwargs) -> ScanSources:
        """Every source off except those named (handy for tests and for rescanning one place)."""
        off = dict(builtin=False, app=False, user=False, hf_cache=False, lmstudio=False, ollama=False)
        return cls(**{**off, **kwargs})


# -- the individual sources ------------------------------------------------------------------------------------------
def _builtin(scan: FolderScan, models_dir: Path) -> Iterator[ModelRecord]:
    from desktop_app.core.models import builtin

    for spec in (builtin.smollm2_spec(), builtin.qwen_spec(models_dir)):
        if spec is None:
            continue
        if spec.path.is_file():
            rec = scan.read(scan.reader.gguf, spec.path)
            if rec is None:
                continue
            rec = replace(rec, name=spec.name, builtin=True, note=spec.note, source="app")
        else:  # Qwen whose parts are installed but not assembled yet: ready on first use
            rec = ModelRecord(path=spec.path, name=spec.name, format="gguf", backend=Engine.LLAMA_CPP,
                              architecture="qwen2", quantization="Q4_K_M", size_bytes=spec.size_bytes,
                              capabilities=frozenset({"chat"}), source="app", builtin=True, note=spec.note)  # fmt: skip
        out = scan.emit(rec)
        if out is not None:
            yield out


def hf_repo_id(dirname: str) -> str | None:
    """'models--org--name' → 'org/name' (None for datasets, spaces and anything else)."""
    if not dirname.startswith("models--"):
        return None
    return dirname.removeprefix("models--").replace("--", "/")


def _hf_snapshot(repo_dir: Path) -> Path | None:
    """The snapshot `refs/main` points to, else the newest one."""
    snapshots = repo_dir / "snapshots"
    try:
        ref = (repo_dir / "refs" / "main").read_text(encoding="utf-8").strip()
        if ref and (snapshots / ref).is_dir():
            return snapshots / ref
    except OSError:
        pass
    try:
        revs = [p for p in snapshots.iterdir() if p.is_dir()]
        return max(revs, key=lambda p: p.stat().st_mtime) if revs else None
    except OSError:
        return None


def _hf_cache(scan: FolderScan, root: Path) -> Iterator[ModelRecord]:
    try:
        repos = sorted(e.path for e in os.scandir(root) if e.name.startswith("models--"))
    except OSError:
        return
    for repo in map(Path, repos):
        if scan.cancel.is_set():
            return
        repo_id = hf_repo_id(repo.name)
        if scan.on_dir is not None:
            scan.on_dir(repo)
        snap = _hf_snapshot(repo)
        if snap is None or repo_id is None:
            continue
        listing = list_dir(snap)
        if listing is None or listing.skip:
            continue
        if listing.ggufs or (not listing.has_weights and not listing.has_config):
            # A GGUF repo (files may sit in per-quantization subfolders), or nothing model-like at the top.
            for rec in scan.walk(snap, "hf-cache", depth=2):
                yield replace(rec, note=rec.note or repo_id)
            continue
        rec = scan.emit(scan.read_hf(snap, "hf-cache", name=repo_id))
        if rec is not None:
            yield rec


def _ollama_name(host: str, namespace: str, model: str, tag: str) -> str:
    if host == OLLAMA_DEFAULT_HOST:
        return f"{model}:{tag}" if namespace == "library" else f"{namespace}/{model}:{tag}"
    return f"{host}/{namespace}/{model}:{tag}"


def _ollama_blob(root: Path, digest: str) -> Path:
    return root / "blobs" / digest.replace(":", "-")


def _ollama(scan: FolderScan, root: Path) -> Iterator[ModelRecord]:
    """Ollama keeps JSON manifests (manifests/<host>/<namespace>/<model>/<tag>) naming content-addressed blobs
    (blobs/sha256-<hex>); the layer with the model media type is a plain GGUF file."""
    manifests = root / "manifests"
    by_blob: dict[Path, list[tuple[str, Path | None]]] = {}
    broken: list[ModelRecord] = []
    for host_dir, host in _subdirs(manifests):
        for ns_dir, ns in _subdirs(host_dir):
            for model_dir, model in _subdirs(ns_dir):
                if scan.on_dir is not None:
                    scan.on_dir(model_dir)
                try:
                    tags = sorted(e.name for e in os.scandir(model_dir) if e.is_file() and not e.name.startswith("."))
                except OSError:
                    continue
                for tag in tags:
                    name = _ollama_name(host, ns, model, tag)
                    manifest = model_dir / tag
                    try:
                        layers = json.loads(manifest.read_text(encoding="utf-8")).get("layers") or []
                        digests = {str(x.get("mediaType")): str(x.get("digest")) for x in layers}
                    except FileNotFoundError:
                        continue
                    except (OSError, ValueError, AttributeError) as exc:
                        broken.append(ModelRecord(path=manifest, name=name, format="gguf", backend=Engine.LLAMA_CPP,
                                                  source="ollama",
                                                  error=f"The Ollama manifest of {name} cannot be read ({exc})."))  # fmt: skip
                        continue
                    if OLLAMA_MODEL_MEDIA not in digests:
                        continue  # not a model (an embedding-only or adapter manifest we do not handle)
                    blob = _ollama_blob(root, digests[OLLAMA_MODEL_MEDIA])
                    proj = digests.get(OLLAMA_PROJECTOR_MEDIA)
                    by_blob.setdefault(blob, []).append((name, _ollama_blob(root, proj) if proj else None))
    for rec in broken:
        out = scan.emit(rec)
        if out is not None:
            yield out
    for blob, names in by_blob.items():
        if scan.cancel.is_set():
            return
        name, projector = names[0]
        others = [n for n, _ in names[1:]]
        note = f"Also tagged {', '.join(others)}." if others else ""
        if not blob.is_file():
            rec: ModelRecord | None = ModelRecord(
                path=blob, name=name, format="gguf", backend=Engine.LLAMA_CPP, source="ollama", note=note,
                error=f"The Ollama model {name} points to {blob.name[:19]}…, which is missing from its blob store; "
                f"run 'ollama pull {name}' again.",
            )
        else:
            rec = scan.read(scan.reader.gguf, blob)
            if rec is None:
                continue
            rec = replace(rec, name=name, source="ollama", note=note)
            if projector is not None and projector.is_file() and rec.ok:
                rec = rec.with_mmproj(projector)
        out = scan.emit(rec)
        if out is not None:
            yield out


def _subdirs(d: Path) -> list[tuple[Path, str]]:
    try:
        return sorted((Path(e.path), e.name) for e in os.scandir(d) if e.is_dir() and not e.name.startswith("."))
    except OSError:
        return []


def discover(
    sources: ScanSources | None = None,
    cancel: threading.Event | None = None,
    on_dir: DirCallback | None = None,
    reader: Reader | None = None,
) -> Iterator[ModelRecord]:
    """Yield a record for every model found, as it is found. Duplicates (the same path twice) come out once.

    `on_dir` is called with each folder before it is listed (for progress). `cancel` stops the scan between
    folders and files.
    """
    from desktop_app.core.storage import paths

    sources = sources or ScanSources()
    scan = FolderScan(reader or Reader(), cancel, on_dir, sources.max_depth)
    app_dir = sources.app_dir if sources.app_dir is not None else paths.models_dir()
    plan: list[Callable[[], Iterator[ModelRecord]]] = []
    if sources.builtin:
        plan.append(lambda: _builtin(scan, app_dir))
    if sources.app:
        plan.append(lambda: scan.walk(app_dir, "app"))
    if sources.user:
        for folder in sources.user_folders:
            plan.append(lambda folder=folder: scan.walk(Path(folder).expanduser(), "user"))
    if sources.hf_cache:
        plan.append(lambda: _hf_cache(scan, sources.hf_cache_dir or default_hf_cache_dir()))
    if sources.lmstudio:
        dirs = sources.lmstudio_dirs if sources.lmstudio_dirs is not None else default_lmstudio_dirs()
        for folder in dirs:
            plan.append(lambda folder=folder: scan.walk(folder, "lmstudio"))
    if sources.ollama:
        plan.append(lambda: _ollama(scan, sources.ollama_dir or default_ollama_dir()))
    for step in plan:
        if scan.cancel.is_set():
            return
        yield from step()
