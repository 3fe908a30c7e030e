"""Sentiment: one text → a label and a bar per label; or a whole CSV / TXT / XLSX file → a table that fills in as
rows finish, with progress, Cancel and export.

A sentiment classifier uses its own labels (config.id2label); a chat LLM scores the label set the user picked,
zero-shot, so the bars are the model's real probabilities rather than a parsed answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import Capability, LabelScores
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.storage.database import Database, TaskRun
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks import batch_io
from desktop_app.core.tasks.sentiment import PRESETS, LabelSet, SentimentResult, label_set
from desktop_app.ui import theme
from desktop_app.ui.locale import ui_language
from desktop_app.ui.tabs.task_tab import TaskTab
from desktop_app.ui.widgets.engine_bar import EngineBar, engine_kind
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.ui.widgets.sentiment_views import LabelBars, ResultsModel
from desktop_app.ui.widgets.task_history import TaskHistory
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.task_jobs import ClassifyRequest, classify_work

TASK = "sentiment"
CUSTOM = "custom"
BATCH_FILTER = QT_TRANSLATE_NOOP("SentimentTab", "Tables and text (*.csv *.tsv *.txt *.xlsx);;All files (*)")
HISTORY_ROWS = 20_000  # rows of a batch kept in its history entry


def _rows_to_lines(results: list[SentimentResult]) -> str:
    lines = []
    for r in results[:HISTORY_ROWS]:
        probs = dict(zip(r.scores.labels, r.scores.probabilities, strict=False)) if r.scores else {}
        lines.append(json.dumps([r.text, r.label, r.score, probs, r.error, r.method], ensure_ascii=False))
    return "\n".join(lines)


def _lines_to_rows(lines: list[str]) -> list[SentimentResult]:
    rows = []
    for line in lines:
        try:
            text, label, score, probs, error, method = json.loads(line)
        except (ValueError, TypeError):
            continue
        scores = LabelScores(list(probs), list(probs.values())) if probs else None
        chosen = tuple(x.strip() for x in label.split(",")) if label else ()
        rows.append(SentimentResult(text, label, score, scores, error=error, method=method, chosen=chosen))
    return rows


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
        self.table: batch_io.Table | None = None
        self.table_path = ""
        self.read_job: Job | None = None
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

        # -- single text -----------------------------------------------------------------------------------------
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Type or paste a text, e.g. a product review."))
        self.text.setAccessibleName(self.tr("Text to analyze"))
        self.analyze_button = QPushButton(self.tr("Analyze"))
        self.analyze_button.setShortcut("Ctrl+Return")
        self.analyze_button.setToolTip(self.tr("Find the sentiment of the text (Ctrl+Enter)"))
        self.analyze_button.clicked.connect(self.analyze)
        self.result_label = QLabel()
        self.result_label.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.result_label.setAccessibleName(self.tr("Sentiment"))
        self.result_detail = QLabel()
        self.result_detail.setWordWrap(True)
        self.bars = LabelBars()
        single = QWidget()
        single_layout = QVBoxLayout(single)
        single_layout.addWidget(self.text, 2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.analyze_button)
        single_layout.addLayout(row)
        single_layout.addWidget(self.result_label)
        single_layout.addWidget(self.bars)
        single_layout.addWidget(self.result_detail)
        single_layout.addStretch(1)

        # -- batch -----------------------------------------------------------------------------------------------
        self.open_button = QPushButton(self.tr("Open CSV / TXT / XLSX…"))
        self.open_button.setToolTip(self.tr("A CSV or Excel file (pick the column) or a text file, one text per line"))
        self.open_button.clicked.connect(self.browse_batch)
        self.file_label = QLabel(self.tr("No file opened."))
        self.column_combo = QComboBox()
        self.column_combo.setAccessibleName(self.tr("Text column"))
        self.column_combo.setToolTip(self.tr("The column that holds the texts"))
        self.run_batch_button = QPushButton(self.tr("Analyze All"))
        self.run_batch_button.setToolTip(self.tr("Analyze every row of the file"))
        self.run_batch_button.clicked.connect(self.run_batch)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.export_csv)
        self.model = ResultsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Results"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        # Fixed widths: ResizeToContents re-measures up to 1,000 rows (a Python data() call each) on every insert,
        # which stalled the window for a quarter of a second at a time while a 10,000-row batch filled in.
        header = self.view.horizontalHeader()
        for col, width in ((0, 56), (2, 160), (3, 70)):
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            header.resizeSection(col, width)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.view.verticalHeader().hide()
        # Rows arrive in batches of 16; the table takes them at most every 250 ms, so a fast classifier's
        # 600 small inserts become a few dozen repaints: on 2 cores every repaint is CPU taken from the model.
        self._pending_rows: list[SentimentResult] = []
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(250)
        self._rows_timer.timeout.connect(self._flush_rows)
        self.batch_summary = QLabel()
        batch = QWidget()
        batch_layout = QVBoxLayout(batch)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(self.tr("Column:")))
        top.addWidget(self.column_combo)
        top.addWidget(self.run_batch_button)
        batch_layout.addLayout(top)
        batch_layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.batch_summary, 1)
        bottom.addWidget(self.export_button)
        batch_layout.addLayout(bottom)

        self.modes = QTabWidget()
        self.modes.addTab(single, self.tr("Single text"))
        self.modes.addTab(batch, self.tr("Batch file"))

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
        layout.addLayout(labels_row)
        layout.addWidget(split, 1)

        self._restore_settings()
        self.label_combo.currentIndexChanged.connect(self._on_labels_changed)
        self.custom_labels.editingFinished.connect(self._remember_settings)
        self.column_combo.activated.connect(self._remember_settings)
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
        self._saved_column = str(saved.get("column", ""))

    def _remember_settings(self) -> None:
        self.app_settings.task_settings[TASK] = {
            "labels": self.label_combo.currentData(),
            "custom_labels": self.custom_labels.text(),
            "column": self.column_combo.currentText() or self._saved_column,
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
            self.label_combo.setEnabled(True)
            self.custom_labels.setEnabled(True)
        else:
            self.label_note.setText(
                self.tr("This classifier uses its own labels: {labels}").format(labels=", ".join(own))
            )
            self.label_combo.setEnabled(False)
            self.custom_labels.setEnabled(False)

    # -- running -----------------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        busy = self.is_running()
        self.analyze_button.setEnabled(not busy)
        self.run_batch_button.setEnabled(not busy and self.table is not None)
        self.open_button.setEnabled(not busy)
        self.column_combo.setEnabled(not busy)
        self.export_button.setEnabled(not busy and bool(self.model.results))

    def _chosen_labels(self) -> LabelSet | None:
        try:
            return self.labels()
        except DesktopAppError as exc:
            self.notice.show_message(str(exc), "warning")
            return None

    def analyze(self) -> None:
        if self.is_running():
            return
        text = self.text.toPlainText()
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
        self.result_label.setText("")
        self.result_detail.setText("")
        self.bars.clear()

        self.engine.run(classify_work(ClassifyRequest((text,), labels)), "sentiment", self.tr("Analyzing…"))
        self._update_buttons()

    def run_batch(self) -> None:
        if self.is_running() or self.table is None:
            return
        labels = self._chosen_labels()
        if labels is None:
            return
        try:
            texts = batch_io.texts_from(self.table, self.column_combo.currentText() or 0)
        except DesktopAppError as exc:
            self.notice.show_message(str(exc), "error")
            return
        if not texts:
            self.notice.show_message(self.tr("The file has no rows to analyze."), "warning")
            return
        self.notice.hide()
        self.mode = "batch"
        self._run_input = f"{Path(self.table_path).name} · {self.column_combo.currentText()} · {len(texts):,} rows"
        self._run_labels = labels
        self._outcome = "failed"
        self._batch_total = len(texts)
        self.model.display = {lbl: labels.display(lbl, ui_language()) for lbl in labels.labels}
        self._pending_rows = []
        self.model.clear()
        self.batch_summary.setText("")

        self.engine.run(classify_work(ClassifyRequest(tuple(texts), labels, batch=True)), "sentiment batch",
                        self.tr("Analyzing {n:,} rows…").format(n=len(texts)))
        self._update_buttons()

    def on_partial(self, start: int, results: list) -> None:
        if start == len(self.model.results) + len(self._pending_rows):
            self._pending_rows.extend(results)
            if not self._rows_timer.isActive():
                self._rows_timer.start()

    def _flush_rows(self) -> None:
        self._rows_timer.stop()
        rows, self._pending_rows = self._pending_rows, []
        self.model.append(rows)

    def on_progress(self, done: int, total: int) -> None:
        if self.mode == "batch":
            self.engine.set_progress(done, total, self.tr("Row {done:,} of {total:,}").format(done=done, total=total))

    def before_end(self) -> None:
        self._flush_rows()  # rows finished before the end are shown, whatever the end

    def show_result(self, results: list[SentimentResult]) -> None:
        if self.mode == "single":
            self._last_single = results[0]
            self._show_single(results[0])
            self._record("complete")
            self.single_finished.emit(results[0])
        else:
            if len(self.model.results) != len(results):
                self.model.set_results(results)
            self._show_batch_summary()
            self._record("complete")
            self.batch_finished.emit(len(results))

    def _show_single(self, result: SentimentResult) -> None:
        lang = ui_language()
        labels = self._run_labels
        display = {lbl: labels.display(lbl, lang) for lbl in labels.labels} if labels else {}
        if result.error:
            self.result_label.setText("")
            self.result_detail.setText(result.error)
            return
        self.result_label.setText(
            ", ".join(display.get(x, x) for x in (result.chosen or (result.label,))) + f"  {result.score:.0%}"
        )
        if result.scores is not None:
            self.bars.show_scores(result.scores, display)
        notes = []
        if result.method == "classifier":
            notes.append(self.tr("The classifier's own labels were used."))
            if result.scores is not None and result.scores.multi_label:
                notes.append(self.tr("Multi-label: each label is judged on its own, so they need not add up to 100%."))
        else:
            notes.append(self.tr("Zero-shot: the chat model's probability of each label."))
        if result.truncated:
            notes.append(self.tr("The text was too long for the model; only its beginning was read."))
        self.result_detail.setText(" ".join(notes))

    def _show_batch_summary(self) -> None:
        counts: dict[str, int] = {}
        failed = 0
        for r in self.model.results:
            if r.error:
                failed += 1
            else:
                counts[r.label] = counts.get(r.label, 0) + 1
        n = len(self.model.results)
        parts = [self.tr("{n:,} rows").format(n=n)]
        parts += [
            f"{self.model.display.get(lbl, lbl)} {c / n:.0%}"
            for lbl, c in sorted(counts.items(), key=lambda kv: -kv[1])
        ]
        if failed:
            parts.append(self.tr("{n:,} without a label").format(n=failed))
        self.batch_summary.setText(" · ".join(parts))

    def show_cancelled(self) -> None:
        if self.mode == "batch":
            self._show_batch_summary()
            if self.model.results:
                self._record("stopped")
            self.notice.show_message(
                self.tr("Cancelled after {done:,} of {total:,} rows; those results are kept.").format(
                    done=len(self.model.results), total=self._batch_total
                ),
                "info",
            )
        else:
            self.notice.show_message(self.tr("Cancelled."), "info")

    def _show_error(self, message: str) -> None:
        self.notice.show_message(message, "error")

    def _record(self, status: str) -> None:
        slot = self.engine.model
        labels = self._run_labels
        settings = {"mode": self.mode, "labels": list(labels.labels) if labels else [], "key": labels.key if labels
                    else ""}
        if self.mode == "single":
            output = self.result_label.text().strip()
            scores = self._last_single.scores if self._last_single is not None else None
            if scores is not None:
                settings["scores"] = dict(zip(scores.labels, scores.probabilities, strict=False))
        else:
            output = self.batch_summary.text() + "\n" + _rows_to_lines(self.model.results)
        self.history.add(
            engine=engine_kind(slot.backend) if slot is not None else "",
            model=slot.spec.name if slot is not None else "",
            input=self._run_input,
            output=output,
            settings=settings,
            status=status,
        )

    # -- batch files -------------------------------------------------------------------------------------------------
    def browse_batch(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a batch of texts"), str(Path.home()),
                                              self.tr(BATCH_FILTER))
        if path:
            self.open_batch(path)

    def open_batch(self, path: str) -> Job:
        """Read the file on the utility thread; the column picker fills when it is read."""
        self.modes.setCurrentIndex(1)
        self.file_label.setText(self.tr("Reading {name}…").format(name=Path(path).name))
        self._reading = path
        return self.manager.run_background(
            lambda _job: batch_io.read_table(path), name="read batch file", before_start=self._watch_read
        )

    def _watch_read(self, job: Job) -> None:
        self.read_job = job
        job.finished.connect(self._on_table_read)
        job.failed.connect(self._on_table_failed)

    def _on_table_read(self, table: batch_io.Table) -> None:
        if self.sender() is not self.read_job:
            return
        self.read_job = None
        self.table, self.table_path = table, self._reading
        self.column_combo.clear()
        self.column_combo.addItems(table.columns)
        wanted = self._saved_column if self._saved_column in table.columns else self._guess_column(table.columns)
        self.column_combo.setCurrentIndex(max(self.column_combo.findText(wanted), 0))
        self.file_label.setText(
            self.tr("{name}: {rows:,} rows").format(name=Path(self.table_path).name, rows=len(table))
        )
        self.notice.hide()
        self._update_buttons()

    @staticmethod
    def _guess_column(columns: list[str]) -> str:
        for name in columns:
            if name.strip().casefold() in ("text", "review", "comment", "content", "sentence", "文本", "评论", "内容"):
                return name
        return columns[0] if columns else ""

    def _on_table_failed(self, error: BaseException) -> None:
        if self.sender() is not self.read_job:
            return
        self.read_job = None
        self.file_label.setText(self.tr("No file opened."))
        self._show_error(str(error))

    def export_csv(self, path: str | None = None) -> bool:
        if not path:
            stem = Path(self.table_path).stem if self.table_path else "sentiment"
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export results"), str(Path.home() / f"{stem}.sentiment.csv"), self.tr("CSV (*.csv)")
            )
        if not path:
            return False
        labels = self._run_labels.labels if self._run_labels and not self._is_classifier_run() else None
        try:
            batch_io.write_results_csv(path, self.model.results, labels)
        except (OSError, DesktopAppError) as exc:
            self._show_error(self.tr("Could not export {path}: {why}").format(path=path, why=exc))
            return False
        return True

    def _is_classifier_run(self) -> bool:
        return any(r.method == "classifier" for r in self.model.results[:1])

    # -- history -------------------------------------------------------------------------------------------------
    def reopen(self, run: TaskRun) -> None:
        if self.is_running():
            self.notice.show_message(self.tr("Wait for the current run to finish, or cancel it."), "warning")
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
            summary, _, rows = run.output.partition("\n")
            self.mode = "batch"
            lang = ui_language()
            self.model.display = (
                {lbl: self._run_labels.display(lbl, lang) for lbl in self._run_labels.labels}
                if self._run_labels else {}
            )
            self.model.set_results(_lines_to_rows(rows.splitlines()))
            self.batch_summary.setText(summary)
            self.file_label.setText(run.input)
        else:
            self.modes.setCurrentIndex(0)
            self.text.setPlainText(run.input)
            self.result_label.setText(run.output)
            self.bars.clear()
            self.result_detail.setText("")
            scores = run.settings.get("scores") or {}
            if scores:
                lang = ui_language()
                display = {lbl: self._run_labels.display(lbl, lang) for lbl in scores} if self._run_labels else {}
                self.bars.show_scores(LabelScores(list(scores), list(scores.values())), display)
        self._update_buttons()
