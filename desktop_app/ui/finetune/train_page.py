"""Step 5: the run, live. Loss (train and eval), learning rate, step / epoch / tokens/s / ETA, the log, and the
controls: Pause / Resume, Stop (saves a checkpoint first), Stop now, and Resume from the last checkpoint for a run
that was stopped or died. The page shows any run, the one just started or one picked in the Runs panel; it follows
the run's files (workers/finetune_jobs.RunFollower), so leaving the tab or closing the window never stops training.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.finetune import runs
from desktop_app.ui import fonts, theme
from desktop_app.ui.finetune.estimate_page import format_duration
from desktop_app.ui.finetune.page import WizardPage, WizardState, heading
from desktop_app.ui.finetune.run_words import status_text
from desktop_app.ui.widgets.loss_plot import LossPlot
from desktop_app.workers.finetune_jobs import RunFollower

LOG_LINES = 5000
# Marked for lupdate, translated where shown (self.tr, context "TrainPage").


class TrainPage(WizardPage):
    run_ended = Signal(str)  # the followed run reached finished / failed / stopped
    run_changed = Signal()  # a state change worth refreshing the Runs panel for
    resume_requested = Signal(str)  # run folder: start its worker again from the last checkpoint

    def __init__(self, state: WizardState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.title = self.tr("Training")
        self.run_dir: Path | None = None
        self.follower: RunFollower | None = None
        self.status: dict = {}
        self.last: dict = {}
        self.last_eval: float | None = None

        self.run_label = heading(self.title)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setAccessibleName(self.tr("Run state"))
        self.step_label = QLabel("—")
        self.epoch_label = QLabel("—")
        self.speed_label = QLabel("—")
        self.eta_label = QLabel("—")
        self.loss_label = QLabel("—")
        self.eval_label = QLabel("—")
        grid = QGridLayout()
        for i, (name, label) in enumerate(((self.tr("Step"), self.step_label), (self.tr("Epoch"), self.epoch_label),
                                          (self.tr("Tokens/s"), self.speed_label), (self.tr("ETA"), self.eta_label),
                                          (self.tr("Loss"), self.loss_label),
                                          (self.tr("Eval loss"), self.eval_label))):
            title = QLabel(name)
            theme.style(title, "color: $muted;")
            fonts.emphasize(label, point_size=13)
            label.setAccessibleName(name)
            grid.addWidget(title, 0, i)
            grid.addWidget(label, 1, i)

        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Pause training (the process waits, using no CPU) or resume it"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Save a checkpoint, then stop: the run can be resumed later"))
        self.stop_button.clicked.connect(lambda: self.control("stop"))
        self.stop_now_button = QPushButton(self.tr("Stop now"))
        self.stop_now_button.setToolTip(self.tr("Stop at once without saving (resume goes back to the last "
                                                "checkpoint)"))
        self.stop_now_button.clicked.connect(lambda: self.control("stop-now"))
        self.resume_button = QPushButton(self.tr("Resume from checkpoint"))
        self.resume_button.setToolTip(self.tr("Start this run again from its last checkpoint"))
        self.resume_button.clicked.connect(lambda: self.run_dir and self.resume_requested.emit(str(self.run_dir)))
        self.smooth_box = QCheckBox(self.tr("Smooth"))
        self.smooth_box.setToolTip(self.tr("Draw the train loss as a moving average (the raw points stay, faint)"))
        self.smooth_box.setChecked(True)
        self.compare_combo = QComboBox()
        self.compare_combo.setAccessibleName(self.tr("Compare with"))
        self.compare_combo.setToolTip(self.tr("Draw another run's curves, dashed, for comparison"))
        self.compare_combo.setMinimumContentsLength(18)
        self.compare_combo.activated.connect(self._on_compare)

        self.plot = LossPlot()
        self.smooth_box.toggled.connect(self.plot.set_smoothing)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.log.setAccessibleName(self.tr("Training log"))
        self.log.setLineWrapMode(QPlainTextEdit.NoWrap)
        fonts.monospace(self.log)

        buttons = QHBoxLayout()
        for b in (self.pause_button, self.stop_button, self.stop_now_button, self.resume_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.smooth_box)
        buttons.addWidget(QLabel(self.tr("Compare with:")))
        buttons.addWidget(self.compare_combo)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.plot)
        split.addWidget(self.log)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 140])
        layout = QVBoxLayout(self)
        layout.addWidget(self.run_label)
        layout.addWidget(self.state_label)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self._update_buttons()

    # -- which run ---------------------------------------------------------------------------------------------------
    def show_run(self, run_dir: str | Path, process: subprocess.Popen | None = None) -> None:
        """Show and follow a run from the start of its files (a restarted window attaches the same way)."""
        if self.follower is not None:
            self.follower.stop()
            self.follower.deleteLater()
        self.run_dir = Path(run_dir)
        self.status, self.last, self.last_eval = {}, {}, None
        for label in (self.step_label, self.epoch_label, self.speed_label, self.eta_label, self.loss_label,
                      self.eval_label):
            label.setText("—")
        self.plot.clear()
        self.log.clear()
        cfg = runs._read_json(self.run_dir / runs.CONFIG_FILE) or {}
        base = Path(str(cfg.get("base_model", ""))).name
        data = Path(str(cfg.get("dataset", ""))).name
        self.run_label.setText(self.tr("Run {id}").format(id=self.run_dir.name))
        self.run_label.setToolTip(f"{base} · {data} · {self.run_dir}")
        self.follower = RunFollower(self.run_dir, process, self)
        self.follower.records_arrived.connect(self._on_records)
        self.follower.restarted.connect(self._on_restarted)
        self.follower.status_changed.connect(self._on_status)
        self.follower.log_appended.connect(self._on_log)
        self.follower.ended.connect(self._on_ended)
        self.follower.start()
        self._fill_compare()
        self._update_buttons()

    def _fill_compare(self) -> None:
        self.compare_combo.clear()
        self.compare_combo.addItem(self.tr("(none)"), "")
        root = self.run_dir.parent if self.run_dir else runs.runs_root()
        for p in sorted((d for d in root.iterdir() if (d / runs.METRICS_FILE).is_file()), reverse=True):
            if p != self.run_dir:
                self.compare_combo.addItem(p.name, str(p))

    def _on_compare(self, _index: int) -> None:
        path = self.compare_combo.currentData()
        # a finished run's metrics are one read of a small file; a long run's whole file, at most a few MB
        self.plot.set_comparison(runs.read_metrics(path) if path else None, Path(path).name if path else "")

    # -- what the follower reports -----------------------------------------------------------------------------------
    def _on_records(self, records: list) -> None:
        self.plot.add_records(records, more_coming=self.follower is not None and self.follower.catching_up)
        for rec in records:
            if rec.get("eval_loss") is not None:
                self.last_eval = rec["eval_loss"]
        self.last = records[-1]
        self._show_numbers()

    def _on_restarted(self) -> None:
        self.plot.clear()
        self.last_eval = None

    def _show_numbers(self) -> None:
        rec = self.last
        total = self.status.get("total_steps") or 0
        if "step" in rec:
            self.step_label.setText(f"{rec['step']:,} / {total:,}" if total else f"{rec['step']:,}")
        if rec.get("epoch") is not None:
            self.epoch_label.setText(f"{rec['epoch']:.2f}")
        if rec.get("tokens_per_s") is not None:
            speed = f"{rec['tokens_per_s']:,.0f}"
            if rec.get("threads"):  # on the CPU: the threads this step took (fewer while another program is busy)
                speed += " · " + self.tr("%n thread(s)", "", rec["threads"])
            self.speed_label.setText(speed)
        if rec.get("eta") is not None:
            # Only while steps are being taken: a paused run has no time left to count down.
            running = self.status.get("state") in ("starting", "running") or not self.status
            self.eta_label.setText(format_duration(rec["eta"]) if running else "—")
        if rec.get("loss") is not None:
            self.loss_label.setText(f"{rec['loss']:.4f}")
        if self.last_eval is not None:
            self.eval_label.setText(f"{self.last_eval:.4f}")

    def _on_status(self, status: dict) -> None:
        self.status = status
        state = str(status.get("state", "unknown"))
        self.state_label.setText(status_text(status))
        color = {"failed": "$error_text", "finished": "$ok_text"}.get(state, "")
        theme.style(self.state_label, f"color: {color};" if color else "")
        if state == "failed" and status.get("log_tail"):
            self.log.appendPlainText("\n".join(status["log_tail"]))
        if state not in ("starting", "running"):
            self.eta_label.setText("—")
        if self.last:
            self._show_numbers()
        self._update_buttons()
        self.run_changed.emit()
        self.ready_changed.emit()

    def _on_log(self, text: str) -> None:
        self.log.appendPlainText(text)
        self.log.moveCursor(QTextCursor.End)

    def _on_ended(self, state: str) -> None:
        self._update_buttons()
        self.run_ended.emit(state)
        self.ready_changed.emit()

    # -- controls ----------------------------------------------------------------------------------------------------
    def run_state(self) -> str:
        return str(self.status.get("state", "")) if self.run_dir else ""

    def toggle_pause(self) -> None:
        self.control("resume" if self.run_state() == "paused" else "pause")

    def control(self, command: str) -> None:
        if self.run_dir is None:
            return
        runs.send_control(self.run_dir, command)
        self.state_label.setText(self.tr("Sent: {command}…").format(command=command))

    def _update_buttons(self) -> None:
        state = self.run_state()
        active = state in runs.ACTIVE_STATES
        self.pause_button.setEnabled(state in ("running", "paused"))
        self.pause_button.setText(self.tr("Resume") if state == "paused" else self.tr("Pause"))
        self.stop_button.setEnabled(active and state != "stopping")
        self.stop_now_button.setEnabled(active)
        can_resume = state in ("failed", "stopped") and self.run_dir is not None and bool(
            runs.checkpoint_steps(self.run_dir))
        self.resume_button.setVisible(state in ("failed", "stopped"))
        self.resume_button.setEnabled(can_resume)
        if state in ("failed", "stopped") and not can_resume:
            self.resume_button.setToolTip(self.tr("This run saved no checkpoint, so it cannot resume; start a "
                                                  "new run."))

    def blocker(self) -> str:
        state = self.run_state()
        if not state:
            return self.tr("No run yet.")
        if state != "finished":
            return self.tr("The results are ready when the run has finished.")
        return ""

    def next_text(self) -> str:
        return self.tr("Results")

    def shutdown(self) -> None:
        if self.follower is not None:
            self.follower.stop()
