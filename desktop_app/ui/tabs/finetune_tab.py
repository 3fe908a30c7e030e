"""Fine-tune: a step-by-step wizard (task and base model → data → settings → estimate → training → results) beside
a Runs panel of every run on disk.

Training runs in its own process (core/finetune/worker.py); this tab only starts it, steers it through its control
file and follows its files. Leaving the tab or closing the window never stops a run, and a new window attaches to a
run still going. The heavy parts (pyqtgraph, tokenizers, torch) load only when the tab is used.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.finetune import runs
from desktop_app.ui import fonts, theme
from desktop_app.ui.finetune.data_page import DataPage
from desktop_app.ui.finetune.estimate_page import EstimatePage
from desktop_app.ui.finetune.page import WizardState
from desktop_app.ui.finetune.result_page import ResultPage
from desktop_app.ui.finetune.runs_panel import RunsPanel
from desktop_app.ui.finetune.settings_page import SettingsPage
from desktop_app.ui.finetune.task_page import TaskPage
from desktop_app.ui.finetune.train_page import TrainPage
from desktop_app.ui.widgets.loss_plot import import_charts_in_background
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.model_manager import ModelManager

log = logging.getLogger(__name__)
REFRESH_MS = 3000
STEP_REFRESH_MS = 1000  # the Runs list follows a new step of the shown run at most this often
TASK, DATA, SETTINGS, ESTIMATE, TRAIN, RESULT = range(6)


class FinetuneTab(QWidget):
    chat_requested = Signal(str)  # a GGUF file or model folder to load in the Chat tab
    task_model_requested = Signal(str, str)  # task ("sentiment"), model folder
    run_started = Signal(str)  # run folder

    def __init__(self, manager: ModelManager, records: Callable[[], list] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        import_charts_in_background()  # the Data and Train pages' charts need pyqtgraph
        self.manager = manager
        self.state = WizardState()
        self.processes: dict[str, subprocess.Popen] = {}
        self._first_show = True

        self.notice = NoticeBar()
        self.task_page = TaskPage(self.state, manager, records)
        self.data_page = DataPage(self.state, manager)
        self.settings_page = SettingsPage(self.state)
        self.estimate_page = EstimatePage(self.state, manager)
        self.train_page = TrainPage(self.state)
        self.result_page = ResultPage(self.state, manager)
        self.pages = [self.task_page, self.data_page, self.settings_page, self.estimate_page, self.train_page,
                      self.result_page]
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
            page.ready_changed.connect(self._update_nav)
        self.train_page.run_ended.connect(self._on_run_ended)
        self.train_page.run_changed.connect(self._refresh_soon)
        self.train_page.resume_requested.connect(self.resume)
        self.result_page.chat_requested.connect(self.chat_requested)
        self.result_page.task_model_requested.connect(self.task_model_requested)

        self.steps = []
        steps_row = QHBoxLayout()
        names = (self.tr("Task"), self.tr("Data"), self.tr("Settings"), self.tr("Estimate"), self.tr("Train"),
                 self.tr("Results"))
        for i, name in enumerate(names):
            label = QLabel(f"{i + 1}. {name}")
            self.steps.append(label)
            steps_row.addWidget(label)
            if i < len(names) - 1:
                steps_row.addWidget(QLabel("›"))
        steps_row.addStretch(1)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.reason = QLabel()
        self.reason.setAccessibleName(self.tr("Why Next is disabled"))
        self.reason.setWordWrap(True)
        theme.style(self.reason, "color: $muted;")
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.reason, 1)
        nav.addWidget(self.next_button)

        wizard = QWidget()
        wizard_layout = QVBoxLayout(wizard)
        wizard_layout.addLayout(steps_row)
        wizard_layout.addWidget(self.stack, 1)
        wizard_layout.addLayout(nav)
        self.runs_panel = RunsPanel()
        self.runs_panel.run_selected.connect(self.show_run)
        self.runs_panel.new_run_requested.connect(self.new_run)
        self.runs_panel.resume_requested.connect(self.resume)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.runs_panel)
        split.addWidget(wizard)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([260, 940])
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)

        self._listed_state = ""  # the followed run's state when the Runs list was last refreshed for it
        self._refresh_later = qthrottled(self.refresh_runs, timeout=STEP_REFRESH_MS, leading=False, parent=self)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._periodic_refresh)
        self._update_nav()

    # -- first use ---------------------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            self.attach()
            if self.stack.currentIndex() == TASK:
                self.task_page.check_if_quick()
        self._refresh_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self._refresh_timer.stop()
        super().hideEvent(event)

    def attach(self) -> None:
        """List the runs on disk; follow one still running (a window opened while it trains attaches to it)."""
        summaries = self.refresh_runs()
        active = next((s for s in summaries if s.state in runs.ACTIVE_STATES), None)
        if active is not None:
            self.show_run(str(active.path))

    def refresh_runs(self) -> list:
        try:
            return self.runs_panel.refresh()
        except OSError as exc:
            log.warning("cannot list fine-tuning runs: %s", exc)
            return []

    def _periodic_refresh(self) -> None:
        if self.isVisible():
            self.refresh_runs()

    def _refresh_soon(self) -> None:
        """The followed run changed: a new state shows in the Runs list at once; a new step alone at most once a
        second (a refresh reads every run's files: on a 2,000-steps/s run it came at every poll)."""
        state = self.train_page.run_state()
        if state != self._listed_state:
            self._listed_state = state
            QTimer.singleShot(0, self.refresh_runs)
        else:
            self._refresh_later()

    # -- navigation --------------------------------------------------------------------------------------------------
    def go_to(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.pages[index].enter()
        self._update_nav()

    def current_page(self):
        return self.pages[self.stack.currentIndex()]

    def _update_nav(self) -> None:
        index = self.stack.currentIndex()
        page = self.pages[index]
        reason = page.blocker()
        for i, label in enumerate(self.steps):
            fonts.emphasize(label, QFont.Bold) if i == index else fonts.plain(label)
        self.back_button.setEnabled(index > TASK)
        self.next_button.setVisible(index < RESULT)
        self.next_button.setEnabled(not reason)
        self.next_button.setText(page.next_text())
        self.reason.setText(reason if index < RESULT else "")

    def back(self) -> None:
        index = self.stack.currentIndex()
        if index > TASK:
            self.go_to(ESTIMATE if index == TRAIN else index - 1)

    def next(self) -> None:
        index = self.stack.currentIndex()
        if self.current_page().blocker():
            return
        if index == ESTIMATE:
            self.start_run()
        elif index == TRAIN:
            self.result_page.show_run(self.train_page.run_dir)
            self.go_to(RESULT)
        elif index < RESULT:
            self.go_to(index + 1)

    def new_run(self) -> None:
        self.go_to(TASK)

    def use_dataset(self, path: str, count: int) -> None:
        """A chat dataset made from conversations (the Chat tab): a chat fine-tune on it, from the Task page (or
        straight to Data when the base model is already checked)."""
        self.task_page.set_task("causal")
        self.state.config.dataset, self.state.config.mapping = path, {}
        self.go_to(DATA if not self.task_page.blocker() else TASK)
        if self.stack.currentIndex() == TASK:
            self.notice.show_message(
                self.tr("The training data is ready ({n} conversations). Choose the base model, then Next.").format(
                    n=count
                ),
                "info",
            )

    # -- runs --------------------------------------------------------------------------------------------------------
    def start_run(self) -> Path | None:
        config = replace(self.state.config, mapping=dict(self.state.config.mapping))
        try:
            run_dir = runs.create_run(config)
            proc = runs.start_worker(run_dir)
        except (DesktopAppError, OSError) as exc:
            self.notice.show_message(self.tr("The run could not start: {error}").format(error=exc), "error")
            return None
        self.notice.hide()
        self.processes[str(run_dir)] = proc
        self.refresh_runs()
        self.show_run(str(run_dir))
        self.run_started.emit(str(run_dir))
        return run_dir

    def show_run(self, run_dir: str) -> None:
        if self.train_page.run_dir is None or str(self.train_page.run_dir) != run_dir:
            self.train_page.show_run(run_dir, self.processes.get(run_dir))
        self.runs_panel.select(run_dir)
        if self.stack.currentIndex() != TRAIN:
            self.go_to(TRAIN)

    def resume(self, run_dir: str) -> None:
        # "starting" without a pid first: the old status names a dead worker, which would read as failed
        runs.write_status(Path(run_dir), state="starting", pid=None, message="Resuming from the last checkpoint.")
        try:
            self.processes[run_dir] = runs.start_worker(run_dir, resume=True)
        except OSError as exc:
            self.notice.show_message(self.tr("The run could not resume: {error}").format(error=exc), "error")
            return
        self.train_page.run_dir = None  # follow it afresh: the resumed worker rewrites its metrics
        self.show_run(run_dir)
        self.refresh_runs()

    def _on_run_ended(self, state: str) -> None:
        self.refresh_runs()
        if state == "failed":
            self.notice.show_message(self.tr("The run failed: {message}").format(
                message=self.train_page.status.get("message", "")), "error")
        self._update_nav()

    def shutdown(self) -> None:
        """The window closes: stop following and cancel jobs. Training processes go on (their own sessions)."""
        self._refresh_timer.stop()
        for page in self.pages:
            page.shutdown()
