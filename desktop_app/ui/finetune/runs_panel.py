"""The Runs panel: every run on disk (list_runs), newest first, with its state, progress and loss. Selecting one
shows its curves on the Train page; a stopped or failed run can be resumed from its last checkpoint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.finetune import runs
from desktop_app.ui import fonts
from desktop_app.ui.finetune.run_words import state_name, status_text

STATE_MARKS = {"running": "▶", "starting": "…", "paused": "⏸", "stopping": "…", "finished": "✓", "failed": "✗",
               "stopped": "■"}


def run_line(summary: runs.RunSummary) -> str:
    cfg, st = summary.config, summary.status
    base = Path(str(cfg.get("base_model", ""))).stem or "?"
    data = Path(str(cfg.get("dataset", ""))).name or "?"
    step, total = st.get("step") or summary.last_metrics.get("step") or 0, st.get("total_steps") or 0
    parts = [f"{STATE_MARKS.get(summary.state, '?')} {state_name(summary.state)}",
             f"{step}/{total}" if total else f"{step}"]
    if summary.last_metrics.get("loss") is not None:
        parts.append(QCoreApplication.translate("RunsPanel", "loss {value}").format(value=f"{summary.last_metrics['loss']:.3f}"))
    if summary.best_eval_loss is not None:
        parts.append(QCoreApplication.translate("RunsPanel", "eval {value}").format(value=f"{summary.best_eval_loss:.3f}"))
    return f"{summary.run_id}\n{base} · {data}\n" + " · ".join(parts)


class RunsPanel(QWidget):
    run_selected = Signal(str)  # run folder
    new_run_requested = Signal()
    resume_requested = Signal(str)  # run folder

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summaries: dict[str, runs.RunSummary] = {}
        self._shown: list[tuple] = []
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Fine-tuning runs"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._on_current)
        self.new_button = QPushButton(self.tr("New run"))
        self.new_button.setToolTip(self.tr("Start the wizard again for a new run"))
        self.new_button.clicked.connect(self.new_run_requested)
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setToolTip(self.tr("Continue the selected run from its last checkpoint"))
        self.resume_button.clicked.connect(self._resume)
        self.folder_button = QPushButton(self.tr("Folder"))
        self.folder_button.setToolTip(self.tr("Open the run's folder (config, metrics, log, checkpoints)"))
        self.folder_button.clicked.connect(self._open_folder)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        title = QLabel(self.tr("Runs"))
        fonts.emphasize(title)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self._update_buttons()

    def refresh(self) -> list[runs.RunSummary]:
        """Read the run folders again (small files: config, status, the tail of the metrics)."""
        summaries = runs.list_runs()
        shown = [(s.run_id, run_line(s), s.state) for s in summaries]
        self.summaries = {str(s.path): s for s in summaries}
        if shown != self._shown:
            self._shown = shown
            current = self.current_run()
            self.list.blockSignals(True)
            self.list.clear()
            for s in summaries:
                item = QListWidgetItem(run_line(s))
                item.setData(Qt.UserRole, str(s.path))
                item.setToolTip(str(s.status.get("message", "")))
                self.list.addItem(item)
                if str(s.path) == current:
                    self.list.setCurrentItem(item)
            self.list.blockSignals(False)
        self._update_buttons()
        return summaries

    def current_run(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None else ""

    def select(self, run_dir: str | Path, emit: bool = False) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.UserRole) == str(run_dir):
                self.list.blockSignals(not emit)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
        self._update_buttons()

    def _on_current(self, item, _previous) -> None:
        self._update_buttons()
        if item is not None:
            self.run_selected.emit(item.data(Qt.UserRole))

    def _update_buttons(self) -> None:
        s = self.summaries.get(self.current_run())
        self.resume_button.setEnabled(s is not None and s.state in ("failed", "stopped") and bool(s.checkpoints))
        self.folder_button.setEnabled(s is not None)
        if s is None:
            self.detail.setText("")
            return
        text = status_text({**s.status, "state": s.state})
        if s.state == "failed" and s.status.get("log_tail"):
            text += "\n" + "\n".join(s.status["log_tail"][-3:])
        if s.checkpoints:
            text += "\n" + self.tr("Checkpoint(s) at step(s) {steps}", "", len(s.checkpoints)).format(
                steps=", ".join(map(str, s.checkpoints)))
        self.detail.setText(text.strip())

    def _resume(self) -> None:
        if self.current_run():
            self.resume_requested.emit(self.current_run())

    def _open_folder(self) -> None:
        if self.current_run():
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.current_run()))
