"""Predicts how fast a GGUF will run here before it is downloaded (issue 19's fit check).

Why a model and not a table: users learn only after a 5 GB download that a model crawls. What decides llama.cpp's
speed on a CPU is simple enough to predict from the header alone:

- **Decode** (one token at a time) reads every weight it uses once per token. What a token reads comes from the
  header's tensor table (read_per_token), not the file size: an untied token embedding is looked up one row a
  token (94 of the built-in Qwen2.5's 491 MB are never read while decoding), a tied one is the output layer. The
  time is ``token_s + layers x layer_s + layers x width / 1000 x type_overhead_s + the sum over ggml types of
  weights x that type's cost``: a fixed time per token (the sampler, the Python loop, the chunk sent on), a time
  per layer (the graph's nodes, whatever their width), a time per layer that grows with the width (norms, RoPE,
  attention, the threads' barriers per operation), which together dominate small models (a 256-wide 4-layer
  llama: 0.13 ms of its 0.48 ms a token is the fixed time), and a time per weight that depends on the type far
  more than on its bytes. On this 2-core EPYC, one thread (bench/speed_prediction.py at load 5): Q4_K 0.029 ns a weight, Q4_0 0.037
  (llama.cpp repacks both for AVX-512), Q6_K 0.046, Q5_K 0.050, Q8_0 0.056, Q5_0 0.063, F16 0.079, Q4_1 0.084:
  a 3x spread that bytes do not order. So the costs are measured, not assumed: the two built-in models (SmolLM2 Q4_1,
  Qwen2.5 0.5B's Q5_0/Q8_0/Q6_K/Q4_K mix) and one llama per common type written for the measurement
  (speed_reference.py) are fitted together (speed_calibration.py); a type not measured costs what the measured
  type nearest in bits per weight costs (type_cost). Attention reads the KV cache, a time per byte of it where the
  references tell it apart from the layers' (predict's context_tokens). The earlier form, ``time per layer + bytes / bandwidth``
  fitted to the two built-in models, predicted F16 models 5 to 28 % slow and, once measured without the load's
  noise, a Q4_0 model 47 % slow. It is kept for what has no header (a catalogue entry: its size only), with a
  time per weight beside the time per byte where the references allow (bandwidth, weight_s, unit_overhead_s).
- **Prefill** (the prompt, in batches): ``2 x weights`` FLOPs per token (the output layer left out: a prompt's
  logits are computed for its last token only) at one FLOP rate for quantized weights and another for float ones
  (llama.cpp multiplies F16 on another path; with the quantized rate F16 prompts ran up to 2x faster than
  predicted), plus a time per layer per 1000 of width, all fitted to the same references.
- **GPU layers**: the layers llama.cpp offloads are read from VRAM at the GPU's bandwidth (``gpu_bandwidth``,
  bytes/s, given by the caller: nvidia-smi does not report it, so the UI passes the card's published figure or 0).
  Without a GPU everything is the CPU formula above.
- **MoE**: only ``expert_used_count / expert_count`` of the expert weights are read per token.

Plain Python (no Qt, no llama_cpp): the measurement of the built-in model is passed in by the caller.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.models.memory import SystemMemory, check_fit, estimate, human_size, system_memory
from desktop_app.core.models.metadata import ModelRecord, ModelShape
from desktop_app.core.models.spec import Engine

CALIBRATION_FILE = "speed_calibration.json"
DEFAULT_N_CTX = 4096  # the context the fit check assumes (the Chat tab's default)
DECODE_CONTEXT = 512  # the tokens in the cache the decode speed is predicted at (a short chat's)
MODEL_VERSION = 3  # bump when the model's form changes: cached calibrations of older forms are measured again
_BANDWIDTH_BYTES = 64 * 1024 * 1024  # big enough to leave every cache; a copy takes ~5 ms at 25 GB/s


@dataclass(frozen=True)
class ModelArch:
    """What the prediction needs to know about a GGUF, all from its header or a catalogue entry."""

    size_bytes: int
    n_layers: int
    n_embd: int = 0
    vocab_size: int = 0
    n_params: int = 0  # 0: guessed from the size at ~4.5 bits per weight
    n_ctx: int = 0  # the model's trained context (caps the fit check's context)
    n_experts: int = 0
    n_experts_used: int = 0
    expert_ffn: int = 0  # an expert's feed-forward width (expert_feed_forward_length or feed_forward_length)
    n_heads: int = 0
    n_kv_heads: int = 0
    head_dim: int = 0
    ffn_size: int = 0
    # From the header's tensor table (0: unknown, as for a catalogue entry; then estimated from the size): the
    # bytes and the weights one decoded token reads (read_per_token), and the weights a prompt token multiplies
    # that are stored as floats (F16/BF16/F32), which llama.cpp multiplies on another path than quantized ones.
    read_bytes: int = 0
    read_weights: int = 0
    float_weights: int = 0
    output_weights: int = 0  # the output layer's (a prompt computes it for its last token only)
    type_weights: tuple[tuple[str, int], ...] = ()  # (ggml type, weights of it read per decoded token)

    @property
    def params(self) -> int:
        return self.n_params or int(self.size_bytes * 8 / 4.5)

    @property
    def decode_bytes(self) -> float:
        return self.read_bytes or self.size_bytes * self.active_fraction

    @property
    def decode_weights(self) -> float:
        return self.read_weights or self.params * self.active_fraction

    @property
    def bytes_per_param(self) -> float:
        return self.size_bytes / self.params if self.params else 0.56

    @property
    def width(self) -> int:
        """n_embd, or for a catalogue entry that omits it, the width a dense transformer of this parameter count
        and depth has (params ~ 12 * n_layers * n_embd^2)."""
        if self.n_embd:
            return self.n_embd
        return int((self.params / (12 * max(self.n_layers, 1))) ** 0.5)

    @property
    def overhead_units(self) -> float:
        """What the per-token overhead scales with: layers times width (in thousands)."""
        return max(self.n_layers, 1) * self.width / 1000

    @property
    def active_fraction(self) -> float:
        """The share of the weights one token reads: all of them, except the experts a MoE router skips."""
        if self.n_experts <= 1 or not self.n_experts_used or not self.expert_ffn or not self.params:
            return 1.0
        expert_params = 3 * self.n_layers * self.n_embd * self.expert_ffn * self.n_experts
        expert_share = min(expert_params / self.params, 1.0)
        return 1.0 - expert_share * (1.0 - self.n_experts_used / self.n_experts)


@dataclass(frozen=True)
class Machine:
    """This machine's measured speeds, cached in the data folder (speed_calibration.load_machine / save_machine)."""

    key: str  # CPU model and core count: a new CPU or a different count invalidates the cache
    bandwidth: float  # bytes/s at which decoding streams weights (fitted to the two built-in models; else a copy)
    unit_overhead_s: float  # per decoded token, per layer per 1000 of model width (ModelArch.overhead_units)
    flops: float  # prefill FLOP/s
    ref_decode_tps: float = 0.0  # what the built-in model measured (shown, and kept for the record)
    ref_prefill_tps: float = 0.0
    measured_at: float = 0.0
    gpu_bandwidth: float = 0.0  # bytes/s; 0 = no GPU (or unknown)
    prefill_unit_s: float = 0.0  # per prompt token, per layer per 1000 of width (0: prefill is FLOPs alone)
    weight_s: float = 0.0  # per decoded token, per weight read (the dot products' compute; 0: bytes alone)
    float_flops: float = 0.0  # prefill FLOP/s of float (F16/BF16/F32) weights; 0: as quantized ones (`flops`)
    # per decoded weight of each measured ggml type (speed_reference.REFERENCE_TYPES), with type_overhead_s per
    # layer per 1000 of width; empty: the bytes/weights form above
    type_weight_s: dict[str, float] = field(default_factory=dict)
    type_overhead_s: float = 0.0
    kv_byte_s: float = 0.0  # per byte of KV cache a decoded token's attention reads (with the type costs)
    token_s: float = 0.0  # per decoded token, whatever the model (sampling, the Python loop; with the type costs)
    layer_s: float = 0.0  # per decoded token, per layer whatever its width (the graph's nodes; with the type costs)
    version: int = MODEL_VERSION  # the form it was calibrated for: a cache of an older one is measured again


@dataclass(frozen=True)
class SpeedPrediction:
    decode_tps: float
    prefill_tps: float
    fits: bool
    needs_bytes: int
    free_bytes: int

    @property
    def sentence(self) -> str:
        """English, for the CLI and logs; the UI builds its translated text from the numbers."""
        if not self.fits:
            return f"too big: needs {human_size(self.needs_bytes)}, {human_size(self.free_bytes)} free"
        return f"fits · about {self.decode_tps:.0f} tok/s"


def machine_key() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu} x{os.cpu_count() or 1}"


def measure_bandwidth(repeats: int = 20) -> float:
    """RAM bandwidth in bytes/s: the best of 20 64 MB numpy copies (a copy reads and writes each byte), ~0.2 s.
    Many short tries, not a few: on a busy machine the best of 5 read 14.7 GB/s where a quiet moment gives 23.6,
    and a low bandwidth moves the whole prediction (it sets how much of the reference's time is its weights)."""
    import numpy as np

    a = np.ones(_BANDWIDTH_BYTES // 8)
    b = np.empty_like(a)
    np.copyto(b, a)  # touch both pages before timing
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        np.copyto(b, a)
        best = min(best, time.perf_counter() - t)
    return 2 * a.nbytes / max(best, 1e-9)


FLOAT_TYPES = frozenset({"F16", "BF16", "F32", "F64"})


def read_per_token(tensors: Sequence[tuple[str, str, int]], n_experts: int = 0, n_experts_used: int = 0,
                   ) -> tuple[int, int, int, int, dict[str, int]]:
    """(bytes, weights, float weights, output-layer weights, weights per ggml type) one decoded token reads, from
    a GGUF's tensor table
    ((name, ggml type, bytes) each, gguf_check.GGUFInfo.tensors).

    Why not the file size: the token embedding is looked up one row per token, so where the model has its own
    output layer the embedding is not read at all (the built-in Qwen2.5 0.5B: 94 of its 491 MB); where the
    embedding is tied (SmolLM2) it is the output layer and read whole. A MoE's expert tensors (`*_exps`) are
    read for the experts a token uses only. Weights are counted apart from bytes because the dot products cost
    compute per weight: a Q4 byte holds two weights to unpack, an F16 byte half of one."""
    import gguf

    names = {t[0] for t in tensors}
    has_output = "output.weight" in names
    share = n_experts_used / n_experts if n_experts > 1 and n_experts_used else 1.0
    nbytes = weights = floats = output = 0.0
    by_type: dict[str, int] = {}
    for name, type_name, size in tensors:
        if name == "token_embd.weight" and has_output:
            continue
        block, type_size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType[type_name]]
        count = size * block / type_size * (share if "_exps" in name else 1.0)
        nbytes += size * (share if "_exps" in name else 1.0)
        weights += count
        by_type[type_name] = by_type.get(type_name, 0) + int(count)
        floats += count if type_name in FLOAT_TYPES else 0
        if name in ("output.weight", "token_embd.weight"):
            output += count
    return int(nbytes), int(weights), int(floats), int(output), by_type


def type_cost(machine: Machine, type_name: str) -> float:
    """Seconds per decoded weight of `type_name`: measured, or for a type not measured (IQ4_XS, Q3_K, BF16…), the
    measured type nearest in bits per weight (floats: F16's)."""
    import gguf

    costs = machine.type_weight_s
    if type_name in costs:
        return costs[type_name]
    if type_name in FLOAT_TYPES and "F16" in costs:
        return costs["F16"]

    def bits(name: str) -> float:
        try:
            block, size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType[name]]
        except KeyError:
            return 4.5
        return size * 8 / block

    return costs[min(costs, key=lambda name: abs(bits(name) - bits(type_name)))]


def kv_bytes(arch: ModelArch, context_tokens: int) -> float:
    """Bytes of KV cache (F16 keys and values) a decoded token's attention reads with `context_tokens` cached."""
    return 2 * arch.n_layers * context_tokens * (arch.n_kv_heads or arch.n_heads) * arch.head_dim * 2


def bytes_per_token(arch: ModelArch, context_tokens: int = 0) -> float:
    """Bytes llama.cpp reads from memory per decoded token: the active weights, plus the KV cache so far."""
    return arch.decode_bytes + kv_bytes(arch, context_tokens)


def prompt_weights(arch: ModelArch) -> tuple[float, float]:
    """(quantized, float) weights a prompt token is multiplied by. The output layer (vocabulary x width) is left
    out: in a prompt llama.cpp computes the logits of the last token only, and for the built-in Qwen2.5 0.5B that
    layer is a fifth of the weights."""
    if arch.read_weights:
        body = arch.read_weights - arch.output_weights
        floats = min(arch.float_weights, body)
        return float(body - floats), float(floats)
    output = arch.vocab_size * arch.n_embd
    body = arch.params - output if 0 < output < arch.params else arch.params
    return body * arch.active_fraction, 0.0


def flops_per_token(arch: ModelArch) -> float:
    """FLOPs per prompt token: two per weight (prompt_weights)."""
    return 2.0 * sum(prompt_weights(arch))


def _record(arch: ModelArch, name: str = "model") -> ModelRecord:
    shape = ModelShape(n_layers=arch.n_layers, n_heads=arch.n_heads, n_kv_heads=arch.n_kv_heads or arch.n_heads,
                       head_dim=arch.head_dim, hidden_size=arch.n_embd, ffn_size=arch.ffn_size,
                       vocab_size=arch.vocab_size)  # fmt: skip
    return ModelRecord(path=Path(name), name=name, format="gguf", backend=Engine.LLAMA_CPP, n_params=arch.params,
                       size_bytes=arch.size_bytes, context_length=arch.n_ctx, shape=shape)  # fmt: skip


def predict(model: ModelArch | ModelRecord, machine: Machine, memory: SystemMemory | None = None,
            n_gpu_layers: int = 0, n_ctx: int = DEFAULT_N_CTX,
            context_tokens: int = DECODE_CONTEXT) -> SpeedPrediction:
    """Decode and prefill tokens/s for `model` on `machine`, and whether it fits in memory (memory.py's estimate,
    so the fit agrees with the Models page's). `n_gpu_layers` offloaded layers read from VRAM at
    machine.gpu_bandwidth (ignored when that is 0: no GPU measured). Decode is predicted with `context_tokens` in
    the cache (attention reads them all for every token)."""
    arch = arch_from_record(model) if isinstance(model, ModelRecord) else model
    record = model if isinstance(model, ModelRecord) else _record(arch)
    layers = max(arch.n_layers, 1)
    gpu_share = 0.0
    if n_gpu_layers and machine.gpu_bandwidth > 0:
        ngl = layers + 1 if n_gpu_layers < 0 else min(n_gpu_layers, layers + 1)
        gpu_share = ngl / (layers + 1)
    else:
        n_gpu_layers = 0
    moved = bytes_per_token(arch)
    if machine.type_weight_s and arch.type_weights:
        cpu = (machine.token_s + arch.n_layers * machine.layer_s + arch.overhead_units * machine.type_overhead_s
               + kv_bytes(arch, context_tokens) * machine.kv_byte_s
               + sum(n * type_cost(machine, t) for t, n in arch.type_weights))
    else:
        cpu = (arch.overhead_units * machine.unit_overhead_s + arch.decode_weights * machine.weight_s
               + moved / machine.bandwidth)
    t = cpu * (1 - gpu_share) + (moved * gpu_share / machine.gpu_bandwidth if gpu_share else 0.0)
    decode = 1.0 / t if t > 0 else 0.0
    quantized, floats = prompt_weights(arch)
    per_prompt_token = (2 * quantized / machine.flops + 2 * floats / (machine.float_flops or machine.flops)
                        + arch.overhead_units * machine.prefill_unit_s)
    prefill = 1.0 / per_prompt_token if arch.params and per_prompt_token > 0 else 0.0
    if gpu_share:  # a GPU computes far faster than the CPU: the CPU layers bound the prompt's speed
        prefill /= max(1 - gpu_share, 0.05)
    memory = memory or system_memory(include_vram=bool(n_gpu_layers))
    est = estimate(record, n_ctx, n_gpu_layers=n_gpu_layers)
    verdict = check_fit(est, memory)
    free = memory.available_ram if not est.gpu_bytes or memory.vram_free is None else memory.vram_free
    needs = est.total_bytes if not est.gpu_bytes else est.gpu_bytes
    return SpeedPrediction(decode, prefill, verdict.fits, int(needs), int(free))


def predict_for_catalog_entry(size_bytes: int, n_layers: int, n_embd: int = 0, vocab_size: int = 0,
                              n_params: int = 0, n_experts: int = 0, n_experts_used: int = 0,
                              expert_ffn: int = 0, *, machine: Machine,
                              memory: SystemMemory | None = None, n_gpu_layers: int = 0) -> SpeedPrediction:
    """The Discover page's call, for a file not downloaded yet: its size in bytes, its block count and, when the
    catalogue knows them, its width, vocabulary, parameter count and MoE experts (total, used per token, and each
    expert's feed-forward width). Anything 0 is unknown and estimated from the size."""
    arch = ModelArch(size_bytes=size_bytes, n_layers=n_layers, n_embd=n_embd, vocab_size=vocab_size,
                     n_params=n_params, n_experts=n_experts, n_experts_used=n_experts_used,
                     expert_ffn=expert_ffn)  # fmt: skip
    return predict(arch, machine, memory=memory, n_gpu_layers=n_gpu_layers)


def catalog_decode_tps(entry: Any, quant: str | None, machine: Machine | None) -> float | None:
    """Predicted decode tokens/s of a catalogue GGUF (core/models/catalog.py's CatalogEntry) in quantization
    `quant` (its first when None or unknown) on this machine; None for a model folder (not llama.cpp) or when the
    machine was not measured yet. The catalogue gives sizes only, so the architecture is estimated from them."""
    if machine is None or getattr(entry, "kind", "") != "gguf" or not entry.quants:
        return None
    chosen = next((q for q in entry.quants if q.quant == quant), entry.quants[0])
    return predict_for_catalog_entry(int(chosen.size_bytes), 0, machine=machine).decode_tps


def arch_from_record(record: ModelRecord) -> ModelArch:
    """The record's shape; for a GGUF on disk, what a token reads comes from its header's tensor table (a few
    milliseconds: the header is walked, not loaded), else it is estimated from the size."""
    if record.format == "gguf" and Path(record.path).is_file():
        try:
            return arch_from_gguf(Path(record.path))
        except (DesktopAppError, OSError):
            pass
    s = record.shape
    return ModelArch(size_bytes=record.size_bytes, n_layers=s.n_layers, n_embd=s.hidden_size,
                     vocab_size=s.vocab_size, n_params=record.n_params, n_ctx=record.context_length,
                     n_heads=s.n_heads, n_kv_heads=s.n_kv_heads, head_dim=s.head_dim,
                     ffn_size=s.ffn_size)  # fmt: skip


def arch_from_gguf(path: Path) -> ModelArch:
    """A GGUF on disk, MoE experts and what a token reads included (read from the header; raises ModelFileError
    for a broken file)."""
    from desktop_app.core.models.gguf_check import read_gguf_info
    from desktop_app.core.models.metadata import _meta_int, gguf_shape

    info = read_gguf_info(path, check_architecture=False)
    meta, a = info.metadata, info.architecture
    s = gguf_shape(a, meta)
    n_experts, n_used = _meta_int(meta, f"{a}.expert_count"), _meta_int(meta, f"{a}.expert_used_count")
    read_bytes, read_weights, float_weights, output_weights, by_type = read_per_token(info.tensors, n_experts, n_used)
    return ModelArch(size_bytes=info.file_size, n_layers=s.n_layers, n_embd=s.hidden_size,
                     vocab_size=s.vocab_size or info.vocab_size, n_params=info.n_params, n_ctx=info.context_length,
                     n_experts=n_experts, n_experts_used=n_used,
                     expert_ffn=_meta_int(meta, f"{a}.expert_feed_forward_length") or s.ffn_size,
                     n_heads=s.n_heads, n_kv_heads=s.n_kv_heads, head_dim=s.head_dim, ffn_size=s.ffn_size,
                     read_bytes=read_bytes, read_weights=read_weights, float_weights=float_weights,
                     output_weights=output_weights, type_weights=tuple(sorted(by_type.items())))  # fmt: skip


def with_gpu(machine: Machine, gpu_bandwidth: float) -> Machine:
    return replace(machine, gpu_bandwidth=gpu_bandwidth)
