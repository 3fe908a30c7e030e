"""One click on a catalogue entry: fetch its files from the chosen source, pair a vision GGUF with its projector, and
make it the tab's model. Qt-free; workers/ runs it as a job (progress, ETA, Cancel) like any other download.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.messages import phrase
from desktop_app.core.models import downloader, hub, modelscope
from desktop_app.core.models.catalog import CatalogEntry, settings_key
from desktop_app.core.models.hub import DownloadError, HubFile
from desktop_app.core.models.registry import spec_for_path
from desktop_app.core.models.spec import ModelSpec

# What a transformers folder needs; other frameworks' weights and duplicates are left on the server.
_SKIP_SUFFIXES = (".h5", ".msgpack", ".onnx", ".ot", ".tflite", ".mlmodel", ".onnx_data")
_SKIP_DIRS = ("onnx/", "openvino/", "tf/", "flax/", "coreml/", "runs/")


@dataclass(frozen=True)
class CatalogDownload:
    entry: CatalogEntry
    model_path: Path  # the .gguf file, or the model folder
    projector_path: Path | None  # the mmproj beside a vision GGUF
    source: str  # "huggingface", "mirror" or "modelscope"
    fetched_bytes: int
    spec: ModelSpec | None = None  # read here, on the download's thread: a GGUF header read never blocks the GUI


def folder_files(files: list[HubFile]) -> list[str]:
    """The files of a transformers repository worth fetching: safetensors rather than .bin when both exist."""
    names = [f.filename for f in files]
    keep = [n for n in names if not n.endswith(_SKIP_SUFFIXES) and not n.startswith(_SKIP_DIRS)]
    if any(n.endswith(".safetensors") for n in keep):
        keep = [n for n in keep if not (n.endswith(".bin") and "pytorch_model" in n)]
    return keep


def _use_modelscope(entry: CatalogEntry) -> bool:
    return hub.download_source() == "modelscope" and bool(entry.modelscope_repo)


def download_entry(
    entry: CatalogEntry,
    models_dir: Path,
    quant: str | None = None,
    progress: downloader.DownloadProgress | None = None,
    cancel: threading.Event | None = None,
) -> CatalogDownload:
    """Fetch an entry into the app models folder. With ModelScope chosen, entries it publishes come from there and
    the others from Hugging Face (ModelScope does not mirror every repository)."""
    cancel = cancel or threading.Event()
    use_ms = _use_modelscope(entry)
    repo = entry.modelscope_repo if use_ms else entry.repo
    assert repo is not None
    if entry.kind == "gguf":
        names = [f.filename for f in entry.download_files(quant)]
    else:
        names = folder_files(modelscope.list_files(repo) if use_ms else hub.list_files(repo))
        if not names:
            raise DownloadError(phrase("{repo} has no model files to download.", repo=repo))
    if use_ms:
        result = modelscope.download(repo, names, models_dir, progress, cancel)
    else:
        result = downloader.download(repo, names, models_dir, progress, cancel)
    if entry.kind == "gguf":
        model_path = result.paths[0]
        projector = result.paths[1] if entry.mmproj is not None else None
    else:
        model_path = Path(models_dir) / repo.replace("/", "--")
        projector = None
    source = "modelscope" if use_ms else ("mirror" if hub.download_source() == "mirror" else "huggingface")
    return CatalogDownload(entry, model_path, projector, source, result.fetched_bytes,
                           spec_for_path(model_path, Path(models_dir)))


def assign_to_task(settings, task: str, done: CatalogDownload) -> str:
    """Make the download the tab's model (AppSettings.task_models) and record the GGUF's projector pairing;
    returns the settings key it set ("captioner" sets "describe")."""
    key = settings_key(task)
    settings.task_models[key] = str(done.model_path)
    if done.projector_path is not None:
        settings.model_projectors[str(done.model_path)] = str(done.projector_path)
    return key
