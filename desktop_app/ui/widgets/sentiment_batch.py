"""The Sentiment tab's batch page: open a CSV / TSV / TXT / XLSX file, pick the text column, watch the results
table fill in as rows finish, and export it as CSV.

Its own view because a batch has its own state (the file read on the utility thread, its columns, the rows so far)
and its own pacing: rows arrive in blocks of 16 and the table takes them at most every 250 ms. The tab starts and
ends the run; this page shows what the run gives it. A batch is kept in the history as JSON lines (one per row),
written and read back here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

from desktop_app.core.engine.types import LabelScores
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.tasks import batch_io
from desktop_app.core.tasks.sentiment import SentimentResult
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.ui.widgets.sentiment_views import ResultsModel
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

BATCH_FILTER = QT_TRANSLATE_NOOP("SentimentBatchPanel", "Tables and text (*.csv *.tsv *.txt *.xlsx);;All files (*)")
HISTORY_ROWS = 20_000  # rows of a batch kept in its history entry
TEXT_COLUMNS = ("text", "review", "comment", "content", "sentence", "文本", "评论", "内容")


def row_line(r: SentimentResult) -> str:
    """One row of a batch's history entry: a JSON list."""
    probs = dict(zip(r.scores.labels, r.scores.probabilities, strict=False)) if r.scores else {}
    return json.dumps([r.text, r.label, r.score, probs, r.error, r.method], ensure_ascii=False)


def rows_to_lines(results: Sequence[SentimentResult]) -> str:
    """A batch's rows for its history entry, one JSON list a line."""
    return "\n".join(row_line(r) for r in results[:HISTORY_ROWS])


def lines_to_rows(lines: list[str]) -> list[SentimentResult]:
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


def guess_column(columns: list[str]) -> str:
    for name in columns:
        if name.strip().casefold() in TEXT_COLUMNS:
            return name
    return columns[0] if columns else ""


class SentimentBatchPanel(QWidget):
    table_read = Signal()  # a file was read (or failed to be): the tab updates its buttons

    def __init__(self, manager: ModelManager, notice: NoticeBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.manager = manager
        self.notice = notice
        self.table: batch_io.Table | None = None
        self.table_path = ""
        self.read_job: Job | None = None
        self.saved_column = ""  # the column chosen last time, picked again when a file has it
        self._reading = ""

        self.open_button = QPushButton(self.tr("Open CSV / TXT / XLSX…"))
        self.open_button.setToolTip(self.tr("A CSV or Excel file (pick the column) or a text file, one text per line"))
        self.open_button.clicked.connect(self.browse)
        self.file_label = QLabel(self.tr("No file opened."))
        self.column_combo = QComboBox()
        self.column_combo.setAccessibleName(self.tr("Text column"))
        self.column_combo.setToolTip(self.tr("The column that holds the texts"))
        self.run_batch_button = QPushButton(self.tr("Analyze All"))
        self.run_batch_button.setToolTip(self.tr("Analyze every row of the file"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
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
        # Rows arrive in batches of 16; the table takes them at most every 250 ms (superqt's throttler, trailing
        # edge), so a fast classifier's 600 small inserts become a few dozen repaints: on 2 cores every repaint is
        # CPU taken from the model. Each block's history lines are written as it comes, so the end of a run does
        # not serialize thousands of rows at once (35 ms for 2,000 on the GUI thread).
        self._pending_rows: list[SentimentResult] = []
        self._history_lines: list[str] = []
        self._flush_later = qthrottled(self.flush_rows, timeout=250, leading=False, parent=self)
        self.batch_summary = QLabel()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(self.tr("Column:")))
        top.addWidget(self.column_combo)
        top.addWidget(self.run_batch_button)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.batch_summary, 1)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)

    # -- a run's rows --------------------------------------------------------------------------------------------
    def texts(self) -> list[str]:
        """The texts of the chosen column (raises DesktopAppError when the column cannot be read)."""
        return batch_io.texts_from(self.table, self.column_combo.currentText() or 0)

    def start_rows(self, display: dict[str, str]) -> None:
        self.model.display = display
        self._pending_rows = []
        self._history_lines = []
        self.model.clear()
        self.batch_summary.setText("")

    def add_rows(self, start: int, results: Sequence[SentimentResult]) -> None:
        if start == len(self.model.results) + len(self._pending_rows):
            self._pending_rows.extend(results)
            self._flush_later()

    def flush_rows(self) -> None:
        """The rows that arrived since the last flush go into the table (one insert) and the history lines."""
        rows, self._pending_rows = self._pending_rows, []
        room = HISTORY_ROWS - len(self._history_lines)
        self._history_lines.extend(row_line(r) for r in rows[:max(room, 0)])
        self.model.append(rows)

    def show_summary(self) -> None:
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

    def history_output(self) -> str:
        results = self.model.results
        if len(self._history_lines) != min(len(results), HISTORY_ROWS):  # the rows were replaced, not appended
            self._history_lines = [row_line(r) for r in results[:HISTORY_ROWS]]
        return self.batch_summary.text() + "\n" + "\n".join(self._history_lines)

    def show_history(self, description: str, output: str, display: dict[str, str]) -> None:
        summary, _, rows = output.partition("\n")
        self.model.display = display
        self.model.set_results(lines_to_rows(rows.splitlines()))
        self._history_lines = []  # made again from these rows if they are recorded
        self.batch_summary.setText(summary)
        self.file_label.setText(description)

    # -- the file --------------------------------------------------------------------------------------------------
    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a batch of texts"), str(Path.home()),
                                              self.tr(BATCH_FILTER))
        if path:
            self.open_batch(path)

    def open_batch(self, path: str) -> Job:
        """Read the file on the utility thread; the column picker fills when it is read."""
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
        wanted = self.saved_column if self.saved_column in table.columns else guess_column(table.columns)
        self.column_combo.setCurrentIndex(max(self.column_combo.findText(wanted), 0))
        self.file_label.setText(
            self.tr("{name}: {rows:,} rows").format(name=Path(self.table_path).name, rows=len(table))
        )
        self.notice.hide()
        self.table_read.emit()

    def _on_table_failed(self, error: BaseException) -> None:
        if self.sender() is not self.read_job:
            return
        self.read_job = None
        self.file_label.setText(self.tr("No file opened."))
        self.notice.show_message(str(error), "error")

    def export_csv(self, path: str | None = None, labels: tuple[str, ...] | None = None) -> bool:
        """The results as CSV; `labels` (a zero-shot run's label set) become one probability column each."""
        if not path:
            stem = Path(self.table_path).stem if self.table_path else "sentiment"
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export results"), str(Path.home() / f"{stem}.sentiment.csv"), self.tr("CSV (*.csv)")
            )
        if not path:
            return False
        if any(r.method == "classifier" for r in self.model.results[:1]):
            labels = None  # a classifier's own labels are in each row's scores
        results = self.model.results
        source = self.table  # the input's columns (an id...) go out with the results, when they are its rows
        try:
            if source is None or self.texts() != [r.text for r in results]:
                source = None
        except DesktopAppError:
            source = None
        try:
            batch_io.write_results_csv(path, results, labels, source)
        except (OSError, DesktopAppError) as exc:
            self.notice.show_message(self.tr("Could not export {path}: {why}").format(path=path, why=exc), "error")
            return False
        return True
