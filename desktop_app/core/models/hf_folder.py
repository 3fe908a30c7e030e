"""What a Hugging Face model folder holds, read without loading it: its weight files, parameter counts from the
safetensors headers, and what config.json says (capabilities, labels, dtype).

Split from `metadata.py`, which turns these answers into a `ModelRecord`: the rules here know only the folder and the
config dict, so they stay testable on a dict and readable apart from the record and the GGUF side.
"""

from __future__ import annotations

import json
import math
import os
import struct
from pathlib import Path
from typing import Any

from desktop_app.core.errors import ModelFileError
from desktop_app.core.messages import phrase

_SAFETENSORS_DTYPE_BYTES = {
    "F64": 8, "I64": 8, "U64": 8, "F32": 4, "I32": 4, "U32": 4, "F16": 2, "BF16": 2, "I16": 2, "U16": 2,
    "F8_E4M3": 1, "F8_E5M2": 1, "I8": 1, "U8": 1, "BOOL": 1,
}  # fmt: skip
_MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024
_SEQ2SEQ_TYPES = frozenset({
    "t5", "mt5", "umt5", "longt5", "bart", "mbart", "marian", "m2m_100", "nllb-moe", "pegasus", "pegasus_x",
    "fsmt", "led", "prophetnet", "encoder-decoder",
})  # fmt: skip
_SEQ2SEQ_PREFIXES = ("T5", "MT5", "UMT5", "LongT5", "Bart", "MBart", "Marian", "M2M100", "NllbMoe", "Pegasus",
                     "FSMT", "LED", "ProphetNet")  # fmt: skip
_VISION_CHAT_PREFIXES = ("Llava", "Qwen2VL", "Qwen2_5_VL", "Qwen3VL", "Idefics", "SmolVLM", "Mllama", "PaliGemma",
                         "Gemma3ForConditionalGeneration", "InternVL", "Phi3V", "Florence2")  # fmt: skip
_VISION_ENCODER_TYPES = frozenset({"vit", "deit", "beit", "swin", "swinv2", "convnext", "donut-swin", "clip_vision_model"})
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth")


def weight_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The weight files transformers would load, and the names of shards an index lists but that are missing.

    safetensors win over pickle files when both are present (the app prefers them); an index file names the shards
    (Mistral repos also carry a `consolidated.safetensors` that transformers ignores).
    """
    names = {p.name: p for p in _files(folder)}
    for index_name in ("model.safetensors.index.json", "pytorch_model.bin.index.json"):
        if index_name in names:
            try:
                index = json.loads(names[index_name].read_text(encoding="utf-8"))
                shards = sorted(set((index.get("weight_map") or {}).values()))
            except (OSError, ValueError, AttributeError):
                shards = []
            if shards:
                present = [names[s] for s in shards if s in names]
                missing = [s for s in shards if s not in names]
                return present, missing
    safetensors = sorted(p for n, p in names.items() if n.endswith(".safetensors") and n != "consolidated.safetensors")
    if not safetensors and "consolidated.safetensors" in names:
        safetensors = [names["consolidated.safetensors"]]
    if safetensors:
        return safetensors, []
    pickles = sorted(p for n, p in names.items() if n.endswith(".bin") and n.startswith(("pytorch_model", "model")))
    return pickles, []


def _files(folder: Path) -> list[Path]:
    out = []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                try:
                    if entry.is_file():  # follows symlinks: the HF cache links snapshots to blobs
                        out.append(Path(entry.path))
                except OSError:
                    continue
    except OSError:
        pass
    return out


def safetensors_params(path: Path) -> tuple[int, dict[str, int]]:
    """Parameter count and per-dtype element counts, from the JSON header only (8-byte length, then JSON)."""
    with path.open("rb") as fh:
        head = fh.read(8)
        if len(head) != 8:
            raise ModelFileError(phrase("{name} is truncated (no safetensors header).", name=path.name))
        (n,) = struct.unpack("<Q", head)
        size = path.stat().st_size
        if n > _MAX_SAFETENSORS_HEADER or n + 8 > size:
            raise ModelFileError(phrase("{name} has a corrupt safetensors header.", name=path.name))
        raw = fh.read(n)
    try:
        header = json.loads(raw)
    except ValueError as exc:
        raise ModelFileError(phrase("{name} has a corrupt safetensors header.", name=path.name)) from exc
    total = 0
    by_dtype: dict[str, int] = {}
    data_end = 0
    for name, t in header.items():
        if name == "__metadata__" or not isinstance(t, dict):
            continue
        count = math.prod(t.get("shape") or [1]) if t.get("shape") != [] else 1
        total += count
        dtype = str(t.get("dtype", ""))
        by_dtype[dtype] = by_dtype.get(dtype, 0) + count
        offsets = t.get("data_offsets") or [0, 0]
        data_end = max(data_end, int(offsets[1]))
    if 8 + n + data_end > size:
        raise ModelFileError(phrase("{name} is truncated: the download stopped early; get it again.", name=path.name))
    return total, by_dtype


def text_config(config: dict[str, Any]) -> dict[str, Any]:
    """The language model's part of a config: vision-language and encoder-decoder configs nest it under a key."""
    for key in ("text_config", "llm_config", "language_config", "decoder"):
        sub = config.get(key)
        if isinstance(sub, dict) and sub:
            return sub
    return config


def first_int(d: dict[str, Any], *keys: str) -> int:
    """The first positive int among `keys` (model families name the same hyperparameter differently), else 0."""
    for k in keys:
        v = d.get(k)
        if isinstance(v, int) and not isinstance(v, bool) and v > 0:
            return v
    return 0

def hf_capabilities(config: dict[str, Any]) -> frozenset[str]:
    """Capability rules from `architectures` and `model_type` (empty when the app does not know the model)."""
    archs = [a for a in (config.get("architectures") or []) if isinstance(a, str)]
    model_type = str(config.get("model_type") or "")
    encoder = config.get("encoder") if isinstance(config.get("encoder"), dict) else {}
    for arch in archs or [""]:
        if arch.endswith("ForSequenceClassification"):
            return frozenset({"classifier"})
        if arch.endswith("ForImageTextToText") or arch.startswith(_VISION_CHAT_PREFIXES):
            return frozenset({"vision", "chat"})
        if arch.startswith(("Blip", "Git")) or arch == "VisionEncoderDecoderModel" or model_type in (
            "vision-encoder-decoder", "blip", "blip-2", "git"
        ):
            return frozenset({"captioner"})
        if model_type == "encoder-decoder" and str(encoder.get("model_type", "")) in _VISION_ENCODER_TYPES:
            return frozenset({"captioner"})
        if model_type in _SEQ2SEQ_TYPES or (
            arch.startswith(_SEQ2SEQ_PREFIXES)
            and arch.endswith(("ForConditionalGeneration", "MTModel", "WithLMHeadModel", "Model"))
        ):
            return frozenset({"seq2seq"})
        if arch.endswith("ForConditionalGeneration") and isinstance(config.get("vision_config"), dict):
            return frozenset({"vision", "chat"})
        if arch.endswith(("ForCausalLM", "LMHeadModel")):
            return frozenset({"chat"})
    return frozenset()


def config_labels(config: dict[str, Any]) -> tuple[str, ...]:
    """A classifier's labels from `id2label`, in label-id order (JSON keys are strings, so "10" sorts after "9")."""
    id2label = config.get("id2label")
    if not isinstance(id2label, dict):
        return ()

    def key(k: str) -> tuple[int, str]:
        return (int(k), "") if str(k).lstrip("-").isdigit() else (1 << 30, str(k))

    return tuple(str(id2label[k]) for k in sorted(id2label, key=key))


def config_dtype(config: dict[str, Any]) -> str:
    """What the library shows as quantization for a Hugging Face model: the quantization method, else the dtype."""
    q = config.get("quantization_config")
    if isinstance(q, dict) and q.get("quant_method"):
        bits = q.get("bits") or ("4" if q.get("load_in_4bit") else "8" if q.get("load_in_8bit") else "")
        return f"{q['quant_method']}" + (f" {bits}-bit" if bits else "")
    for c in (config, text_config(config)):
        v = c.get("dtype") or c.get("torch_dtype")
        if isinstance(v, str) and v:
            return v.removeprefix("torch.")
    return ""
