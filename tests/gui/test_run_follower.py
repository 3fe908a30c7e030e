"""RunFollower, the window's view of a training process: the final state comes after every metrics line, and the
finished worker is reaped (no zombie until the app exits)."""

from __future__ import annotations

import json
import subprocess
import sys

import psutil

from desktop_app.core.finetune import runs
from desktop_app.workers.finetune_jobs import RunFollower


def _metrics(run_dir, steps):
    with (run_dir / runs.METRICS_FILE).open("a", encoding="utf-8") as f:
        for step in steps:
            f.write(json.dumps({"step": step, "loss": 2.0 / step}) + "\n")


def test_finished_is_shown_after_the_last_point_and_the_worker_is_reaped(qtbot, tmp_path):
    # A stand-in worker: it writes its last metrics and the final status, then exits when told, after the
    # follower has stopped polling (as the real worker exits just after its final status).
    script = (
        "import json, pathlib, sys\n"
        "d = pathlib.Path(sys.argv[1])\n"
        "sys.stdin.readline()\n"
        "with (d / 'metrics.jsonl').open('a') as f:\n"
        "    [f.write(json.dumps({'step': s, 'loss': 2.0 / s}) + '\\n') for s in (5, 6)]\n"
        "(d / 'status.json').write_text(json.dumps({'state': 'finished', 'step': 6, 'total_steps': 6}))\n"
        "sys.stdin.readline()\n"
    )
    _metrics(tmp_path, range(1, 5))
    runs.write_status(tmp_path, state="running", step=4, total_steps=6)
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdin=subprocess.PIPE, text=True)
    follower = RunFollower(tmp_path, proc)
    seen: list[int] = []
    states: list[tuple[str, int]] = []
    follower.records_arrived.connect(lambda records: seen.extend(r["step"] for r in records))
    follower.status_changed.connect(lambda status: states.append((status["state"], len(seen))))
    follower.start()
    qtbot.waitUntil(lambda: seen == [1, 2, 3, 4], timeout=5000)
    with qtbot.waitSignal(follower.ended, timeout=10_000):
        proc.stdin.write("go\n")
        proc.stdin.flush()
    assert states[-1] == ("finished", 6)  # every point was there when "finished" was shown
    assert not follower.is_active()  # nothing polls any more
    proc.stdin.write("exit\n")
    proc.stdin.flush()
    qtbot.waitUntil(lambda: proc.returncode is not None, timeout=10_000)  # reaped, though no one polls any more
    assert not psutil.pid_exists(proc.pid) or psutil.Process(proc.pid).status() != psutil.STATUS_ZOMBIE
