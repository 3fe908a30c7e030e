"""This machine's speed measurement (core/models/speed_measure.py) as a job on the utility thread, measured once.

Why here and not in a tab: the measurement loads the built-in model in an engine process and runs it for a few
seconds; the work is built from a frozen request in this module (as task_jobs.py does for the tabs' work), and one
`MachineSpeed` per window holds the result so that every view asking for it (the model's details, Discover's speed
column) shares one measurement: the cached one at once, else a single background job however often it is asked for.
The result is cached in the data folder by `ensure_machine`, so later sessions never measure again on the same CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_app.core.models import speed, speed_calibration
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager


@dataclass(frozen=True)
class MeasureRequest:
    models_dir: Path  # where the engine may assemble the built-in model's files
    data_folder: Path | None = None  # where the measurement is cached; None: the app's data folder


def measure_work(request: MeasureRequest) -> Callable[[Job], speed.Machine]:
    """The utility job's work: the cached measurement, or a new one (saved) when there is none or the CPU changed."""

    def work(job: Job) -> speed.Machine:
        from desktop_app.core.models.speed_measure import ensure_machine

        return ensure_machine(request.models_dir, request.data_folder, cancel=job.cancel_event)

    return work


class MachineSpeed(QObject):
    """The machine's measurement for the speed predictor, shared by the views of one window."""

    measured = Signal(object)  # speed.Machine: the prediction can be shown from now on
    failed = Signal(str)  # one sentence: why the machine could not be measured
    busy_changed = Signal(bool)

    def __init__(self, manager: ModelManager, request: MeasureRequest, parent: QObject | None = None):
        super().__init__(parent)
        self.manager, self.request = manager, request
        self.machine: speed.Machine | None = speed_calibration.load_machine(request.data_folder)
        self.job: Job | None = None

    def is_busy(self) -> bool:
        return self.job is not None and self.job.state in ("queued", "running")

    def ensure(self) -> Job | None:
        """Start measuring unless the machine is known (None) or a measurement is already under way (that job)."""
        if self.machine is not None:
            return None
        if self.is_busy():
            return self.job

        def connect(job: Job) -> None:  # connected before the job can start: no signal is missed
            job.finished.connect(self._on_measured)
            job.failed.connect(lambda exc: self.failed.emit(str(exc)))
            job.ended.connect(lambda: self.busy_changed.emit(False))

        self.job = self.manager.run_background(measure_work(self.request), name="measure speed", before_start=connect)
        self.busy_changed.emit(True)
        return self.job

    def _on_measured(self, machine: speed.Machine) -> None:
        self.machine = machine
        self.measured.emit(machine)
