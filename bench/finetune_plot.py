"""Fine-tune loss plot: how long the window stalls while the real Fine-tune tab follows a run with many points.

The subject is the app's own path, with the window's garbage collection (workers/gui_thread_gc.py, as app.py
installs it; Python's automatic collection ran here before, which the app does not): `FinetuneTab.show_run` → TrainPage → RunFollower (polls metrics.jsonl and
status.json) → LossPlot (pyqtgraph), in a shown 1200×780 window. A writer process stands in for the training
worker: it writes status.json as the worker does (state "running", its own pid) and appends records with the
worker's fields (step, epoch, loss, lr, grad_norm, tokens, tokens_per_s, step_s, elapsed, eta, peak_mem, rows,
time; an eval_loss every 500 steps) to metrics.jsonl, then writes "finished".

- stream: the tab follows the run from its start while the writer appends POINTS records (default 50,000) at RATE
  steps/s (default 2,000: a real run logs ~20 steps/s, so each poll here brings 100× more points).
- attach: the run already holds POINTS records and has finished; a new tab is shown and opens it (a window that
  opens a long run).
- baseline: the same window, heartbeat and writer process with an empty page instead of the tab: what the machine
  itself costs (the writer, other processes), so the app's stalls read against it.

A 5 ms precise timer on the GUI thread (bench/ui_latency.py's Heartbeat) records its ticks; a stall is a gap
between ticks beyond 5 ms. Each measurement ends on the first tick after the plot shows every point and the page
shows "finished". ROUNDS rounds alternate app and baseline. It also checks that the chart shows the last step.

Last line: RESULT stream_max_ms=.. stream_p99_ms=.. attach_max_ms=.. attach_p99_ms=.. base_max_ms=..
base_p99_ms=.. points=.. last_point_shown=..   (targets: max < 50 ms, p99 < 16 ms)
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from ui_latency import Heartbeat, p99  # noqa: E402  (bench/ is on sys.path when run as a script)

from desktop_app.core.finetune import runs  # noqa: E402
from desktop_app.core.storage.paths import HOME_ENV  # noqa: E402

POINTS = int(os.environ.get("BENCH_POINTS", "50000"))
RATE = float(os.environ.get("BENCH_RATE", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
INTERVAL_MS = 5
TIMEOUT_S = 600
WINDOW_SIZE = (1200, 780)

# The writer: the worker's status and metrics files, written as core/finetune/worker.py writes them.
WRITER = textwrap.dedent("""
    import json, math, os, sys, time
    import psutil
    from pathlib import Path
    from desktop_app.core.finetune import runs

    run_dir, points, rate = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    runs.write_status(run_dir, state="running", pid=os.getpid(), pid_started=psutil.Process().create_time(),
                      total_steps=points, step=0, message="Training")

    speed = rate or 20.0  # a history written at once reads as a run at 20 steps/s

    def record(step):
        loss = 0.4 + 2.6 * math.exp(-step / 8000) + 0.15 * math.sin(step * 12.9898) ** 2
        rec = {"step": step, "epoch": round(step / 5000, 4), "loss": loss, "lr": 2e-4 * min(1, step / 500),
               "grad_norm": 1.0 + 0.3 * math.cos(step), "tokens": 512, "tokens_per_s": 512 * speed,
               "step_s": 1 / speed, "elapsed": round(step / speed, 3), "eta": round((points - step) / speed, 1),
               "peak_mem": 812345678, "rows": 4, "time": round(time.time(), 3)}
        if step % 500 == 0 or step == points:
            rec["eval_loss"] = loss + 0.05
        return json.dumps(rec) + "\\n"

    start, step, last_status = time.perf_counter(), 0, 0.0
    with open(run_dir / runs.METRICS_FILE, "a", encoding="utf-8") as f:
        while step < points:
            due = points if rate <= 0 else min(points, int((time.perf_counter() - start) * rate) + 1)
            if due > step:
                f.write("".join(record(s) for s in range(step + 1, due + 1)))
                f.flush()
                step = due
            now = time.perf_counter()
            if now - last_status > 0.1 or step == points:
                runs.write_status(run_dir, state="running", step=step, message=f"Training: step {step}")
                last_status = now
            if rate > 0 and step < points:
                time.sleep(0.01)
    runs.write_status(run_dir, state="finished", step=points, message="Done")
""")


def new_run(name: str) -> Path:
    run_dir = runs.runs_root() / name  # where the Runs panel lists it, as it does a real run
    run_dir.mkdir(parents=True)
    (run_dir / runs.CONFIG_FILE).write_text(json.dumps({"base_model": "bench", "dataset": "bench.jsonl"}))
    return run_dir


def start_writer(run_dir: Path, rate: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(run_dir), str(POINTS), str(rate)])


def wait_until(beat: Heartbeat, done, action=None, what=lambda: "") -> list[float]:
    """Start the heartbeat, run `action` from the event loop, and run the loop until `done()` holds on a tick;
    return the stalls in ms."""
    loop = QEventLoop()
    beat.on_tick = lambda: done() and loop.quit()
    QTimer.singleShot(TIMEOUT_S * 1000, loop.quit)
    if action is not None:
        QTimer.singleShot(0, action)
    beat.start()
    loop.exec()
    beat.on_tick = None
    stalls = beat.stop()
    if not done():
        raise RuntimeError(f"not done within {TIMEOUT_S} s {what()}")
    return stalls


def make_tab(window: QMainWindow, manager):
    from desktop_app.ui.tabs.finetune_tab import FinetuneTab

    tab = FinetuneTab(manager, lambda: [])
    window.setCentralWidget(tab)  # the previous page is deleted
    QApplication.processEvents()
    return tab


def tab_done(tab) -> bool:
    page = tab.train_page
    return page.run_state() == "finished" and page.plot.point_count() == POINTS


def measure_app(window: QMainWindow, beat: Heartbeat, manager, mode: str, i: int) -> tuple[list[float], bool]:
    """The Fine-tune tab opens the run (as a click in the Runs panel does) and follows it to its end."""
    run_dir = new_run(f"{mode}-app-{i}")
    if mode == "attach":  # the whole history is on disk before the window opens it
        start_writer(run_dir, 0).wait()
    tab = make_tab(window, manager)
    writer = start_writer(run_dir, RATE) if mode == "stream" else None
    page = tab.train_page
    stalls = wait_until(beat, lambda: tab_done(tab), lambda: tab.show_run(str(run_dir)),
                        lambda: f"(state {page.run_state()!r}, {page.plot.point_count()} points shown)")
    last_shown = tab.train_page.plot.last_shown_step() == POINTS
    tab.shutdown()
    if writer is not None:
        writer.wait()
    return stalls, last_shown


def measure_base(window: QMainWindow, beat: Heartbeat, mode: str, i: int, seconds: float) -> list[float]:
    """An empty page: with the writer running (stream), or idle for as long as the app's attach took."""
    window.setCentralWidget(QWidget())
    if mode == "stream":
        writer = start_writer(new_run(f"{mode}-base-{i}"), RATE)
        stalls = wait_until(beat, lambda: writer.poll() is not None)
    else:
        until = time.perf_counter() + seconds
        stalls = wait_until(beat, lambda: time.perf_counter() >= until)
    return stalls


def main() -> int:
    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive for the whole run
    from desktop_app.workers.gui_thread_gc import GuiThreadCollector

    GuiThreadCollector(_app)  # the window's garbage collection, as app.py installs it (not Python's automatic one)
    with tempfile.TemporaryDirectory(prefix="bench-ftplot-", ignore_cleanup_errors=True) as home:
        os.environ[HOME_ENV] = home
        window = QMainWindow()
        window.resize(*WINDOW_SIZE)
        window.show()
        beat = Heartbeat(INTERVAL_MS)
        from desktop_app.workers.model_manager import ModelManager

        manager = ModelManager()
        stalls: dict[str, list[float]] = {}
        last_shown = []
        print(f"{POINTS:,} points, stream at {RATE:,.0f} steps/s, load {os.getloadavg()[0]:.2f}", flush=True)
        for i in range(ROUNDS):
            for mode in ("stream", "attach"):
                took = 2.0
                for is_app in (True, False) if i % 2 == 0 else (False, True):
                    key = f"{mode}_{'app' if is_app else 'base'}"
                    t0 = time.perf_counter()
                    if is_app:
                        s, shown = measure_app(window, beat, manager, mode, i)
                        last_shown.append(shown)
                        took = time.perf_counter() - t0
                    else:
                        s = measure_base(window, beat, mode, i, took)
                    stalls.setdefault(key, []).extend(s)
                    print(f"round {i + 1} {key:12s}: max {max(s, default=0):6.1f} ms, p99 {p99(s):5.1f} ms, "
                          f"{time.perf_counter() - t0:5.1f} s, load {os.getloadavg()[0]:.2f}", flush=True)
        window.close()
        manager.shutdown(2.0)
    base = stalls["stream_base"] + stalls["attach_base"]
    print(
        f"RESULT stream_max_ms={max(stalls['stream_app']):.1f} stream_p99_ms={p99(stalls['stream_app']):.1f} "
        f"attach_max_ms={max(stalls['attach_app']):.1f} attach_p99_ms={p99(stalls['attach_app']):.1f} "
        f"base_max_ms={max(base):.1f} base_p99_ms={p99(base):.1f} points={POINTS} last_point_shown={all(last_shown)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
