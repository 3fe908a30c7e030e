"""Sentiment: one text → a label and a bar per label; or a whole CSV / TXT / XLSX file → a table that fills in as
rows finish, with progress, Cancel and export.

A sentiment classifier uses its own labels (config.id2label); a chat LLM scores the label set the user picked,
zero-shot, so the bars are the model's real probabilities rather than a parsed answer. The single-text page
(widgets/sentiment_single.py) and the batch page (widgets/sentiment_batch.py) are views; this tab owns the label
set, the run and the history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import Capability
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.storage.database import Database, TaskRun
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks.sentiment import PRESETS, LabelSet, SentimentResult, label_set
from desktop_app.ui import theme
from desktop_app.ui.locale import ui_language
from desktop_app.ui.tabs.task_tab import TaskTab
from desktop_app.ui.widgets.engine_bar import EngineBar, engine_kind
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.ui.widgets.sentiment_batch import SentimentBatchPanel
from desktop_app.ui.widgets.sentiment_single import SentimentSinglePanel
from desktop_app.ui.widgets.task_history import TaskHistory
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.task_jobs import ClassifyRequest, classify_work

TASK = "sentiment"
CUSTOM = "custom"


def _display(labels: LabelSet | None, names=None) -> dict[str, str]:
    """Each label (of `names`, by default the set's own) in the interface language."""
    if labels is None:
        return {}
    lang = ui_language()
    return {lbl: labels.display(lbl, lang) for lbl in (labels.labels if names is None else names)}


class SentimentTab(TaskTab):
    single_finished = Signal(object)  # SentimentResult
    batch_finished = Signal(int)  # rows

    def __init__(
        self,
        manager: ModelManager,
        db: Database | None,
        app_settings: AppSettings,
        save_settings: Callable[[], None],
        models_dir: Path,
        parent: QWidget | None = None,
    ):
        super().__init__(manager, app_settings, save_settings, parent)
        self.mode = "single"
        self._run_input = ""
        self._run_labels: LabelSet | None = None
        self._last_single: SentimentResult | None = None

        self.attach_engine(EngineBar(
            TASK, manager, app_settings, save_settings, models_dir,
            frozenset({Capability.CHAT, Capability.CLASSIFIER}),
            self.tr("a sentiment classifier (DistilBERT, RoBERTa, BERT)"),
        ))
        self.engine.model_ready.connect(self._show_label_source)
        self.engine.path_changed.connect(self._show_label_source)
        self.notice = NoticeBar()
        # The built-in chat model guesses labels zero-shot: a trained classifier is faster and more accurate.
        self.attach_recommendation("sentiment", self.tr("Get a sentiment classifier"),
                                   self.tr("The built-in chat model only guesses the sentiment."))

        # -- labels ----------------------------------------------------------------------------------------------
        self.label_combo = QComboBox()
        self.label_combo.addItem(self.tr("Positive / Negative"), "positive_negative")
        self.label_combo.addItem(self.tr("Positive / Neutral / Negative"), "positive_neutral_negative")
        self.label_combo.addItem(self.tr("Custom labels…"), CUSTOM)
        self.label_combo.setAccessibleName(self.tr("Label set"))
        self.label_combo.setToolTip(self.tr("The labels a chat model chooses between (a classifier has its own)"))
        self.custom_labels = QLineEdit()
        self.custom_labels.setPlaceholderText(self.tr("e.g. joy, anger, sadness, fear"))
        self.custom_labels.setAccessibleName(self.tr("Custom labels"))
        self.custom_labels.setToolTip(self.tr("Two or more labels, separated by commas (，、 work too)"))
        self.label_note = QLabel()
        self.label_note.setWordWrap(True)
        theme.style(self.label_note, "color: $muted;")
        labels_row = QHBoxLayout()
        labels_row.addWidget(QLabel(self.tr("Labels:")))
        labels_row.addWidget(self.label_combo)
        labels_row.addWidget(self.custom_labels, 1)
        labels_row.addWidget(self.label_note, 1)

        # -- single text and batch -------------------------------------------------------------------------------
        self.single = SentimentSinglePanel()
        self.single.analyze_button.clicked.connect(self.analyze)
        self.batch = SentimentBatchPanel(manager, self.notice)
        self.batch.run_batch_button.clicked.connect(self.run_batch)
        self.batch.export_button.clicked.connect(self.export_csv)
        self.batch.table_read.connect(self._update_buttons)
        self.modes = QTabWidget()
        self.modes.addTab(self.single, self.tr("Single text"))
        self.modes.addTab(self.batch, self.tr("Batch file"))

        self.history = TaskHistory(db, TASK)
        self.history.reopen.connect(self.reopen)
        self.history.failed.connect(self._show_error)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.modes)
        split.addWidget(self.history)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.engine)
        layout.addWidget(self.notice)
        layout.addWidget(self.recommend)
        layout.addLayout(labels_row)
        layout.addWidget(split, 1)

        self._restore_settings()
        self.label_combo.currentIndexChanged.connect(self._on_labels_changed)
        self.custom_labels.editingFinished.connect(self._remember_settings)
        self.batch.column_combo.activated.connect(self._remember_settings)
        self._on_labels_changed()
        self._update_buttons()

    # -- labels and settings ---------------------------------------------------------------------------------------
    def labels(self) -> LabelSet:
        key = self.label_combo.currentData()
        if key == CUSTOM:
            return label_set(self.custom_labels.text())  # LabelSetError (a DesktopAppError) when unusable
        return PRESETS[key]

    def _restore_settings(self) -> None:
        saved = self.app_settings.task_settings.get(TASK) or {}
        key = saved.get("labels", "positive_negative")
        self.label_combo.setCurrentIndex(max(self.label_combo.findData(key), 0))
        self.custom_labels.setText(str(saved.get("custom_labels", "")))
        self.batch.saved_column = str(saved.get("column", ""))

    def _remember_settings(self) -> None:
        self.app_settings.task_settings[TASK] = {
            "labels": self.label_combo.currentData(),
            "custom_labels": self.custom_labels.text(),
            "column": self.batch.column_combo.currentText() or self.batch.saved_column,
        }
        self.save_settings()

    def _on_labels_changed(self) -> None:
        self.custom_labels.setVisible(self.label_combo.currentData() == CUSTOM)
        self._remember_settings()

    def _classifier_labels(self) -> list[str] | None:
        slot = self.engine.model or self.manager.get(self.engine.spec_id())
        backend = slot.backend if slot is not None else None
        if backend is None or engine_kind(backend) != "classifier":
            return None
        info = backend.info
        return list(info.labels) if info is not None else []

    def _show_label_source(self, *_args) -> None:
        own = self._classifier_labels()
        if own is None:
            self.label_note.setText("")
        else:
            self.label_note.setText(
                self.tr("This classifier uses its own labels: {labels}").format(labels=", ".join(own))
            )
        self.label_combo.setEnabled(own is None)
        self.custom_labels.setEnabled(own is None)

    # -- running -----------------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        busy = self.is_running()
        self.single.analyze_button.setEnabled(not busy)
        self.batch.run_batch_button.setEnabled(not busy and self.batch.table is not None)
        self.batch.open_button.setEnabled(not busy)
        self.batch.column_combo.setEnabled(not busy)
        self.batch.export_button.setEnabled(not busy and bool(self.batch.model.results))

    def _chosen_labels(self) -> LabelSet | None:
        try:
            return self.labels()
        except DesktopAppError as exc:
            self.notice.show_message(str(exc), "warning")
            return None

    def analyze(self) -> None:
        if self.is_running():
            return
        text = self.single.text.toPlainText()
        if not text.strip():
            self.notice.show_message(self.tr("There is no text to analyze: type or paste one."), "warning")
            return
        labels = self._chosen_labels()
        if labels is None:
            return
        self.notice.hide()
        self.mode = "single"
        self._run_input, self._run_labels = text, labels
        self._outcome = "failed"
        self.single.clear_result()

        self.engine.run(classify_work(ClassifyRequest((text,), labels)), "sentiment", self.tr("Analyzing…"))
        self._update_buttons()

    def run_batch(self) -> None:
        if self.is_running() or self.batch.table is None:
            return
        labels = self._chosen_labels()
        if labels is None:
            return
        try:
            texts = self.batch.texts()
        except DesktopAppError as exc:
            self.notice.show_message(str(exc), "error")
            return
        if not texts:
            self.notice.show_message(self.tr("The file has no rows to analyze."), "warning")
            return
        self.notice.hide()
        self.mode = "batch"
        column = self.batch.column_combo.currentText()
        self._run_input = f"{Path(self.batch.table_path).name} · {column} · {len(texts):,} rows"
        self._run_labels = labels
        self._outcome = "failed"
        self._batch_total = len(texts)
        self.batch.start_rows(_display(labels))

        self.engine.run(classify_work(ClassifyRequest(tuple(texts), labels, batch=True)), "sentiment batch",
                        self.tr("Analyzing {n:,} rows…").format(n=len(texts)))
        self._update_buttons()

    def on_partial(self, start: int, results: list) -> None:
        self.batch.add_rows(start, results)

    def on_progress(self, done: int, total: int) -> None:
        if self.mode == "batch":
            self.engine.set_progress(done, total, self.tr("Row {done:,} of {total:,}").format(done=done, total=total))

    def before_end(self) -> None:
        self.batch.flush_rows()  # rows finished before the end are shown, whatever the end

    def show_result(self, results: list[SentimentResult]) -> None:
        if self.mode == "single":
            self._last_single = results[0]
            self.single.show_result(results[0], _display(self._run_labels))
            self._record("complete")
            self.single_finished.emit(results[0])
        else:
            if len(self.batch.model.results) != len(results):
                self.batch.model.set_results(results)
            self.batch.show_summary()
            self._record("complete")
            self.batch_finished.emit(len(results))

    def show_cancelled(self) -> None:
        if self.mode == "batch":
            self.batch.show_summary()
            if self.batch.model.results:
                self._record("stopped")
            self.notice.show_message(
                self.tr("Cancelled after {done:,} of {total:,} rows; those results are kept.").format(
                    done=len(self.batch.model.results), total=self._batch_total
                ),
                "info",
            )
        else:
            self.notice.show_message(self.tr("Cancelled."), "info")

    def _show_error(self, message: str) -> None:
        self.notice.show_message(message, "error")

    def _record(self, status: str) -> None:
        labels = self._run_labels
        settings = {"mode": self.mode, "labels": list(labels.labels) if labels else [], "key": labels.key if labels
                    else ""}
        if self.mode == "single":
            output = self.single.result_label.text().strip()
            scores = self._last_single.scores if self._last_single is not None else None
            if scores is not None:
                settings["scores"] = dict(zip(scores.labels, scores.probabilities, strict=False))
        else:
            output = self.batch.history_output()
        self.record_run(self._run_input, output, settings, status)

    # -- batch files -------------------------------------------------------------------------------------------------
    def open_batch(self, path: str) -> Job:
        """Show the batch page and read the file on the utility thread."""
        self.modes.setCurrentIndex(1)
        return self.batch.open_batch(path)

    def export_csv(self, path: str | None = None) -> bool:
        return self.batch.export_csv(path or None, self._run_labels.labels if self._run_labels else None)

    # -- history -------------------------------------------------------------------------------------------------
    def reopen(self, run: TaskRun) -> None:
        if not self.may_reopen():
            return
        mode = run.settings.get("mode", "single")
        labels = run.settings.get("labels") or []
        key = run.settings.get("key", "")
        if key in PRESETS:
            self._run_labels = PRESETS[key]
        elif len(labels) >= 2:
            self._run_labels = label_set(labels)
        if mode == "batch":
            self.modes.setCurrentIndex(1)
            self.mode = "batch"
            self.batch.show_history(run.input, run.output, _display(self._run_labels))
        else:
            self.modes.setCurrentIndex(0)
            scores = run.settings.get("scores") or {}
            self.single.show_history(run.input, run.output, scores, _display(self._run_labels, scores))
        self._update_buttons()
