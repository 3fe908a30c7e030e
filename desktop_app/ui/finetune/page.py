"""What every wizard page shares: the wizard's state (one RunConfig being built) and the page protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.core.finetune.config import RunConfig
from desktop_app.ui import fonts, theme


@dataclass
class WizardState:
    """What the pages build together. Only the GUI thread reads or writes it; jobs get copies of its values."""

    config: RunConfig = field(default_factory=lambda: RunConfig().with_preset("quick"))
    base_folder: Path | None = None  # the resolved Transformers folder of config.base_model
    dataset: Any = None  # core.finetune.datasets.Dataset, loaded on a worker thread
    lengths: list[int] = field(default_factory=list)  # token length of each usable row
    columns: list[str] = field(default_factory=list)  # the file's column names (for the mapping dialog)

    @property
    def n_train(self) -> int:
        if self.dataset is None:
            return 0
        n = len(self.dataset.examples)
        if self.config.eval_fraction > 0 and n >= 2:
            n -= min(n - 1, max(1, round(n * self.config.eval_fraction)))
        return n


class WizardPage(QWidget):
    """A step of the wizard. `blocker()` is "" when Next may be pressed, else the reason it may not."""

    ready_changed = Signal()
    title = ""

    def __init__(self, state: WizardState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state

    def blocker(self) -> str:
        return ""

    def enter(self) -> None:
        """Called each time the page is shown: refresh from the state."""

    def next_text(self) -> str:
        return self.tr("Next")

    def shutdown(self) -> None:
        """The window closes: stop timers and ignore jobs still running."""


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    theme.style(label, "color: $muted;")
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    fonts.emphasize(label, point_size=14)
    return label
