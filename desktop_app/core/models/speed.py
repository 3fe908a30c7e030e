"""Predicts how fast a GGUF will run here before it is downloaded (issue 19's fit check).

Why a model and not a table: users learn only after a 5 GB download that a model crawls. What decides llama.cpp's
speed on a CPU is simple enough to predict from the header alone:

- **Decode** (one token at a time) reads every weight once per token, so it is bound by memory bandwidth. On top of
  that, each layer costs time that grows with the model's width (norms, RoPE, attention over the cache, the threads'
  barriers per operation), which dominates small models: SmolLM2-135M decodes at a third of the speed its 98 MB
  would allow. So ``seconds per token = n_layers * n_embd / 1000 * unit_overhead + bytes / bandwidth``.
  ``bandwidth`` and ``unit_overhead`` are fitted to the two built-in models' real decode speeds, measured through
  the app's own engine path (speed_measure.py): Qwen2.5-0.5B has 5x SmolLM2's bytes at a similar depth x width, so
  the pair separates the time per byte from the time per layer. Without Qwen (not prepared yet) the bandwidth is a
  numpy copy's and SmolLM2 alone sets the overhead. The copy was the weak point: it read 14.7 to 30 GB/s on this
  shared 2-core machine from one minute to the next, and llama.cpp's quantized dot products do not stream at a
  copy's rate; with it, SmolLM2's whole remainder was charged to the layers and a 4-layer, 256-wide f16 model was
  predicted 40 % slower than it ran. Fitted to both models, the random f16 llamas of bench/speed_prediction.py
  (7 to 285 MB) came within 21 %, 26 % and 29 % in three runs at loads of 2.5, 2.0-2.9 and 3.2-4.4. What is left
  is partly the load (one model's four runs span 115 to 181 tok/s) and partly systematic: every f16 model ran
  faster than predicted (by 5 to 28 %), as f16 weights cost less time per layer than the quantized references'
  (0.25 to 0.42 ms per layer per 1000 width against 0.46 to 0.61). An f16 reference would need a model written at
  measurement time; it is not done.
- **Prefill** (the prompt, in batches): ``2 * active parameters`` FLOPs per token (the output layer left out: a
  prompt's logits are computed for its last token only) at a FLOP rate, plus a time per layer per 1000 of width,
  both fitted to the two built-in models' prefill (one model: the FLOP rate alone). Less exact than decode: f16
  weights took a different path than the quantized references and ran prompts up to 2x faster than predicted.
- **GPU layers**: the layers llama.cpp offloads are read from VRAM at the GPU's bandwidth (``gpu_bandwidth``,
  bytes/s, given by the caller: nvidia-smi does not report it, so the UI passes the card's published figure or 0).
  Without a GPU everything is the CPU formula above.
- **MoE**: only ``expert_used_count / expert_count`` of the expert weights are read per token.

Plain Python (no Qt, no llama_cpp): the measurement of the built-in model is passed in by the caller.
"""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from desktop_app.core.messages import phrase
from desktop_app.core.models.memory import SystemMemory, check_fit, estimate, human_size, system_memory
from desktop_app.core.models.metadata import ModelRecord, ModelShape
from desktop_app.core.models.spec import Engine

CALIBRATION_FILE = "speed_calibration.json"
DEFAULT_N_CTX = 4096  # the context the fit check assumes (the Chat tab's default)
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

    @property
    def params(self) -> int:
        return self.n_params or int(self.size_bytes * 8 / 4.5)

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
    """This machine's measured speeds, cached in the data folder (see load_machine / save_machine)."""

    key: str  # CPU model and core count: a new CPU or a different count invalidates the cache
    bandwidth: float  # bytes/s at which decoding streams weights (fitted to the two built-in models; else a copy)
    unit_overhead_s: float  # per decoded token, per layer per 1000 of model width (ModelArch.overhead_units)
    flops: float  # prefill FLOP/s
    ref_decode_tps: float = 0.0  # what the built-in model measured (shown, and kept for the record)
    ref_prefill_tps: float = 0.0
    measured_at: float = 0.0
    gpu_bandwidth: float = 0.0  # bytes/s; 0 = no GPU (or unknown)
    prefill_unit_s: float = 0.0  # per prompt token, per layer per 1000 of width (0: prefill is FLOPs alone)


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


def bytes_per_token(arch: ModelArch, context_tokens: int = 0) -> float:
    """Bytes llama.cpp reads from memory per decoded token: the active weights, plus the KV cache so far."""
    kv = 2 * arch.n_layers * context_tokens * (arch.n_kv_heads or arch.n_heads) * arch.head_dim * 2
    return arch.size_bytes * arch.active_fraction + kv


def flops_per_token(arch: ModelArch) -> float:
    """FLOPs per prompt token. The output layer (vocabulary x width) is left out: in a prompt llama.cpp computes
    the logits of the last token only, and for the built-in Qwen2.5 0.5B that layer is a fifth of the weights."""
    output = arch.vocab_size * arch.n_embd
    body = arch.params - output if 0 < output < arch.params else arch.params
    return 2.0 * body * arch.active_fraction


def _solve(a1: float, b1: float, t1: float, a2: float, b2: float, t2: float) -> tuple[float, float] | None:
    """(x, y) with a1 x + b1 y = t1 and a2 x + b2 y = t2, both positive; None when there is no such pair."""
    det = a1 * b2 - a2 * b1
    if abs(det) < 1e-12:
        return None
    x, y = (t1 * b2 - t2 * b1) / det, (a1 * t2 - a2 * t1) / det
    return (x, y) if x > 0 and y > 0 else None


def calibrate(bandwidth: float, reference: ModelArch, decode_tps: float, prefill_tps: float,
              key: str | None = None, gpu_bandwidth: float = 0.0,
              second: tuple[ModelArch, float, float] | None = None) -> Machine:
    """A Machine from the measured bandwidth and the built-in models' measured speeds.

    With one reference (SmolLM2), the overhead is what its decode time has left after streaming its weights at
    the copy's bandwidth; it cannot be negative (a reference faster than the copy loop means the copy was
    disturbed: then the bandwidth is taken from the model itself).

    With a `second` reference (the built-in Qwen2.5 0.5B: arch, decode tok/s, prefill tok/s), both constants come
    from the engine: a 4.6x larger model with a similar depth x width separates the time per byte from the time
    per layer. Why: what llama.cpp streams per second is not what a numpy copy streams (its quantized dot products
    cost compute per byte, and the copy reads 14.7 to 24 GB/s on this shared machine from one minute to the next),
    and charging SmolLM2's whole remainder to the layers made narrow models 40 % slower than they are. The
    effective bandwidth is kept within a factor of three of the copy's (a disturbed measurement falls back to one
    reference). Prefill likewise: FLOPs at a rate, plus a time per layer per prompt token.
    """
    if decode_tps <= 0 or prefill_tps <= 0 or bandwidth <= 0:
        raise ValueError(phrase("the reference speeds and bandwidth must be positive"))
    t = 1.0 / decode_tps
    stream = bytes_per_token(reference) / bandwidth
    if stream >= t:
        bandwidth, overhead = bytes_per_token(reference) / t, 0.0
    else:
        overhead = (t - stream) / max(reference.overhead_units, 1e-9)
    flops, prefill_overhead = flops_per_token(reference) * prefill_tps, 0.0
    if second is not None and second[1] > 0:
        arch2, decode2, prefill2 = second
        fit = _solve(reference.overhead_units, bytes_per_token(reference), t,
                     arch2.overhead_units, bytes_per_token(arch2), 1.0 / decode2)
        if fit is not None and bandwidth / 3 <= 1.0 / fit[1] <= bandwidth * 3:
            overhead, bandwidth = fit[0], 1.0 / fit[1]
        pre = _solve(flops_per_token(reference), reference.overhead_units, 1.0 / prefill_tps,
                     flops_per_token(arch2), arch2.overhead_units, 1.0 / prefill2) if prefill2 > 0 else None
        if pre is not None:
            flops, prefill_overhead = 1.0 / pre[0], pre[1]
    return Machine(key=key or machine_key(), bandwidth=bandwidth, unit_overhead_s=overhead, flops=flops,
                   ref_decode_tps=decode_tps, ref_prefill_tps=prefill_tps, measured_at=time.time(),
                   gpu_bandwidth=gpu_bandwidth, prefill_unit_s=prefill_overhead)  # fmt: skip


def _record(arch: ModelArch, name: str = "model") -> ModelRecord:
    shape = ModelShape(n_layers=arch.n_layers, n_heads=arch.n_heads, n_kv_heads=arch.n_kv_heads or arch.n_heads,
                       head_dim=arch.head_dim, hidden_size=arch.n_embd, ffn_size=arch.ffn_size,
                       vocab_size=arch.vocab_size)  # fmt: skip
    return ModelRecord(path=Path(name), name=name, format="gguf", backend=Engine.LLAMA_CPP, n_params=arch.params,
                       size_bytes=arch.size_bytes, context_length=arch.n_ctx, shape=shape)  # fmt: skip


def predict(model: ModelArch | ModelRecord, machine: Machine, memory: SystemMemory | None = None,
            n_gpu_layers: int = 0, n_ctx: int = DEFAULT_N_CTX) -> SpeedPrediction:
    """Decode and prefill tokens/s for `model` on `machine`, and whether it fits in memory (memory.py's estimate,
    so the fit agrees with the Models page's). `n_gpu_layers` offloaded layers read from VRAM at
    machine.gpu_bandwidth (ignored when that is 0: no GPU measured)."""
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
    t = arch.overhead_units * (1 - gpu_share) * machine.unit_overhead_s + moved * (1 - gpu_share) / machine.bandwidth
    if gpu_share:
        t += moved * gpu_share / machine.gpu_bandwidth
    decode = 1.0 / t if t > 0 else 0.0
    per_prompt_token = flops_per_token(arch) / machine.flops + arch.overhead_units * machine.prefill_unit_s
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
    s = record.shape
    return ModelArch(size_bytes=record.size_bytes, n_layers=s.n_layers, n_embd=s.hidden_size,
                     vocab_size=s.vocab_size, n_params=record.n_params, n_ctx=record.context_length,
                     n_heads=s.n_heads, n_kv_heads=s.n_kv_heads, head_dim=s.head_dim,
                     ffn_size=s.ffn_size)  # fmt: skip


def arch_from_gguf(path: Path) -> ModelArch:
    """A GGUF on disk, MoE experts included (read from the header; raises ModelFileError for a broken file)."""
    from desktop_app.core.models.gguf_check import read_gguf_info
    from desktop_app.core.models.metadata import _meta_int, gguf_shape

    info = read_gguf_info(path, check_architecture=False)
    meta, a = info.metadata, info.architecture
    s = gguf_shape(a, meta)
    return ModelArch(size_bytes=info.file_size, n_layers=s.n_layers, n_embd=s.hidden_size,
                     vocab_size=s.vocab_size or info.vocab_size, n_params=info.n_params, n_ctx=info.context_length,
                     n_experts=_meta_int(meta, f"{a}.expert_count"),
                     n_experts_used=_meta_int(meta, f"{a}.expert_used_count"),
                     expert_ffn=_meta_int(meta, f"{a}.expert_feed_forward_length") or s.ffn_size,
                     n_heads=s.n_heads, n_kv_heads=s.n_kv_heads, head_dim=s.head_dim, ffn_size=s.ffn_size)  # fmt: skip


# -- the cache ---------------------------------------------------------------------------------------------------------
def calibration_path(folder: Path | None = None) -> Path:
    if folder is None:
        from desktop_app.core.storage.paths import data_dir

        folder = data_dir()
    return Path(folder) / CALIBRATION_FILE


def load_machine(folder: Path | None = None) -> Machine | None:
    """The cached measurement, or None when there is none, it is unreadable, or it was taken on another CPU or
    core count (then the caller measures again)."""
    try:
        d: dict[str, Any] = json.loads(calibration_path(folder).read_text(encoding="utf-8"))
        machine = Machine(**d)
    except (OSError, ValueError, TypeError):
        return None
    return machine if machine.key == machine_key() else None


def save_machine(machine: Machine, folder: Path | None = None) -> None:
    path = calibration_path(folder)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(machine)), encoding="utf-8")
    os.replace(tmp, path)


def with_gpu(machine: Machine, gpu_bandwidth: float) -> Machine:
    return replace(machine, gpu_bandwidth=gpu_bandwidth)
