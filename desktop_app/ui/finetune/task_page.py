"""Step 1: what to teach (a chat model, or a text classifier) and which base model to start from.

The base model comes from the app's library (the Models page's scan), the built-in SmolLM2, or a file / folder
picked here. `resolve_base_model` checks it on a worker thread (a GGUF is dequantized once, which can take a
minute); when it cannot train, the reason is shown and Next stays disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.messages import phrase
from desktop_app.core.models import builtin
from desktop_app.ui.core_text import core_text
from desktop_app.ui.finetune.page import WizardPage, WizardState, heading, muted_label
from desktop_app.ui.finetune_help import describe_field  # translated (core's text is English)
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

TASKS = ("causal", "classification")


class TaskPage(WizardPage):
    def __init__(self, state: WizardState, manager: ModelManager, records: Callable[[], list] | None = None,
                 parent: QWidget | None = None):
        super().__init__(state, parent)
        self.title = self.tr("Task and base model")
        self.manager = manager
        self.records = records or (lambda: [])
        self.job: Job | None = None
        self._checked: tuple[str, str] | None = None  # (path, task) that resolved
        self._error = ""

        self.chat_radio = QRadioButton(self.tr("Chat / instruction: teach a chat model to answer like your examples"))
        self.class_radio = QRadioButton(
            self.tr("Text classification: teach an encoder your labels (for the Sentiment tab)"))
        self.chat_radio.setToolTip(describe_field("task"))
        self.class_radio.setToolTip(describe_field("task"))
        self.task_group = QButtonGroup(self)
        self.task_group.addButton(self.chat_radio, 0)
        self.task_group.addButton(self.class_radio, 1)
        self.chat_radio.setChecked(True)
        self.task_group.idToggled.connect(self._on_task_toggled)

        self.model_combo = QComboBox()
        self.model_combo.setAccessibleName(self.tr("Base model"))
        self.model_combo.setToolTip(describe_field("base_model"))
        self.model_combo.setMinimumContentsLength(40)
        self.model_combo.activated.connect(lambda _i: self.check())
        self.file_button = QPushButton(self.tr("GGUF file…"))
        self.file_button.setToolTip(self.tr("A .gguf file Transformers can dequantize (llama, qwen2, ...)"))
        self.file_button.clicked.connect(self.browse_file)
        self.folder_button = QPushButton(self.tr("Model folder…"))
        self.folder_button.setToolTip(self.tr("A Hugging Face model folder (config.json + safetensors)"))
        self.folder_button.clicked.connect(self.browse_folder)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setToolTip(self.tr("Check that this model can be fine-tuned here"))
        self.check_button.clicked.connect(self.check)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Base model check"))

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addWidget(QLabel(self.tr("What should the model learn?")))
        layout.addWidget(self.chat_radio)
        layout.addWidget(self.class_radio)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("Start from this model:")))
        row = QHBoxLayout()
        row.addWidget(self.model_combo, 1)
        row.addWidget(self.file_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(muted_label(self.tr(
            "Small models train fastest: start with SmolLM2-135M for chat, or all-MiniLM-L6-v2 for classification. "
            "A GGUF is converted to a trainable PyTorch model once (it can take a minute).")))
        layout.addStretch(1)
        self.fill_models()

    # -- the model list ---------------------------------------------------------------------------------------------
    def fill_models(self) -> None:
        current = self.model_combo.currentData()
        self.model_combo.clear()
        seen = set()
        smol = builtin.smollm2_path()
        if smol is not None:
            self.model_combo.addItem(self.tr("SmolLM2-135M Instruct (built in, GGUF)"), str(smol))
            seen.add(str(smol))
        for rec in self.records() or []:
            path = str(getattr(rec, "path", ""))
            if not path or path in seen or getattr(rec, "error", "") or getattr(rec, "source", "") == "remote":
                continue
            seen.add(path)
            self.model_combo.addItem(f"{rec.name} ({rec.format})", path)
        if current and current not in seen:
            self.model_combo.addItem(Path(current).name, current)
        if current:
            self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(current)))

    def enter(self) -> None:
        if self.job is None or self.job.is_done():
            self.fill_models()

    def set_model_path(self, path: str) -> None:
        """Pick a model by path (also what the file dialogs do) and check it."""
        index = self.model_combo.findData(path)
        if index < 0:
            self.model_combo.addItem(Path(path).name, path)
            index = self.model_combo.count() - 1
        self.model_combo.setCurrentIndex(index)
        self.check()

    def set_task(self, task: str) -> None:
        (self.class_radio if task == "classification" else self.chat_radio).setChecked(True)

    def browse_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a base model"), "", "GGUF (*.gguf)")
        if path:
            self.set_model_path(path)

    def browse_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a model folder"))
        if path:
            self.set_model_path(path)

    # -- checking ---------------------------------------------------------------------------------------------------
    def task(self) -> str:
        return TASKS[max(0, self.task_group.checkedId())]

    def _on_task_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.check()

    def check_if_quick(self) -> None:
        """On first show: check at once unless that means converting a GGUF (a minute of CPU nobody asked for)."""
        path = self.model_combo.currentData() or ""
        if path.lower().endswith(".gguf"):
            from desktop_app.core.models.gguf_torch_cache import cached_folder

            if Path(path).is_file() and cached_folder(Path(path)) is None:
                self.state.config.base_model = path
                self.status.setText(self.tr("{name} is converted to a trainable model once (about a minute) when "
                                            "you press Check.").format(name=Path(path).name))
                return
        self.check()

    def check(self) -> None:
        path, task = self.model_combo.currentData() or "", self.task()
        self.state.config.task = task
        self.state.config.base_model = path
        self._checked = None
        self._error = ""
        if task == "classification":
            self.state.config.whole_text = False
        else:
            self.state.config.labels = []
        if not path:
            self.status.setText(self.tr("Choose a base model."))
            self.ready_changed.emit()
            return
        if self.job is not None and not self.job.is_done():
            self.job.cancel()
        self.status.setText(self.tr("Checking {name}…").format(name=Path(path).name))

        def work(job: Job):
            from desktop_app.core.engine.client import run_isolated  # transformers stays out of the window

            return run_isolated("desktop_app.core.finetune.base_model:resolve_base_model", path, task,
                                label=Path(path).name, doing=phrase("checking the base model"), cancel=job.cancel_event)

        def connect(job: Job) -> None:
            job.finished.connect(lambda folder, j=job: self._on_checked(j, path, task, folder))
            job.failed.connect(lambda exc, j=job: self._on_check_failed(j, exc))
            self.job = job

        self.manager.run_background(work, "finetune base model", connect)
        self.ready_changed.emit()

    def _on_checked(self, job: Job, path: str, task: str, folder) -> None:
        if job is not self.job:
            return
        self._checked = (path, task)
        self.state.base_folder = Path(folder)
        self.status.setText(self.tr("✓ This model can be fine-tuned ({folder}).").format(folder=folder))
        self.ready_changed.emit()

    def _on_check_failed(self, job: Job, exc: BaseException) -> None:
        if job is not self.job:
            return
        self._error = core_text(exc)
        self.status.setText(self.tr("✗ It cannot be fine-tuned here: {reason}").format(reason=exc))
        self.ready_changed.emit()

    def blocker(self) -> str:
        if not self.model_combo.currentData():
            return self.tr("Choose a base model.")
        if self._error:
            return self.tr("This base model cannot be fine-tuned.")
        if self._checked != (self.model_combo.currentData(), self.task()):
            if self.job is None or self.job.is_done():
                return self.tr("Press Check to test the base model.")
            return self.tr("Checking the base model…")
        return ""

    def shutdown(self) -> None:
        if self.job is not None:
            self.job.cancel()
