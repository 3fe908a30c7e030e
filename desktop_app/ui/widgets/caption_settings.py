"""The Describe tab's settings: prompt with presets, length, decoding (greedy, beams, sampling) and the prefix and
suffix added to every caption. It reads into and out of a frozen CaptionSettings; jobs only ever see that."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop_app.core.tasks.describe import PROMPT_PRESETS, CaptionSettings
from desktop_app.ui import theme
from desktop_app.ui.locale import ui_language


class CaptionSettingsPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Settings"), parent)
        self.prompt = QComboBox()
        self.prompt.setEditable(True)
        self.prompt.setInsertPolicy(QComboBox.NoInsert)
        # The presets are long sentences: sized by them, the combo made the window wider than most screens.
        self.prompt.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.prompt.setMinimumContentsLength(24)
        for name, text in PROMPT_PRESETS:
            self.prompt.addItem(text)
            self.prompt.setItemData(self.prompt.count() - 1, name, 3)  # Qt.ToolTipRole: the preset's name
        self.prompt.setAccessibleName(self.tr("Prompt"))
        self.prompt.setToolTip(
            self.tr("What to ask a vision-language model about each image. Pick a preset or type your own.")
        )
        self.prompt_note = QLabel()
        self.prompt_note.setWordWrap(True)
        theme.style(self.prompt_note, "color: $muted;")
        self.prompt_note.hide()

        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 1024)
        self.max_tokens.setValue(60)
        self.max_tokens.setAccessibleName(self.tr("Maximum length"))
        self.max_tokens.setToolTip(
            self.tr("The longest caption, in tokens. Short captions for training: 30–75; detailed descriptions: 200+.")
        )
        self.decoding = QComboBox()
        self.decoding.addItem(self.tr("Greedy (same caption every time)"), "greedy")
        self.decoding.addItem(self.tr("Beam search"), "beams")
        self.decoding.addItem(self.tr("Sampling (varied)"), "sample")
        self.decoding.setAccessibleName(self.tr("Decoding"))
        self.decoding.setToolTip(
            self.tr("Greedy is fast and repeatable; beam search weighs several candidates (slower, often better "
                    "for captioners); sampling gives varied wording.")
        )
        self.beams = QSpinBox()
        self.beams.setRange(2, 8)
        self.beams.setValue(3)
        self.beams.setAccessibleName(self.tr("Beams"))
        self.beams.setToolTip(self.tr("How many candidate captions beam search keeps (more: slower)"))
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.05, 2.0)
        self.temperature.setSingleStep(0.05)
        self.temperature.setValue(0.7)
        self.temperature.setAccessibleName(self.tr("Temperature"))
        self.temperature.setToolTip(self.tr("Higher is more varied wording, lower is more predictable"))
        decoding_row = QHBoxLayout()
        decoding_row.addWidget(self.decoding, 1)
        decoding_row.addWidget(self.beams)
        decoding_row.addWidget(self.temperature)

        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText(self.tr("e.g. photo of sks person,"))
        self.prefix.setAccessibleName(self.tr("Caption prefix"))
        self.prefix.setToolTip(self.tr("Text put in front of every caption (a trigger word for LoRA training)"))
        self.suffix = QLineEdit()
        self.suffix.setPlaceholderText(self.tr("e.g. , high quality"))
        self.suffix.setAccessibleName(self.tr("Caption suffix"))
        self.suffix.setToolTip(self.tr("Text added after every caption"))

        form = QFormLayout(self)
        form.addRow(self.tr("Prompt:"), self.prompt)
        form.addRow("", self.prompt_note)
        form.addRow(self.tr("Max length:"), self.max_tokens)
        form.addRow(self.tr("Decoding:"), decoding_row)
        form.addRow(self.tr("Prefix:"), self.prefix)
        form.addRow(self.tr("Suffix:"), self.suffix)

        self.decoding.currentIndexChanged.connect(self._show_decoding)
        for signal in (
            self.prompt.currentTextChanged, self.max_tokens.valueChanged, self.decoding.currentIndexChanged,
            self.beams.valueChanged, self.temperature.valueChanged, self.prefix.editingFinished,
            self.suffix.editingFinished,
        ):
            signal.connect(self._emit_changed)
        self._show_decoding()

    def _emit_changed(self, *_args) -> None:
        self.changed.emit()

    def _show_decoding(self) -> None:
        mode = self.decoding.currentData()
        self.beams.setVisible(mode == "beams")
        self.temperature.setVisible(mode == "sample")

    def set_prompt_supported(self, supported: bool | None, model_name: str = "") -> None:
        """A BLIP or ViT-GPT2 captioner takes no prompt: say so rather than let the user wonder."""
        self.prompt.setEnabled(supported is not False)
        if supported is False:
            self.prompt_note.setText(
                self.tr("{name} is a captioner that takes no prompt: the prompt is ignored. The prefix and suffix "
                        "still apply.").format(name=model_name or self.tr("This model"))
            )
            self.prompt_note.show()
        else:
            self.prompt_note.hide()

    def settings(self) -> CaptionSettings:
        mode = self.decoding.currentData()
        return CaptionSettings(
            prompt=self.prompt.currentText().strip(),
            max_tokens=self.max_tokens.value(),
            num_beams=self.beams.value() if mode == "beams" else 1,
            sampling=mode == "sample",
            temperature=self.temperature.value(),
            prefix=self.prefix.text(),
            suffix=self.suffix.text(),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "prompt": self.prompt.currentText(),
            "max_tokens": self.max_tokens.value(),
            "decoding": self.decoding.currentData(),
            "beams": self.beams.value(),
            "temperature": self.temperature.value(),
            "prefix": self.prefix.text(),
            "suffix": self.suffix.text(),
        }

    def restore(self, saved: dict[str, Any]) -> None:
        if isinstance(saved.get("prompt"), str) and saved["prompt"]:
            self.prompt.setCurrentText(saved["prompt"])
        elif ui_language() == "zh":  # a Chinese interface asks in Chinese, so the model answers in Chinese
            chinese = next((text for _name, text in PROMPT_PRESETS if any("\u4e00" <= ch <= "\u9fff" for ch in text)),
                           "")
            if chinese:
                self.prompt.setCurrentText(chinese)
        if isinstance(saved.get("max_tokens"), int):
            self.max_tokens.setValue(saved["max_tokens"])
        index = self.decoding.findData(saved.get("decoding"))
        if index >= 0:
            self.decoding.setCurrentIndex(index)
        if isinstance(saved.get("beams"), int):
            self.beams.setValue(saved["beams"])
        if isinstance(saved.get("temperature"), (int, float)):
            self.temperature.setValue(float(saved["temperature"]))
        self.prefix.setText(str(saved.get("prefix") or ""))
        self.suffix.setText(str(saved.get("suffix") or ""))
