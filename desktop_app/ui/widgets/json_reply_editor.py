""""Reply as JSON": a conversation's replies held to a JSON schema the user writes (structured output).

The schema travels with the conversation's settings (GenerationParams.json_schema) to the engine, which holds the
reply to it with a grammar (core/tasks/structured.py); the reply then always parses. The editor checks the schema
as the user types and says in one sentence what is wrong; a schema that is still wrong when a reply starts gets
the same sentence from the engine, through the chat's one error path.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop_app.core.errors import SchemaError
from desktop_app.core.tasks.structured import parse_schema
from desktop_app.ui.core_text import core_text

EXAMPLE_SCHEMA = json.dumps(
    {"type": "object", "properties": {"answer": {"type": "string"}, "confidence": {"type": "number"}},
     "required": ["answer", "confidence"]},
    indent=2,
)


class JsonReplyEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.enabled = QCheckBox(self.tr("Reply as JSON"))
        self.enabled.setToolTip(self.tr("Hold every reply of this chat to the JSON schema below: the model can only "
                                        "write JSON of that shape (GGUF models)."))
        self.schema = QPlainTextEdit()
        self.schema.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.schema.setPlaceholderText(self.tr("A JSON schema, such as {\"type\": \"object\"} for any object"))
        self.schema.setAccessibleName(self.tr("JSON schema"))
        self.schema.setMinimumHeight(110)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setObjectName("errorText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.schema)
        layout.addWidget(self.problem_label)
        self.enabled.toggled.connect(self._on_toggled)
        self.schema.textChanged.connect(self._on_edited)
        self._show_state()

    def set_schema(self, text: str) -> None:
        """Show a conversation's schema ("" : Reply as JSON is off)."""
        self.blockSignals(True)
        try:
            self.enabled.setChecked(bool(text))
            if text and self.schema.toPlainText() != text:
                self.schema.setPlainText(text)
        finally:
            self.blockSignals(False)
        self._show_state()

    def schema_text(self) -> str:
        """The schema to hold replies to ("" when off). Kept as typed even when wrong: the reply then fails with
        the sentence the editor shows, never silently as free text."""
        return self.schema.toPlainText().strip() if self.enabled.isChecked() else ""

    def problem(self) -> str:
        """What is wrong with the schema, in one sentence ("" when it is fine or Reply as JSON is off)."""
        text = self.schema_text()
        if not self.enabled.isChecked():
            return ""
        if not text:
            return self.tr("Write a JSON schema, or turn off Reply as JSON.")
        try:
            parse_schema(text)
        except SchemaError as exc:
            return core_text(exc)
        return ""

    def _on_toggled(self, on: bool) -> None:
        if on and not self.schema.toPlainText().strip():
            self.schema.setPlainText(EXAMPLE_SCHEMA)  # emits through _on_edited
        self._show_state()
        self.changed.emit()

    def _on_edited(self) -> None:
        self._show_state()
        if self.enabled.isChecked():
            self.changed.emit()

    def _show_state(self) -> None:
        self.schema.setVisible(self.enabled.isChecked())
        problem = self.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
