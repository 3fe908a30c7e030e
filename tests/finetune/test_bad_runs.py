"""Runs that must not start or must stop cleanly: a full disk, models that cannot train, broken settings, a crash.
Also the measured dry run."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.finetune import estimate, runs
from desktop_app.core.finetune.base_model import BaseModelError, resolve_base_model
from desktop_app.core.finetune.checkpoints import FAIL_SAVE_ENV
from desktop_app.core.storage.paths import HOME_ENV
from tests.finetune.conftest import causal_config, run_worker

# Real training on a shared CPU: the session fixtures (SmolLM2 conversion, the runs) can take minutes.
pytestmark = pytest.mark.timeout(900)


def _run(config, session_home, name, env=None):
    run_dir = runs.create_run(config, root=session_home / "runs", run_id=name)
    rc = run_worker(run_dir, env={HOME_ENV: str(session_home), **(env or {})})
    return run_dir, rc, runs.read_status(run_dir)


def test_disk_full_at_a_checkpoint_keeps_earlier_ones(smol_folder, instruction_file, session_home):
    config = causal_config(smol_folder, instruction_file, max_steps=6, save_every=2, eval_every=0, batch_size=2)
    run_dir, rc, status = _run(config, session_home, "disk-full", {FAIL_SAVE_ENV: "4"})
    assert rc == 3 and status["state"] == "failed"
    assert status["message"].startswith("The disk is full: the checkpoint at step 4 could not be saved")
    assert "last at step 2" in status["message"]
    assert runs.checkpoint_steps(run_dir) == [2]
    ckpt = run_dir / runs.CHECKPOINTS_DIR
    assert sorted(p.name for p in ckpt.iterdir()) == ["step-000002"]  # no half-written folder left
    state = json.loads((ckpt / "step-000002" / "state.json").read_text())
    assert state["step"] == 2 and (ckpt / "step-000002" / "adapter" / "adapter_model.safetensors").is_file()
    assert (ckpt / "step-000002" / "trainer_state.pt").is_file()


def _foreign_gguf(path):
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "rwkv6")
    writer.add_block_count(1)
    writer.add_tensor("token_embd.weight", np.zeros((8, 4), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_base_models_that_cannot_train(tmp_path, smol_folder, minilm_folder):
    with pytest.raises(BaseModelError, match="only llama.cpp can run"):
        resolve_base_model(_foreign_gguf(tmp_path / "rwkv.gguf"))
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "config.json").write_text(json.dumps({"model_type": "no-such-arch"}), encoding="utf-8")
    with pytest.raises(BaseModelError, match="cannot load, so it cannot be fine-tuned"):
        resolve_base_model(odd)
    with pytest.raises(BaseModelError, match="sentence-embedding model; causal fine-tuning needs a chat"):
        resolve_base_model(minilm_folder, "causal")  # an encoder cannot be a chat model
    with pytest.raises(BaseModelError, match="no sequence-classification form"):
        resolve_base_model(_vision_folder(tmp_path), "classification")
    assert resolve_base_model(smol_folder) == smol_folder
    assert resolve_base_model(minilm_folder, "classification") == minilm_folder


def _vision_folder(tmp_path):
    folder = tmp_path / "vision"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "vit", "architectures": ["ViTModel"]}))
    return folder


def test_worker_refuses_a_gguf_only_llama_cpp_runs(tmp_path, instruction_file, session_home):
    config = causal_config(_foreign_gguf(tmp_path / "rwkv.gguf"), instruction_file)
    run_dir, rc, status = _run(config, session_home, "foreign-gguf")
    assert rc == 2 and status["state"] == "failed" and "only llama.cpp can run" in status["message"]
    assert not (run_dir / runs.METRICS_FILE).exists()


def test_worker_refuses_max_length_below_the_template(smol_folder, instruction_file, session_home):
    config = causal_config(smol_folder, instruction_file, max_length=12)
    _run_dir, rc, status = _run(config, session_home, "too-short")
    assert rc == 2 and status["state"] == "failed"
    assert "shorter than the chat template" in status["message"]


def test_worker_refuses_lr_zero_written_by_hand(smol_folder, instruction_file, session_home):
    run_dir = runs.create_run(causal_config(smol_folder, instruction_file), root=session_home / "runs",
                              run_id="lr0")
    data = json.loads((run_dir / "config.json").read_text())
    data["learning_rate"] = 0
    (run_dir / "config.json").write_text(json.dumps(data))
    assert run_worker(run_dir) == 2
    assert runs.read_status(run_dir)["message"] == "The learning rate must be greater than 0 (it is 0)."


def test_crash_writes_traceback_and_fails(smol_folder, instruction_file, session_home):
    config = causal_config(smol_folder, instruction_file, target_modules=["no_such_layer"])
    run_dir, rc, status = _run(config, session_home, "crash")
    assert rc == 1 and status["state"] == "failed" and status["message"].startswith("Training crashed:")
    log = (run_dir / runs.LOG_FILE).read_text()
    assert "Traceback (most recent call last)" in log and "no_such_layer" in log


def test_measured_dry_run(smol_folder, instruction_file, session_home):
    config = causal_config(smol_folder, instruction_file, max_steps=0, epochs=2, batch_size=2)
    est = estimate.measure(config, steps=2, env={HOME_ENV: str(session_home)})
    assert est.device == "cpu" and est.seconds_per_step > 0 and est.tokens_per_s > 0
    assert est.peak_bytes > 300e6 and est.available_bytes > 0
    assert est.total_steps == 2 * 18  # 36 training rows, batch 2, two epochs
    assert est.eta_seconds == pytest.approx(est.seconds_per_step * est.total_steps)
    assert est.fits and est.warnings == []
    warnings = estimate.memory_warnings(config, peak=8 << 30, available=4 << 30, device="cpu")
    assert "lower the batch size (now 2)" in warnings[0] and "gradient checkpointing" in warnings[0]
