"""Training threads on automatic follow the cores other programs leave free (core/backends/cpu_threads.py), looked
at before every step; a count the user set is kept. In-process, with a CPU watch that reports the other programs'
load, so the test does not depend on what else this machine runs."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.engine.types import physical_cores
from desktop_app.core.finetune import runs, trainer_setup
from desktop_app.core.finetune.worker import Trainer
from desktop_app.core.storage.paths import HOME_ENV
from tests.cpu_load import FakeCpuWatch
from tests.finetune.conftest import causal_config

pytestmark = pytest.mark.timeout(900)


def _train(tmp_path, smol_folder, instruction_file, monkeypatch, watch, name, **overrides):
    import torch

    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    monkeypatch.setattr(trainer_setup, "shared_cpu_watch", lambda: watch)
    config = causal_config(smol_folder, instruction_file, eval_every=0, batch_size=2, **overrides)
    run_dir = runs.create_run(config, root=tmp_path / "runs", run_id=name)
    before = torch.get_num_threads()
    try:
        trainer = Trainer(run_dir, dry_run=3)
        trainer.setup()
        assert trainer.run() == "finished"
        during = torch.get_num_threads()
    finally:
        torch.set_num_threads(before)
    rows = [json.loads(line) for line in (run_dir / runs.METRICS_FILE).read_text().splitlines()]
    return rows, during


def test_automatic_threads_follow_the_free_cores_before_every_step(tmp_path, smol_folder, instruction_file,
                                                                  monkeypatch):
    cores = physical_cores()
    watch = FakeCpuWatch(busy=cores - 1)  # every core but one is busy elsewhere
    rows, during = _train(tmp_path, smol_folder, instruction_file, monkeypatch, watch, "auto", log_every=1,
                          threads=0)
    assert [r["threads"] for r in rows] == [1, 1, 1] and during == 1
    assert watch.looks == 3  # a fresh look before each step


def test_a_thread_count_the_user_set_is_kept(tmp_path, smol_folder, instruction_file, monkeypatch):
    watch = FakeCpuWatch(busy=physical_cores())
    rows, during = _train(tmp_path, smol_folder, instruction_file, monkeypatch, watch, "fixed", log_every=1,
                          threads=2)
    assert [r["threads"] for r in rows] == [2, 2, 2] and during == 2 and watch.looks == 0
