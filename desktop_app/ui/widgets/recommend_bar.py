"""A tab's in-place recommendation: when its model is missing (or weak), name the catalogue's best match that fits
this machine and offer it in one click ("Get a captioning model"). The main window turns the click into Discover,
filtered to the tab, with that model downloading."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.core.models import catalog
from desktop_app.core.models.memory import system_memory
from desktop_app.ui import theme

RECOMMEND_MAX_TIER = "medium"  # memory alone does not say a bigger model will run at a usable speed


class RecommendBar(QWidget):
    get_model = Signal(str, str)  # catalogue task, entry id ("" when nothing fits: Discover shows the list)

    def __init__(self, task: str, button_text: str, reason: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"recommend_{task}")
        self.task, self.reason = task, reason
        self.entry: catalog.CatalogEntry | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.model_label = QLabel()  # the model's name: data, shown as it is in every language
        self.model_label.setObjectName("recommended_model")
        self.button = QPushButton(button_text)
        theme.set_icon(self.button, "download")
        self.button.clicked.connect(lambda: self.get_model.emit(self.task, self.entry.id if self.entry else ""))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.model_label)
        row.addWidget(self.button)
        theme.style(self, "QLabel { color: $muted; }")
        self.hide()

    def update_for(self, needed: bool, language: str | None = None) -> None:
        """Show the bar when the tab needs a model, with the best one that fits the memory free now."""
        if not needed:
            self.hide()
            return
        free = system_memory(include_vram=False).available_ram
        self.entry = catalog.best_fit(self.task, free, language, max_tier=RECOMMEND_MAX_TIER)
        if self.entry is None:
            self.label.setText(self.reason + " " + self.tr("No catalogue model fits the memory free now."))
            self.model_label.clear()
        else:
            self.label.setText(self.reason + " " + self.tr("Best match for this machine ({size:.2f} GB download):")
                               .format(size=self.entry.download_bytes() / 1e9))
            self.model_label.setText(self.entry.name)
        self.model_label.setVisible(self.entry is not None)
        self.show()
