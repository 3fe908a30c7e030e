"""Settings → Downloads: where models come from. Hugging Face, a Hugging Face mirror (what the HF_ENDPOINT
environment variable did, now a setting), or ModelScope for the catalogue's models it publishes. Applied to
core/models/hub.py at once, so the next download uses it."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from desktop_app.core.models import hub
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text

SOURCES = [
    ("huggingface", QT_TRANSLATE_NOOP("DownloadSourceBox", "Hugging Face (huggingface.co)")),
    ("mirror", QT_TRANSLATE_NOOP("DownloadSourceBox", "A Hugging Face mirror")),
    ("modelscope", QT_TRANSLATE_NOOP("DownloadSourceBox", "ModelScope (modelscope.cn) for catalogue models")),
]


class DownloadSourceBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Downloads"), parent)
        self.source_combo = QComboBox()
        for value, label in SOURCES:
            self.source_combo.addItem(self.tr(label), value)
        self.source_combo.setAccessibleName(self.tr("Download source"))
        self.source_combo.setToolTip(self.tr("Where the Models page and Discover download models from"))
        self.mirror_edit = QLineEdit()
        self.mirror_edit.setAccessibleName(self.tr("Mirror address"))
        self.mirror_edit.setPlaceholderText("https://hf-mirror.com")
        self.error = QLabel()
        self.error.setWordWrap(True)
        theme.style(self.error, "color: $error_text;")
        self.error.hide()
        note = QLabel(self.tr("ModelScope serves the catalogue models it publishes; the others still come from "
                              "Hugging Face. Every file is checked against the checksum its source publishes."))
        note.setWordWrap(True)
        theme.style(note, "color: $muted;")
        form = QFormLayout(self)
        form.addRow(self.tr("&Source:"), self.source_combo)
        form.addRow(self.tr("&Mirror:"), self.mirror_edit)
        form.addRow(self.error)
        form.addRow(note)
        self.source_combo.currentIndexChanged.connect(self._update)

    def _update(self, *_args) -> None:
        self.mirror_edit.setEnabled(self.source_combo.currentData() == "mirror")

    def load(self, s: AppSettings) -> None:
        self.source_combo.setCurrentIndex(max(self.source_combo.findData(s.download_source), 0))
        self.mirror_edit.setText(s.hub_mirror_url)
        self.error.hide()
        self._update()

    def apply(self, s: AppSettings) -> bool:
        """Check and apply the choice; returns whether it changed. A bad mirror address is shown here, in one
        sentence, and the previous source stays in use (raises nothing: the rest of the dialog still saves)."""
        source, mirror = self.source_combo.currentData(), self.mirror_edit.text().strip()
        try:
            hub.set_download_source(source, mirror)
        except hub.DownloadError as exc:
            self.error.setText(core_text(exc))
            self.error.show()
            return False
        self.error.hide()
        changed = (s.download_source, s.hub_mirror_url) != (source, mirror)
        s.download_source, s.hub_mirror_url = source, mirror
        return changed

    @property
    def has_error(self) -> bool:
        return not self.error.isHidden()
