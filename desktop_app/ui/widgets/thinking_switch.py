"""The Chat tab's Thinking switch (Auto / On / Off / On with a budget), remembered per model.

Reasoning models think before they answer; some answers do not need it. The choice is the model's, not the
conversation's, so it is kept in the settings under the model's path and follows the model from conversation to
conversation. The engine carries it to the chat template (core/tasks/reasoning.py: `enable_thinking`,
`/no_think`, or a closed thinking block); "Auto" leaves the template's default. A budget (at most N thinking
tokens, then the model is made to answer: core/backends/llama_budget.py) is one more choice in the same list, so
the model row keeps its width.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QWidget

from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks.reasoning import THINKING_MODES

BUDGETS = (512, 2048, 8192)  # tokens of thinking, the choices besides no limit


class ThinkingSwitch(QComboBox):
    def __init__(self, app_settings: AppSettings, save_settings: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.app_settings = app_settings
        self.save_settings = save_settings
        self._path = ""
        labels = {"auto": self.tr("Thinking: Auto"), "on": self.tr("Thinking: On"), "off": self.tr("Thinking: Off")}
        for mode in THINKING_MODES:
            self.addItem(labels[mode], mode)
        for n in BUDGETS:
            self.addItem(self.tr("Thinking: at most {n} tokens").format(n=f"{n:,}"), f"on:{n}")
        self.setToolTip(self.tr("Whether a reasoning model thinks before it answers (remembered for each model). "
                                "Auto leaves it to the model's template."))
        self.setAccessibleName(self.tr("Thinking"))
        # As wide as its short entries: the budget entries are read in the open list, and the closed box elides
        # them, so the model row never sets the window's minimum width (it made it 1,643 px).
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.activated.connect(self._on_picked)

    def set_model(self, spec: ModelSpec | None) -> None:
        """Show the switch as remembered for `spec`."""
        self._path = str(spec.path) if spec is not None else ""
        mode = self.app_settings.model_thinking.get(self._path, "auto")
        budget = self.app_settings.model_thinking_budget.get(self._path, 0)
        index = self.findData(f"on:{budget}") if mode == "on" and budget else -1
        if index < 0:
            index = self.findData(mode if mode in THINKING_MODES else "auto")
        self.setCurrentIndex(max(index, 0))

    def mode(self) -> str:
        return str(self.currentData() or "auto").split(":")[0]

    def budget(self) -> int:
        """The most tokens the model may think (0: no limit)."""
        _mode, _, n = str(self.currentData() or "").partition(":")
        return int(n) if n.isdigit() else 0

    def _on_picked(self, _index: int) -> None:
        if not self._path:
            return
        mode = self.mode()
        if mode == "auto":
            self.app_settings.model_thinking.pop(self._path, None)
        else:
            self.app_settings.model_thinking[self._path] = mode
        if self.budget():
            self.app_settings.model_thinking_budget[self._path] = self.budget()
        else:
            self.app_settings.model_thinking_budget.pop(self._path, None)
        self.save_settings()
