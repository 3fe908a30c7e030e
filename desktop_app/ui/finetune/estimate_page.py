"""Step 4: measure before training. "Measure" runs a few real steps of this exact run (estimate.measure, in a
worker process, waited for on a worker thread) and shows seconds per step, tokens/s, peak memory and the ETA, with a
warning naming the setting to change when it will not fit. Measuring is optional: Start training works without it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.models.memory import human_size
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.ui.finetune.page import WizardPage, WizardState, heading, muted_label
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

MEASURED_STEPS = 2


def format_duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if h:
        return QCoreApplication.translate("format_duration", "{h} h {m:02d} min").format(h=h, m=m)
    if m:
        return QCoreApplication.translate("format_duration", "{m} min {s:02d} s").format(m=m, s=s)
    return QCoreApplication.translate("format_duration", "{s} s").format(s=s)


def kill_dry_runs() -> int:
    """End this app's dry-run worker processes (estimate.measure has no cancel of its own). Returns how many."""
    import psutil

    killed = 0
    for child in psutil.Process().children(recursive=True):
        try:
            cmd = child.cmdline()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if "desktop_app.core.finetune.worker" in cmd and "--dry-run" in cmd:
            child.kill()
            killed += 1
    return killed


class EstimatePage(WizardPage):
    def __init__(self, state: WizardState, manager: ModelManager, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.title = self.tr("Estimate time and memory")
        self.manager = manager
        self.job: Job | None = None
        self.estimate = None
        self._cancelled = False

        self.measure_button = QPushButton(self.tr("Measure"))
        self.measure_button.setToolTip(self.tr("Run {n} real training steps on the longest examples and measure "
                                               "them (nothing is saved)").format(n=MEASURED_STEPS))
        self.measure_button.clicked.connect(self.measure)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.step_time = QLabel("—")
        self.tokens = QLabel("—")
        self.memory = QLabel("—")
        self.eta = QLabel("—")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName(self.tr("Memory warnings"))
        theme.style(self.warnings, "color: $error_text; font-weight: 600;")

        form = QFormLayout()
        form.addRow(self.tr("Time per step:"), self.step_time)
        form.addRow(self.tr("Tokens per second:"), self.tokens)
        form.addRow(self.tr("Peak memory:"), self.memory)
        form.addRow(self.tr("Whole run (ETA):"), self.eta)
        row = QHBoxLayout()
        row.addWidget(self.measure_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addWidget(muted_label(self.tr(
            "Measuring runs a few real steps of this run, so the numbers are this computer's, not a guess. It "
            "catches an out-of-memory run before it starts. You can also start training at once.")))
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.warnings)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def next_text(self) -> str:
        return self.tr("Start training")

    def enter(self) -> None:
        self.summary_steps = self.state.config.total_steps(self.state.n_train or 1)
        if self.estimate is None and (self.job is None or self.job.is_done()):
            self.status.setText(self.tr("{steps:,} steps planned. Measure to see how long they will take.").format(
                steps=self.summary_steps))

    def measure(self) -> None:
        if self.job is not None and not self.job.is_done():
            return
        config = replace(self.state.config)
        rows = self.state.n_train or None
        self.estimate = None
        self._cancelled = False
        for label in (self.step_time, self.tokens, self.memory, self.eta):
            label.setText("—")
        self.warnings.setText("")
        self.status.setText(self.tr("Measuring: loading the model and running {n} steps…").format(n=MEASURED_STEPS))

        def work(_job: Job):
            from desktop_app.core.finetune import estimate

            return estimate.measure(config, steps=MEASURED_STEPS, total_train_rows=rows)

        def connect(job: Job) -> None:
            job.finished.connect(lambda est, j=job: self._on_measured(j, est))
            job.failed.connect(lambda exc, j=job: self._on_failed(j, exc))
            job.ended.connect(lambda j=job: self._set_busy(False) if j is self.job else None)
            self.job = job

        self.manager.run_background(work, "finetune estimate", connect)
        self._set_busy(True)

    def cancel(self) -> None:
        if self.job is None or self.job.is_done():
            return
        self._cancelled = True
        self.job.cancel()
        kill_dry_runs()
        self.status.setText(self.tr("Cancelled."))
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.measure_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        self.ready_changed.emit()

    def _on_measured(self, job: Job, est) -> None:
        if job is not self.job or self._cancelled:
            return
        self.estimate = est
        self.step_time.setText(self.tr("{s:.2f} s").format(s=est.seconds_per_step))
        self.tokens.setText(f"{est.tokens_per_s:,.0f}")
        where = self.tr("GPU memory") if est.device == "cuda" else self.tr("RAM")
        self.memory.setText(self.tr("{peak} of {where} ({free} free)").format(
            peak=human_size(est.peak_bytes), where=where, free=human_size(est.available_bytes)))
        self.eta.setText(self.tr("{eta} for {steps:,} steps").format(
            eta=format_duration(est.eta_seconds), steps=est.total_steps))
        self.warnings.setText("\n".join(core_text(w) for w in est.warnings))
        self.status.setText(self.tr("It fits: start training when ready.") if est.fits else self.tr(
            "Change the setting named above on the previous page (Back), then measure again."))

    def _on_failed(self, job: Job, exc: BaseException) -> None:
        if job is self.job and not self._cancelled:
            self.status.setText(self.tr("Measuring failed: {error}").format(error=exc))

    def blocker(self) -> str:
        if self.job is not None and not self.job.is_done():
            return self.tr("Measuring…")
        return ""

    def shutdown(self) -> None:
        if self.job is not None and not self.job.is_done():
            self.job.cancel()
            kill_dry_runs()
