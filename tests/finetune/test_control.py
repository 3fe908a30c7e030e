"""The worker process under control: pause really suspends it, SIGKILL then --resume continues exactly, "stop"
saves a checkpoint first. One real run (SmolLM2, 12 steps) goes through all of it; each test checks one part."""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest

from desktop_app.core.finetune import runs
from desktop_app.core.storage.paths import HOME_ENV
from tests.finetune.conftest import causal_config
from tests.waiting import wait_for

# Real training on a shared CPU: the session fixtures (SmolLM2 conversion, the runs) can take minutes.
pytestmark = pytest.mark.timeout(900)

STEPS = 12
BATCH = 2  # half the main run's batch: the same data order, read in halves


def _steps(run_dir):
    return [r["step"] for r in runs.read_metrics(run_dir)]


@pytest.fixture(scope="module")
def scenario(smol_folder, instruction_file, session_home):
    env = {HOME_ENV: str(session_home)}
    config = causal_config(smol_folder, instruction_file, max_steps=STEPS, save_every=4, eval_every=0,
                           keep_checkpoints=3, batch_size=BATCH)
    run_dir = runs.create_run(config, root=session_home / "runs", run_id="control")
    seen: dict = {}
    proc = runs.start_worker(run_dir, env=env)
    try:
        # pause
        wait_for(lambda: len(_steps(run_dir)) >= 2, what="two steps")
        runs.send_control(run_dir, "pause")
        wait_for(lambda: runs.read_status(run_dir)["state"] == "paused", 120, what="paused")
        ps = psutil.Process(proc.pid)
        lines, cpu = len(_steps(run_dir)), sum(ps.cpu_times()[:2])
        time.sleep(2.0)
        seen["paused"] = (len(_steps(run_dir)) - lines, sum(ps.cpu_times()[:2]) - cpu)
        runs.send_control(run_dir, "resume")
        wait_for(lambda: len(_steps(run_dir)) > lines, 120, what="a step after resume")
        seen["resumed_state"] = runs.read_status(run_dir)["state"]
        # kill after the step-4 checkpoint, once step 5 is logged (so it must be redone)
        wait_for(lambda: max(_steps(run_dir)) >= 5, what="step 5")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        seen["before_kill"] = {r["step"]: r for r in runs.read_metrics(run_dir)}
        seen["checkpoints_at_kill"] = runs.checkpoint_steps(run_dir)
        seen["status_after_kill"] = runs.read_status(run_dir)
        # resume, then a graceful stop
        proc = runs.start_worker(run_dir, resume=True, env=env)
        wait_for(lambda: max(_steps(run_dir) or [0]) >= 7 and runs.read_status(run_dir).get("step", 0) >= 7,
                 what="step 7 after resume")
        seen["first_steps_after_resume"] = _steps(run_dir)
        runs.send_control(run_dir, "stop")
        assert proc.wait(timeout=120) == 0
        seen["stopped"] = runs.read_status(run_dir)
        seen["checkpoints_at_stop"] = runs.checkpoint_steps(run_dir)
        # resume to the end
        proc = runs.start_worker(run_dir, resume=True, env=env)
        assert proc.wait(timeout=600) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    seen["final"] = runs.read_metrics(run_dir)
    seen["status"] = runs.read_status(run_dir)
    return run_dir, seen


def test_pause_really_suspends(scenario):
    _run_dir, seen = scenario
    new_lines, cpu_s = seen["paused"]
    assert new_lines == 0
    assert cpu_s < 0.5  # it sleeps: no training work while paused
    assert seen["resumed_state"] == "running"


def test_killed_worker_reads_as_failed(scenario):
    _run_dir, seen = scenario
    assert seen["checkpoints_at_kill"][-1] == 4
    status = seen["status_after_kill"]
    assert status["state"] == "failed" and "ended unexpectedly" in status["message"]


def test_resume_continues_with_the_same_data_and_numbers(scenario, causal_run):
    _run_dir, seen = scenario
    after = seen["first_steps_after_resume"]
    assert after[:5] == [1, 2, 3, 4, 5]  # the steps after the checkpoint were dropped, then redone
    final = {r["step"]: r for r in seen["final"]}
    assert sorted(final) == list(range(1, STEPS + 1))
    assert seen["status"]["state"] == "finished"
    # the same data order as an uninterrupted run with the same seed (the main run, batch 4: two of our steps)
    reference = [row for r in runs.read_metrics(causal_run) for row in r["rows"]]
    order = [row for s in sorted(final) for row in final[s]["rows"]]
    assert order == reference[: STEPS * BATCH]
    # step 5 was trained twice, before the kill and after the resume: the same loss (weights, optimizer and RNG
    # states restored)
    before = seen["before_kill"][5]
    assert final[5]["loss"] == pytest.approx(before["loss"], rel=1e-4)
    assert final[5]["lr"] == before["lr"]
    assert final[STEPS]["elapsed"] > final[4]["elapsed"]


def test_stop_saves_a_checkpoint(scenario):
    _run_dir, seen = scenario
    stopped = seen["stopped"]
    assert stopped["state"] == "stopped" and "checkpoint was saved" in stopped["message"]
    assert stopped["step"] in seen["checkpoints_at_stop"]
