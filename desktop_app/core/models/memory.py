"""Will this model fit? An estimate of the memory a load takes, checked against what the machine has free.

The estimate is arithmetic over the record's header fields, so a model far too large is refused before a single
byte is allocated (llama.cpp would otherwise abort, and PyTorch would push the machine into swap).

What a loaded model costs, as measured (tests/library/test_memory.py holds the estimates within 25% of the
resident memory after a real load and a prompt that fills most of the context):

- weights: llama.cpp maps the GGUF file and touches all of it at load (the file's size). PyTorch holds
  n_params × bytes per element of the dtype the backend picks (float32 on the CPU, half precision on a GPU).
- KV cache: 2 (K and V) × n_layers × n_ctx × n_kv_heads × head_dim × bytes per element. llama.cpp's default
  cache type is f16 (2 bytes) and it allocates and clears the whole cache at load; PyTorch's grows with the
  conversation in the model's dtype, so the estimate is for a full context.
- compute: llama.cpp reserves a graph buffer for a 512-token batch (mostly logits for 512 outputs, which the app
  never asks for), but what becomes resident is the attention scores of one prefill step (the app evaluates 256
  tokens at a time): 256 × n_ctx × n_heads × f32, plus the step's activations. PyTorch's prefill activations are
  n_ctx × (2 × hidden + ffn) × f32.
- overhead: llama.cpp's vocabulary tables grow with the vocabulary (~384 bytes a token, measured with SmolLM2's
  49k and Qwen2.5's 152k vocabularies) on top of ~12 MiB; PyTorch's first forward pass and the tokenizer ~20 MiB.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field

from desktop_app.core.models.metadata import ModelRecord
from desktop_app.core.models.spec import Engine

MiB = 1 << 20
GiB = 1 << 30
PREFILL_STEP = 256  # tokens per llama.cpp prefill step (backends/llama_kv.py PREFILL_STEP)
LLAMA_OVERHEAD = 12 * MiB
LLAMA_BYTES_PER_VOCAB = 384
TORCH_OVERHEAD = 20 * MiB
CUDA_CONTEXT = 400 * MiB  # host memory the CUDA runtime itself takes once initialised
Q4_K_M_BITS = 4.85  # bits per weight of the usual "small but good" llama.cpp quantization
_DTYPE_BYTES = {"float32": 4, "fp32": 4, "float16": 2, "fp16": 2, "bfloat16": 2, "bf16": 2}
RAM_HEADROOM = 0.9  # leave a tenth of the free memory to the rest of the system


@dataclass(frozen=True)
class MemoryEstimate:
    weights_bytes: int
    kv_bytes: int
    compute_bytes: int
    overhead_bytes: int
    gpu_bytes: int  # the part that must fit in VRAM (0 when everything stays on the CPU)
    n_ctx: int
    n_gpu_layers: int
    backend: str
    dtype: str
    record: ModelRecord = field(compare=False, repr=False)
    device: str = "cpu"

    @property
    def total_bytes(self) -> int:
        return self.weights_bytes + self.kv_bytes + self.compute_bytes + self.overhead_bytes

    @property
    def ram_bytes(self) -> int:
        return self.total_bytes - self.gpu_bytes


@dataclass(frozen=True)
class GpuMemory:
    name: str
    total: int
    free: int


@dataclass(frozen=True)
class SystemMemory:
    total_ram: int
    available_ram: int
    gpus: tuple[GpuMemory, ...] = ()

    @property
    def vram_free(self) -> int | None:
        return max((g.free for g in self.gpus), default=None)


@dataclass(frozen=True)
class FitVerdict:
    fits: bool
    message: str
    suggestions: list[str] = field(default_factory=list)


def human_size(n: float) -> str:
    """Sizes the one way the whole app (models list, downloads, status bar, fit text), the CLI and the README say
    them: decimal units, 1 MB = 1,000,000 bytes, as Hugging Face and file managers count (Qwen's file is 491 MB,
    never 469 "MB" of 2**20 bytes beside it). Unit symbols only (B, KB...): they read the same in every language."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit in ("B", "KB") else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"  # pragma: no cover - the loop always returns


def _torch_dtype_bytes(record: ModelRecord, dtype: str, device: str) -> tuple[str, int]:
    """The dtype the transformers backend will use (torch_support.resolve_dtype: "auto" is float32 on the CPU,
    half precision on a GPU)."""
    d = (dtype or "auto").lower()
    if d == "auto":
        d = "float32" if device in ("cpu", "auto") else "bfloat16"
    return d, _DTYPE_BYTES.get(d, 4)


def estimate(
    record: ModelRecord,
    n_ctx: int,
    n_gpu_layers: int = 0,
    backend: str | None = None,
    dtype: str = "auto",
    device: str = "cpu",
) -> MemoryEstimate:
    """Memory needed to load `record` with a context of `n_ctx` tokens. Pure arithmetic: nothing is loaded.

    `n_gpu_layers` (llama.cpp: -1 for all) decides what goes to VRAM; for PyTorch `device` does ("cuda": all).
    """
    backend = backend or record.backend
    s = record.shape
    n_ctx = max(int(n_ctx), 1)
    if record.context_length:  # both backends cap the context at what the model was trained for
        n_ctx = min(n_ctx, record.context_length)
    if backend == Engine.LLAMA_CPP:
        weights = record.size_bytes
        if record.mmproj is not None:
            try:
                weights += record.mmproj.stat().st_size
            except OSError:
                pass
        kv = 2 * s.n_layers * n_ctx * s.n_kv_heads * s.head_dim * 2  # f16 cache
        step = min(PREFILL_STEP, n_ctx)
        compute = step * n_ctx * s.n_heads * 4 + step * (32 * s.hidden_size + 12 * s.ffn_size)
        overhead = LLAMA_OVERHEAD + LLAMA_BYTES_PER_VOCAB * s.vocab_size
        layers = s.n_layers or 1
        ngl = layers + 1 if n_gpu_layers < 0 else min(n_gpu_layers, layers + 1)  # +1: the output layer
        gpu = 0
        if ngl > 0:
            gpu = int(weights * ngl / (layers + 1) + kv * min(ngl, layers) / layers + compute)
            compute *= 2  # llama.cpp keeps a host-side compute buffer as well
        return MemoryEstimate(weights, kv, compute, overhead, gpu, n_ctx, ngl, backend, "f16", record, device)
    dtype_name, nbytes = _torch_dtype_bytes(record, dtype, device)
    quantized = record.format == "hf" and record.quantization and record.quantization not in _DTYPE_BYTES
    weights = record.size_bytes if quantized else record.n_params * nbytes
    kv = 2 * s.n_layers * n_ctx * s.n_kv_heads * s.head_dim * nbytes
    compute = n_ctx * (2 * s.hidden_size + s.ffn_size) * 4
    overhead = TORCH_OVERHEAD
    gpu = 0
    if device.startswith("cuda"):
        gpu = weights + kv + compute
        overhead += CUDA_CONTEXT
    return MemoryEstimate(weights, kv, compute, overhead, gpu, n_ctx, 0, backend, dtype_name, record, device)


# -- what the machine has --------------------------------------------------------------------------------------------
def _vram_from_torch(import_if_needed: bool) -> tuple[GpuMemory, ...] | None:
    torch = sys.modules.get("torch")
    if torch is None:
        from desktop_app.core import extras

        if not import_if_needed or not extras.available("torch"):
            return None
        try:
            import torch  # only here, when a GPU answer is really needed
        except (ImportError, OSError):  # a broken install (missing CUDA libraries) must not break a fit check
            return None
    try:
        if not torch.cuda.is_available():
            return ()
        out = []
        for i in range(torch.cuda.device_count()):
            free, total = torch.cuda.mem_get_info(i)
            out.append(GpuMemory(torch.cuda.get_device_name(i), int(total), int(free)))
        return tuple(out)
    except Exception:  # a broken driver must not break a fit check
        return ()


def _vram_from_nvidia_smi() -> tuple[GpuMemory, ...] | None:
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--query-gpu=name,memory.total,memory.free", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    gpus = []
    for line in out.strip().splitlines():
        try:
            name, total, free = (x.strip() for x in line.rsplit(",", 2))
            gpus.append(GpuMemory(name, int(total) * MiB, int(free) * MiB))
        except ValueError:
            continue
    return tuple(gpus)


def system_memory(include_vram: bool | None = None) -> SystemMemory:
    """Total and available RAM, and free VRAM per CUDA GPU.

    VRAM is asked of torch when it is already imported (free), else of nvidia-smi, and torch is imported only
    when `include_vram` is True (a fit check of a GPU load): opening the app never pays for importing torch.
    """
    import psutil

    vm = psutil.virtual_memory()
    gpus: tuple[GpuMemory, ...] | None = None
    if include_vram is not False:
        gpus = _vram_from_torch(import_if_needed=False)
        if gpus is None and include_vram:
            gpus = _vram_from_nvidia_smi()
            if gpus is None:
                gpus = _vram_from_torch(import_if_needed=True)
    return SystemMemory(int(vm.total), int(vm.available), gpus or ())


# -- the verdict -----------------------------------------------------------------------------------------------------
def _fits(est: MemoryEstimate, mem: SystemMemory) -> bool:
    vram = mem.vram_free
    ram_need = est.ram_bytes if vram is not None else est.total_bytes
    if ram_need > mem.available_ram * RAM_HEADROOM:
        return False
    return not (est.gpu_bytes and vram is not None and est.gpu_bytes > vram * RAM_HEADROOM)


def _redo(est: MemoryEstimate, **changes) -> MemoryEstimate:
    args = dict(n_ctx=est.n_ctx, n_gpu_layers=est.n_gpu_layers, backend=est.backend, dtype=est.dtype,
                device=est.device)  # fmt: skip
    args.update(changes)
    return estimate(est.record, **args)


def _suggestions(est: MemoryEstimate, mem: SystemMemory) -> list[str]:
    out: list[str] = []
    rec = est.record
    vram = mem.vram_free
    # Fewer GPU layers: the most that fit in VRAM, the rest on the CPU.
    if est.backend == Engine.LLAMA_CPP and est.gpu_bytes and vram is not None and est.gpu_bytes > vram * RAM_HEADROOM:
        for ngl in range(est.n_gpu_layers - 1, -1, -1):
            trial = _redo(est, n_gpu_layers=ngl)
            if _fits(trial, mem):
                out.append(f"Offload {ngl} layers to the GPU instead of {est.n_gpu_layers}.")
                break
    # A smaller context.
    n = est.n_ctx // 2
    while n >= 256:
        if _fits(_redo(est, n_ctx=n), mem):
            out.append(f"Use a context of {n:,} tokens instead of {est.n_ctx:,}.")
            break
        n //= 2
    # Smaller weights, when even a short context does not fit.
    small_ctx = _redo(est, n_ctx=min(est.n_ctx, 2048))
    if _fits(small_ctx, mem):
        return out
    budget = mem.available_ram * RAM_HEADROOM + (vram or 0)
    if est.backend == Engine.LLAMA_CPP:
        q4 = int(rec.n_params * Q4_K_M_BITS / 8)
        rest = small_ctx.total_bytes - small_ctx.weights_bytes
        if rec.n_params and q4 < est.weights_bytes * 0.9 and q4 + rest <= budget:
            out.append(f"Pick a smaller quantization of this model (Q4_K_M is about {human_size(q4)}).")
        elif est.weights_bytes + rest > budget:
            out.append("Pick a smaller model: even its weights alone do not fit in memory.")
    else:
        if est.dtype == "float32" and _fits(_redo(est, dtype="bfloat16"), mem):
            out.append("Load it in bfloat16: half the memory of float32.")
        elif est.weights_bytes > budget:
            out.append("Pick a smaller model, or a GGUF quantization of this one for llama.cpp.")
    return out


def check_fit(est: MemoryEstimate, memory: SystemMemory | None = None) -> FitVerdict:
    """Whether the estimate fits in what is free, with one sentence for the user and what to change if not."""
    if memory is None:
        memory = system_memory(include_vram=est.gpu_bytes > 0)
    name = est.record.name
    vram = memory.vram_free
    if _fits(est, memory):
        where = f" ({human_size(est.gpu_bytes)} of it on the GPU)" if est.gpu_bytes and vram is not None else ""
        return FitVerdict(True, f"{name} needs about {human_size(est.total_bytes)}{where}; "
                                f"{human_size(memory.available_ram)} of memory is free.")  # fmt: skip
    if est.gpu_bytes and vram is not None and est.gpu_bytes > vram * RAM_HEADROOM:
        msg = (f"{name} needs about {human_size(est.gpu_bytes)} of GPU memory with {est.n_gpu_layers} layers "
               f"offloaded, but only {human_size(vram)} is free.")  # fmt: skip
    else:
        need = est.ram_bytes if vram is not None else est.total_bytes
        msg = (f"{name} needs about {human_size(need)} of memory with a {est.n_ctx:,}-token context, "
               f"but only {human_size(memory.available_ram)} is free.")  # fmt: skip
    return FitVerdict(False, msg, _suggestions(est, memory))
