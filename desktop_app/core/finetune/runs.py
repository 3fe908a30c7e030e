"""Run folders: where runs live, starting and steering their worker process, their status, and their metrics.

A run is a folder under `paths.data_dir()/finetune/runs/<id>/` holding config.json (RunConfig), status.json (the
worker's state), metrics.jsonl (one JSON object per logged step), train.log, control.json (commands from the UI),
checkpoints/step-NNNNNN/ and, once finished, final/ (adapter or weights) and model/ (a classifier folder).

No torch here: the UI lists runs and follows their metrics at no import cost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.finetune.config import CONFIG_FILE, RunConfig, write_json_atomic
from desktop_app.core.messages import phrase
from desktop_app.core.storage.paths import data_dir

STATUS_FILE = "status.json"
METRICS_FILE = "metrics.jsonl"
LOG_FILE = "train.log"
CONTROL_FILE = "control.json"
CHECKPOINTS_DIR = "checkpoints"
FINAL_DIR = "final"
MODEL_DIR = "model"
STATES = ("starting", "running", "paused", "stopping", "finished", "failed", "stopped")
ACTIVE_STATES = ("starting", "running", "paused", "stopping")
COMMANDS = ("pause", "resume", "stop", "stop-now")


def runs_root() -> Path:
    root = data_dir() / "finetune" / "runs"
    root.mkdir(parents=True, exist_ok=True)
    return root


def create_run(config: RunConfig, root: Path | None = None, run_id: str | None = None) -> Path:
    """A new run folder with the (validated) config saved in it."""
    config.validate()
    run_id = run_id or time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
    run_dir = (root or runs_root()) / run_id
    run_dir.mkdir(parents=True, exist_ok=False)
    config.save(run_dir)
    write_status(run_dir, state="starting", message="Waiting for the worker to start.")
    return run_dir


def worker_command(run_dir: Path, resume: bool = False, extra: list[str] | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "desktop_app.core.finetune.worker", str(run_dir)]
    if resume:
        cmd.append("--resume")
    return cmd + list(extra or [])


def start_worker(run_dir: str | Path, resume: bool = False, env: dict[str, str] | None = None,
                 extra: list[str] | None = None) -> subprocess.Popen:
    """Start the training process for a run (its own session, so the app's signals do not reach it). Its
    stdout/stderr go to RUN_DIR/worker.out; everything that matters is in status.json, metrics.jsonl and
    train.log."""
    run_dir = Path(run_dir)
    out = open(run_dir / "worker.out", "ab")  # noqa: SIM115 - the child owns it
    try:
        return subprocess.Popen(
            worker_command(run_dir, resume, extra), stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})}, start_new_session=True,
        )
    finally:
        out.close()


def send_control(run_dir: str | Path, command: str) -> None:
    """Ask a running worker to pause, resume, stop (after saving a checkpoint) or stop-now (exit at once). It
    reads the file between steps; a paused worker checks it a few times a second."""
    if command not in COMMANDS:
        raise ValueError(phrase("Unknown command {command}: use {items}.", command=repr(command), items=', '.join(COMMANDS)))
    write_json_atomic(Path(run_dir) / CONTROL_FILE, {"command": command, "time": time.time(),
                                                     "id": uuid.uuid4().hex[:8]})


# -- status ----------------------------------------------------------------------------------------------------------
def write_status(run_dir: Path, **values: Any) -> dict[str, Any]:
    path = Path(run_dir) / STATUS_FILE
    status = _read_json(path) or {}
    status.update(values, updated=time.time())
    write_json_atomic(path, status)
    return status


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def pid_alive(pid: int | None, started: float | None = None) -> bool:
    """Whether the worker with this pid still runs (a zombie, or a new process that reused the pid, does not)."""
    if not pid:
        return False
    import psutil

    try:
        proc = psutil.Process(int(pid))
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return started is None or abs(proc.create_time() - float(started)) < 2.0
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False


def tail_lines(path: Path, n: int = 10, max_bytes: int = 16384) -> list[str]:
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - max_bytes))
            data = f.read()
    except OSError:
        return []
    return data.decode("utf-8", "replace").splitlines()[-n:]


def read_status(run_dir: str | Path) -> dict[str, Any]:
    """status.json, corrected for a worker that died without saying so: an active state whose process is gone
    reads as "failed", with the last lines of train.log as the message."""
    run_dir = Path(run_dir)
    status = _read_json(run_dir / STATUS_FILE) or {"state": "unknown", "message": "No status file."}
    if status.get("state") in ACTIVE_STATES and status.get("pid") and not pid_alive(
        status.get("pid"), status.get("pid_started")
    ):
        last = tail_lines(run_dir / LOG_FILE, 5)
        status = {**status, "state": "failed", "log_tail": last,
                  "message": "The training process ended unexpectedly (killed or crashed)."
                  + (f" Last log line: {last[-1]}" if last else "")}
    return status


# -- metrics ---------------------------------------------------------------------------------------------------------
@dataclass
class MetricsUpdate:
    records: list[dict[str, Any]]
    restarted: bool = False  # the file was rewritten (a resumed run drops steps after its checkpoint): start over
    more: bool = False  # the read stopped at max_bytes: more of the file is there to read


class MetricsReader:
    """Follows a run's metrics.jsonl incrementally: each `poll()` reads only the bytes added since the last one
    (a file offset), keeps a partial last line until it is complete, and notices when the file was replaced (a
    resumed run rewrites it without the steps after its checkpoint), then starts over with `restarted=True`."""

    def __init__(self, path: str | Path):
        path = Path(path)
        self.path = path / METRICS_FILE if path.is_dir() else path
        self.offset = 0
        self._partial = b""
        self._ino: int | None = None

    def poll(self, max_bytes: int | None = 8 << 20) -> MetricsUpdate:
        restarted = False
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return MetricsUpdate([])
        if self._ino is not None and (st.st_ino != self._ino or st.st_size < self.offset):
            self.offset, self._partial, restarted = 0, b"", True
        self._ino = st.st_ino
        if st.st_size == self.offset:
            return MetricsUpdate([], restarted)
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read(-1 if max_bytes is None else max_bytes)
        self.offset += len(data)
        more = self.offset < st.st_size
        data = self._partial + data
        lines = data.split(b"\n")
        self._partial = lines.pop()  # b"" when the data ended with a newline
        return MetricsUpdate(_parse_records(lines), restarted, more)


def _parse_records(lines: list[bytes]) -> list[dict[str, Any]]:
    """The JSON objects among `lines`, in order; a line that is not one (cut by a crash, not JSON) is skipped. The
    lines are parsed as one JSON array: 40 % less time than a json.loads per line, which the window pays while it
    follows a run (bench/finetune_plot.py); a bad line sends the slice to the line-by-line path."""
    lines = [line for line in lines if line.strip()]
    try:
        parsed = json.loads(b"[" + b",".join(lines) + b"]")
    except json.JSONDecodeError:
        parsed = []
        for line in lines:
            try:
                parsed.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return [r for r in parsed if isinstance(r, dict)]


def read_metrics(run_dir: str | Path) -> list[dict[str, Any]]:
    return MetricsReader(run_dir).poll(None).records


# -- the run list ----------------------------------------------------------------------------------------------------
@dataclass
class RunSummary:
    run_id: str
    path: Path
    config: dict[str, Any]
    status: dict[str, Any]
    last_metrics: dict[str, Any] = field(default_factory=dict)
    first_loss: float | None = None
    best_eval_loss: float | None = None
    checkpoints: list[int] = field(default_factory=list)

    @property
    def state(self) -> str:
        return str(self.status.get("state", "unknown"))


def checkpoint_steps(run_dir: Path) -> list[int]:
    root = Path(run_dir) / CHECKPOINTS_DIR
    steps = []
    if root.is_dir():
        for p in root.iterdir():
            if p.name.startswith("step-") and (p / "state.json").is_file():
                try:
                    steps.append(int(p.name[5:]))
                except ValueError:
                    continue
    return sorted(steps)


def summarize_run(run_dir: Path) -> RunSummary:
    config = _read_json(run_dir / CONFIG_FILE) or {}
    first, last, best = None, {}, None
    path = run_dir / METRICS_FILE
    try:
        with path.open("rb") as f:
            head = f.readline()
        first = json.loads(head).get("loss") if head.strip() else None
    except (OSError, json.JSONDecodeError, AttributeError):
        pass
    tail: deque[str] = deque(tail_lines(path, 200, 1 << 16), maxlen=200)
    for line in tail:
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        last = rec
        if rec.get("eval_loss") is not None:
            best = rec["eval_loss"] if best is None else min(best, rec["eval_loss"])
    return RunSummary(run_dir.name, run_dir, config, read_status(run_dir), last, first, best,
                      checkpoint_steps(run_dir))


def list_runs(root: Path | None = None) -> list[RunSummary]:
    """Every run folder, newest first, with its config, status (dead workers shown as failed) and metrics."""
    root = root or runs_root()
    runs = [summarize_run(p) for p in root.iterdir() if p.is_dir() and (p / CONFIG_FILE).is_file()]
    return sorted(runs, key=lambda r: r.run_id, reverse=True)
