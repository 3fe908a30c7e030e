"""Step 3: the method (LoRA or full), a preset (Quick try, Balanced, Thorough) and, folded away, every other
setting of RunConfig with its label and tooltip from config.describe_label / describe_field. Each edit is checked
at once with `config.problems()`: the problems are listed under the form and Next says why it is disabled."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.finetune import config as fc
from desktop_app.core.finetune.config import PRESETS
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.ui.finetune.page import WizardPage, WizardState, heading, muted_label
from desktop_app.ui.finetune_help import choice_label, describe_field, describe_label  # in the UI's language

HIDDEN = {"task", "base_model", "dataset", "mapping", "method", "preset", "labels", "schema_version"}
CHOICES = {"scheduler": fc.SCHEDULERS, "device": fc.DEVICES, "dtype": fc.DTYPES}
FLOATS = {"learning_rate", "lora_dropout", "warmup_ratio", "eval_fraction", "weight_decay", "max_grad_norm"}


class SettingsPage(WizardPage):
    def __init__(self, state: WizardState, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.title = self.tr("Method and settings")
        self.widgets: dict[str, QWidget] = {}
        self._loading = False
        self._bad_numbers: dict[str, str] = {}

        self.lora_radio = QRadioButton(self.tr("LoRA (recommended): small added matrices, fast, little memory"))
        self.full_radio = QRadioButton(self.tr("Full fine-tuning: every weight, more memory and time"))
        for r in (self.lora_radio, self.full_radio):
            r.setToolTip(describe_field("method"))
        self.method_group = QButtonGroup(self)
        self.method_group.addButton(self.lora_radio, 0)
        self.method_group.addButton(self.full_radio, 1)
        self.method_group.idToggled.connect(self._on_method)
        self.preset_combo = QComboBox()
        self.preset_combo.setToolTip(describe_field("preset"))
        self.preset_combo.setAccessibleName(describe_label("preset"))
        for key, preset in PRESETS.items():
            self.preset_combo.addItem(self.tr(preset.name), key)
        self.preset_combo.activated.connect(self._on_preset)
        self.preset_note = muted_label()
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.advanced_button = QToolButton()
        self.advanced_button.setText(self.tr("Advanced settings"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.RightArrow)
        self.advanced_button.toggled.connect(self._toggle_advanced)
        self.advanced = QWidget()
        grid = QGridLayout(self.advanced)
        names = [f.name for f in fields(fc.RunConfig) if f.name not in HIDDEN]
        half = (len(names) + 1) // 2
        forms = (QFormLayout(), QFormLayout())
        for i, name in enumerate(names):
            widget = self._make_widget(name)
            label = QLabel(describe_label(name) + ":")
            label.setToolTip(describe_field(name))
            forms[i >= half].addRow(label, widget)
            self.widgets[name] = widget
        grid.addLayout(forms[0], 0, 0)
        grid.addLayout(forms[1], 0, 1)
        self.advanced.setVisible(False)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setAccessibleName(self.tr("Problems with the settings"))
        theme.style(self.problems_label, "color: $error_text;")

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(heading(self.title))
        layout.addWidget(self.lora_radio)
        layout.addWidget(self.full_radio)
        row = QHBoxLayout()
        row.addWidget(QLabel(describe_label("preset") + ":"))
        row.addWidget(self.preset_combo)
        row.addWidget(self.preset_note, 1)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.advanced_button)
        layout.addWidget(self.advanced)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # -- one widget per field ---------------------------------------------------------------------------------------
    def _make_widget(self, name: str) -> QWidget:
        default = getattr(fc.RunConfig(), name)
        if name in CHOICES:
            w = QComboBox()
            for value in CHOICES[name]:
                w.addItem(choice_label(value), value)
            w.currentIndexChanged.connect(lambda _i, n=name: self._edited(n))
        elif isinstance(default, bool):
            w = QCheckBox()
            w.toggled.connect(lambda _v, n=name: self._edited(n))
        elif name in FLOATS or name == "target_modules":
            w = QLineEdit()
            if name == "learning_rate":
                w.setPlaceholderText(self.tr("default: 2e-4 (LoRA), 2e-5 (full)"))
            w.textEdited.connect(lambda _t, n=name: self._edited(n))
        else:
            w = QSpinBox()
            w.setRange(-1, 10_000_000)
            w.valueChanged.connect(lambda _v, n=name: self._edited(n))
        w.setToolTip(describe_field(name))
        w.setAccessibleName(describe_label(name))
        return w

    def _set_widget(self, name: str, value) -> None:
        w = self.widgets[name]
        w.blockSignals(True)
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QLineEdit):
            if name == "target_modules" and isinstance(value, list):
                value = ", ".join(value)
            w.setText("" if value is None else str(value))
        else:
            w.setValue(int(value))
        w.blockSignals(False)

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        w = self.widgets[name]
        cfg = self.state.config
        self._bad_numbers.pop(name, None)
        if isinstance(w, QComboBox):
            value = w.currentData()
        elif isinstance(w, QCheckBox):
            value = w.isChecked()
        elif isinstance(w, QLineEdit):
            text = w.text().strip()
            if name == "target_modules":
                parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
                value = "all-linear" if parts in ([], ["all-linear"]) else parts
                if not text:
                    value = []
            elif name == "learning_rate" and not text:
                value = None
            else:
                try:
                    value = float(text)
                except ValueError:
                    self._bad_numbers[name] = self.tr("{label} must be a number (like 0.0002 or 2e-4).").format(
                        label=describe_label(name))
                    self._validate()
                    return
        else:
            value = w.value()
        setattr(cfg, name, value)
        self._validate()

    # -- method and preset ------------------------------------------------------------------------------------------
    def _on_method(self, _id: int, checked: bool) -> None:
        if checked and not self._loading:
            self.state.config.method = "lora" if self.lora_radio.isChecked() else "full"
            self._sync_lora_fields()
            self._validate()

    def _on_preset(self, _index: int) -> None:
        key = self.preset_combo.currentData()
        cfg = self.state.config
        for name, value in PRESETS[key].values.items():
            setattr(cfg, name, value)
        cfg.preset = key
        self.enter()

    def _sync_lora_fields(self) -> None:
        lora = self.state.config.method == "lora"
        for name in ("lora_r", "lora_alpha", "lora_dropout", "target_modules"):
            self.widgets[name].setEnabled(lora)

    def _toggle_advanced(self, on: bool) -> None:
        self.advanced.setVisible(on)
        self.advanced_button.setArrowType(Qt.DownArrow if on else Qt.RightArrow)

    def enter(self) -> None:
        cfg = self.state.config
        self._loading = True
        (self.lora_radio if cfg.method == "lora" else self.full_radio).setChecked(True)
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(cfg.preset)))
        for name in self.widgets:
            self._set_widget(name, getattr(cfg, name))
        self.whole_text_visible(cfg.task == "causal")
        self._loading = False
        self._bad_numbers.clear()
        self._sync_lora_fields()
        self._validate()

    def whole_text_visible(self, on: bool) -> None:
        self.widgets["whole_text"].setEnabled(on)

    def problems(self) -> list[str]:
        return list(self._bad_numbers.values()) + [core_text(p) for p in self.state.config.problems()]

    def _validate(self) -> None:
        cfg = self.state.config
        preset = PRESETS.get(cfg.preset)
        self.preset_note.setText(self.tr(preset.description) if preset else "")
        problems = self.problems()
        self.problems_label.setText("\n".join("• " + p for p in problems))
        self.problems_label.setVisible(bool(problems))
        n = self.state.n_train
        if n:
            steps = cfg.total_steps(n)
            self.summary.setText(self.tr(
                "{steps:,} training steps of {batch} examples ({rows:,} training rows), learning rate {lr:g}, "
                "max length {length}.").format(steps=steps, batch=cfg.batch_size * cfg.grad_accum, rows=n,
                                              lr=cfg.lr, length=cfg.max_length))
        self.ready_changed.emit()

    def blocker(self) -> str:
        problems = self.problems()
        return problems[0] if problems else ""

