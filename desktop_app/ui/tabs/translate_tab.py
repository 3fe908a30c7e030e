"""Translate: paste or open a text, pick the languages, and watch the translation stream in, paragraph by paragraph.

Runs on the built-in chat model (through prompts), any chat model, or a dedicated translation model (opus-mt,
NLLB, M2M100). A pair the loaded model cannot translate is explained before the user runs anything; Cancel keeps
what was translated so far. Every run is kept in the tab's history with its languages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import Capability
from desktop_app.core.errors import UnsupportedTaskError
from desktop_app.core.storage.database import Database, TaskRun
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks import languages
from desktop_app.core.tasks.textio import InputError, require_text
from desktop_app.core.tasks.translate import AUTO, TranslationResult, check_pair
from desktop_app.ui.core_text import core_text
from desktop_app.ui.locale import ui_language
from desktop_app.ui.tabs.task_tab import TaskTab
from desktop_app.ui.widgets.document_input import DocumentInput
from desktop_app.ui.widgets.engine_bar import EngineBar
from desktop_app.ui.widgets.language_picker import LanguagePicker
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.ui.widgets.stream_buffer import StreamBuffer, append_at_end
from desktop_app.ui.widgets.task_history import TaskHistory
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.task_jobs import TranslateRequest, translate_work

TASK = "translate"


def default_target(ui: str) -> str:
    return "en" if ui == "zh" else "zh"


class TranslateTab(TaskTab):
    translation_finished = Signal(object)  # TranslationResult, for tests and the status bar

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
        self.ui_language = ui_language()
        self._partial = ""  # what a cancelled run had translated (job.partial)
        self._awaiting_job = False  # Translate was clicked; the model bar is loading the model
        self._input_snapshot = ""
        self._run_languages: dict[str, str] = {}
        self._detected: str | None = None  # the language detected in the last run (app code)
        self._detected_for = ""  # ... and the input it was detected in
        self._pair_message = ""  # the notice shown because the loaded model cannot do the pair
        # The translation exactly as the model gave it (what Copy, Save and the history get): the view shows it,
        # but a text edit turns some characters (no-break spaces, line separators, \r) into others.
        self.translation = ""
        self.attach_engine(EngineBar(
            TASK, manager, app_settings, save_settings, models_dir,
            frozenset({Capability.CHAT, Capability.SEQ2SEQ}), self.tr("a translation model (opus-mt, NLLB, M2M100)"),
        ))
        self.engine.model_ready.connect(self._on_model_ready)
        self.engine.path_changed.connect(self._check_pair)
        manager.model_loaded.connect(self._check_pair)
        manager.model_unloaded.connect(self._check_pair)
        self.notice = NoticeBar()
        # The built-in chat model translates short plain texts; a dedicated translator or a bigger model does better.
        self.attach_recommendation("translate", self.tr("Get a better translator"),
                                   self.tr("The built-in model translates only short, simple texts well."))

        self.input = DocumentInput(manager, self.tr("Paste a text here, or drop a .txt, .md, .html or .pdf file."))
        self.input.failed.connect(self._on_input_failed)
        self.input.loaded.connect(self._on_document_loaded)
        self.input.changed.connect(self._on_input_changed)

        self.picker = LanguagePicker(self.ui_language)
        self.picker.swap_button.clicked.connect(self.swap)
        self.run_button = QPushButton(self.tr("Translate"))
        self.run_button.setDefault(True)
        self.run_button.setShortcut("Ctrl+Return")
        self.run_button.setToolTip(self.tr("Translate the text (Ctrl+Enter)"))
        self.run_button.clicked.connect(self.start)
        controls = QHBoxLayout()
        controls.addWidget(self.picker)
        controls.addStretch(1)
        controls.addWidget(self.run_button)

        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setPlaceholderText(self.tr("The translation appears here."))
        self.output.setAccessibleName(self.tr("Translation"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the translation to the clipboard"))
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton(self.tr("Save as .txt…"))
        self.save_button.setToolTip(self.tr("Save the translation as a text file"))
        self.save_button.clicked.connect(self._save_clicked)
        self.result_label = QLabel()
        self.result_label.setAccessibleName(self.tr("Result details"))
        out_buttons = QHBoxLayout()
        out_buttons.addStretch(1)  # apart from the input's counts at the left, across the splitter
        out_buttons.addWidget(self.result_label)
        out_buttons.addWidget(self.copy_button)
        out_buttons.addWidget(self.save_button)

        self.history = TaskHistory(db, TASK)
        self.history.reopen.connect(self.reopen)
        self.history.failed.connect(self._on_input_failed)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.input, 1)
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
        layout.addWidget(self.notice)
        layout.addWidget(self.recommend)
        layout.addLayout(controls)
        layout.addWidget(split, 1)

        self.buffer = StreamBuffer(parent=self)
        self.buffer.flushed.connect(self._append_output)
        self._restore_settings()
        self.picker.changed.connect(self._on_languages_changed)
        self._update_buttons()
        self.output.textChanged.connect(self._update_buttons)
        self._check_pair()

    # -- languages and settings --------------------------------------------------------------------------------------
    def languages(self) -> dict[str, str]:
        return self.picker.languages()

    def set_languages(self, source: str | None, target: str | None) -> None:
        """Select languages by any code or name ("auto", "zh", "eng_Latn"); unknown ones leave the choice as is."""
        self.picker.set_languages(source, target)

    def _restore_settings(self) -> None:
        saved = self.app_settings.task_settings.get(TASK) or {}
        self.picker.source.setCurrentIndex(0)
        self.picker.target.setCurrentIndex(max(self.picker.target.findData(default_target(self.ui_language)), 0))
        self.set_languages(saved.get("source"), saved.get("target"))

    def _remember_settings(self) -> None:
        self.app_settings.task_settings[TASK] = {**(self.app_settings.task_settings.get(TASK) or {}), **self.languages()}
        self.save_settings()

    def _on_languages_changed(self) -> None:
        self._remember_settings()
        self._check_pair()

    def swap(self) -> None:
        """Swap source and target; from "Detect language", the detected language becomes the target."""
        if self.is_running():
            return
        source, target = self.languages().values()
        if source == AUTO:
            source = self._detected_source()
            if source is None:
                self.notice.show_message(
                    self.tr("The language of the text is not known yet: choose the source language to swap."), "info"
                )
                return
        if source == target:
            return
        translation = self.translation
        self.picker.swapped(target, source)
        if translation.strip():
            self.input.set_text(translation)
            self._set_translation("")
            self.result_label.setText("")

    def _detected_source(self) -> str | None:
        text = self.input.text()
        if self._detected and text == self._detected_for:
            return self._detected
        if not text.strip():
            return self._detected
        found = languages.detect_language(text)
        lang = languages.lookup(found[0]) if found else None
        return lang.code if lang is not None else None

    # -- checking the pair -------------------------------------------------------------------------------------------
    def pair_problem(self) -> str:
        """Why the chosen model (if loaded) cannot translate the chosen pair, in a sentence; "" when it can."""
        slot = self.manager.get(self.engine.spec_id())
        info = slot.info if slot is not None else None
        source, target = self.languages().values()
        try:
            check_pair(info, source, target)  # without a loaded model: only the choice itself (same language...)
        except UnsupportedTaskError as exc:
            return core_text(exc)
        return ""

    def _check_pair(self, *_args) -> None:
        problem = self.pair_problem()
        if problem:
            self._pair_message = problem
            self.notice.show_message(problem, "warning")
        elif self._pair_message:
            if self.notice.text() == self._pair_message:
                self.notice.hide()
            self._pair_message = ""

    # -- running -----------------------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        busy = self.is_running()
        self.run_button.setEnabled(not busy)
        self.picker.swap_button.setEnabled(not busy)
        has_output = bool(self.translation.strip())
        for b in (self.copy_button, self.save_button):
            b.setEnabled(has_output and not busy)

    def start(self) -> None:
        if self.is_running():
            return
        try:
            text = require_text(self.input.text())
        except InputError as exc:
            self.notice.show_message(core_text(exc), "warning")
            return
        problem = self.pair_problem()
        if problem:
            self._pair_message = problem
            self.notice.show_message(problem, "error")
            return
        self.notice.hide()
        self._pair_message = ""
        self._set_translation("")
        self.result_label.setText("")
        self.picker.show_detected(None)
        self.buffer.clear()
        self._input_snapshot = text
        self._run_languages = self.languages()
        self._outcome = "failed"
        self._awaiting_job = True
        source, target = self._run_languages["source"], self._run_languages["target"]

        self.engine.run(translate_work(TranslateRequest(text, source, target)), "translate", self.tr("Translating…"))
        self._update_buttons()

    def _on_job_started(self, job: Job) -> None:
        self._awaiting_job = False
        self._partial = ""
        super()._on_job_started(job)

    def on_chunk(self, text: str) -> None:
        self.buffer.append(text)

    def on_partial(self, _start: int, text: str) -> None:
        """What was translated before Cancel (queued before the job's cancelled signal)."""
        self._partial = text

    def on_progress(self, done: int, total: int) -> None:
        text = self.tr("Paragraph {i} of {n}…").format(i=min(done + 1, total), n=total) if total else None
        self.engine.set_progress(done, total, text)

    def _set_translation(self, text: str) -> None:
        self.translation = text
        if self.output.toPlainText() != text:
            self.output.setPlainText(text)

    def _append_output(self, text: str) -> None:
        self.translation += text
        append_at_end(self.output, text)

    def before_end(self) -> None:
        self.buffer.flush()

    def show_result(self, result: TranslationResult) -> None:
        self._set_translation(result.text)
        self._show_detected(result.detected[0] if result.detected else None, self._input_snapshot)
        detail = self.tr("%n paragraph(s)", "", result.paragraphs)  # Qt's plural forms (desktop_app_en.ts too)
        if result.truncated:
            detail += self.tr(" · some text was cut at the length limit")
        self.result_label.setText(detail)
        self._record("complete")
        self.translation_finished.emit(result)

    def show_failure(self, error: BaseException) -> None:
        if isinstance(error, UnsupportedTaskError):  # the pair: cleared as soon as the user picks one that works
            self._pair_message = core_text(error)
        self.notice.show_message(core_text(error), "error")

    def show_cancelled(self) -> None:
        partial, self._partial = self._partial, ""
        if partial:
            self._set_translation(partial)
        if self.translation.strip():
            self._record("stopped")
            message = self.tr("Translating was cancelled. What was translated so far is kept.")
        else:
            message = self.tr("Translating was cancelled before any text was translated.")
        self.notice.show_message(message, "info")

    def _on_model_failed(self, message: str) -> None:
        self.notice.show_message(message, "error")
        self._update_buttons()
        if self._awaiting_job and not self.engine.is_busy():  # the load failed, not a refused model switch
            self._awaiting_job = False
            self.run_ended.emit("failed")

    def _on_model_ready(self, slot) -> None:
        self.count_tokens_with(self.input, slot)
        self._check_pair()

    def _show_detected(self, code: str | None, text: str) -> None:
        self._detected, self._detected_for = code, text
        self.picker.show_detected(code)

    def _record(self, status: str) -> None:
        settings = dict(self._run_languages)
        if self._detected and self._detected_for == self._input_snapshot:
            settings["detected"] = self._detected
        self.record_run(self._input_snapshot, self.translation, settings, status)

    def _on_input_failed(self, message: str) -> None:
        self.notice.show_message(message, "error")

    def _on_document_loaded(self, note: str) -> None:
        if note:
            self.notice.show_message(note, "info")
        elif self.notice.kind == "error" and not self._pair_message:
            self.notice.hide()

    def _on_input_changed(self) -> None:
        if self.picker.detected_label.text() and self.input.text() != self._detected_for:
            self.picker.show_detected(None)

    # -- results -----------------------------------------------------------------------------------------------------
    def reopen(self, run: TaskRun) -> None:
        if not self.may_reopen():
            return
        self.input.set_text(run.input)
        self._set_translation(run.output)
        self.result_label.setText("")
        self.set_languages(run.settings.get("source"), run.settings.get("target"))
        detected = run.settings.get("detected")
        self._show_detected(detected if run.settings.get("source") == AUTO else None, run.input)
        self.note_truncated_input(run)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.translation)

    def _save_clicked(self) -> None:
        self.save_text()

    def save_text(self, path: str | None = None) -> bool:
        target = self.picker.target.currentData() or "translation"
        name = Path(self.input.source_name or "translation").stem + f".{target}.txt"
        return self.save_text_file(self.translation, path, self.tr("Save the translation"), Path.home() / name,
                                   self.tr("Text (*.txt);;All files (*)"))
