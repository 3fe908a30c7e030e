"""The Translate tab's language row: From (or Detect language) ⇄ To, and the language detected in the last run.

A view of its own because the choice is read and set by code name in several places (settings, the history, swap,
tests), and the combos list every language in the interface's own language. Swapping is the tab's business (it
also swaps the texts); the ⇄ button is here only to sit between the two combos.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from desktop_app.core.tasks import languages
from desktop_app.core.tasks.translate import AUTO


class LanguagePicker(QWidget):
    changed = Signal()  # the source or the target changed

    def __init__(self, ui_language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui_language = ui_language
        self.source = QComboBox()
        self.source.addItem(self.tr("Detect language"), AUTO)
        self.target = QComboBox()
        for lang in languages.LANGUAGES:
            name = languages.display_name(lang.code, ui_language)
            self.source.addItem(name, lang.code)
            self.target.addItem(name, lang.code)
        self.source.setAccessibleName(self.tr("Source language"))
        self.source.setToolTip(self.tr("The language of the text, or Detect language to tell it from the text"))
        self.target.setAccessibleName(self.tr("Target language"))
        self.target.setToolTip(self.tr("The language to translate into"))
        self.swap_button = QToolButton()
        self.swap_button.setText("⇄")
        self.swap_button.setAccessibleName(self.tr("Swap languages"))
        self.swap_button.setToolTip(
            self.tr("Swap the source and target languages (the translation becomes the text to translate)")
        )
        self.detected_label = QLabel()
        self.detected_label.setAccessibleName(self.tr("Detected language"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("From:")))
        row.addWidget(self.source)
        row.addWidget(self.swap_button)
        row.addWidget(QLabel(self.tr("To:")))
        row.addWidget(self.target)
        row.addWidget(self.detected_label)
        self.source.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.target.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def languages(self) -> dict[str, str]:
        return {"source": self.source.currentData(), "target": self.target.currentData()}

    def set_languages(self, source: str | None, target: str | None) -> None:
        """Select languages by any code or name ("auto", "zh", "eng_Latn"); unknown ones leave the choice as is."""
        if source:
            code = AUTO if source == AUTO else getattr(languages.lookup(source), "code", None)
            index = self.source.findData(code) if code else -1
            if index >= 0:
                self.source.setCurrentIndex(index)
        if target:
            lang = languages.lookup(target)
            index = self.target.findData(lang.code) if lang else -1
            if index >= 0:
                self.target.setCurrentIndex(index)

    def swapped(self, source: str, target: str) -> None:
        """Show `source` → `target` with one `changed` for both."""
        self.blockSignals(True)
        self.set_languages(source, target)
        self.blockSignals(False)
        self.changed.emit()

    def show_detected(self, code: str | None) -> None:
        if code:
            name = languages.display_name(code, self.ui_language)
            self.detected_label.setText(self.tr("Detected: {language}").format(language=name))
        else:
            self.detected_label.setText("")
