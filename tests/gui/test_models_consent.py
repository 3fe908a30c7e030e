"""Risky models need a per-model consent that names the risk: pickle weights and the model's own code."""

from __future__ import annotations

import json

import torch
from safetensors.torch import load_file

from desktop_app.core.storage import paths
from desktop_app.core.storage.settings import load_settings
from tests.conftest import write_settings
from tests.fixtures.tiny_models import build_tiny_gpt2
from tests.gui.helpers import LOAD_TIMEOUT_MS, open_window, wait_job

OFF = {"hf_cache": False, "lmstudio": False, "ollama": False}


def _scan(qtbot, tab):
    tab.rescan()
    wait_job(qtbot, tab.scan_job, 60_000)


def test_pickle_weights_load_only_after_consent(qtbot, app_home, smollm2, tmp_path, monkeypatch):
    folder = build_tiny_gpt2(tmp_path / "models" / "tiny-gpt2-pickle")
    torch.save(load_file(folder / "model.safetensors"), folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF, library_folders=[str(folder.parent)])
    w = open_window(qtbot, wait_for_model=False)
    tab = w.models_tab
    _scan(qtbot, tab)
    assert tab.select_path(folder)
    asked = []
    monkeypatch.setattr(tab, "ask_consent", lambda record, consent: asked.append(consent) or False)
    job = tab.load_selected(force=True)
    wait_job(qtbot, job, LOAD_TIMEOUT_MS)
    assert asked == ["allow_pickle"] and "pickle" in tab.notice.text()
    assert tab.manager.get(str(folder)) is None

    monkeypatch.setattr(tab, "ask_consent", lambda record, consent: asked.append(consent) or True)
    refused = tab.load_selected(force=True)
    wait_job(qtbot, refused, LOAD_TIMEOUT_MS)
    assert refused.state == "failed" and asked == ["allow_pickle", "allow_pickle"]
    retried = tab.load_job  # consent given: the app retried at once, with pickle allowed
    assert retried is not refused
    wait_job(qtbot, retried, LOAD_TIMEOUT_MS)
    assert retried.state == "finished", retried.error
    assert tab.manager.get(str(folder)) is not None
    assert load_settings(paths.settings_path()).settings.model_consents == {str(folder): ["allow_pickle"]}


def test_remote_code_is_refused_without_consent(qtbot, app_home, smollm2, tmp_path, monkeypatch):
    folder = build_tiny_gpt2(tmp_path / "models" / "tiny-gpt2-remote")
    config = json.loads((folder / "config.json").read_text())
    config["auto_map"] = {"AutoModelForCausalLM": "modeling_evil.EvilForCausalLM"}
    (folder / "config.json").write_text(json.dumps(config))
    (folder / "modeling_evil.py").write_text("raise SystemExit('remote code ran')\n")
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF, library_folders=[str(folder.parent)])
    w = open_window(qtbot, wait_for_model=False)
    tab = w.models_tab
    _scan(qtbot, tab)
    assert tab.select_path(folder)
    monkeypatch.setattr(tab, "ask_consent", lambda record, consent: consent == "nothing")
    job = tab.load_selected(force=True)
    wait_job(qtbot, job, LOAD_TIMEOUT_MS)
    assert "own Python code" in tab.notice.text()
    assert tab.manager.get(str(folder)) is None
