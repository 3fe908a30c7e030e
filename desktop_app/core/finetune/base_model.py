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
from desktop_app.core.messages import phrase


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
            phrase("{name} is a GGUF of the {arch} architecture, which only llama.cpp can run: Transformers cannot turn it into a trainable PyTorch model. Fine-tune the original (Hugging Face) model folder instead.", name=path.name, arch=repr(arch)))
    try:
        folder, _ = gguf_torch_cache.ensure_folder(path)
    except ModelLoadError as exc:
        raise BaseModelError(phrase("{name} can only be run by llama.cpp: {error}", name=path.name, error=exc)) from exc
    return folder


def _config(folder: Path) -> dict[str, Any]:
    path = folder / "config.json"
    if not path.is_file():
        raise BaseModelError(phrase("{name} has no config.json, so it is not a Transformers model folder.", name=folder.name))
    try:
        cfg = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaseModelError(phrase("config.json in {name} is not valid JSON.", name=folder.name)) from exc
    if not isinstance(cfg, dict):
        raise BaseModelError(phrase("config.json in {name} is not a settings object.", name=folder.name))
    return cfg


def resolve_base_model(path: str | Path, task: str = "causal") -> Path:
    """The Transformers folder to train from; BaseModelError with the reason when the model cannot train."""
    from desktop_app.core.backends.pytorch import folder as tb
    from desktop_app.core.errors import ModelFileError

    p = Path(path).expanduser()
    if not p.exists():
        raise BaseModelError(phrase("The base model {path} does not exist.", path=p))
    if p.is_file():
        if p.suffix.lower() != ".gguf":
            raise BaseModelError(phrase("{name} is neither a model folder nor a GGUF file.", name=p.name))
        folder = _gguf_folder(p)
    else:
        folder = p
    cfg = _config(folder)
    if cfg.get("auto_map"):
        raise BaseModelError(phrase("{name} needs its own Python code (auto_map), which fine-tuning does not run.", name=folder.name))
    from transformers.models.auto import configuration_auto as ca
    from transformers.models.auto import modeling_auto as ma

    model_type = str(cfg.get("model_type") or "")
    if model_type not in ca.CONFIG_MAPPING_NAMES:
        raise BaseModelError(
            phrase("{name} is a {model_type} model, an architecture this version of Transformers cannot load, so it cannot be fine-tuned here.", name=folder.name, model_type=repr(model_type or 'unnamed')))
    if task == "classification":
        if model_type not in ma.MODEL_FOR_SEQUENCE_CLASSIFICATION_MAPPING_NAMES:
            raise BaseModelError(phrase("{name} ({model_type}) has no sequence-classification form in Transformers; choose an encoder such as BERT or MiniLM.", name=folder.name, model_type=model_type))
        try:
            tb.weights_of(folder, allow_pickle=False)
        except ModelFileError as exc:
            raise BaseModelError(str(exc)) from exc
        if not any((folder / n).is_file() for n in tb.TOKENIZER_FILES):
            raise BaseModelError(phrase("{name} has no tokenizer.", name=folder.name))
        return folder
    try:
        found = tb.inspect_folder(folder)
    except ModelFileError as exc:
        raise BaseModelError(phrase("{name} cannot be fine-tuned: {error}", name=folder.name, error=exc)) from exc
    except DesktopAppError as exc:
        raise BaseModelError(str(exc)) from exc
    if found.family is not tb.Family.CAUSAL:
        raise BaseModelError(phrase("{name} is a {value} model; causal fine-tuning needs a chat or text-generation model.", name=folder.name, value=found.family.value))
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
