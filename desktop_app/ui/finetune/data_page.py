"""Step 2: the training data. Open (or drop) a JSONL / JSON / CSV / TXT / Parquet file; its format is detected,
its rows previewed, its bad rows listed by line with the reason, and its token lengths drawn against the max length.

Reading, validating and tokenizing run on a worker thread (`manager.run_background`); the page only shows results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import DatasetError
from desktop_app.core.finetune.dataset_files import SUFFIXES, read_rows
from desktop_app.core.messages import phrase
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.ui.finetune.data_views import MappingDialog, RowsModel, example_rows
from desktop_app.ui.finetune.page import WizardPage, WizardState, heading, muted_label
from desktop_app.ui.finetune_help import describe_field, describe_label  # translated (core's text is English)
from desktop_app.ui.widgets.length_histogram import LengthHistogram
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

# Marked for lupdate, translated where shown (self.tr, context "DataPage").
FILTER = QT_TRANSLATE_NOOP("DataPage", "Datasets (*.jsonl *.json *.csv *.txt *.parquet);;All files (*)")
FORMAT_NAMES = {
    "alpaca": QT_TRANSLATE_NOOP("DataPage", "Alpaca (instruction / output)"),
    "sharegpt": QT_TRANSLATE_NOOP("DataPage", "ShareGPT (conversations)"),
    "messages": QT_TRANSLATE_NOOP("DataPage", "OpenAI messages"),
    "text": QT_TRANSLATE_NOOP("DataPage", "Plain text"),
    "classification": QT_TRANSLATE_NOOP("DataPage", "Text + label"),
}


@dataclass
class LoadResult:
    dataset: object = None
    lengths: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    error: str = ""
    report: object = None


def load_work(path: str, mapping: dict, task: str, folder: str | None):
    """The page's background job: read + validate the file, then measure every usable row in tokens."""

    def work(job: Job) -> LoadResult:
        from desktop_app.core.finetune import datasets as fd

        columns: list[str] = []
        try:
            rows = read_rows(path)
            for _n, row in rows[:200]:
                if isinstance(row, dict):
                    columns += [k for k in row if k not in columns]
            ds = fd.load_dataset(path, mapping or None, task, skip_bad=True)
        except DatasetError as exc:
            return LoadResult(columns=columns, error=str(exc), report=exc.report)
        lengths: list[int] = []
        if folder:
            job.stage.emit("tokenizing")
            from desktop_app.core.engine.client import run_isolated

            # transformers' tokenizer runs in an engine process: the window never imports it
            lengths = run_isolated("desktop_app.core.finetune.tokens:folder_token_lengths", folder, ds.examples,
                                   label=phrase("Tokenizer"), doing=phrase("measuring the rows in tokens"),
                                   cancel=job.cancel_event, on_progress=job.progress.emit)
        return LoadResult(ds, lengths, columns)

    return work


class DataPage(WizardPage):
    def __init__(self, state: WizardState, manager: ModelManager, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.title = self.tr("Training data")
        self.manager = manager
        self.job: Job | None = None
        self.result: LoadResult | None = None
        self._loaded_key: tuple | None = None
        self.setAcceptDrops(True)

        self.open_button = QPushButton(self.tr("Open dataset…"))
        self.open_button.setToolTip(describe_field("dataset"))
        self.open_button.clicked.connect(self.browse)
        self.map_button = QPushButton(self.tr("Map columns…"))
        self.map_button.setToolTip(describe_field("mapping"))
        self.map_button.clicked.connect(self.edit_mapping)
        self.map_button.setEnabled(False)
        self.file_label = QLabel(self.tr("No file yet: open one or drop it here (JSONL, JSON, CSV, TXT, Parquet)."))
        self.file_label.setWordWrap(True)
        self.format_label = QLabel()
        self.format_label.setAccessibleName(self.tr("Detected format"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Data check"))

        self.preview_model = RowsModel([self.tr("Line"), self.tr("Prompt / text"), self.tr("Answer / label")], self)
        self.preview = self._table(self.preview_model, self.tr("Preview"))
        self.issues_model = RowsModel([self.tr("Line"), self.tr("Problem")], self)
        self.issues = self._table(self.issues_model, self.tr("Bad rows"))
        self.skip_bad = QCheckBox(describe_label("skip_bad_rows"))
        self.skip_bad.setToolTip(describe_field("skip_bad_rows"))
        self.skip_bad.setChecked(True)
        self.skip_bad.toggled.connect(self._on_skip_toggled)

        self.histogram = LengthHistogram()
        self.max_length = QSpinBox()
        self.max_length.setRange(8, 32768)
        self.max_length.setSingleStep(64)
        self.max_length.setToolTip(describe_field("max_length"))
        self.max_length.setAccessibleName(describe_label("max_length"))
        self.max_length.valueChanged.connect(self._on_max_length)
        self.cut_label = QLabel()
        self.cut_label.setWordWrap(True)
        self.eval_split = QDoubleSpinBox()
        self.eval_split.setRange(0, 50)
        self.eval_split.setSuffix(" %")
        self.eval_split.setDecimals(0)
        self.eval_split.setToolTip(describe_field("eval_fraction"))
        self.eval_split.valueChanged.connect(self._on_split)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip(describe_field("seed"))
        self.seed.valueChanged.connect(lambda v: setattr(self.state.config, "seed", v))
        self.whole_text = QCheckBox(describe_label("whole_text"))
        self.whole_text.setToolTip(describe_field("whole_text"))
        self.whole_text.toggled.connect(lambda v: setattr(self.state.config, "whole_text", v))
        self.split_label = muted_label()

        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.map_button)
        top.addWidget(self.file_label, 1)
        tables = QSplitter(Qt.Vertical)
        tables.addWidget(self.preview)
        bad = QWidget()
        bad_layout = QVBoxLayout(bad)
        bad_layout.setContentsMargins(0, 0, 0, 0)
        bad_layout.addWidget(self.skip_bad)
        bad_layout.addWidget(self.issues)
        tables.addWidget(bad)
        tables.setStretchFactor(0, 3)
        tables.setStretchFactor(1, 1)
        form = QFormLayout()
        form.addRow(describe_label("max_length") + ":", self.max_length)
        form.addRow(describe_label("eval_fraction") + ":", self.eval_split)
        form.addRow(describe_label("seed") + ":", self.seed)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Length of each example in tokens")))
        right_layout.addWidget(self.histogram, 1)
        right_layout.addWidget(self.cut_label)
        right_layout.addLayout(form)
        right_layout.addWidget(self.whole_text)
        right_layout.addWidget(self.split_label)
        body = QSplitter(Qt.Horizontal)
        body.addWidget(tables)
        body.addWidget(right)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addLayout(top)
        layout.addWidget(self.format_label)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)

    def _table(self, model, name: str) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(22)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        for col in range(1, model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.Stretch)
        return view

    # -- choosing a file ---------------------------------------------------------------------------------------------
    def enter(self) -> None:
        cfg = self.state.config
        for widget, value in ((self.max_length, cfg.max_length), (self.eval_split, round(cfg.eval_fraction * 100)),
                              (self.seed, cfg.seed)):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
        self.whole_text.setChecked(cfg.whole_text)
        self.whole_text.setVisible(cfg.task == "causal")
        if cfg.dataset and self._key() != self._loaded_key:
            self.load()  # the task or the base model changed since this file was read
        self._show_stats()

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a dataset"), "", self.tr(FILTER))
        if path:
            self.set_path(path)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt name)
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).suffix.lower() in SUFFIXES:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.set_path(event.mimeData().urls()[0].toLocalFile())
        event.acceptProposedAction()

    def set_path(self, path: str) -> None:
        if path != self.state.config.dataset:
            self.state.config.mapping = {}
        self.state.config.dataset = path
        self.load()

    def edit_mapping(self) -> None:
        dialog = MappingDialog(self.state.columns, self.state.config.mapping, self)
        if dialog.exec():
            self.state.config.mapping = dialog.mapping()
            self.load()

    def _key(self) -> tuple:
        cfg = self.state.config
        return (cfg.dataset, tuple(sorted(cfg.mapping.items())), cfg.task, str(self.state.base_folder))

    # -- loading on a worker thread ----------------------------------------------------------------------------------
    def load(self) -> None:
        cfg = self.state.config
        if self.job is not None and not self.job.is_done():
            self.job.cancel()
        self.result = None
        self.state.dataset, self.state.lengths = None, []
        self._loaded_key = self._key()
        self.file_label.setText(cfg.dataset)
        self.format_label.setText("")
        self._set_message(self.tr("Reading and checking the file…"), "")
        self.preview_model.set_rows([])
        self.issues_model.set_rows([])
        folder = str(self.state.base_folder) if self.state.base_folder else None

        def connect(job: Job) -> None:
            job.finished.connect(lambda r, j=job: self._on_loaded(j, r))
            job.failed.connect(lambda exc, j=job: self._on_failed(j, exc))
            job.progress.connect(lambda done, total, j=job: j is self.job and self._set_message(
                self.tr("Measuring token lengths: {done:,} of {total:,} rows…").format(done=done, total=total), ""))
            self.job = job

        self.manager.run_background(load_work(cfg.dataset, dict(cfg.mapping), cfg.task, folder), "finetune data",
                                    connect)
        self.ready_changed.emit()

    def _on_loaded(self, job: Job, result: LoadResult) -> None:
        if job is not self.job:
            return
        self.result = result
        self.state.columns = result.columns
        self.map_button.setEnabled(bool(result.columns))
        report = result.report if result.dataset is None else result.dataset.report
        if report is not None:
            self.issues_model.set_rows([(i.line, core_text(i.reason)) for i in report.issues[:5000]])
            name = FORMAT_NAMES.get(report.format, report.format)
            self.format_label.setText(self.tr("Detected format: {name}").format(name=self.tr(name)))
        if result.dataset is None:
            self._set_message(core_text(result.error), "error_text")
        else:
            ds = result.dataset
            self.state.dataset, self.state.lengths = ds, result.lengths
            self.preview_model.set_rows(example_rows(ds.examples))
            text = self.tr("{valid:,} of {total:,} rows are usable.").format(
                valid=report.valid_rows, total=report.total_rows)
            if report.issues:
                text += " " + self.tr("{n:,} bad rows are listed below with their line and reason.").format(
                    n=len(report.issues))
            if self.state.config.task == "classification":
                text += " " + self.tr("Labels: {labels}").format(labels=", ".join(ds.labels))
            self._set_message(text, "" if not report.issues else "error_text" if not self.skip_bad.isChecked() else "")
        self._show_stats()
        self.ready_changed.emit()

    def _on_failed(self, job: Job, exc: BaseException) -> None:
        if job is self.job:
            self._set_message(self.tr("The file could not be read: {error}").format(error=core_text(exc)), "error_text")
            self.ready_changed.emit()

    def _set_message(self, text: str, color: str) -> None:
        self.message.setText(text)
        theme.style(self.message, f"color: ${color};" if color else "")

    # -- settings on this page ---------------------------------------------------------------------------------------
    def _on_skip_toggled(self, on: bool) -> None:
        self.state.config.skip_bad_rows = on
        self.ready_changed.emit()

    def _on_max_length(self, value: int) -> None:
        self.state.config.max_length = value
        self._show_stats()

    def _on_split(self, value: float) -> None:
        self.state.config.eval_fraction = value / 100
        self._show_stats()

    def _show_stats(self) -> None:
        lengths = self.state.lengths
        if not lengths:
            self.cut_label.setText("")
            self.histogram.set_bins([], self.state.config.max_length)
            self.split_label.setText("")
            return
        from desktop_app.core.finetune.tokens import stats_from_lengths

        stats = stats_from_lengths(lengths, self.state.config.max_length)
        self.histogram.set_bins(stats.bins, stats.max_length)
        if stats.truncated:
            text = self.tr("{n:,} of {total:,} examples are longer than {max} tokens and will be cut "
                           "(longest {longest}, 95% under {p95}).").format(
                n=stats.truncated, total=stats.count, max=stats.max_length, longest=stats.max, p95=stats.p95)
        else:
            text = self.tr("No example is cut: the longest has {longest} tokens (mean {mean:.0f}).").format(
                longest=stats.max, mean=stats.mean)
        self.cut_label.setText(text)
        n = len(self.state.dataset.examples) if self.state.dataset else 0
        self.split_label.setText(self.tr("{train:,} rows to train on, {eval:,} held out for evaluation.").format(
            train=self.state.n_train, eval=n - self.state.n_train))

    def blocker(self) -> str:
        if not self.state.config.dataset:
            return self.tr("Open a dataset file.")
        if self.job is not None and not self.job.is_done():
            return self.tr("Reading the file…")
        if self.state.dataset is None:
            return self.tr("This file cannot be used: see the message above.")
        report = self.state.dataset.report
        if report.issues and not self.skip_bad.isChecked():
            return self.tr("{n:,} rows are bad: tick “Skip bad rows” or fix the file.").format(n=len(report.issues))
        if len(self.state.dataset.examples) < 2:
            return self.tr("Training needs at least two usable rows.")
        return ""

    def shutdown(self) -> None:
        if self.job is not None:
            self.job.cancel()
