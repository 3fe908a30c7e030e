"""Per-conversation settings: system prompt, presets, sampling, Reply as JSON and load options, each with a
tooltip."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import GenerationParams, physical_cores
from desktop_app.core.tasks.chat import PRESETS, SYSTEM_PROMPTS, ChatSettings, apply_preset
from desktop_app.ui.widgets.json_reply_editor import JsonReplyEditor

# core/tasks/chat.py's preset names, marked for lupdate; shown through self.tr (context "ChatSettingsPanel").
PRESET_LABELS = (
    QT_TRANSLATE_NOOP("ChatSettingsPanel", "Precise"),
    QT_TRANSLATE_NOOP("ChatSettingsPanel", "Balanced"),
    QT_TRANSLATE_NOOP("ChatSettingsPanel", "Creative"),
)
# core/tasks/chat.py's built-in system prompts, by name.
PROMPT_LABELS = (
    QT_TRANSLATE_NOOP("ChatSettingsPanel", "Answer in my language"),
    QT_TRANSLATE_NOOP("ChatSettingsPanel", "Concise"),
    QT_TRANSLATE_NOOP("ChatSettingsPanel", "Always Chinese"),
    QT_TRANSLATE_NOOP("ChatSettingsPanel", "Always English"),
)


class ChatSettingsPanel(QWidget):
    changed = Signal(object)  # ChatSettings

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._updating = False
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("e.g. You are a concise assistant. Answer in Chinese."))
        self.system_prompt.setMaximumHeight(90)
        self.system_prompt.setToolTip(self.tr("Instructions the model sees before every message of this chat."))
        # Built-in system prompts: picking one fills the field (bench/chat_language.py measures "Answer in my
        # language" on conversations that switch language; it is not the default, see LANGUAGE_SYSTEM_PROMPT).
        self.prompt_choice = QComboBox()
        self.prompt_choice.addItem(self.tr("Use a built-in prompt…"), "")
        for name in SYSTEM_PROMPTS:
            self.prompt_choice.addItem(self.tr(name), name)
        self.prompt_choice.setToolTip(self.tr("Fills the system prompt with a built-in one; you can edit it after."))
        self.preset = QComboBox()
        self.preset.addItem(self.tr("Custom"), "")
        for name in PRESETS:
            self.preset.addItem(self.tr(name), name)
        self.preset.setToolTip(
            self.tr("Precise: focused, repeatable answers. Balanced: the default. Creative: more varied writing.")
        )
        self.temperature = self._double(0, 2, 0.05, self.tr("Randomness. 0 always picks the likeliest word; higher is more varied."))
        self.top_p = self._double(0, 1, 0.01, self.tr("Nucleus sampling: only words within this total probability are considered."))
        self.min_p = self._double(0, 1, 0.01, self.tr("Ignore words less likely than this fraction of the likeliest one."))
        self.repeat_penalty = self._double(1, 2, 0.01, self.tr("Discourages repeating recent words. Raise it if replies loop."))
        self.top_k = self._int(0, 1000, self.tr("Only the K likeliest words are considered (0: no limit)."))
        self.max_tokens = self._int(1, 32768, self.tr("Longest reply, in tokens. A token is about ¾ of an English word or one Chinese character."))
        self.seed = self._int(-1, 2**31 - 1, self.tr("Fixed seed for repeatable replies; -1 picks a new one each time."))
        self.n_ctx = self._int(256, 131072, self.tr("Context length in tokens: how much of the conversation the model sees. More uses more memory. Reloads the model."))
        self.n_ctx.setSingleStep(512)
        self.n_threads = self._int(0, 256, self.tr("CPU threads. 0 is automatic: one per core other programs leave free, up to {n} here. Reloads the model.").format(n=physical_cores()))
        # 0 reads as what it means, the same words as the Settings dialog's
        self.n_threads.setSpecialValueText(self.tr("Free cores (up to {n})").format(n=physical_cores()))
        self.n_gpu_layers = self._int(-1, 1000, self.tr("Layers to run on the GPU (-1: all). 0 runs on the CPU only. Reloads the model."))
        self.json_reply = JsonReplyEditor()

        form = QFormLayout()
        # A label goes above its field when the panel is narrow, rather than the fields being cut behind a
        # horizontal scrollbar (issue 15 item 10).
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        form.addRow(self.tr("System prompt"), self.system_prompt)
        form.addRow("", self.prompt_choice)
        form.addRow(self.tr("Preset"), self.preset)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top P"), self.top_p)
        form.addRow(self.tr("Top K"), self.top_k)
        form.addRow(self.tr("Min P"), self.min_p)
        form.addRow(self.tr("Repeat penalty"), self.repeat_penalty)
        form.addRow(self.tr("Max tokens"), self.max_tokens)
        form.addRow(self.tr("Seed"), self.seed)
        form.addRow(self.json_reply)
        form.addRow(QLabel(self.tr("<b>Model loading</b>")))
        form.addRow(self.tr("Context length"), self.n_ctx)
        form.addRow(self.tr("CPU threads"), self.n_threads)
        form.addRow(self.tr("GPU layers"), self.n_gpu_layers)
        for i in range(form.rowCount()):
            label = form.itemAt(i, QFormLayout.LabelRole)
            field = form.itemAt(i, QFormLayout.FieldRole)
            if label and field and label.widget() and field.widget():
                field.widget().setAccessibleName(label.widget().text())
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(form)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        # No minimum width of its own: it would set the window's (1,372 px with the model row), and the one thing
        # that squeezed it, the sources panel, now hides it while open (chat_documents.py).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.preset.currentIndexChanged.connect(self._on_preset)
        self.prompt_choice.activated.connect(self._on_prompt_chosen)
        self.system_prompt.textChanged.connect(self._emit)
        for w in (self.temperature, self.top_p, self.min_p, self.repeat_penalty):
            w.valueChanged.connect(self._on_sampling_edited)
        for w in (self.top_k,):
            w.valueChanged.connect(self._on_sampling_edited)
        for w in (self.max_tokens, self.seed, self.n_ctx, self.n_threads, self.n_gpu_layers):
            w.valueChanged.connect(self._emit)
        self.json_reply.changed.connect(self._emit)
        self.set_settings(ChatSettings())

    def _double(self, lo: float, hi: float, step: float, tip: str) -> QDoubleSpinBox:
        w = QDoubleSpinBox()
        w.setRange(lo, hi)
        w.setSingleStep(step)
        w.setDecimals(2)
        w.setToolTip(tip)
        return w

    def _int(self, lo: int, hi: int, tip: str) -> QSpinBox:
        w = QSpinBox()
        w.setRange(lo, hi)
        w.setToolTip(tip)
        return w

    def set_settings(self, s: ChatSettings) -> None:
        self._base = s  # what the panel does not edit (attached documents...) stays as it was
        self._updating = True
        try:
            p = s.params
            if self.system_prompt.toPlainText() != s.system_prompt:
                self.system_prompt.setPlainText(s.system_prompt)
            self.temperature.setValue(p.temperature)
            self.top_p.setValue(p.top_p)
            self.top_k.setValue(p.top_k)
            self.min_p.setValue(p.min_p)
            self.repeat_penalty.setValue(p.repeat_penalty)
            self.max_tokens.setValue(p.max_tokens)
            self.seed.setValue(p.seed)
            self.n_ctx.setValue(s.n_ctx)
            self.n_threads.setValue(s.n_threads)
            self.n_gpu_layers.setValue(s.n_gpu_layers)
            self.json_reply.set_schema(p.json_schema)
            self.preset.setCurrentIndex(max(self.preset.findData(self._matching_preset(p)), 0))
        finally:
            self._updating = False

    @staticmethod
    def _matching_preset(p: GenerationParams) -> str:
        for name, values in PRESETS.items():
            if all(abs(float(getattr(p, k)) - float(v)) < 1e-6 for k, v in values.items()):
                return name
        return ""

    def settings(self) -> ChatSettings:
        params = GenerationParams(
            temperature=round(self.temperature.value(), 2),
            top_p=round(self.top_p.value(), 2),
            top_k=self.top_k.value(),
            min_p=round(self.min_p.value(), 2),
            repeat_penalty=round(self.repeat_penalty.value(), 2),
            max_tokens=self.max_tokens.value(),
            seed=self.seed.value(),
            json_schema=self.json_reply.schema_text(),
        )
        return replace(
            self._base,
            system_prompt=self.system_prompt.toPlainText(),
            params=params,
            n_ctx=self.n_ctx.value(),
            n_threads=self.n_threads.value(),
            n_gpu_layers=self.n_gpu_layers.value(),
        )

    def _on_preset(self, _index: int) -> None:
        if self._updating:
            return
        name = self.preset.currentData()
        if name:
            self.set_settings(apply_preset(self.settings(), name))
        self._emit()

    def _on_prompt_chosen(self, index: int) -> None:
        name = self.prompt_choice.itemData(index)
        self.prompt_choice.setCurrentIndex(0)  # a menu of choices, not a state: the field holds the prompt
        if name:
            self.system_prompt.setPlainText(SYSTEM_PROMPTS[name])  # textChanged saves it with the conversation

    def _on_sampling_edited(self, *_args) -> None:
        if self._updating:
            return
        self._updating = True
        self.preset.setCurrentIndex(max(self.preset.findData(self._matching_preset(self.settings().params)), 0))
        self._updating = False
        self._emit()

    def _emit(self, *_args) -> None:
        if not self._updating:
            self.changed.emit(self.settings())



