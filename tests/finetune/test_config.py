"""RunConfig: defaults, presets, validation sentences, help texts, saving."""

from __future__ import annotations

from dataclasses import fields

import pytest

from desktop_app.core.finetune import config as fc
from desktop_app.core.finetune import runs


def _config(tmp_path, **kw) -> fc.RunConfig:
    data = tmp_path / "d.jsonl"
    data.write_text('{"text": "x"}\n', encoding="utf-8")
    return fc.RunConfig(**{"base_model": str(tmp_path), "dataset": str(data), **kw})


def test_defaults(tmp_path):
    c = _config(tmp_path)
    assert (c.lora_r, c.lora_alpha, c.lora_dropout, c.target_modules) == (16, 32, 0.05, "all-linear")
    assert c.lr == 2e-4 and fc.RunConfig(method="full").lr < 2e-4
    assert c.validate() is c
    assert c.with_preset("quick").max_steps == 30
    assert c.with_preset("balanced").total_steps(100) == 2 * 25


@pytest.mark.parametrize("lr", [0, -1e-4])
def test_learning_rate_must_be_positive(tmp_path, lr):
    c = _config(tmp_path, learning_rate=lr)
    with pytest.raises(fc.ConfigError) as info:
        c.validate()
    assert info.value.problems == [f"The learning rate must be greater than 0 (it is {lr})."]
    with pytest.raises(fc.ConfigError):
        runs.create_run(c, root=tmp_path / "runs")


def test_problems_are_sentences(tmp_path):
    c = _config(tmp_path, batch_size=0, method="qlora", lora_dropout=1.5, dataset="", eval_fraction=0.95)
    problems = c.problems()
    assert "Batch size must be at least 1 (it is 0)." in problems
    assert any(p.startswith("Method must be one of lora, full") for p in problems)
    assert "Choose a dataset file." in problems
    assert all(p.endswith(".") for p in problems)


def test_every_field_has_help():
    for f in fields(fc.RunConfig):
        if f.name == "schema_version":
            continue
        assert len(fc.describe_field(f.name)) > 30, f.name
    assert "memory" in fc.describe_field("batch_size")


def test_save_and_load(tmp_path):
    c = _config(tmp_path, mapping={"instruction": "q"}, target_modules=["q_proj", "v_proj"])
    c.save(tmp_path / "run")
    assert fc.RunConfig.load(tmp_path / "run") == c
    (tmp_path / "run" / "config.json").write_text('{"bogus": 1}', encoding="utf-8")
    with pytest.raises(fc.ConfigError, match="bogus"):
        fc.RunConfig.load(tmp_path / "run")
