"""Step 6: what the run made, and where it goes next.

Chat runs: answers of the base and the fine-tuned model side by side (compare_samples), the adapter folder, a
merged model folder, a GGUF for llama.cpp (q8_0 or f16) and "Open in Chat", which loads the GGUF (or the merged
folder) in the Chat tab at once. Classification runs: accuracy and macro F1 on the held-out rows, and "Use in
Sentiment tab". Every export and evaluation runs on a worker thread.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.messages import phrase
from desktop_app.ui import fonts, theme
from desktop_app.ui.core_text import core_text
from desktop_app.ui.finetune.data_views import RowsModel
from desktop_app.ui.finetune.page import WizardPage, WizardState, heading, muted_label
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

EXPORT_DIR = "export"


def merged_folder(run_dir: Path) -> Path | None:
    """The model folder a chat run ends with: merged/ for LoRA (once merged), final/ for full fine-tuning."""
    merged = run_dir / "merged"
    if (merged / "config.json").is_file():
        return merged
    final = run_dir / "final"
    if (final / "config.json").is_file() and not (final / "adapter_config.json").is_file():
        return final
    return None


def gguf_path(run_dir: Path, quant: str) -> Path:
    return run_dir / EXPORT_DIR / f"{run_dir.name}-{quant}.gguf"


def isolated(function: str, *args, doing: str, job: Job | None = None):
    """Run a function of core/finetune/export.py in an engine process: torch, transformers and peft never enter
    the window's process, and a crash while merging or exporting is a sentence, not the end of the app."""
    from desktop_app.core.engine.client import run_isolated

    return run_isolated(f"desktop_app.core.finetune.export:{function}", *args, label=phrase("Fine-tuning"), doing=doing,
                        cancel=job.cancel_event if job is not None else None)


def export_work(run_dir: Path, quant: str):
    def work(job: Job) -> str:
        from desktop_app.core.finetune import export

        folder = merged_folder(run_dir)
        if folder is None:
            job.stage.emit("merge")
            folder = isolated("merge_adapter", run_dir, doing=phrase("merging the adapter"), job=job)
        job.stage.emit("gguf")
        # merged/ carries no marker of the GGUF the base came from: name it, so its tokenizer is copied
        return str(isolated("export_gguf", folder, gguf_path(run_dir, quant), quant, export.base_gguf_for_run(run_dir),
                            doing=phrase("writing the GGUF file"), job=job))

    return work


class ResultPage(WizardPage):
    chat_requested = Signal(str)  # a GGUF file or model folder to chat with
    task_model_requested = Signal(str, str)  # task, model folder

    def __init__(self, state: WizardState, manager: ModelManager, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.title = self.tr("Results")
        self.manager = manager
        self.run_dir: Path | None = None
        self.result: dict = {}
        self.task = "causal"
        self.job: Job | None = None
        self.scores = None
        self.exported: Path | None = None

        self.header = heading(self.title)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Result message"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)

        # chat runs
        self.samples_button = QPushButton(self.tr("Compare answers"))
        self.samples_button.setToolTip(self.tr("Answer held-out prompts with the base and the fine-tuned model"))
        self.samples_button.clicked.connect(self.compare)
        self.samples_model = RowsModel([self.tr("Prompt"), self.tr("Expected"), self.tr("Base model"),
                                        self.tr("Fine-tuned")], self)
        self.samples = QTableView()
        self.samples.setModel(self.samples_model)
        self.samples.setAccessibleName(self.tr("Sample answers"))
        self.samples.setWordWrap(True)
        self.samples.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.samples.verticalHeader().hide()
        self.samples.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.samples.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.adapter_button = QPushButton(self.tr("Open adapter folder"))
        self.adapter_button.setToolTip(self.tr("The LoRA adapter (a few MB): load it with peft on top of the base"))
        self.adapter_button.clicked.connect(self.open_adapter)
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.setToolTip(self.tr("Merge the adapter into the base weights: a standalone model folder"))
        self.merge_button.clicked.connect(self.merge)
        self.quant_combo = QComboBox()
        self.quant_combo.addItem(self.tr("q8_0 (smaller, near-lossless)"), "q8_0")
        self.quant_combo.addItem(self.tr("f16 (exact, twice the size)"), "f16")
        self.quant_combo.setAccessibleName(self.tr("GGUF type"))
        self.export_button = QPushButton(self.tr("Export GGUF"))
        self.export_button.setToolTip(self.tr("Write a GGUF file llama.cpp (and this app's Chat tab) can run"))
        self.export_button.clicked.connect(self.export)
        self.chat_button = QPushButton(self.tr("Open in Chat"))
        self.chat_button.setToolTip(self.tr("Load the exported GGUF (or the merged folder) in the Chat tab"))
        self.chat_button.clicked.connect(self.open_in_chat)
        self.chat_box = QWidget()
        chat_layout = QVBoxLayout(self.chat_box)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.samples_button)
        row.addStretch(1)
        chat_layout.addLayout(row)
        chat_layout.addWidget(self.samples, 1)
        row = QHBoxLayout()
        for w in (self.adapter_button, self.merge_button, self.quant_combo, self.export_button, self.chat_button):
            row.addWidget(w)
        row.addStretch(1)
        chat_layout.addLayout(row)

        # classification runs
        self.scores_label = QLabel()
        fonts.emphasize(self.scores_label, point_size=14)
        self.scores_label.setAccessibleName(self.tr("Scores"))
        self.per_label = muted_label()
        self.use_button = QPushButton(self.tr("Use in Sentiment tab"))
        self.use_button.setToolTip(self.tr("Make this classifier the Sentiment tab's model and switch to it"))
        self.use_button.clicked.connect(self.use_in_sentiment)
        self.class_box = QWidget()
        class_layout = QVBoxLayout(self.class_box)
        class_layout.setContentsMargins(0, 0, 0, 0)
        class_layout.addWidget(self.scores_label)
        class_layout.addWidget(self.per_label)
        row = QHBoxLayout()
        row.addWidget(self.use_button)
        row.addStretch(1)
        class_layout.addLayout(row)
        class_layout.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.summary)
        layout.addWidget(self.chat_box, 1)
        layout.addWidget(self.class_box, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)

    # -- the run -----------------------------------------------------------------------------------------------------
    def show_run(self, run_dir: str | Path) -> None:
        run_dir = Path(run_dir)
        if run_dir == self.run_dir:
            return
        self.run_dir = run_dir
        try:
            self.result = json.loads((run_dir / "result.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.result = {}
        self.task = str(self.result.get("task") or "causal")
        self.scores = None
        self.exported = next((p for q in ("q8_0", "f16") if (p := gguf_path(run_dir, q)).is_file()), None)
        self.samples_model.set_rows([])
        self.scores_label.setText("")
        self.per_label.setText("")
        self._set_message("", "")
        self.header.setText(self.tr("Results of run {id}").format(id=run_dir.name))
        parts = [self.tr("{steps:,} steps").format(steps=int(self.result.get("steps", 0)))]
        if self.result.get("eval_loss") is not None:
            parts.append(self.tr("final eval loss {loss:.4f}").format(loss=self.result["eval_loss"]))
        self.summary.setText(" · ".join(parts) + f" · {run_dir}")
        self.chat_box.setVisible(self.task == "causal")
        self.class_box.setVisible(self.task == "classification")
        self._update_buttons()
        if self.task == "classification" and self.result:
            self.evaluate()

    def _busy(self) -> bool:
        return self.job is not None and not self.job.is_done()

    def _update_buttons(self) -> None:
        busy, ok = self._busy(), bool(self.result)
        lora = ok and self.run_dir is not None and (self.run_dir / "final" / "adapter_config.json").is_file()
        for b in (self.samples_button, self.merge_button, self.export_button):
            b.setEnabled(ok and not busy)
        self.merge_button.setEnabled(ok and not busy and lora)
        self.adapter_button.setEnabled(lora)
        has_model = self.run_dir is not None and (self.exported is not None or merged_folder(self.run_dir))
        self.chat_button.setEnabled(bool(has_model) and not busy)
        self.chat_button.setToolTip(self.tr("Load the exported GGUF (or the merged folder) in the Chat tab")
                                    if has_model else self.tr("Export a GGUF (or merge) first"))
        self.use_button.setEnabled(ok and not busy and self.task == "classification")
        self.progress.setVisible(busy)

    def _set_message(self, text: str, color: str) -> None:
        self.message.setText(text)
        theme.style(self.message, f"color: ${color};" if color else "")

    def _start(self, work, name: str, done, status: str) -> None:
        if self._busy() or self.run_dir is None:
            return
        self._set_message(status, "")

        def connect(job: Job) -> None:
            job.finished.connect(lambda r, j=job: j is self.job and done(r))
            job.failed.connect(lambda exc, j=job: j is self.job and self._set_message(
                self.tr("{what} failed: {error}").format(what=name, error=core_text(exc)), "error_text"))
            job.stage.connect(lambda s, j=job: j is self.job and self._on_stage(s))
            job.ended.connect(lambda j=job: j is self.job and self._update_buttons())
            self.job = job

        self.manager.run_background(work, f"finetune {name}", connect)
        self._update_buttons()

    def _on_stage(self, stage: str) -> None:
        texts = {"merge": self.tr("Merging the adapter into the base weights…"),
                 "gguf": self.tr("Writing the GGUF file…")}
        self._set_message(texts.get(stage, stage), "")

    # -- chat runs ---------------------------------------------------------------------------------------------------
    def compare(self) -> None:
        run_dir = self.run_dir

        def work(job: Job):
            return isolated("compare_samples", run_dir, doing=phrase("comparing answers"), job=job)

        def done(samples) -> None:
            self.samples_model.set_rows([(s.prompt, s.expected, s.base, s.tuned) for s in samples])
            self._set_message(self.tr("Greedy answers to held-out prompts, before and after fine-tuning."), "")

        self._start(work, self.tr("Comparing answers"), done,
                    self.tr("Generating answers with the base and the fine-tuned model…"))

    def open_adapter(self) -> None:
        if self.run_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.run_dir / "final")))

    def merge(self) -> None:
        run_dir = self.run_dir

        def work(job: Job):
            return isolated("merge_adapter", run_dir, doing=phrase("merging the adapter"), job=job)

        self._start(work, self.tr("Merging"), lambda folder: self._set_message(
            self.tr("Merged: {folder} (a model folder the app loads with PyTorch).").format(folder=folder), "ok_text"),
            self.tr("Merging the adapter into the base weights…"))

    def export(self) -> None:
        quant = self.quant_combo.currentData()

        def done(path: str) -> None:
            self.exported = Path(path)
            size = self.exported.stat().st_size / 2**20
            self._set_message(self.tr("Exported {path} ({size:.0f} MB). Open it in Chat, or copy it to any "
                                      "llama.cpp app.").format(path=path, size=size), "ok_text")

        self._start(export_work(self.run_dir, quant), self.tr("GGUF export"), done,
                    self.tr("Exporting a {quant} GGUF…").format(quant=quant))

    def chat_model_path(self) -> str:
        if self.run_dir is None:
            return ""
        if self.exported is not None and self.exported.is_file():
            return str(self.exported)
        folder = merged_folder(self.run_dir)
        return str(folder) if folder else ""

    def open_in_chat(self) -> None:
        path = self.chat_model_path()
        if path:
            self.chat_requested.emit(path)

    # -- classification runs -----------------------------------------------------------------------------------------
    def evaluate(self) -> None:
        run_dir = self.run_dir

        def work(job: Job):
            return isolated("evaluate_classifier", run_dir, doing=phrase("scoring the classifier"), job=job)

        def done(scores) -> None:
            self.scores = scores
            self.scores_label.setText(self.tr("Accuracy {acc:.0%} · macro F1 {f1:.2f} on {n} held-out rows").format(
                acc=scores.accuracy, f1=scores.f1, n=scores.n))
            self.per_label.setText(self.tr("F1 per label: {labels}").format(
                labels=", ".join(f"{k} {v:.2f}" for k, v in scores.per_label_f1.items())))
            self._set_message("", "")

        self._start(work, self.tr("Evaluation"), done, self.tr("Scoring the classifier on the held-out rows…"))

    def classifier_folder(self) -> str:
        if self.run_dir is None:
            return ""
        return str(self.result.get("model_folder") or self.run_dir / "model")

    def use_in_sentiment(self) -> None:
        folder = self.classifier_folder()
        if folder:
            self.task_model_requested.emit("sentiment", folder)

    def blocker(self) -> str:
        return self.tr("This is the last step.")

    def shutdown(self) -> None:
        if self.job is not None:
            self.job.cancel()
