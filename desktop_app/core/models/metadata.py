"""What the library knows about one model on disk, read from headers only (never from the weights).

A `ModelRecord` is built from a GGUF header (through `gguf_check.read_gguf_info`, which skips tokenizer tables) or
from a Hugging Face folder's `config.json` plus the JSON headers of its safetensors files. Both take milliseconds
even for multi-GB models, so the whole library can be re-read on start.

A model that cannot be used is still a record, with `error` set: the library shows it greyed with the reason
instead of hiding it, so the user learns why their download does not appear as usable.

What a Hugging Face folder's files and config say is read by `hf_folder.py`; this module builds the records.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_app.core.errors import ModelFileError
from desktop_app.core.messages import phrase
from desktop_app.core.models.hf_folder import (  # hf_capabilities and the others stay importable from here
    config_dtype,
    config_labels,
    first_int,
    hf_capabilities,
    safetensors_params,
    text_config,
    weight_files,
)
from desktop_app.core.models.spec import Engine, ModelSpec

CAPABILITIES = ("chat", "vision", "seq2seq", "classifier", "captioner")
SOURCES = ("app", "user", "hf-cache", "lmstudio", "ollama")
MMPROJ_RE = re.compile(r"mmproj", re.IGNORECASE)
# GGUF architectures that are encoders (embeddings, rerankers): they load in llama.cpp but cannot chat.
_GGUF_ENCODERS = frozenset({"bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "neo-bert", "t5encoder"})


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
    complete instead of chatting. False for anything else. Reads the header, vocabulary included: 0.2-0.25 s for
    SmolLM2 or Qwen2.5, so never on the GUI thread (a loaded model says it in ModelInfo.base_model)."""
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

def hf_shape(config: dict[str, Any]) -> ModelShape:
    c = text_config(config)
    n_heads = first_int(c, "num_attention_heads", "n_head", "num_heads", "decoder_attention_heads")
    hidden = first_int(c, "hidden_size", "n_embd", "d_model", "dim")
    head_dim = first_int(c, "head_dim", "d_kv") or (hidden // n_heads if n_heads else 0)
    return ModelShape(
        n_layers=first_int(c, "num_hidden_layers", "n_layer", "num_layers", "decoder_layers", "num_decoder_layers"),
        n_heads=n_heads,
        n_kv_heads=first_int(c, "num_key_value_heads", "num_kv_heads", "n_head_kv") or n_heads,
        head_dim=head_dim,
        hidden_size=hidden,
        ffn_size=first_int(c, "intermediate_size", "n_inner", "d_ff", "ffn_dim", "decoder_ffn_dim"),
        vocab_size=first_int(c, "vocab_size") or first_int(config, "vocab_size"),
    )



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
    text = text_config(config)
    record = replace(
        base,
        architecture=arch,
        quantization=config_dtype(config),
        context_length=first_int(text, "max_position_embeddings", "n_positions", "max_seq_len", "seq_length")
        or first_int(config, "max_position_embeddings", "n_positions"),
        capabilities=hf_capabilities(config),
        labels=config_labels(config) if any(a.endswith("ForSequenceClassification") for a in archs) else (),
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
