"""The Sentiment tab's single-text page: the text, Analyze, and the result as a label, one bar per label and a
sentence on how it was found (a classifier's own labels, or a chat model's zero-shot probabilities).

Its own view so that a fresh result and one reopened from the history are shown by the same code.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.engine.types import LabelScores
from desktop_app.core.tasks.sentiment import SentimentResult
from desktop_app.ui import fonts
from desktop_app.ui.core_text import core_text
from desktop_app.ui.widgets.sentiment_views import LabelBars


class SentimentSinglePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Type or paste a text, e.g. a product review."))
        self.text.setAccessibleName(self.tr("Text to analyze"))
        self.analyze_button = QPushButton(self.tr("Analyze"))
        self.analyze_button.setShortcut("Ctrl+Return")
        self.analyze_button.setToolTip(self.tr("Find the sentiment of the text (Ctrl+Enter)"))
        self.result_label = QLabel()
        fonts.emphasize(self.result_label, point_size=18)
        self.result_label.setAccessibleName(self.tr("Sentiment"))
        self.result_detail = QLabel()
        self.result_detail.setWordWrap(True)
        self.bars = LabelBars()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.analyze_button)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.bars)
        layout.addWidget(self.result_detail)
        layout.addStretch(1)

    def clear_result(self) -> None:
        self.result_label.setText("")
        self.result_detail.setText("")
        self.bars.clear()

    def show_result(self, result: SentimentResult, display: dict[str, str]) -> None:
        """`display`: each label's name in the interface language."""
        if result.error:
            self.result_label.setText("")
            self.result_detail.setText(core_text(result.error))
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

    def show_history(self, text: str, output: str, scores: dict[str, float], display: dict[str, str]) -> None:
        """A run reopened from the history: its text, its label line and (when kept) its bars."""
        self.text.setPlainText(text)
        self.result_label.setText(output)
        self.bars.clear()
        self.result_detail.setText("")
        if scores:
            self.bars.show_scores(LabelScores(list(scores), list(scores.values())), display)
