"""Memory estimates against real loads, and a refusal of what cannot fit before anything is allocated."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import gguf
import numpy as np
import psutil
import pytest

from desktop_app.core.models.memory import (
    GiB,
    GpuMemory,
    SystemMemory,
    check_fit,
    estimate,
    system_memory,
)
from desktop_app.core.models.metadata import read_gguf_record, read_hf_record

ROOT = Path(__file__).resolve().parents[2]


def measure(kind: str, path: Path, n_ctx: int, words: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.library.measure_child", kind, str(path), str(n_ctx), str(words)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
        env={**__import__("os").environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_llama_cpp_estimate_within_25_percent_of_a_real_load(smollm2):
    n_ctx = 512
    # ~250 tokens (one of the backend's 256-token prefill steps, half the context): every layer's weights are
    # touched and the KV cache is allocated and cleared in full at load, so this is the working set.
    got = measure("llama", smollm2, n_ctx, words=25)
    assert got["n_ctx"] == n_ctx and got["n_prompt"] > 200
    est = estimate(read_gguf_record(smollm2), n_ctx)
    assert est.kv_bytes == 2 * 30 * n_ctx * 3 * 64 * 2  # f16 K and V for every layer
    assert abs(est.total_bytes - got["rss_growth"]) <= 0.25 * got["rss_growth"], (est, got)


@pytest.fixture(scope="module")
def tiny_torch_llama(tmp_path_factory) -> Path:
    """A ~19M-parameter LLaMA (float32: ~76 MB) built from its config, saved with its tokenizer."""
    import torch
    from transformers import LlamaForCausalLM

    from tests.fixtures.tiny_models import _llama_config, chatml_tokenizer

    out = tmp_path_factory.mktemp("torch_llama")
    torch.manual_seed(0)
    tok = chatml_tokenizer()
    cfg = _llama_config(tok, hidden_size=512, intermediate_size=1536, num_hidden_layers=6, num_attention_heads=8,
                        num_key_value_heads=4, max_position_embeddings=1024)  # fmt: skip
    LlamaForCausalLM(cfg).save_pretrained(out)
    tok.save_pretrained(out)
    return out


def test_transformers_estimate_within_25_percent_of_a_real_load(tiny_torch_llama):
    n_ctx = 1024
    got = measure("torch", tiny_torch_llama, n_ctx, words=40)  # ~920 tokens
    assert got["dtype"] == "float32" and got["n_prompt"] > 600
    rec = read_hf_record(tiny_torch_llama)
    assert rec.ok and 18_000_000 < rec.n_params < 21_000_000
    est = estimate(rec, n_ctx, device="cpu")
    assert est.dtype == "float32" and est.weights_bytes == rec.n_params * 4
    assert abs(est.total_bytes - got["rss_growth"]) <= 0.25 * got["rss_growth"], (est, got)


def write_huge_gguf(path: Path) -> Path:
    """A GGUF header declaring 80 layers of 16 GB tensors (1.3 TB), as a sparse file: no disk, no RAM used."""
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_context_length(131072)
    w.add_block_count(80)
    w.add_embedding_length(8192)
    w.add_feed_forward_length(28672)
    w.add_head_count(64)
    w.add_head_count_kv(8)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    shape, nbytes = (8192, 1_000_000), 8192 * 1_000_000 * 2
    for i in range(80):
        w.add_tensor_info(f"blk.{i}.ffn_up.weight", shape, np.dtype(np.float16), nbytes)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    w.close()
    header = path.stat().st_size
    with path.open("r+b") as fh:
        fh.truncate(header + (-header % 32) + 80 * nbytes)
    return path


def test_a_model_too_large_is_refused_before_any_allocation(tmp_path):
    proc = psutil.Process()
    before = proc.memory_info().rss
    rec = read_gguf_record(write_huge_gguf(tmp_path / "huge.gguf"))
    verdict = check_fit(estimate(rec, 4096))
    assert proc.memory_info().rss - before < 50 * 1024 * 1024  # the 1.3 TB were never read nor allocated
    assert rec.ok and rec.size_bytes > 10**12
    assert not verdict.fits and "needs about 1.3 TB" in verdict.message  # decimal units, as the comment says
    # Even 4-bit weights of a 1.3 TB f16 model would not fit: the only honest advice is another model.
    assert any("smaller model" in s for s in verdict.suggestions)


def test_absurd_context_is_refused_with_a_smaller_context_suggested(smollm2):
    rec = replace(read_gguf_record(smollm2), context_length=0)  # as if the header did not cap the context
    mem = SystemMemory(total_ram=16 * GiB, available_ram=8 * GiB)
    verdict = check_fit(estimate(rec, 10_000_000), mem)
    assert not verdict.fits and "10,000,000-token context" in verdict.message
    suggested = [s for s in verdict.suggestions if s.startswith("Use a context of")]
    assert suggested
    n = int(suggested[0].split()[4].replace(",", ""))
    assert check_fit(estimate(rec, n), mem).fits  # following the suggestion works


def test_context_is_capped_like_the_backend_caps_it(smollm2):
    rec = read_gguf_record(smollm2)
    assert estimate(rec, 1_000_000).n_ctx == 8192


def test_small_model_fits_in_the_real_machine(smollm2):
    verdict = check_fit(estimate(read_gguf_record(smollm2), 2048), system_memory(include_vram=False))
    assert verdict.fits and verdict.suggestions == [] and "MB" in verdict.message


def test_gpu_overflow_suggests_fewer_layers(tmp_path):
    rec = read_gguf_record(write_huge_gguf(tmp_path / "huge.gguf"))
    mem = SystemMemory(total_ram=4096 * GiB, available_ram=4000 * GiB, gpus=(GpuMemory("Test GPU", 80 * GiB, 79 * GiB),))
    verdict = check_fit(estimate(rec, 4096, n_gpu_layers=-1), mem)
    assert not verdict.fits and "GPU memory" in verdict.message
    fewer = [s for s in verdict.suggestions if s.startswith("Offload")]
    assert fewer
    n = int(fewer[0].split()[1])
    assert 0 < n < 80 and check_fit(estimate(rec, 4096, n_gpu_layers=n), mem).fits


def test_float32_torch_model_suggests_bfloat16(tmp_path):
    from tests.library.conftest import write_hf_model

    rec = replace(read_hf_record(write_hf_model(tmp_path / "m")), n_params=3_000_000_000)
    mem = SystemMemory(total_ram=16 * GiB, available_ram=8 * GiB)
    verdict = check_fit(estimate(rec, 256, device="cpu"), mem)
    assert not verdict.fits and any("bfloat16" in s for s in verdict.suggestions)
    assert check_fit(estimate(rec, 256, dtype="bfloat16"), mem).fits


def test_system_memory_does_not_import_torch():
    code = (
        "import sys; from desktop_app.core.models.memory import system_memory; m = system_memory(); "
        "print(m.total_ram > 0 and m.available_ram > 0, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["True", "False"], out.stderr


def test_sizes_are_decimal_megabytes_everywhere():
    """Issue 15, item 11: the app said 469 MB (2**20-byte units) for the file the CLI and README call 491 MB."""
    from desktop_app.core.models.memory import human_size
    from desktop_app.ui.dialogs.download_dialog import _mb
    from desktop_app.ui.widgets.library_table import _size

    qwen = 491_400_000
    assert human_size(qwen) == _mb(qwen) == _size(qwen) == "491.4 MB"
    assert human_size(17_000_000_000) == "17.0 GB" and human_size(999) == "999 B"
