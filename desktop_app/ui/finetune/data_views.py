"""The Data page's views: a table model over the dataset's rows (or its bad rows), and the column-mapping dialog."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

PREVIEW_CHARS = 160
# canonical field -> what it means, for the mapping dialog (marked for lupdate; self.tr, context "MappingDialog")
CANONICAL = (
    ("instruction", QT_TRANSLATE_NOOP("MappingDialog", "The question or instruction (chat)")),
    ("input", QT_TRANSLATE_NOOP("MappingDialog", "Extra input added to the instruction (optional)")),
    ("output", QT_TRANSLATE_NOOP("MappingDialog", "The answer the model should give (chat)")),
    ("text", QT_TRANSLATE_NOOP("MappingDialog", "The text (plain text or classification)")),
    ("label", QT_TRANSLATE_NOOP("MappingDialog", "The label (classification)")),
    ("messages", QT_TRANSLATE_NOOP("MappingDialog", "A list of {role, content} messages")),
    ("conversations", QT_TRANSLATE_NOOP("MappingDialog", "A list of {from, value} turns (ShareGPT)")),
)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


class RowsModel(QAbstractTableModel):
    """A read-only table over plain tuples; one model class serves the preview and the bad-row list."""

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple] = []

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()  # a new file: the whole table changes
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt name)
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 (Qt name)
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.DisplayRole:
            return _short(value) if isinstance(value, str) else value
        if role == Qt.ToolTipRole and isinstance(value, str) and len(value) > PREVIEW_CHARS:
            return value[:2000]
        return None

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802 (Qt name)
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.headers[section]
        return None


def example_rows(examples, limit: int = 500) -> list[tuple]:
    """(line, prompt or text, answer or label) for the first `limit` usable rows."""
    rows = []
    for ex in examples[:limit]:
        if ex.messages:
            users = [m["content"] for m in ex.messages if m["role"] == "user"]
            answers = [m["content"] for m in ex.messages if m["role"] == "assistant"]
            turns = len([m for m in ex.messages if m["role"] != "system"])
            prompt = users[0] if users else ""
            if turns > 2:
                prompt = f"[{turns} turns] {prompt}"
            rows.append((ex.line, prompt, answers[-1] if answers else ""))
        else:
            rows.append((ex.line, ex.text, ex.label))
    return rows


class MappingDialog(QDialog):
    """Which column of the file holds each field the trainer knows, for files with other column names."""

    def __init__(self, columns: Sequence[str], mapping: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Map columns"))
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for name, help_text in CANONICAL:
            combo = QComboBox()
            combo.addItem(self.tr("(not used)"), "")
            for col in columns:
                combo.addItem(col, col)
            current = mapping.get(name, name if name in columns else "")
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.setToolTip(self.tr(help_text))
            combo.setAccessibleName(name)
            form.addRow(f"{name}:", combo)
            self.combos[name] = combo
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Tell which column holds each field. Chat data needs instruction + output (or messages); "
            "classification needs text + label.")))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def mapping(self) -> dict[str, str]:
        """Only the fields whose column differs from the field's own name."""
        out = {}
        for name, combo in self.combos.items():
            col = combo.currentData()
            if col and col != name:
                out[name] = col
        return out
