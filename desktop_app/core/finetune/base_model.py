"""Can this base model be trained here? Resolve it to a Transformers folder, or refuse it with the reason.

A folder must hold a model Transformers can build for the task (a causal LM for "causal"; any encoder with a
sequence-classification class for "classification"). A GGUF file is dequantized into the app's cache folder (the
same cache the transformers backend uses), but only for architectures Transformers can read from GGUF: others
(and any GGUF that fails to convert) run in llama.cpp only and are refused before a run starts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError


class BaseModelError(DesktopAppError):
    """The base model cannot be fine-tuned here; the message says why."""


def gguf_trainable_architectures() -> set[str]:
    from transformers.integrations.ggml import GGUF_CONFIG_MAPPING

    return {k for k in GGUF_CONFIG_MAPPING if k not in ("general", "tokenizer")}


def _gguf_folder(path: Path) -> Path:
    from desktop_app.core.errors import ModelFileError, ModelLoadError
    from desktop_app.core.models import gguf_torch_cache
    from desktop_app.core.models.gguf_check import read_gguf_info

    try:
        info = read_gguf_info(path, check_architecture=False)
    except ModelFileError as exc:
        raise BaseModelError(str(exc)) from exc
    arch = info.architecture
    if arch not in gguf_trainable_architectures():
        raise BaseModelError(
            f"{path.name} is a GGUF of the {arch!r} architecture, which only llama.cpp can run: Transformers "
            "cannot turn it into a trainable PyTorch model. Fine-tune the original (Hugging Face) model folder "
            "instead.")
    try:
        folder, _ = gguf_torch_cache.ensure_folder(path)
    except ModelLoadError as exc:
        raise BaseModelError(f"{path.name} can only be run by llama.cpp: {exc}") from exc
    return folder


def _config(folder: Path) -> dict[str, Any]:
    path = folder / "config.json"
    if not path.is_file():
        raise BaseModelError(f"{folder.name} has no config.json, so it is not a Transformers model folder.")
    try:
        cfg = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaseModelError(f"config.json in {folder.name} is not valid JSON.") from exc
    if not isinstance(cfg, dict):
        raise BaseModelError(f"config.json in {folder.name} is not a settings object.")
    return cfg


def resolve_base_model(path: str | Path, task: str = "causal") -> Path:
    """The Transformers folder to train from; BaseModelError with the reason when the model cannot train."""
    from desktop_app.core.backends.pytorch import folder as tb
    from desktop_app.core.errors import ModelFileError

    p = Path(path).expanduser()
    if not p.exists():
        raise BaseModelError(f"The base model {p} does not exist.")
    if p.is_file():
        if p.suffix.lower() != ".gguf":
            raise BaseModelError(f"{p.name} is neither a model folder nor a GGUF file.")
        folder = _gguf_folder(p)
    else:
        folder = p
    cfg = _config(folder)
    if cfg.get("auto_map"):
        raise BaseModelError(f"{folder.name} needs its own Python code (auto_map), which fine-tuning does not run.")
    from transformers.models.auto import configuration_auto as ca
    from transformers.models.auto import modeling_auto as ma

    model_type = str(cfg.get("model_type") or "")
    if model_type not in ca.CONFIG_MAPPING_NAMES:
        raise BaseModelError(
            f"{folder.name} is a {model_type or 'unnamed'!r} model, an architecture this version of Transformers "
            "cannot load, so it cannot be fine-tuned here.")
    if task == "classification":
        if model_type not in ma.MODEL_FOR_SEQUENCE_CLASSIFICATION_MAPPING_NAMES:
            raise BaseModelError(f"{folder.name} ({model_type}) has no sequence-classification form in "
                                 "Transformers; choose an encoder such as BERT or MiniLM.")
        try:
            tb.weights_of(folder, allow_pickle=False)
        except ModelFileError as exc:
            raise BaseModelError(str(exc)) from exc
        if not any((folder / n).is_file() for n in tb.TOKENIZER_FILES):
            raise BaseModelError(f"{folder.name} has no tokenizer.")
        return folder
    try:
        found = tb.inspect_folder(folder)
    except ModelFileError as exc:
        raise BaseModelError(f"{folder.name} cannot be fine-tuned: {exc}") from exc
    except DesktopAppError as exc:
        raise BaseModelError(str(exc)) from exc
    if found.family is not tb.Family.CAUSAL:
        raise BaseModelError(f"{folder.name} is a {found.family.value} model; causal fine-tuning needs a chat or "
                             "text-generation model.")
    return folder


def linear_module_names(model: Any) -> list[str]:
    """The distinct names of the nn.Linear layers LoRA can target (the output head excluded), as peft's
    "all-linear" picks them; shown in the wizard's target-module list."""
    import torch

    skip = {"lm_head", "score", "classifier", "output"}
    names = set()
    for full, module in model.named_modules():
        if isinstance(module, torch.nn.Linear):
            leaf = full.rsplit(".", 1)[-1]
            if leaf not in skip:
                names.add(leaf)
    return sorted(names)
