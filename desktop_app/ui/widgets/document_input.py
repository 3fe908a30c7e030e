"""The text input of the Summarize and Translate tabs: paste, type, drop or open .txt/.md/.html/.pdf files.

Files are read on the utility thread (a PDF can take seconds). A document larger than PREVIEW_CHARS is kept
whole in memory and only its beginning is shown, read-only: putting 10 MB into a text edit would freeze the
window for seconds, and nobody edits a book in a text box. The counts always describe the whole text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced

from desktop_app.core.tasks.chunking import cjk_ratio
from desktop_app.core.tasks.textio import SUPPORTED_SUFFIXES, LoadedText, read_document
from desktop_app.ui.core_text import core_text
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

PREVIEW_CHARS = 200_000
EXACT_COUNT_CHARS = 200_000  # counted with the model's tokenizer (off the GUI thread) up to this size
FILE_FILTER = QT_TRANSLATE_NOOP("DocumentInput", "Documents (*.txt *.md *.markdown *.html *.htm *.pdf);;All files (*)")


def estimate_tokens(text: str) -> int:
    """A rough count before a model is loaded, from the built-in Qwen2.5 tokenizer's rates on the texts of
    bench/summary_quality.py: 0.54–0.64 tokens per Chinese character, 0.20–0.22 per character of English (it said
    "≈14,449 tokens" of a text that had 7,672, at one token per Chinese character and 0.27 per letter)."""
    if not text:
        return 0
    sample = text[:50_000]
    ratio = cjk_ratio(sample)
    per_char = ratio * 0.6 + (1 - ratio) * 0.21
    return max(1, int(len(text) * per_char))


class _Edit(QPlainTextEdit):
    files_dropped = Signal(list)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            super().dropEvent(event)


class DocumentInput(QWidget):
    changed = Signal()
    failed = Signal(str)  # a file could not be read
    loaded = Signal(str)  # a file was read; the argument is a note for the user ("" when none)

    def __init__(self, manager: ModelManager, placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.manager = manager
        self.document: str | None = None  # the whole text of a large document shown as a preview
        self.source_name = ""
        self.read_job: Job | None = None
        # Once the tab's model is loaded: counter(text, before_start) queues an exact count off the GUI thread and
        # returns its Job (ModelManager.count_tokens); the estimate shows until the count arrives.
        self.token_counter: Callable[[str, Callable[[Job], None]], Job] | None = None
        self._count_job: Job | None = None
        self.edit = _Edit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(self.tr("Input text"))
        self.edit.files_dropped.connect(self._on_dropped)
        self.edit.textChanged.connect(self._on_text_changed)
        self.open_button = QPushButton(self.tr("Open File…"))
        self.open_button.setToolTip(self.tr("Open a .txt, .md, .html or .pdf file (or drop it on the text box)"))
        self.open_button.clicked.connect(self.browse)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear)
        self.counts = QLabel()
        self.counts.setAccessibleName(self.tr("Input size"))
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(self.counts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addLayout(row)
        self._count_later = qdebounced(self.update_counts, timeout=300, parent=self)  # once typing pauses
        self.update_counts()

    # -- content ---------------------------------------------------------------------------------------------------
    def text(self) -> str:
        return self.document if self.document is not None else self.edit.toPlainText()

    def set_text(self, text: str, source_name: str = "") -> None:
        self.source_name = source_name
        if len(text) > PREVIEW_CHARS:
            self.document = text
            self.edit.blockSignals(True)
            self.edit.setPlainText(
                text[:PREVIEW_CHARS]
                + "\n\n"
                + self.tr("[… showing the first {shown:,} of {total:,} characters; the whole text is used]").format(
                    shown=PREVIEW_CHARS, total=len(text)
                )
            )
            self.edit.blockSignals(False)
            self.edit.setReadOnly(True)
        else:
            self.document = None
            self.edit.setReadOnly(False)
            self.edit.setPlainText(text)
        self._count_later.cancel()
        self.update_counts()
        self.changed.emit()

    def clear(self) -> None:
        self.set_text("")

    def _on_text_changed(self) -> None:
        self._count_later()
        self.changed.emit()

    def update_counts(self) -> None:
        text = self.text()
        chars = len(text)
        label = self.tr("{chars:,} characters · ≈{tokens:,} tokens")
        self.counts.setText(label.format(chars=chars, tokens=estimate_tokens(text)))
        self._count_job = None
        if self.token_counter is not None and chars > 0:
            # Up to EXACT_COUNT_CHARS counted whole; past it, a sample of that size counted and scaled
            self.token_counter(text[:EXACT_COUNT_CHARS], self._watch_count)

    def _watch_count(self, job: Job) -> None:
        self._count_job = job
        chars = len(self.text())
        job.finished.connect(lambda tokens, j=job: self._show_count(j, chars, tokens))

    def _show_count(self, job: Job, chars: int, tokens: int) -> None:
        """The count, unless the text changed since it was asked for (a newer count is on its way): exact, or from
        the model's tokenizer on a sample ("≈") for a text longer than EXACT_COUNT_CHARS. A count that fails (the
        model was just unloaded) leaves the estimate."""
        if job is not self._count_job:
            return
        if chars <= EXACT_COUNT_CHARS:
            self.counts.setText(self.tr("{chars:,} characters · {tokens:,} tokens").format(chars=chars,
                                                                                            tokens=tokens))
        else:
            scaled = round(tokens * chars / EXACT_COUNT_CHARS)
            self.counts.setText(self.tr("{chars:,} characters · ≈{tokens:,} tokens").format(chars=chars,
                                                                                             tokens=scaled))

    # -- files -------------------------------------------------------------------------------------------------------
    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a document"), str(Path.home()), self.tr(FILE_FILTER))
        if path:
            self.open_file(path)

    def _on_dropped(self, paths: list[str]) -> None:
        self.open_file(paths[0])

    def open_file(self, path: str) -> Job:
        """Read the file off the UI thread; `loaded` or `failed` tells how it went."""
        if self.read_job is not None:
            self.read_job.cancel()
        self._reading = Path(path).name
        self.counts.setText(self.tr("Reading {name}…").format(name=self._reading))
        return self.manager.run_background(
            lambda _job: read_document(path), name="read document", before_start=self._watch_read
        )

    def _watch_read(self, job: Job) -> None:
        self.read_job = job
        job.finished.connect(self._on_read)
        job.failed.connect(self._on_read_failed)

    def _on_read(self, loaded: LoadedText) -> None:
        if self.sender() is not self.read_job:
            return
        self.read_job = None
        self.set_text(loaded.text, self._reading)
        self.loaded.emit(loaded.note)

    def _on_read_failed(self, error: BaseException) -> None:
        if self.sender() is not self.read_job:
            return
        self.read_job = None
        self.update_counts()
        self.failed.emit(core_text(error))

    @staticmethod
    def accepts(path: str) -> bool:
        return Path(path).suffix.lower() in SUPPORTED_SUFFIXES

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 (Qt name)
        self.edit.setReadOnly(not enabled or self.document is not None)
        self.open_button.setEnabled(enabled)
        self.clear_button.setEnabled(enabled)

