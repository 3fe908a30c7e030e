"""The run registry and the metrics follower (no training here)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

from desktop_app.core.finetune import runs
from desktop_app.core.finetune.config import RunConfig


def test_metrics_reader_is_incremental_and_handles_partial_lines(tmp_path):
    path = tmp_path / runs.METRICS_FILE
    reader = runs.MetricsReader(tmp_path)
    assert reader.poll().records == []
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"step": 1}) + "\n" + '{"step": ')
        f.flush()
        assert [r["step"] for r in reader.poll().records] == [1]
        offset = reader.offset
        f.write('2, "loss": 1.5}\n')
        f.flush()
        update = reader.poll()
        assert update.records == [{"step": 2, "loss": 1.5}] and not update.restarted
        assert reader.offset > offset
    assert reader.poll().records == []
    tmp = tmp_path / "new"
    tmp.write_text(json.dumps({"step": 1}) + "\n", encoding="utf-8")
    tmp.replace(path)  # a resumed run rewrites the file
    update = reader.poll()
    assert update.restarted and update.records == [{"step": 1}]


def test_metrics_reader_skips_lines_that_are_not_records(tmp_path):
    """A crash can leave a cut line in the middle of the file (then the run resumes and appends): the lines
    around it are kept, in order; a value that is not a record ("5", a list) is skipped too."""
    (tmp_path / runs.METRICS_FILE).write_text(
        '{"step": 1}\n{"step": 2, "lo\n5\n[1, 2]\n\n{"step": 3}\n', encoding="utf-8")
    assert runs.MetricsReader(tmp_path).poll().records == [{"step": 1}, {"step": 3}]
    (tmp_path / runs.METRICS_FILE).write_text('{"step": 1}\n5\n{"step": 2}\n', encoding="utf-8")
    assert runs.read_metrics(tmp_path) == [{"step": 1}, {"step": 2}]  # whole slices parse at once: same records


def test_metrics_reader_keeps_up_with_10_steps_per_second(tmp_path):
    path = tmp_path / runs.METRICS_FILE
    path.write_text("x" * 0, encoding="utf-8")
    n = 40

    def writer():
        with path.open("a", encoding="utf-8") as f:
            for step in range(1, n + 1):
                line = json.dumps({"step": step, "loss": 1.0 / step, "rows": list(range(8))}) + "\n"
                f.write(line[:10])
                f.flush()
                time.sleep(0.02)
                f.write(line[10:])
                f.flush()
                time.sleep(0.08)

    thread = threading.Thread(target=writer)
    reader = runs.MetricsReader(path)
    seen, poll_times, lag = [], [], []
    thread.start()
    while thread.is_alive() or len(seen) < n:
        t = time.perf_counter()
        got = reader.poll().records
        poll_times.append(time.perf_counter() - t)
        seen += [r["step"] for r in got]
        time.sleep(0.03)
        if not thread.is_alive() and len(seen) < n:
            lag.append(1)
            assert len(lag) < 20
    thread.join()
    assert seen == list(range(1, n + 1))
    assert max(poll_times) < 0.01  # a poll reads only the new bytes


def test_list_runs_reports_a_killed_worker_as_failed(tmp_path):
    config = RunConfig(base_model=str(tmp_path), dataset=str(tmp_path / "d.jsonl"))
    (tmp_path / "d.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    root = tmp_path / "runs"
    run_dir = runs.create_run(config, root=root, run_id="a")
    done = runs.create_run(config, root=root, run_id="b")
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    import psutil

    runs.write_status(run_dir, state="running", pid=proc.pid, pid_started=psutil.Process(proc.pid).create_time())
    (run_dir / runs.LOG_FILE).write_text("line one\nstep 3 of 30\n", encoding="utf-8")
    (run_dir / runs.METRICS_FILE).write_text(
        "".join(json.dumps({"step": i, "loss": 3.0 - i, "eval_loss": 2.5 if i == 2 else None}) + "\n"
                for i in (1, 2)), encoding="utf-8")
    runs.write_status(done, state="finished", message="Finished.")
    assert runs.read_status(run_dir)["state"] == "running"
    proc.kill()
    proc.wait()
    listed = {r.run_id: r for r in runs.list_runs(root)}
    assert listed["b"].state == "finished"
    dead = listed["a"]
    assert dead.state == "failed" and "step 3 of 30" in dead.status["message"]
    assert dead.status["log_tail"][-1] == "step 3 of 30"
    assert dead.first_loss == 2.0 and dead.last_metrics["step"] == 2 and dead.best_eval_loss == 2.5


def test_runs_live_under_the_app_data_dir(app_home, tmp_path):
    (tmp_path / "d.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    run_dir = runs.create_run(RunConfig(base_model=str(tmp_path), dataset=str(tmp_path / "d.jsonl")))
    assert run_dir.parent == app_home / "data" / "finetune" / "runs"
    assert [r.path for r in runs.list_runs()] == [run_dir]
