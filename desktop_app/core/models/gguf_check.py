"""Validate a GGUF file's header before llama.cpp sees it, and read the metadata the app needs.

llama.cpp answers a bad file with a bare "Failed to load model" (or worse, an abort), so every file is checked
here first and each fault gets a sentence a user can act on.

We use the `gguf` package's format constants (value types, quantization block sizes, architecture names) but walk
the header ourselves: `gguf.GGUFReader` materialises every tokenizer array as Python objects, which takes 2.5 s
for SmolLM2 and 8 s for Qwen2.5's 151k-token vocabulary. Skipping arrays by their declared sizes takes
milliseconds and still proves that the header and every tensor lie inside the file.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import gguf

from desktop_app.core.errors import ModelFileError, UnsupportedArchitectureError
from desktop_app.core.messages import phrase

GGUF_MAGIC = b"GGUF"
_SCALAR_FORMATS: dict[int, str] = {
    gguf.GGUFValueType.UINT8: "<B",
    gguf.GGUFValueType.INT8: "<b",
    gguf.GGUFValueType.UINT16: "<H",
    gguf.GGUFValueType.INT16: "<h",
    gguf.GGUFValueType.UINT32: "<I",
    gguf.GGUFValueType.INT32: "<i",
    gguf.GGUFValueType.FLOAT32: "<f",
    gguf.GGUFValueType.BOOL: "<?",
    gguf.GGUFValueType.UINT64: "<Q",
    gguf.GGUFValueType.INT64: "<q",
    gguf.GGUFValueType.FLOAT64: "<d",
}
# Arrays longer than this are skipped, not read: only tokenizer tables are that long and we never need them.
_MAX_ARRAY_READ = 64
_MAX_STRING = 16 * 1024 * 1024


def supported_architectures() -> frozenset[str]:
    return frozenset(gguf.MODEL_ARCH_NAMES.values())


@dataclass
class GGUFInfo:
    path: Path
    version: int
    architecture: str
    name: str
    file_size: int
    tensor_count: int
    context_length: int = 0
    chat_template: str = ""
    file_type: int | None = None
    languages: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    n_params: int = 0  # summed from the tensor shapes (most headers lack general.parameter_count)
    vocab_size: int = 0  # from token_embd.weight's shape (the token list itself is skipped)
    # (name, ggml type name, bytes) of every tensor, in file order: the speed predictor weighs bytes by type
    tensors: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def quantization(self) -> str:
        if self.file_type is None:
            return ""
        try:
            return gguf.LlamaFileType(self.file_type).name.removeprefix("MOSTLY_")
        except ValueError:
            return str(self.file_type)


class _Truncated(Exception):
    pass


class _Reader:
    def __init__(self, fh: BinaryIO, size: int):
        self.fh = fh
        self.size = size

    def read(self, n: int) -> bytes:
        data = self.fh.read(n)
        if len(data) != n:
            raise _Truncated
        return data

    def unpack(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        n = self.unpack("<Q")
        if n > _MAX_STRING or self.fh.tell() + n > self.size:
            raise _Truncated
        return self.read(n).decode("utf-8", errors="replace")

    def skip(self, n: int) -> None:
        if self.fh.tell() + n > self.size:
            raise _Truncated
        self.fh.seek(n, 1)

    def value(self, vtype: int) -> Any:
        if vtype == gguf.GGUFValueType.STRING:
            return self.string()
        if vtype == gguf.GGUFValueType.ARRAY:
            item_type = self.unpack("<I")
            count = self.unpack("<Q")
            if count <= _MAX_ARRAY_READ:
                return [self.value(item_type) for _ in range(count)]
            if item_type == gguf.GGUFValueType.STRING:
                for _ in range(count):
                    self.skip(self.unpack("<Q"))
            elif item_type in _SCALAR_FORMATS:
                self.skip(count * struct.calcsize(_SCALAR_FORMATS[item_type]))
            else:
                for _ in range(count):
                    self.value(item_type)
            return None
        fmt = _SCALAR_FORMATS.get(vtype)
        if fmt is None:
            raise ModelFileError(phrase("unknown metadata value type {vtype}", vtype=vtype))
        return self.unpack(fmt)


# Sane bounds for the hyperparameters llama.cpp trusts. Out of them it aborts (GGML_ASSERT) or overflows an array
# size rather than failing with a message, so a file is refused here first. The bounds are wide: the largest
# published models (Llama 4 with a 10M-token context, 126 layers, 128 heads, 16k-wide embeddings) sit well inside.
MAX_BLOCKS = 4096
MAX_CONTEXT = 1 << 24
MIN_CONTEXT = 16
MAX_EMBEDDING = 1 << 20
MAX_HEADS = 1 << 14
# Integer tensor types hold token ids or indices, never weights: a weight stored as one makes ggml abort.
_INTEGER_TYPES = frozenset({gguf.GGMLQuantizationType.I8, gguf.GGMLQuantizationType.I16,
                            gguf.GGMLQuantizationType.I32, gguf.GGMLQuantizationType.I64})
# 1-D tensors (norms, biases) are added to activations element by element: llama.cpp needs them unquantized.
_VECTOR_TYPES = frozenset({gguf.GGMLQuantizationType.F32, gguf.GGMLQuantizationType.F16,
                           gguf.GGMLQuantizationType.BF16})


def _tensor_nbytes(name: str, shape: list[int], ggml_type: int) -> int:
    try:
        qtype = gguf.GGMLQuantizationType(ggml_type)
        block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
    except (ValueError, KeyError) as exc:
        raise ModelFileError(phrase("tensor {name} has an unknown type ({ggml_type})", name=name, ggml_type=ggml_type)) from exc
    if shape and shape[0] % block_size:
        raise ModelFileError(
            phrase("tensor {name} is stored as {other_name}, whose blocks of {block_size} do not divide its rows of {shape}", name=name, other_name=qtype.name, block_size=block_size, shape=shape[0])
        )
    if qtype in _INTEGER_TYPES and not name.startswith(("token_types", "rope_")):
        raise ModelFileError(phrase("tensor {name} holds integers ({other_name}), not weights", name=name, other_name=qtype.name))
    if len(shape) == 1 and qtype not in _VECTOR_TYPES and not name.startswith("rope_"):
        raise ModelFileError(phrase("tensor {name} is a vector stored as {other_name}; llama.cpp needs F32, F16 or BF16", name=name, other_name=qtype.name))
    n = 1
    for d in shape:
        n *= d
    return n * type_size // block_size


def _ints(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def check_hyperparameters(arch: str, meta: dict[str, Any]) -> None:
    """Refuse hyperparameters llama.cpp would crash on: each fault is one phrase (the caller names the file)."""

    def bounded(key: str, low: int, high: int, what: str, allow_zero_items: bool = False) -> None:
        if key not in meta:
            return
        values = _ints(meta[key])
        for v in values:
            floor = 0 if (allow_zero_items and len(values) > 1) else low
            if not isinstance(v, int) or isinstance(v, bool) or not floor <= v <= high:
                raise ModelFileError(phrase("its {what} ({key} = {meta}) is outside {low}–{high}", what=what, key=key, meta=meta[key], low=f"{low:,}", high=f"{high:,}"))

    bounded(f"{arch}.block_count", 1, MAX_BLOCKS, "layer count")
    bounded(f"{arch}.context_length", MIN_CONTEXT, MAX_CONTEXT, "context length")
    bounded(f"{arch}.embedding_length", 1, MAX_EMBEDDING, "embedding length")
    bounded(f"{arch}.attention.head_count", 1, MAX_HEADS, "attention head count", allow_zero_items=True)
    bounded(f"{arch}.attention.head_count_kv", 1, MAX_HEADS, "key/value head count", allow_zero_items=True)
    heads, kv = meta.get(f"{arch}.attention.head_count"), meta.get(f"{arch}.attention.head_count_kv")
    if isinstance(heads, int) and isinstance(kv, int) and kv and heads % kv:
        raise ModelFileError(phrase("its {heads} attention heads cannot be shared among {kv} key/value heads", heads=heads, kv=kv))
    for key, value in meta.items():
        if "epsilon" in key.rsplit(".", 1)[-1]:
            if not isinstance(value, int | float) or not math.isfinite(value) or not 0 < value < 1:
                raise ModelFileError(phrase("its normalization epsilon ({key} = {value}) is not a small positive number", key=key, value=value))


def _check_tiling(name: str, spans: list[tuple[int, int, str]], alignment: int) -> None:
    """Tensors lie one after another, each padded to the alignment (llama.cpp's loader expects exactly that). A
    tensor whose size disagrees with where the next one starts has a type or shape that does not match its data."""
    spans = sorted(spans)
    for (offset, nbytes, tensor), (next_offset, _n, _t) in zip(spans, spans[1:], strict=False):
        end = offset + nbytes
        if next_offset != end + (-end % alignment):
            raise ModelFileError(
                phrase("{name} cannot be loaded: tensor {tensor}'s type and shape ({nbytes} bytes) do not match the space its data takes in the file.", name=name, tensor=tensor, nbytes=f"{nbytes:,}")
            )


def read_gguf_info(path: str | Path, check_architecture: bool = True) -> GGUFInfo:
    """Check that `path` is a complete GGUF model file and return its metadata.

    Raises ModelFileError (or UnsupportedArchitectureError) with a message meant for the user.
    """
    p = Path(path).expanduser()
    if not p.exists():
        raise ModelFileError(phrase("Model file not found: {path}", path=p))
    if p.is_dir():
        raise ModelFileError(phrase("{path} is a folder, not a .gguf model file.", path=p))
    try:
        size = p.stat().st_size
        fh = p.open("rb")
    except OSError as exc:
        raise ModelFileError(phrase("Cannot read {name}: {error}", name=p.name, error=exc.strerror or exc)) from exc
    if size == 0:
        fh.close()
        raise ModelFileError(phrase("{name} is empty (0 bytes). The download or copy probably failed; get it again.", name=p.name))
    with fh:
        r = _Reader(fh, size)
        try:
            magic = r.read(4)
        except _Truncated:
            magic = b""
        if magic != GGUF_MAGIC:
            raise ModelFileError(
                phrase("{name} is not a GGUF model (it starts with {magic}, a GGUF file starts with b'GGUF'). llama.cpp only loads .gguf files; convert other formats first.", name=p.name, magic=repr(magic))
            )
        try:
            version = r.unpack("<I")
            if version not in (2, 3):
                raise ModelFileError(phrase("{name} uses GGUF version {version}, which this app cannot read.", name=p.name, version=version))
            tensor_count = r.unpack("<Q")
            kv_count = r.unpack("<Q")
            if tensor_count > 1_000_000 or kv_count > 1_000_000:
                raise ModelFileError(phrase("{name} has a corrupt header (impossible counts).", name=p.name))
            meta: dict[str, Any] = {}
            for _ in range(kv_count):
                key = r.string()
                meta[key] = r.value(r.unpack("<I"))
            data_end_rel = 0
            n_params = 0
            vocab_size = 0
            spans: list[tuple[int, int, str]] = []
            tensors: list[tuple[str, str, int]] = []
            for _ in range(tensor_count):
                tensor_name = r.string()
                n_dims = r.unpack("<I")
                if n_dims > 8:
                    raise ModelFileError(phrase("{name} has a corrupt tensor table.", name=p.name))
                shape = [r.unpack("<Q") for _ in range(n_dims)]
                ggml_type = r.unpack("<I")
                offset = r.unpack("<Q")
                try:
                    nbytes = _tensor_nbytes(tensor_name, shape, ggml_type)
                except ModelFileError as exc:
                    raise ModelFileError(phrase("{name} cannot be loaded: {error}.", name=p.name, error=exc)) from None
                spans.append((offset, nbytes, tensor_name))
                tensors.append((tensor_name, gguf.GGMLQuantizationType(ggml_type).name, nbytes))
                data_end_rel = max(data_end_rel, offset + nbytes)
                n_params += math.prod(shape)
                if tensor_name == "token_embd.weight" and len(shape) >= 2:
                    vocab_size = shape[1]
            alignment = int(meta.get("general.alignment", 32) or 32)
            if alignment <= 0 or alignment & (alignment - 1):
                raise ModelFileError(phrase("{name} has a corrupt header (alignment {alignment}).", name=p.name, alignment=alignment))
            _check_tiling(p.name, spans, alignment)
            pos = fh.tell()
            data_start = pos + (-pos % alignment)
        except _Truncated:
            raise ModelFileError(
                phrase("{name} is truncated: its header ends early ({size} bytes on disk). Download it again.", name=p.name, size=f"{size:,}")
            ) from None
        except (struct.error, UnicodeDecodeError, OverflowError) as exc:
            raise ModelFileError(phrase("{name} has a corrupt header: {error}", name=p.name, error=exc)) from exc
    expected = data_start + data_end_rel
    if expected > size:
        raise ModelFileError(
            phrase("{name} is truncated: the model needs {expected} bytes but the file has {size}. The download or copy stopped early; get the file again.", name=p.name, expected=f"{expected:,}", size=f"{size:,}")
        )
    arch = str(meta.get("general.architecture") or "")
    if not arch:
        raise ModelFileError(phrase("{name} does not say which architecture it is (no general.architecture).", name=p.name))
    if check_architecture and arch not in supported_architectures():
        raise UnsupportedArchitectureError(
            phrase("{name} is a '{arch}' model, an architecture this version of llama.cpp does not support. Try a newer app version or another model.", name=p.name, arch=arch)
        )
    try:
        check_hyperparameters(arch, meta)
    except ModelFileError as exc:
        raise ModelFileError(phrase("{name} cannot be loaded: {error}. The file is damaged or was written wrongly.", name=p.name, error=exc)) from None
    return GGUFInfo(
        path=p,
        version=version,
        architecture=arch,
        name=str(meta.get("general.name") or p.stem),
        file_size=size,
        tensor_count=tensor_count,
        context_length=int(meta.get(f"{arch}.context_length") or 0),
        chat_template=str(meta.get("tokenizer.chat_template") or ""),
        file_type=meta.get("general.file_type"),
        languages=list(meta.get("general.languages") or []),
        metadata={k: v for k, v in meta.items() if not k.startswith("tokenizer.ggml")},
        n_params=n_params,
        vocab_size=vocab_size,
        tensors=tensors,
    )


# -- vision projectors (mmproj) ------------------------------------------------------------------------------
def check_projector(path: str | Path) -> GGUFInfo:
    """Validate a projector file before llama.cpp sees it, with one sentence per fault.

    clip.cpp reads a projector with asserts that abort the process when a key is missing (a file without
    `clip.has_vision_encoder` takes the whole app down), so the header is walked here first, as for models.
    """
    p = Path(path).expanduser()
    try:
        info = read_gguf_info(p, check_architecture=False)
    except ModelFileError as exc:
        raise ModelFileError(phrase("The vision projector cannot be used: {error}", error=exc)) from exc
    meta = info.metadata
    if info.architecture != "clip":
        raise ModelFileError(
            phrase("{name} is not a vision projector: it is a '{architecture}' GGUF, while a projector (mmproj) file is a 'clip' GGUF. Choose the mmproj file made for this model.", name=p.name, architecture=info.architecture)
        )
    if not meta.get("clip.has_vision_encoder"):
        raise ModelFileError(phrase("{name} has no image encoder (it may be an audio-only projector).", name=p.name))
    if not projector_type(info):
        raise ModelFileError(phrase("{name} does not say which projector it is (no clip.projector_type).", name=p.name))
    for key in ("clip.vision.image_size", "clip.vision.patch_size", "clip.vision.embedding_length"):
        if not isinstance(meta.get(key), int) or meta[key] <= 0:
            raise ModelFileError(phrase("{name} is a damaged vision projector: {key} is missing or invalid.", name=p.name, key=key))
    return info


def projector_type(info: GGUFInfo) -> str:
    meta = info.metadata
    return str(meta.get("clip.projector_type") or meta.get("clip.vision.projector_type") or "")
