"""Summarize: paste or open a document, pick a length, and watch the summary stream in.

Long documents are summarized chunk by chunk ("chunk 3 of 12") and then combined; each chunk's summary shows,
dimmed, as soon as it is written, until the final summary streams in its place. The bar counts tokens read and
written, so it moves within a chunk, and the status line says about how long is left. Cancel works at any point
and keeps what was written. Every run is kept in the tab's history.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import Capability
from desktop_app.core.storage.database import Database, TaskRun
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks.summary_options import SummarizeOptions, SummaryResult
from desktop_app.core.tasks.textio import InputError, require_text
from desktop_app.ui.finetune.estimate_page import format_duration
from desktop_app.ui.tabs.task_tab import TaskTab
from desktop_app.ui.widgets.document_input import DocumentInput
from desktop_app.ui.widgets.engine_bar import EngineBar
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.ui.widgets.stream_buffer import StreamBuffer, append_at_end
from desktop_app.ui.widgets.task_history import TaskHistory
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.task_jobs import SummarizeRequest, summarize_work

TASK = "summarize"
ETA_AFTER_S = 3.0  # seconds of work before an ETA is shown: the first tokens say little about the rate


class SummarizeTab(TaskTab):
    send_to_chat = Signal(str)
    summary_finished = Signal(object)  # SummaryResult, for tests and the status bar

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
        self._input_snapshot = ""
        self._partials: dict[int, str] = {}  # the chunks' summaries shown (dimmed) until the final one starts
        self._stage_text = ""
        self._started = time.monotonic()
        self.attach_engine(EngineBar(
            TASK, manager, app_settings, save_settings, models_dir,
            frozenset({Capability.CHAT, Capability.SEQ2SEQ}), self.tr("a summarization model (BART, T5, Pegasus)"),
        ))
        self.engine.model_ready.connect(lambda slot: self.count_tokens_with(self.input, slot))
        self.notice = NoticeBar()
        # The built-in 0.5B model echoes long texts back: offer the catalogue's best summarizer that fits.
        self.attach_recommendation("summarize", self.tr("Get a better summarizer"),
                                   self.tr("The built-in model only summarizes short texts well."))

        self.input = DocumentInput(manager, self.tr("Paste a text here, or drop a .txt, .md, .html or .pdf file."))
        self.input.failed.connect(lambda msg: self.notice.show_message(msg, "error"))
        self.input.loaded.connect(self._on_document_loaded)

        self.length = QComboBox()
        for key, label in (
            ("short", self.tr("Short")),
            ("medium", self.tr("Medium")),
            ("long", self.tr("Long")),
            ("bullets", self.tr("Bullet points")),
        ):
            self.length.addItem(label, key)
        self.length.setToolTip(self.tr("How long the summary should be, or a list of key points"))
        self.length.setAccessibleName(self.tr("Summary length"))
        self.language = QComboBox()
        for key, label in (
            ("auto", self.tr("Same as the text")),
            ("en", self.tr("English")),
            ("zh", self.tr("Chinese")),
        ):
            self.language.addItem(label, key)
        self.language.setToolTip(self.tr("The language of the summary (by default the language of the text)"))
        self.language.setAccessibleName(self.tr("Summary language"))
        self.run_button = QPushButton(self.tr("Summarize"))
        self.run_button.setDefault(True)
        self.run_button.setShortcut("Ctrl+Return")
        self.run_button.setToolTip(self.tr("Summarize the text (Ctrl+Enter)"))
        self.run_button.clicked.connect(self.start)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Length:")))
        controls.addWidget(self.length)
        controls.addWidget(QLabel(self.tr("Language:")))
        controls.addWidget(self.language)
        controls.addStretch(1)
        controls.addWidget(self.run_button)

        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setPlaceholderText(self.tr("The summary appears here."))
        self.output.setAccessibleName(self.tr("Summary"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton(self.tr("Save as .md…"))
        self.save_button.clicked.connect(self.save_markdown)
        self.chat_button = QPushButton(self.tr("Send to Chat"))
        self.chat_button.setToolTip(self.tr("Put the summary in the Chat tab's message box"))
        self.chat_button.clicked.connect(lambda: self.send_to_chat.emit(self.output.toPlainText()))
        self.result_label = QLabel()
        out_buttons = QHBoxLayout()
        out_buttons.addWidget(self.result_label, 1)
        out_buttons.addWidget(self.copy_button)
        out_buttons.addWidget(self.save_button)
        out_buttons.addWidget(self.chat_button)

        self.history = TaskHistory(db, TASK)
        self.history.reopen.connect(self.reopen)
        self.history.failed.connect(lambda msg: self.notice.show_message(msg, "error"))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.input, 1)
        left_layout.addLayout(controls)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.output, 1)
        right_layout.addLayout(out_buttons)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.addWidget(self.history)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.engine)
        layout.addWidget(self.recommend)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)

        self.buffer = StreamBuffer(parent=self)
        self.buffer.flushed.connect(lambda text: append_at_end(self.output, text))
        self._restore_settings()
        self.length.currentIndexChanged.connect(self._remember_settings)
        self.language.currentIndexChanged.connect(self._remember_settings)
        self._update_buttons()
        self.output.textChanged.connect(self._update_buttons)

    # -- settings ----------------------------------------------------------------------------------------------------
    def options(self) -> SummarizeOptions:
        base = SummarizeOptions.from_dict(self.app_settings.task_settings.get(TASK))
        from dataclasses import replace

        return replace(base, length=self.length.currentData(), language=self.language.currentData())

    def _restore_settings(self) -> None:
        o = SummarizeOptions.from_dict(self.app_settings.task_settings.get(TASK))
        self.length.setCurrentIndex(max(self.length.findData(o.length), 0))
        self.language.setCurrentIndex(max(self.language.findData(o.language), 0))

    def _remember_settings(self) -> None:
        self.app_settings.task_settings[TASK] = self.options().to_dict()
        self.save_settings()

    # -- running -----------------------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        busy = self.is_running()
        self.run_button.setEnabled(not busy)
        has_output = bool(self.output.toPlainText().strip())
        for b in (self.copy_button, self.save_button, self.chat_button):
            b.setEnabled(has_output and not busy)

    def start(self) -> None:
        if self.is_running():
            return
        try:
            text = require_text(self.input.text())
        except InputError as exc:
            self.notice.show_message(str(exc), "warning")
            return
        self.notice.hide()
        self.output.clear()
        self._set_dimmed(False)
        self.result_label.setText("")
        self.buffer.clear()
        self._started = time.monotonic()
        self._stage_text = self.tr("Summarizing…")
        self._partials = {}
        self._input_snapshot = text
        self._outcome = "failed"
        options = self.options()

        self.engine.run(summarize_work(SummarizeRequest(text, options)), "summarize", self.tr("Summarizing…"))
        self._update_buttons()

    def on_chunk(self, text: str) -> None:
        if self._partials:  # the final summary takes the place of the chunks' summaries
            self._partials = {}
            self.buffer.clear()
            self.output.clear()
            self._set_dimmed(False)
        self.buffer.append(text)

    def on_partial(self, index: int, item: object) -> None:
        """A chunk's summary: shown dimmed, in order, with the others, until the final summary starts."""
        total, text = item  # type: ignore[misc]
        self._partials[index] = text
        self._set_dimmed(True)
        head = self.tr("Part {i} of {n}")
        self.output.setPlainText("\n\n".join(f"[{head.format(i=i + 1, n=total)}] {t}"
                                              for i, t in sorted(self._partials.items())))

    def _set_dimmed(self, dimmed: bool) -> None:
        palette = self.output.palette()
        base = self.palette()
        role = QPalette.PlaceholderText if dimmed else QPalette.Text
        palette.setColor(QPalette.Text, base.color(role))
        self.output.setPalette(palette)
        self.output.setProperty("dimmed", dimmed)

    def on_progress(self, done: int, total: int) -> None:
        """Work in tokens (prompt read and summary written): the bar, and an ETA once the rate is known."""
        self._work = (done, total)
        self.engine.set_progress(done, total, self._status_text())

    def eta_seconds(self) -> float | None:
        done, total = getattr(self, "_work", (0, 0))
        elapsed = time.monotonic() - getattr(self, "_started", time.monotonic())
        if done <= 0 or total <= done or elapsed < ETA_AFTER_S:
            return None
        return elapsed / done * (total - done)

    def _status_text(self) -> str:
        eta = self.eta_seconds()
        if eta is None:
            return self._stage_text
        return self.tr("{stage} · about {eta} left").format(stage=self._stage_text, eta=format_duration(eta))

    def on_stage(self, stage: str) -> None:
        """"chunks 1 3": the stage, chunks done, chunks in all (workers/task_jobs.summarize_work)."""
        parts = stage.split(" ")
        name, done, total = " ".join(parts[:-2]), int(parts[-2]), int(parts[-1])
        if name == "final":
            text = self.tr("Writing the summary…")
        elif name == "counting":
            text = self.tr("Counting tokens…")
        elif name == "chunks":
            text = self.tr("Summarizing chunk {i} of {n}…").format(i=min(done + 1, total), n=total)
        else:
            text = self.tr("Combining summaries ({stage}): {i} of {n}…").format(
                stage=name, i=min(done + 1, total), n=total
            )
        self._stage_text = text
        done_work, total_work = getattr(self, "_work", (0, 0))
        self.engine.set_progress(done_work, total_work, self._status_text())

    def before_end(self) -> None:
        self.buffer.flush()
        self._set_dimmed(False)

    def show_result(self, result: SummaryResult) -> None:
        if self.output.toPlainText().strip() != result.text.strip():
            self.output.setPlainText(result.text)
        detail = self.tr("{tokens:,} input tokens").format(tokens=result.input_tokens)
        if result.chunks > 1:
            detail += " · " + self.tr("%n chunk(s)", "", result.chunks) + ", " + self.tr("%n round(s)", "", result.rounds)
        if result.finish_reason == "length":
            detail += self.tr(" · stopped at the length limit")
        self.result_label.setText(detail)
        self._record("complete", result.engine)
        self.summary_finished.emit(result)

    def show_cancelled(self) -> None:
        if self.output.toPlainText().strip():
            self._record("stopped", "")
        self.notice.show_message(self.tr("Summarizing was cancelled. What was written so far is kept."), "info")

    def _record(self, status: str, engine: str) -> None:
        self.record_run(self._input_snapshot, self.output.toPlainText(), self.options().to_dict(), status, engine or "")

    def _on_document_loaded(self, note: str) -> None:
        if note:
            self.notice.show_message(note, "info")
        else:
            self.notice.hide()

    # -- results -----------------------------------------------------------------------------------------------------
    def reopen(self, run: TaskRun) -> None:
        if not self.may_reopen():
            return
        self.input.set_text(run.input)
        self.output.setPlainText(run.output)
        o = SummarizeOptions.from_dict(run.settings)
        self.length.setCurrentIndex(max(self.length.findData(o.length), 0))
        self.language.setCurrentIndex(max(self.language.findData(o.language), 0))
        self.note_truncated_input(run)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.output.toPlainText())

    def save_markdown(self, path: str | None = None) -> bool:
        name = Path(self.input.source_name or "summary").stem + ".summary.md"
        return self.save_text_file(self.output.toPlainText().rstrip() + "\n", path, self.tr("Save the summary"),
                                   Path.home() / name, self.tr("Markdown (*.md);;All files (*)"))
