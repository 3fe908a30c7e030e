"""Engine-process tests: damaged copies of SmolLM2, made once per session."""

from __future__ import annotations

from pathlib import Path

import gguf
import pytest

from tests.fixtures.corrupt_gguf import with_tensor_type, with_value

# Each way the user broke SmolLM2: (id, how to damage it, what the refusal says)
DAMAGES = {
    "blocks_zero": (("kv", "llama.block_count", 0), "layer count"),
    "blocks_huge": (("kv", "llama.block_count", 2**31 - 1), "layer count"),
    "eps_negative": (("kv", "llama.attention.layer_norm_rms_epsilon", -1.0), "epsilon"),
    "eps_nan": (("kv", "llama.attention.layer_norm_rms_epsilon", float("nan")), "epsilon"),
    "ctx_tiny": (("kv", "llama.context_length", 3), "context length"),
    "ctx_huge": (("kv", "llama.context_length", 2**32 - 1), "context length"),
    "tensor_type": (("tensor", "output_norm.weight", gguf.GGMLQuantizationType.I32), "output_norm.weight"),
}


@pytest.fixture(scope="session")
def damaged(tmp_path_factory, smollm2) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("damaged")
    out = {}
    for name, ((kind, target, value), _words) in DAMAGES.items():
        dst = folder / f"smollm2-{name}.gguf"
        out[name] = (with_value if kind == "kv" else with_tensor_type)(smollm2, dst, target, value)
    return out
