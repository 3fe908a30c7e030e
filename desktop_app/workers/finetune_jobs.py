"""Qt glue for fine-tuning runs: a QObject that follows one run's files while its worker process trains.

The training is a separate process (core/finetune/worker.py); the app only reads what it writes. `RunFollower`
polls, on a QTimer, the new bytes of metrics.jsonl (`MetricsReader`: incremental, one small read per tick), the new
lines of train.log (a file offset, as `tail -f` does) and status.json, and emits them as signals. Each tick reads
only what was appended, so following a run at 10 steps/s costs well under a millisecond a tick on the GUI thread.
A window that opens a long run (50,000 points are ~15 MB of metrics) catches up CATCH_UP_BYTES at a time, one read
per turn of the event loop, so the window never freezes while it reads; the run's final state is reported once every
point has been read.

Closing the window stops the follower, never the process: the run goes on, and a new window attaches to it again
from its folder (read_status + MetricsReader from the start of the file).
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.finetune import runs

POLL_MS = 200
CATCH_UP_BYTES = 32 << 10  # metrics read per turn of the event loop: ~100 records, ~4 ms to parse, plot and show
LOG_CHUNK = 1 << 16  # at most this many new log bytes per tick (a run that logs faster is caught up over ticks)
STATUS_EVERY = 3  # read status.json every this many ticks


class RunFollower(QObject):
    # new metric records (dicts), in order; `object`, not `list`: PySide converts a list to a QVariantList and back,
    # 2 ms for 130 records (bench/finetune_plot.py), where an object is handed over as it is
    records_arrived = Signal(object)
    restarted = Signal()  # metrics.jsonl was rewritten (a resumed run): drop what was shown, records follow
    status_changed = Signal(dict)  # read_status(), when its state, step or message changed
    log_appended = Signal(str)  # new complete lines of train.log
    ended = Signal(str)  # the run reached a final state: finished, failed or stopped

    def __init__(self, run_dir: str | Path, process: subprocess.Popen | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.run_dir = Path(run_dir)
        self.process = process
        self.reader = runs.MetricsReader(self.run_dir)
        self.status: dict = {}
        self._log_offset = 0
        self._log_partial = b""
        self._ticks = 0
        self._ended = False
        self.catching_up = False  # the records being emitted are not the file's end yet (a long history read)
        self._new_records = False  # records emitted since status.json was last read
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._catch_up = QTimer(self)  # behind the file: the next read at the next turn of the event loop
        self._catch_up.setSingleShot(True)
        self._catch_up.setInterval(0)
        self._catch_up.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        if not self._ended:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._catch_up.stop()

    def is_active(self) -> bool:
        return self._timer.isActive() or self._catch_up.isActive()

    def poll(self) -> None:
        if self.process is not None:
            self.process.poll()  # reap an exited worker, so it never lingers as a zombie
        if self._read_metrics():
            return  # status and log once the points are caught up
        self._read_log()
        if self._ticks % STATUS_EVERY == 0 or self._new_records:
            self._new_records = False
            self._read_status()
        self._ticks += 1

    def _read_metrics(self) -> bool:
        """Emit the next new records; True when more are waiting (then the next read is already scheduled)."""
        update = self.reader.poll(CATCH_UP_BYTES)
        if update.restarted:
            self.restarted.emit()
        self.catching_up = update.more
        if update.records:
            self._new_records = True
            self.records_arrived.emit(update.records)
        if update.more and not self._ended:
            self._catch_up.start()
        return update.more

    def _read_log(self) -> None:
        path = self.run_dir / runs.LOG_FILE
        try:
            size = os.path.getsize(path)
        except OSError:
            return
        if size < self._log_offset:  # the log was replaced: read it again
            self._log_offset, self._log_partial = 0, b""
        if size == self._log_offset:
            return
        if self._log_offset == 0 and size > LOG_CHUNK:
            self._log_offset = size - LOG_CHUNK  # attaching to a long log: its tail is enough
        with open(path, "rb") as f:
            f.seek(self._log_offset)
            data = f.read(LOG_CHUNK)
        self._log_offset += len(data)
        data = self._log_partial + data
        cut = data.rfind(b"\n")
        if cut < 0:
            self._log_partial = data
            return
        self._log_partial = data[cut + 1:]
        self.log_appended.emit(data[:cut].decode("utf-8", "replace"))

    def _read_status(self) -> None:
        status = runs.read_status(self.run_dir)
        final_state = status.get("state") not in runs.ACTIVE_STATES and status.get("state") != "unknown"
        if final_state and not self._ended:
            # The metrics file to its end first: a page that shows "finished" has every point plotted already
            # (a short run's last loss point was drawn after the final state, or not at all). Bytes written since
            # this tick's read are read now, or, when there are many, over the next turns, and the state after.
            if self._read_metrics():
                return
            self._read_log()
        key = ("state", "step", "message", "total_steps")
        if any(status.get(k) != self.status.get(k) for k in key):
            self.status = status
            self.status_changed.emit(status)
        if final_state and not self._ended:
            self._ended = True
            self._timer.stop()
            if self.process is not None and self.process.poll() is None:
                # the worker writes its final status just before it exits: reap it then, never a zombie
                threading.Thread(target=self.process.wait, name="reap finetune", daemon=True).start()
            self.ended.emit(str(status.get("state")))
