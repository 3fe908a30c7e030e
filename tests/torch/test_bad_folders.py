"""Broken or unsafe model folders fail before transformers reads them, each with one clear sentence."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.errors import ModelFileError, ModelLoadError, UnsupportedArchitectureError
from desktop_app.core.tasks.chat import collect
from tests.torch.helpers import GREEDY, load


@pytest.fixture
def gpt2_copy(tiny_gpt2, tmp_path) -> Path:
    return Path(shutil.copytree(tiny_gpt2, tmp_path / "gpt2-copy"))


def _edit_config(folder: Path, **changes) -> None:
    path = folder / "config.json"
    config = json.loads(path.read_text())
    config.update(changes)
    path.write_text(json.dumps(config))


def test_truncated_safetensors(gpt2_copy):
    weights = gpt2_copy / "model.safetensors"
    os.truncate(weights, weights.stat().st_size - 1000)
    with pytest.raises(
        ModelFileError, match=r"model.safetensors is truncated: it has [\d,]+ bytes but its header"
    ):
        load(gpt2_copy)


def test_safetensors_cut_inside_its_header(gpt2_copy):
    os.truncate(gpt2_copy / "model.safetensors", 100)
    with pytest.raises(ModelFileError, match="truncated: its header alone needs"):
        load(gpt2_copy)


def test_missing_config(gpt2_copy):
    (gpt2_copy / "config.json").unlink()
    with pytest.raises(ModelFileError, match="has no config.json"):
        load(gpt2_copy)


def test_invalid_config(gpt2_copy):
    (gpt2_copy / "config.json").write_text('{"model_type": "gpt2",')
    with pytest.raises(ModelFileError, match=r"config.json in gpt2-copy is not valid JSON \(line 1\)"):
        load(gpt2_copy)


def test_config_without_model_type(gpt2_copy):
    (gpt2_copy / "config.json").write_text('{"n_embd": 32}')
    with pytest.raises(ModelFileError, match="names no model type or architecture"):
        load(gpt2_copy)


def test_unknown_architecture(gpt2_copy):
    _edit_config(gpt2_copy, architectures=["GPT2ForTeleportation"])
    with pytest.raises(UnsupportedArchitectureError, match="GPT2ForTeleportation is not a kind of model"):
        load(gpt2_copy)


def test_unknown_model_type(gpt2_copy):
    _edit_config(gpt2_copy, model_type="frobnicator", architectures=["FrobnicatorForCausalLM"])
    with pytest.raises(UnsupportedArchitectureError, match="'frobnicator' is unknown to this version"):
        load(gpt2_copy)


def test_missing_tokenizer(gpt2_copy):
    (gpt2_copy / "tokenizer.json").unlink()
    with pytest.raises(ModelFileError, match="has no tokenizer"):
        load(gpt2_copy)


def test_no_weights(gpt2_copy):
    (gpt2_copy / "model.safetensors").unlink()
    with pytest.raises(ModelFileError, match="has no model weights"):
        load(gpt2_copy)


def test_remote_code_needs_consent(gpt2_copy):
    _edit_config(gpt2_copy, auto_map={"AutoModelForCausalLM": "modeling_evil.EvilForCausalLM"})
    (gpt2_copy / "modeling_evil.py").write_text("raise SystemExit('remote code ran')\n")
    with pytest.raises(ModelLoadError, match="needs to run its own Python code"):
        load(gpt2_copy)


def test_pickle_weights_need_consent_and_load_with_it(gpt2_copy, tiny_gpt2, no_cancel):
    weights = gpt2_copy / "model.safetensors"
    torch.save(load_file(weights), gpt2_copy / "pytorch_model.bin")
    weights.unlink()
    with pytest.raises(ModelLoadError, match="only pickle"):
        load(gpt2_copy)

    params = GenerationParams(max_tokens=8, **GREEDY)
    from_pickle = load(gpt2_copy, extra={"allow_pickle": True})
    from_safetensors = load(tiny_gpt2)
    assert from_pickle.info.extra["dtype"] == "float32"
    a = collect(from_pickle.complete_stream("The weather", params, no_cancel)).text
    b = collect(from_safetensors.complete_stream("The weather", params, no_cancel)).text
    assert a == b


def test_missing_path_and_foreign_file(tmp_path):
    with pytest.raises(ModelFileError, match="does not exist"):
        load(tmp_path / "nothing-here")
    odd = tmp_path / "notes.txt"
    odd.write_text("hello")
    with pytest.raises(ModelFileError, match="neither a model folder"):
        load(odd)


def test_vision_model_without_image_processor(tiny_blip, tmp_path):
    folder = Path(shutil.copytree(tiny_blip, tmp_path / "blip"))
    (folder / "processor_config.json").unlink()
    with pytest.raises(ModelFileError, match="has no image processor"):
        load(folder)


def test_explicit_devices_and_dtypes(tiny_gpt2):
    backend = load(tiny_gpt2, device="cpu", dtype="bf16")
    assert backend.info.device == "CPU" and backend.info.extra["dtype"] == "bfloat16"
    assert next(backend._model.parameters()).dtype == torch.bfloat16
    with pytest.raises(ModelLoadError, match="Unknown precision 'fp8'"):
        load(tiny_gpt2, dtype="fp8")
    if torch.cuda.is_available():
        assert load(tiny_gpt2, device="cuda").info.device.startswith("CUDA (")
    else:
        with pytest.raises(ModelLoadError, match="The CUDA device was chosen, but"):
            load(tiny_gpt2, device="cuda")
    auto = load(tiny_gpt2, device="auto")
    expected = "CUDA" if torch.cuda.is_available() else "CPU"
    assert auto.info.device.startswith(expected)
