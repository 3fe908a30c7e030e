"""What a model path holds, decided once, before transformers reads anything.

One rule for every PyTorch model: config.json names the family (`architectures`, else `model_type`), the weights
are safetensors (checked against their headers) or, only with the user's consent, pickle `.bin` files, and a folder
that would run its own code (`auto_map`) needs consent too. The loader (loader.py) and fine-tuning's base-model
check (finetune/base_model.py) both ask this module, so the app never disagrees with itself about a folder. Each
problem becomes one sentence about the file, not a stack trace from halfway through loading.

transformers and safetensors are imported inside functions only: importing this module is cheap.
"""

from __future__ import annotations

import json
import struct
import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from desktop_app.core.errors import ConsentRequiredError, ModelFileError, UnsupportedArchitectureError
from desktop_app.core.messages import phrase


class Family(str, Enum):
    CAUSAL = "causal-lm"
    SEQ2SEQ = "seq2seq"
    CLASSIFIER = "sequence-classification"
    BLIP = "blip-captioning"
    VISION_ENCODER_DECODER = "vision-encoder-decoder"
    IMAGE_TEXT = "image-text-to-text"
    EMBEDDING = "sentence-embedding"


TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer.model",
    "vocab.json",
    "vocab.txt",
    "spiece.model",
    "source.spm",
    "sentencepiece.bpe.model",
)
# A sentence-transformers folder says so with these files; its encoder (BertModel...) has no task head.
SENTENCE_TRANSFORMERS_FILES = ("modules.json", "sentence_bert_config.json")
IMAGE_PROCESSOR_FILES = ("preprocessor_config.json", "processor_config.json")
PICKLE_WEIGHTS = ("pytorch_model.bin", "pytorch_model.bin.index.json")
AUTO_MAP_FAMILIES = {
    "AutoModelForCausalLM": Family.CAUSAL,
    "AutoModelForSeq2SeqLM": Family.SEQ2SEQ,
    "AutoModelForSequenceClassification": Family.CLASSIFIER,
    "AutoModelForImageTextToText": Family.IMAGE_TEXT,
}


@dataclass(frozen=True)
class FolderInfo:
    """What a model folder holds, as far as can be told without loading it."""

    config: dict[str, Any]
    family: Family
    architecture: str
    weights: str  # "safetensors" or "pickle"
    weight_bytes: int


def _read_config(folder: Path) -> dict[str, Any]:
    path = folder / "config.json"
    if not path.is_file():
        raise ModelFileError(phrase("{name} has no config.json, so it is not a Transformers model folder.", name=folder.name))
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ModelFileError(phrase("config.json in {name} is not a text file.", name=folder.name)) from exc
    except json.JSONDecodeError as exc:
        raise ModelFileError(phrase("config.json in {name} is not valid JSON (line {lineno}).", name=folder.name, lineno=exc.lineno)) from exc
    if not isinstance(config, dict) or not (config.get("model_type") or config.get("architectures")):
        raise ModelFileError(phrase("config.json in {name} names no model type or architecture.", name=folder.name))
    return config


def _mapping_values(mapping: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for value in mapping.values():
        out.update(value if isinstance(value, (list, tuple)) else [value])
    return out


def detect_family(config: dict[str, Any], trust_remote_code: bool) -> tuple[Family, str]:
    """The model family and architecture name, from config.json's `architectures` (else its `model_type`)."""
    from transformers.models.auto import configuration_auto as ca
    from transformers.models.auto import modeling_auto as ma

    archs = config.get("architectures") or []
    arch = archs[0] if archs and isinstance(archs[0], str) else ""
    model_type = str(config.get("model_type") or "")
    if model_type == "vision-encoder-decoder" or arch == "VisionEncoderDecoderModel":
        return Family.VISION_ENCODER_DECODER, arch or "VisionEncoderDecoderModel"
    if arch == "BlipForConditionalGeneration":
        return Family.BLIP, arch
    tables = [
        (Family.CLASSIFIER, ma.MODEL_FOR_SEQUENCE_CLASSIFICATION_MAPPING_NAMES),
        (Family.SEQ2SEQ, ma.MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING_NAMES),
        (Family.IMAGE_TEXT, ma.MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES),
        (Family.CAUSAL, ma.MODEL_FOR_CAUSAL_LM_MAPPING_NAMES),
    ]
    known_type = model_type in ca.CONFIG_MAPPING_NAMES
    if arch and known_type:
        for family, mapping in tables:
            if arch in _mapping_values(mapping):
                return family, arch
    if not arch and known_type:
        for family, mapping in tables[1:]:
            if model_type in mapping:
                return family, _mapping_values({0: mapping[model_type]}).pop()
    auto_map = config.get("auto_map")
    if trust_remote_code and isinstance(auto_map, dict):
        for key, family in AUTO_MAP_FAMILIES.items():
            if key in auto_map:
                return family, arch or model_type
    name = arch or model_type
    if not known_type and not auto_map:
        raise UnsupportedArchitectureError(
            phrase("The model type {model_type} is unknown to this version of Transformers.", model_type=repr(model_type or name))
        )
    raise UnsupportedArchitectureError(
        phrase("{name} is not a kind of model this app can run (chat, seq2seq, classifier, image-to-text or a sentence-transformers encoder).", name=name)
    )


def check_safetensors(path: Path) -> int:
    """Raise ModelFileError for a truncated or corrupt .safetensors file; return its size.

    The header says where every tensor ends, so a file cut short (an interrupted copy or download) is found here
    in microseconds, instead of as an obscure error, or a crash, halfway through loading.
    """
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise ModelFileError(phrase("{name} is empty or truncated ({size} bytes).", name=path.name, size=size))
        (n,) = struct.unpack("<Q", head)
        if n > size - 8:
            raise ModelFileError(
                phrase("{name} is truncated: its header alone needs {value} bytes but the file has {size}.", name=path.name, value=f"{n + 8:,}", size=f"{size:,}")
            )
        try:
            header = json.loads(f.read(n))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelFileError(
                phrase("{name} is not a valid safetensors file (its header is unreadable).", name=path.name)
            ) from exc
    ends = [v["data_offsets"][1] for k, v in header.items() if k != "__metadata__" and isinstance(v, dict)]
    expected = 8 + n + max(ends, default=0)
    if size < expected:
        raise ModelFileError(
            phrase("{name} is truncated: it has {size} bytes but its header describes {expected}; copy or download it again.", name=path.name, size=f"{size:,}", expected=f"{expected:,}")
        )
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="np"):
            pass
    except SafetensorError as exc:
        raise ModelFileError(phrase("{name} is not a valid safetensors file: {error}", name=path.name, error=first_line(exc))) from exc
    return size


def weights_of(folder: Path, allow_pickle: bool) -> tuple[str, int]:
    """The weights' format ("safetensors" or "pickle") and total bytes. safetensors win when both are there; every
    shard an index names must be present and whole; pickle `.bin` weights need the user's consent (allow_pickle)."""
    index = folder / "model.safetensors.index.json"
    if index.is_file():
        try:
            shards = sorted(set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values()))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise ModelFileError(phrase("{name} in {other_name} is not a valid weight index.", name=index.name, other_name=folder.name)) from exc
        missing = [s for s in shards if not (folder / s).is_file()]
        if missing:
            raise ModelFileError(
                phrase("{name} is missing {count} weight file(s), first {missing}.", name=folder.name, count=len(missing), missing=missing[0])
            )
        files = [folder / s for s in shards]
    else:
        files = sorted(folder.glob("*.safetensors"))
    if files:
        return "safetensors", sum(check_safetensors(f) for f in files)
    pickles = [folder / name for name in PICKLE_WEIGHTS if (folder / name).is_file()]
    if pickles:
        if not allow_pickle:
            raise ConsentRequiredError(
                phrase("{name} has only pickle (.bin) weights, which can run code when loaded; allow pickle weights for this model to load it (they are read with weights_only=True).", name=folder.name),
                "allow_pickle",
            )
        return "pickle", sum(p.stat().st_size for p in folder.glob("pytorch_model*.bin"))
    raise ModelFileError(phrase("{name} has no model weights (no .safetensors file).", name=folder.name))


def inspect_folder(folder: Path, trust_remote_code: bool = False, allow_pickle: bool = False) -> FolderInfo:
    """Validate a model folder before transformers reads it; every problem becomes one clear sentence."""
    config = _read_config(folder)
    if config.get("auto_map") and not trust_remote_code:
        raise ConsentRequiredError(
            phrase("{name} needs to run its own Python code (auto_map in config.json), which could do anything on this computer; allow remote code for this model only if you trust where it came from.", name=folder.name),
            "trust_remote_code",
        )
    if any((folder / name).is_file() for name in SENTENCE_TRANSFORMERS_FILES):
        archs = config.get("architectures") or [config.get("model_type") or "encoder"]
        family, arch = Family.EMBEDDING, str(archs[0])
    else:
        family, arch = detect_family(config, trust_remote_code)
    weights, size = weights_of(folder, allow_pickle)
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise ModelFileError(phrase("{name} has no tokenizer (no tokenizer.json or vocabulary file).", name=folder.name))
    vision = (Family.BLIP, Family.VISION_ENCODER_DECODER, Family.IMAGE_TEXT)
    if family in vision and not any((folder / name).is_file() for name in IMAGE_PROCESSOR_FILES):
        raise ModelFileError(phrase("{name} has no image processor (preprocessor_config.json).", name=folder.name))
    return FolderInfo(config=config, family=family, architecture=arch, weights=weights, weight_bytes=size)


def resolve_model_folder(path: Path, cancel: threading.Event | None = None) -> tuple[Path, str]:
    """The model folder behind a path, and how a GGUF file got there ("hit", "converted"; "" for a folder).

    A GGUF file is dequantized once into a cached safetensors folder (models/gguf_torch_cache.py), then loads like
    any folder."""
    if path.is_dir():
        return path, ""
    if not path.exists():
        raise ModelFileError(phrase("{path} does not exist.", path=path))
    if path.suffix.lower() == ".gguf":
        from desktop_app.core.models import gguf_torch_cache
        from desktop_app.core.models.gguf_check import read_gguf_info

        # A clear error for a truncated or foreign file, before transformers reads it.
        read_gguf_info(path)
        folder, hit = gguf_torch_cache.ensure_folder(path, cancel)
        return folder, "hit" if hit else "converted"
    raise ModelFileError(
        phrase("{name} is neither a model folder (config.json with safetensors weights) nor a GGUF file.", name=path.name)
    )


def first_line(exc: BaseException) -> str:
    """An exception's first line, for the one sentence the user reads."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
