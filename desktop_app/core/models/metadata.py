"""What the library knows about one model on disk, read from headers only (never from the weights).

A `ModelRecord` is built from a GGUF header (through `gguf_check.read_gguf_info`, which skips tokenizer tables) or
from a Hugging Face folder's `config.json` plus the JSON headers of its safetensors files. Both take milliseconds
even for multi-GB models, so the whole library can be re-read on start.

A model that cannot be used is still a record, with `error` set: the library shows it greyed with the reason
instead of hiding it, so the user learns why their download does not appear as usable.
"""

from __future__ import annotations

import json
import math
import os
import re
import struct
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_app.core.errors import ModelFileError
from desktop_app.core.messages import phrase
from desktop_app.core.models.spec import Engine, ModelSpec

CAPABILITIES = ("chat", "vision", "seq2seq", "classifier", "captioner")
SOURCES = ("app", "user", "hf-cache", "lmstudio", "ollama")
MMPROJ_RE = re.compile(r"mmproj", re.IGNORECASE)
_SAFETENSORS_DTYPE_BYTES = {
    "F64": 8, "I64": 8, "U64": 8, "F32": 4, "I32": 4, "U32": 4, "F16": 2, "BF16": 2, "I16": 2, "U16": 2,
    "F8_E4M3": 1, "F8_E5M2": 1, "I8": 1, "U8": 1, "BOOL": 1,
}  # fmt: skip
_MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024
# GGUF architectures that are encoders (embeddings, rerankers): they load in llama.cpp but cannot chat.
_GGUF_ENCODERS = frozenset({"bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "neo-bert", "t5encoder"})
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


@dataclass(frozen=True)
class ModelShape:
    """The hyperparameters a memory estimate needs (0 where the header does not say)."""

    n_layers: int = 0
    n_heads: int = 0
    n_kv_heads: int = 0
    head_dim: int = 0
    hidden_size: int = 0
    ffn_size: int = 0
    vocab_size: int = 0


@dataclass(frozen=True)
class ModelRecord:
    path: Path  # the .gguf file (an Ollama blob for Ollama) or the Hugging Face folder
    name: str
    format: str  # "gguf" | "hf"
    backend: str  # an Engine: llama_cpp or transformers
    architecture: str = ""
    n_params: int = 0
    quantization: str = ""  # GGUF quantization (Q4_K_M) or HF dtype (bfloat16), or a quantization method
    size_bytes: int = 0  # the file, or the total of a folder's weight files
    context_length: int = 0
    capabilities: frozenset[str] = frozenset()
    labels: tuple[str, ...] = ()
    source: str = "user"
    mmproj: Path | None = None
    error: str = ""
    builtin: bool = False
    note: str = ""
    shape: ModelShape = field(default_factory=ModelShape)
    # A GGUF text model without a chat template: a base model, which continues text; wrapped in ChatML it answers
    # garbage, so Chat offers plain completion for it (issue 19).
    base_model: bool = False
    # A GGUF that can see once a vision projector (mmproj) is beside it or chosen for it: a vision-language
    # architecture, or a chat template that places images. The Models page offers "Vision projector…" only then.
    takes_projector: bool = False

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def id(self) -> str:
        return str(self.path)

    def to_spec(self) -> ModelSpec:
        extra: dict[str, Any] = {}
        if self.mmproj is not None:
            extra["mmproj"] = str(self.mmproj)
        return ModelSpec(
            path=self.path,
            name=self.name,
            backend=self.backend,
            builtin=self.builtin,
            size_bytes=self.size_bytes,
            note=self.note,
            source=self.source,
            extra=extra,
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        d["mmproj"] = str(self.mmproj) if self.mmproj else None
        d["capabilities"] = sorted(self.capabilities)
        d["labels"] = list(self.labels)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ModelRecord:
        d = dict(d)
        d["path"] = Path(d["path"])
        d["mmproj"] = Path(d["mmproj"]) if d.get("mmproj") else None
        d["capabilities"] = frozenset(d.get("capabilities") or ())
        d["labels"] = tuple(d.get("labels") or ())
        d["shape"] = ModelShape(**(d.get("shape") or {}))
        return cls(**d)

    def with_mmproj(self, mmproj: Path | None) -> ModelRecord:
        """A GGUF with a vision projector next to it can look at images."""
        if mmproj is None:
            return self
        return replace(self, mmproj=mmproj, capabilities=self.capabilities | {"vision", "chat"})


# -- GGUF ----------------------------------------------------------------------------------------------------------
def _meta_int(meta: dict[str, Any], key: str) -> int:
    v = meta.get(key)
    if isinstance(v, list):  # per-layer values (some models vary heads by layer): the largest is the safe bound
        v = max((x for x in v if isinstance(x, int | float)), default=0)
    try:
        return int(v or 0)
    except (TypeError, ValueError):
        return 0


def gguf_shape(arch: str, meta: dict[str, Any]) -> ModelShape:
    n_heads = _meta_int(meta, f"{arch}.attention.head_count")
    hidden = _meta_int(meta, f"{arch}.embedding_length")
    head_dim = _meta_int(meta, f"{arch}.attention.key_length") or (hidden // n_heads if n_heads else 0)
    return ModelShape(
        n_layers=_meta_int(meta, f"{arch}.block_count"),
        n_heads=n_heads,
        n_kv_heads=_meta_int(meta, f"{arch}.attention.head_count_kv") or n_heads,
        head_dim=head_dim,
        hidden_size=hidden,
        ffn_size=_meta_int(meta, f"{arch}.feed_forward_length"),
        vocab_size=_meta_int(meta, f"{arch}.vocab_size"),
    )


def read_gguf_record(path: Path, source: str = "user") -> ModelRecord:
    """A record from a GGUF header. A broken or unsupported file gives a record with `error` set.

    Raises FileNotFoundError when the file vanished (deleted mid-scan): that is not a broken model, just gone.
    """
    from desktop_app.core.models.gguf_check import read_gguf_info, supported_architectures

    path = Path(path)
    stem = path.stem if path.suffix.lower() == ".gguf" else path.name
    try:
        info = read_gguf_info(path, check_architecture=False)
    except ModelFileError as exc:
        size = path.stat().st_size  # raises FileNotFoundError when it is gone
        return ModelRecord(path=path, name=stem, format="gguf", backend=Engine.LLAMA_CPP, size_bytes=size,
                           source=source, error=str(exc))  # fmt: skip
    arch = info.architecture
    meta = info.metadata
    error = ""
    if arch == "clip":
        error = f"{path.name} is a vision projector (mmproj), not a model; it is used next to a model."
    elif arch not in supported_architectures():
        error = (f"{path.name} is a '{arch}' model, an architecture this version of llama.cpp does not support. "
                 "Try a newer app version or another model.")  # fmt: skip
    if arch in _GGUF_ENCODERS:
        caps: frozenset[str] = frozenset()
    elif arch == "t5":
        caps = frozenset({"seq2seq"})
    else:
        caps = frozenset({"chat"})
    shape = gguf_shape(arch, meta)
    if not shape.vocab_size:
        shape = replace(shape, vocab_size=info.vocab_size)
    return ModelRecord(
        path=path,
        name=stem,
        format="gguf",
        backend=Engine.LLAMA_CPP,
        architecture=arch,
        n_params=_meta_int(meta, "general.parameter_count") or info.n_params,
        quantization=info.quantization,
        size_bytes=info.file_size,
        context_length=info.context_length,
        capabilities=caps,
        source=source,
        error=error,
        shape=shape,
        base_model=caps == frozenset({"chat"}) and not info.chat_template,
        takes_projector=caps == frozenset({"chat"}) and takes_projector(arch, info.chat_template),
    )


# llama.cpp architectures of vision-language text models (their GGUF is the language half; the mmproj the eyes).
VISION_GGUF_ARCHS = frozenset({"qwen2vl", "qwen3vl", "qwen3vlmoe", "gemma3", "gemma3n", "llama4", "mllama", "glm4v",
                               "glm4v_moe", "cogvlm", "mistral3", "kimivl"})  # fmt: skip
# What a chat template that places images says (Qwen-VL, Gemma 3, Pixtral, LLaVA-style and SmolVLM templates).
_IMAGE_TEMPLATE_MARKS = ("<|vision_start|>", "<start_of_image>", "[IMG]", "<image>", "<|image|>", "<|image_pad|>",
                         "'image'", '"image"', "image_url")  # fmt: skip


def takes_projector(architecture: str, chat_template: str) -> bool:
    """Can this GGUF text model use a vision projector? Llava-family models share a text architecture ("llama"),
    so their chat template is the other sign; a text-only model has neither."""
    return architecture in VISION_GGUF_ARCHS or any(m in chat_template for m in _IMAGE_TEMPLATE_MARKS)


def is_base_model(path: Path) -> bool:
    """A GGUF text model without a chat template (ModelRecord.base_model): it continues text, so Chat and the CLI
    complete instead of chatting. False for anything else. Reads only the header (milliseconds)."""
    path = Path(path)
    if path.suffix.lower() != ".gguf" or not path.is_file():
        return False
    try:
        return read_gguf_record(path).base_model
    except OSError:
        return False


def find_mmproj(model: Path, siblings: list[Path]) -> Path | None:
    """The vision projector for `model` among the .gguf files in its folder: the *mmproj*.gguf whose name shares
    the longest prefix with the model's (several projectors may sit side by side, e.g. f16 and Q8_0)."""
    candidates = [p for p in siblings if is_mmproj(p) and p != model]
    if not candidates:
        return None

    def common(p: Path) -> int:
        n = 0
        for a, b in zip(p.name.lower(), model.name.lower(), strict=False):
            if a != b:
                break
            n += 1
        return n

    return sorted(candidates, key=lambda p: (-common(p), p.name))[0]


def is_mmproj(path: Path) -> bool:
    return path.suffix.lower() == ".gguf" and bool(MMPROJ_RE.search(path.name))


# -- Hugging Face folders --------------------------------------------------------------------------------------------
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


def _text_config(config: dict[str, Any]) -> dict[str, Any]:
    for key in ("text_config", "llm_config", "language_config", "decoder"):
        sub = config.get(key)
        if isinstance(sub, dict) and sub:
            return sub
    return config


def _first_int(d: dict[str, Any], *keys: str) -> int:
    for k in keys:
        v = d.get(k)
        if isinstance(v, int) and not isinstance(v, bool) and v > 0:
            return v
    return 0


def hf_shape(config: dict[str, Any]) -> ModelShape:
    c = _text_config(config)
    n_heads = _first_int(c, "num_attention_heads", "n_head", "num_heads", "decoder_attention_heads")
    hidden = _first_int(c, "hidden_size", "n_embd", "d_model", "dim")
    head_dim = _first_int(c, "head_dim", "d_kv") or (hidden // n_heads if n_heads else 0)
    return ModelShape(
        n_layers=_first_int(c, "num_hidden_layers", "n_layer", "num_layers", "decoder_layers", "num_decoder_layers"),
        n_heads=n_heads,
        n_kv_heads=_first_int(c, "num_key_value_heads", "num_kv_heads", "n_head_kv") or n_heads,
        head_dim=head_dim,
        hidden_size=hidden,
        ffn_size=_first_int(c, "intermediate_size", "n_inner", "d_ff", "ffn_dim", "decoder_ffn_dim"),
        vocab_size=_first_int(c, "vocab_size") or _first_int(config, "vocab_size"),
    )


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


def _labels(config: dict[str, Any]) -> tuple[str, ...]:
    id2label = config.get("id2label")
    if not isinstance(id2label, dict):
        return ()

    def key(k: str) -> tuple[int, str]:
        return (int(k), "") if str(k).lstrip("-").isdigit() else (1 << 30, str(k))

    return tuple(str(id2label[k]) for k in sorted(id2label, key=key))


def _dtype(config: dict[str, Any]) -> str:
    q = config.get("quantization_config")
    if isinstance(q, dict) and q.get("quant_method"):
        bits = q.get("bits") or ("4" if q.get("load_in_4bit") else "8" if q.get("load_in_8bit") else "")
        return f"{q['quant_method']}" + (f" {bits}-bit" if bits else "")
    for c in (config, _text_config(config)):
        v = c.get("dtype") or c.get("torch_dtype")
        if isinstance(v, str) and v:
            return v.removeprefix("torch.")
    return ""


def read_hf_record(folder: Path, source: str = "user", name: str | None = None) -> ModelRecord:
    """A record from a Hugging Face model folder: config.json and the safetensors headers, never the weights.

    Raises FileNotFoundError when the folder itself vanished (deleted mid-scan).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(str(folder))
    name = name or folder.name
    weights, missing = weight_files(folder)
    size = 0
    for w in weights:
        try:
            size += w.stat().st_size
        except OSError:
            missing.append(w.name)
    base = ModelRecord(path=folder, name=name, format="hf", backend=Engine.TRANSFORMERS, size_bytes=size, source=source)
    cfg_path = folder / "config.json"
    if not cfg_path.is_file():
        return replace(base, error=f"{folder.name} has no config.json, so it is not a complete Hugging Face model.")
    try:
        config = json.loads(cfg_path.read_text(encoding="utf-8"))
        if not isinstance(config, dict):
            raise ValueError(phrase("not a JSON object"))
    except (OSError, ValueError) as exc:
        return replace(base, error=f"The config.json of {folder.name} cannot be read ({exc}).")
    archs = [a for a in (config.get("architectures") or []) if isinstance(a, str)]
    arch = archs[0] if archs else str(config.get("model_type") or "")
    text = _text_config(config)
    record = replace(
        base,
        architecture=arch,
        quantization=_dtype(config),
        context_length=_first_int(text, "max_position_embeddings", "n_positions", "max_seq_len", "seq_length")
        or _first_int(config, "max_position_embeddings", "n_positions"),
        capabilities=hf_capabilities(config),
        labels=_labels(config) if any(a.endswith("ForSequenceClassification") for a in archs) else (),
        shape=hf_shape(config),
    )
    if not arch:
        return replace(record, error=f"The config.json of {folder.name} names no architecture or model type.")
    if not record.capabilities:
        return replace(record, error=f"{name} is a '{arch}' model, which this app does not know how to run.")
    if missing:
        return replace(record, error=f"{name} is incomplete: {', '.join(sorted(missing)[:3])} missing. "
                                     "Download it again.")  # fmt: skip
    if not weights:
        return replace(record, error=f"{name} has no weight files (.safetensors or .bin); the download is "
                                     "probably incomplete.")  # fmt: skip
    n_params = 0
    bytes_per = {"float32": 4, "float16": 2, "bfloat16": 2}.get(record.quantization, 2)
    try:
        for w in weights:
            if w.suffix == ".safetensors":
                n_params += safetensors_params(w)[0]
            else:  # pickle files cannot be read without unpickling: estimate from the size
                n_params += w.stat().st_size // bytes_per
    except ModelFileError as exc:
        return replace(record, error=str(exc))
    note = "" if weights[0].suffix == ".safetensors" else "Pickle weights (.bin): loading them asks for consent."
    return replace(record, n_params=n_params, note=note)
