"""Real model files laid out the way the Hugging Face cache, LM Studio and Ollama lay them out, in tmp dirs.

The weights are real files: the built-in SmolLM2 GGUF (symlinked, never copied) and tiny safetensors files written
with the `safetensors` package next to configs written by transformers' own `save_pretrained`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest

LLAMA_CONFIG = dict(
    vocab_size=64, hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=4,
    num_key_value_heads=2, max_position_embeddings=256,
)  # fmt: skip


def tiny_tensors() -> dict[str, np.ndarray]:
    """A few tensors shaped like a 2-layer LLaMA's (the count matters, not the values)."""
    rng = np.random.default_rng(0)
    t = {"model.embed_tokens.weight": rng.standard_normal((64, 16), dtype=np.float32)}
    for i in range(2):
        t[f"model.layers.{i}.self_attn.q_proj.weight"] = rng.standard_normal((16, 16), dtype=np.float32)
        t[f"model.layers.{i}.mlp.up_proj.weight"] = rng.standard_normal((32, 16), dtype=np.float32)
    return t


TINY_PARAMS = 64 * 16 + 2 * (16 * 16 + 32 * 16)


def write_hf_model(folder: Path, config: dict | None = None) -> Path:
    """config.json (through transformers' LlamaConfig.save_pretrained unless a raw dict is given) + safetensors."""
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    if config is None:
        from transformers import LlamaConfig

        LlamaConfig(**LLAMA_CONFIG, architectures=["LlamaForCausalLM"]).save_pretrained(folder)
    else:
        (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    save_file(tiny_tensors(), str(folder / "model.safetensors"))
    return folder


def link(target: Path, at: Path) -> Path:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(target)
    return at


def make_hf_cache(root: Path, smollm2: Path) -> Path:
    """hub/models--org--name/{refs/main, snapshots/<rev>/* -> ../../blobs/<sha>} as huggingface_hub writes it."""
    src = write_hf_model(root.parent / "hf_src")
    for repo, files in (
        ("models--acme--tiny-llama", {p.name: p for p in src.iterdir()}),
        ("models--acme--smol-GGUF", {"smol-q4.gguf": smollm2}),
    ):
        repo_dir = root / repo
        rev = hashlib.sha1(repo.encode()).hexdigest()
        (repo_dir / "refs").mkdir(parents=True)
        (repo_dir / "refs" / "main").write_text(rev)
        for name, target in files.items():
            blob = repo_dir / "blobs" / hashlib.sha256(name.encode()).hexdigest()
            blob.parent.mkdir(parents=True, exist_ok=True)
            if target.suffix == ".gguf":
                blob.symlink_to(target)  # the real 98 MB file, not a copy
            else:
                blob.write_bytes(target.read_bytes())
            link(Path(os.path.relpath(blob, repo_dir / "snapshots" / rev)), repo_dir / "snapshots" / rev / name)
    # An old revision that refs/main no longer points to, a dataset, and a lock folder: all ignored.
    (root / "models--acme--tiny-llama" / "snapshots" / "0ld").mkdir()
    (root / "datasets--acme--corpus" / "snapshots" / "r").mkdir(parents=True)
    (root / ".locks").mkdir()
    return root


OLLAMA_HEX = "a" * 64
GHOST_HEX = "b" * 64


def _manifest(hex_digest: str) -> str:
    return json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:" + "c" * 64},
        "layers": [
            {"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{hex_digest}", "size": 1},
            {"mediaType": "application/vnd.ollama.image.template", "digest": "sha256:" + "d" * 64, "size": 1},
        ],
    })  # fmt: skip


def make_ollama(root: Path, smollm2: Path) -> Path:
    lib = root / "manifests" / "registry.ollama.ai" / "library"
    (lib / "smol").mkdir(parents=True)
    (lib / "smol" / "latest").write_text(_manifest(OLLAMA_HEX))
    (lib / "ghost").mkdir(parents=True)
    (lib / "ghost" / "7b").write_text(_manifest(GHOST_HEX))  # its blob was never downloaded
    link(smollm2, root / "blobs" / f"sha256-{OLLAMA_HEX}")
    return root


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def stores(tmp_path, smollm2) -> dict[str, Path]:
    """An HF cache, an LM Studio folder and an Ollama store, all with real files."""
    lm = tmp_path / "lmstudio"
    link(smollm2, lm / "bartowski" / "SmolLM2-GGUF" / "SmolLM2-Q4_1.gguf")
    return {
        "hf": make_hf_cache(tmp_path / "hub", smollm2),
        "lmstudio": lm,
        "ollama": make_ollama(tmp_path / "ollama", smollm2),
    }
