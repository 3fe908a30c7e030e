"""RunFollower, the window's view of a training process: the final state comes after every metrics line, and the
finished worker is reaped (no zombie until the app exits)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psutil

from desktop_app.core.finetune import runs
from desktop_app.workers.finetune_jobs import CATCH_UP_BYTES, RunFollower


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


def _long_record(step: int) -> dict:
    """A metrics line as long as the worker's (~300 bytes): step, loss, lr and the rest."""
    return {"step": step, "epoch": step / 5000, "loss": 3.0 / (1 + step / 800), "lr": 2e-4, "grad_norm": 1.25,
            "tokens": 512, "tokens_per_s": 10240.5, "step_s": 0.05, "elapsed": step * 0.05, "eta": 12.5,
            "peak_mem": 812345678, "rows": 4, "time": 1764800000.123 + step}


def test_opening_a_long_finished_run_reads_it_in_small_steps_and_says_finished_after_the_last(qtbot, tmp_path):
    """A window that opens a run with thousands of points reads its metrics a slice per turn of the event loop
    (never the whole file in one go, which froze the window for over a second at 50,000 points), keeps every
    record in order, and reports "finished" only once the last one is out."""
    n = 4000
    (tmp_path / runs.METRICS_FILE).write_text("".join(json.dumps(_long_record(s)) + "\n" for s in range(1, n + 1)))
    runs.write_status(tmp_path, state="finished", step=n, total_steps=n)
    assert (tmp_path / runs.METRICS_FILE).stat().st_size > 10 * CATCH_UP_BYTES
    follower = RunFollower(tmp_path)
    batches: list[list[int]] = []
    states: list[tuple[str, int]] = []
    follower.records_arrived.connect(lambda records: batches.append([r["step"] for r in records]))
    follower.status_changed.connect(lambda status: states.append((status["state"], sum(map(len, batches)))))
    with qtbot.waitSignal(follower.ended, timeout=10_000):
        follower.start()
        assert len(batches) == 1  # start() read one slice; the rest comes from the event loop
    assert [s for b in batches for s in b] == list(range(1, n + 1))
    assert len(batches) > 10 and max(map(len, batches)) * 300 < 2 * CATCH_UP_BYTES
    assert states == [("finished", n)]


def test_records_reach_the_page_as_read_not_converted(qtbot, tmp_path):
    """The records are handed to the page as the reader parsed them: a `Signal(list)` made PySide convert each
    batch to a QVariantList of maps and back, 2 ms per 130 records, on the GUI thread."""
    (tmp_path / runs.METRICS_FILE).write_text("".join(json.dumps(_long_record(s)) + "\n" for s in range(1, 201)))
    runs.write_status(tmp_path, state="finished", step=200, total_steps=200)
    follower = RunFollower(tmp_path)
    read, received = [], []
    real_poll = follower.reader.poll

    def poll(limit):
        update = real_poll(limit)
        read.append(update.records)
        return update

    follower.reader.poll = poll
    follower.records_arrived.connect(received.append)
    with qtbot.waitSignal(follower.ended, timeout=10_000):
        follower.start()
    assert received and all(any(r is batch for batch in read) for r in received)


def test_a_follower_catches_up_while_the_run_goes_on(qtbot, tmp_path):
    """Catching up on a long history and then following new lines as they come, nothing lost or repeated."""
    (tmp_path / runs.METRICS_FILE).write_text("".join(json.dumps(_long_record(s)) + "\n" for s in range(1, 2001)))
    runs.write_status(tmp_path, state="running", step=2000, total_steps=3000, pid=os.getpid())
    follower = RunFollower(tmp_path)
    seen: list[int] = []
    follower.records_arrived.connect(lambda records: seen.extend(r["step"] for r in records))
    follower.start()
    qtbot.waitUntil(lambda: len(seen) == 2000, timeout=10_000)
    _metrics(tmp_path, range(2001, 2011))
    qtbot.waitUntil(lambda: len(seen) == 2010, timeout=10_000)
    assert seen == list(range(1, 2011)) and follower.is_active()
    follower.stop()


def test_the_runs_list_shows_a_new_state_at_once_and_new_steps_at_most_once_a_second(qtbot, tmp_path, monkeypatch):
    """Each refresh of the Runs list reads every run's files; a fast run changed its step at every poll, so the
    list was read again five times a second."""
    from desktop_app.ui.tabs import finetune_tab
    from desktop_app.workers.model_manager import ModelManager

    refreshed: list[str] = []
    monkeypatch.setattr(finetune_tab.FinetuneTab, "refresh_runs",
                        lambda self: refreshed.append(self.train_page.run_state()) or [])
    manager = ModelManager()
    tab = finetune_tab.FinetuneTab(manager, lambda: [])
    qtbot.addWidget(tab)
    page = tab.train_page
    page.run_dir, page.status = tmp_path, {"state": "running"}
    for _ in range(50):  # fifty new steps of a running run
        page.run_changed.emit()
    qtbot.waitUntil(lambda: len(refreshed) == 2, timeout=3000)  # the new state at once, the steps once
    page.status = {"state": "finished"}
    page.run_changed.emit()
    qtbot.waitUntil(lambda: len(refreshed) == 3, timeout=finetune_tab.STEP_REFRESH_MS // 2)  # not throttled
    assert refreshed == ["running", "running", "finished"]
    manager.shutdown(2.0)


def test_the_state_is_said_once_the_eta_hides_while_paused_and_chinese_has_no_english(qtbot, tmp_path):
    """Issue 15, items 8, 12 and 13: "Training · Training: step 2 of 30.", an ETA counting while paused, and the
    worker's English sentences in the Chinese Train page and Runs list."""
    from desktop_app.ui import i18n
    from desktop_app.ui.finetune.runs_panel import run_line
    from desktop_app.ui.tabs import finetune_tab
    from desktop_app.workers.model_manager import ModelManager

    manager = ModelManager()
    tab = finetune_tab.FinetuneTab(manager, lambda: [])
    qtbot.addWidget(tab)
    page = tab.train_page
    page.run_dir = tmp_path
    page.last = {"step": 2, "eta": 95.0}
    page._on_status({"state": "running", "message": "Training: step 2 of 30.", "step": 2, "total_steps": 30})
    assert page.state_label.text() == "Training · step 2 of 30" and page.eta_label.text() not in ("", "—")
    page.last = {"step": 8, "eta": 80.0}
    page._on_status({"state": "paused", "message": "Paused at step 8.", "step": 8, "total_steps": 30})
    assert page.state_label.text() == "Paused · at step 8" and page.eta_label.text() == "—"
    failed = {"state": "failed", "message": "CUDA out of memory.", "step": 3, "total_steps": 30}
    page._on_status(failed)
    assert page.state_label.text() == "Failed · CUDA out of memory."  # the worker's reason is kept
    summary = runs.RunSummary("run-1", tmp_path, {"base_model": "/m/smol.gguf", "dataset": "/d/a.jsonl"},
                              {"state": "finished", "step": 30, "total_steps": 30, "message": "Finished 30 steps."},
                              {"step": 30, "loss": 0.253}, best_eval_loss=0.165)
    assert run_line(summary).endswith("✓ Finished · 30/30 · loss 0.253 · eval 0.165")
    try:
        i18n.install_translator("zh_CN")
        page._on_status({"state": "running", "message": "Training: step 2 of 30.", "step": 2, "total_steps": 30})
        assert not any(c.isascii() and c.isalpha() for c in page.state_label.text()), page.state_label.text()
        line = run_line(summary).splitlines()[-1]
        assert not any(c.isascii() and c.isalpha() for c in line), line
    finally:
        i18n.install_translator("en")
    manager.shutdown(2.0)
