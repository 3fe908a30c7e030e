"""PyTorch device and dtype choices, memory release, and out-of-memory messages a user can act on.

Imported only by the transformers backend, inside its load(): `import torch` happens at call time, never when the
app starts.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from desktop_app.core.errors import ModelLoadError
from desktop_app.core.messages import phrase

# transformers 5.x turns "hub kernels" on by default: a model put on a GPU (at load, or by model.train() in a
# fine-tune) downloads kernel code from the Hugging Face Hub and runs it. That is remote code the user never agreed
# to, and offline it fails the run ("Version 2 of 'kernels-community/rotary' is not available in the local cache",
# seen on an H200). Off for this process and the engine and fine-tune processes it starts; a user who wants them
# can set USE_HUB_KERNELS=1 themselves.
os.environ.setdefault("USE_HUB_KERNELS", "0")

DTYPES = ("auto", "bf16", "fp16", "fp32")


def mps_available() -> bool:
    import torch

    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def resolve_device(choice: str) -> Any:
    """ "auto" picks CUDA, then Apple's MPS, then the CPU; an explicit choice must be available."""
    import torch

    choice = (choice or "auto").lower()
    if choice == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if choice.startswith("cuda"):
        if not torch.cuda.is_available():
            why = (
                "this PyTorch build has no CUDA support"
                if torch.version.cuda is None
                else "no CUDA GPU is visible"
            )
            raise ModelLoadError(phrase("The CUDA device was chosen, but {why}; pick CPU or Auto instead.", why=why))
        return torch.device(choice)
    if choice == "mps":
        if not mps_available():
            raise ModelLoadError(phrase("The MPS (Apple GPU) device was chosen, but it is not available here."))
        return torch.device("mps")
    if choice == "cpu":
        return torch.device("cpu")
    raise ModelLoadError(phrase("Unknown device {choice}: use auto, cuda, mps or cpu.", choice=repr(choice)))


def resolve_dtype(choice: str, device: Any) -> Any:
    """ "auto" is float32 on the CPU (half precision is slow or unsupported there) and half precision on a GPU:
    bfloat16 where the GPU supports it (it does not overflow like float16), else float16."""
    import torch

    choice = (choice or "auto").lower()
    if choice == "auto":
        if device.type == "cuda":
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        if device.type == "mps":
            return torch.float16
        return torch.float32
    table = {
        "bf16": torch.bfloat16,
        "bfloat16": torch.bfloat16,
        "fp16": torch.float16,
        "float16": torch.float16,
    }
    table |= {"fp32": torch.float32, "float32": torch.float32}
    if choice not in table:
        raise ModelLoadError(phrase("Unknown precision {choice}: use auto, bf16, fp16 or fp32.", choice=repr(choice)))
    return table[choice]


def dtype_name(dtype: Any) -> str:
    return str(dtype).removeprefix("torch.")


def device_label(device: Any) -> str:
    """For the status bar: "CPU", "CUDA (NVIDIA H100 80GB HBM3)", "MPS (Apple GPU)"."""
    import torch

    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        return f"CUDA ({torch.cuda.get_device_name(index)})"
    if device.type == "mps":
        return "MPS (Apple GPU)"
    return "CPU"


def release_memory() -> None:
    """Give freed tensors back: Python's cycles first, then the GPU allocators' caches."""
    gc.collect()
    import torch

    if torch.cuda.is_available() and torch.cuda.is_initialized():
        torch.cuda.empty_cache()
    if mps_available():
        try:
            torch.mps.empty_cache()
        except (AttributeError, RuntimeError):
            pass


def _gib(n: float) -> str:
    return f"{n / 2**30:.1f} GiB"


def oom_detail(device: Any, need_bytes: int = 0) -> str:
    """The sizes involved in a CUDA out-of-memory: what was needed, what is free, what the GPU has."""
    import torch

    parts = []
    if need_bytes:
        parts.append(f"the weight files take {_gib(need_bytes)}")
    if device.type == "cuda":
        try:
            free, total = torch.cuda.mem_get_info(device)
            parts.append(f"{_gib(free)} of the GPU's {_gib(total)} are free")
        except RuntimeError:
            pass
    return "; ".join(parts)
