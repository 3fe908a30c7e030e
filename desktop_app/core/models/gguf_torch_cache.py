"""GGUF files as PyTorch models: dequantized once through transformers, then cached as a safetensors folder.

Dequantizing a GGUF with transformers (`from_pretrained(..., gguf_file=..., GgufConfig(dequantize=True))`) takes
tens of seconds even for a 135M model (the tokenizer is rebuilt from the GGUF vocabulary, every tensor is unpacked).
The result is an ordinary model folder, so we save it once under the app cache and later loads read it in a
fraction of a second. The cache key is the GGUF's absolute path, size and modification time: replacing the file
makes a new entry. Entries are written into a temporary folder and renamed into place, so a crash or a cancel never
leaves a half-written entry that looks complete.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import uuid
from pathlib import Path

from desktop_app.core.errors import Cancelled, ModelLoadError
from desktop_app.core.messages import phrase
from desktop_app.core.storage.paths import cache_dir

CACHE_SUBDIR = "torch-from-gguf"
DONE_MARKER = ".complete"


def cache_root() -> Path:
    return cache_dir() / CACHE_SUBDIR


def cache_key(gguf_path: Path) -> str:
    st = gguf_path.stat()
    ident = f"{gguf_path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}"
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:24]


def cached_folder(gguf_path: Path) -> Path | None:
    """The finished cache entry for this exact file, or None."""
    folder = cache_root() / cache_key(gguf_path)
    return folder if (folder / DONE_MARKER).is_file() else None


def convert(gguf_path: Path, cancel: threading.Event | None = None) -> Path:
    """Dequantize `gguf_path` into a cached model folder (model.safetensors, config, tokenizer); return it."""
    from desktop_app.core import extras

    extras.require("torch", "torch", "transformers", feature="Loading a GGUF as a PyTorch model")
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    final = root / cache_key(gguf_path)
    tmp = root / f".tmp-{final.name}-{uuid.uuid4().hex[:8]}"
    folder, name = str(gguf_path.parent), gguf_path.name
    try:
        try:
            tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
            if cancel is not None and cancel.is_set():
                raise Cancelled(phrase("Loading cancelled."))
            model = AutoModelForCausalLM.from_pretrained(
                folder, gguf_file=name, quantization_config=GgufConfig(dequantize=True)
            )
        except (ValueError, KeyError, NotImplementedError, OSError, RuntimeError) as exc:
            raise ModelLoadError(
                phrase("Transformers could not convert {name} into a PyTorch model: {lines}", name=name, lines=str(exc).splitlines()[0])
            ) from exc
        if cancel is not None and cancel.is_set():
            raise Cancelled(phrase("Loading cancelled."))
        # The weights are plain tensors now; drop the GGUF quantization note so the folder loads as a dense model.
        if getattr(model.config, "quantization_config", None) is not None:
            del model.config.quantization_config
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / DONE_MARKER).write_text(f"{gguf_path}\n", encoding="utf-8")
        del model
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        try:
            os.replace(tmp, final)
        except OSError:
            if (final / DONE_MARKER).is_file():  # another load finished the same entry first: use it
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                raise
        return final
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def ensure_folder(gguf_path: Path, cancel: threading.Event | None = None) -> tuple[Path, bool]:
    """The model folder for a GGUF, converting it on first use. Returns (folder, True if it was cached)."""
    hit = cached_folder(gguf_path)
    if hit is not None:
        return hit, True
    return convert(gguf_path, cancel), False
