"""File → Settings…: app-wide choices. Theme applies at once; language and data folder after a restart.

Everything is written into the one AppSettings (and saved through the app's save function):
- theme, language, data_dir, default_device: AppSettings fields (data_dir is read by core.storage.paths at start);
- CPU threads: chat_defaults["n_threads"], the default of new conversations and of the task tabs' models;
- models folders: library_folders, the folders the Models page scans;
- downloads: download_source and hub_mirror_url (ui/widgets/download_source_box.py), applied to the hub at once.
Backups (ui/widgets/backups_panel.py) act at once: "Back up now" and Restore do not wait for Save.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import physical_cores
from desktop_app.core.storage import paths
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks.chat import ChatSettings
from desktop_app.ui import theme
from desktop_app.ui.i18n import LANGUAGES, startup_language
from desktop_app.ui.widgets.backups_panel import BackupsPanel
from desktop_app.ui.widgets.download_source_box import DownloadSourceBox
from desktop_app.workers.backup_service import BackupService

# Labels are marked for lupdate and translated where they are shown (self.tr, context "SettingsDialog").
DEVICES = [
    ("auto", QT_TRANSLATE_NOOP("SettingsDialog", "Automatic (CUDA, then Apple MPS, then CPU)")),
    ("cpu", QT_TRANSLATE_NOOP("SettingsDialog", "CPU")),
    ("cuda", QT_TRANSLATE_NOOP("SettingsDialog", "NVIDIA GPU (CUDA)")),
    ("mps", QT_TRANSLATE_NOOP("SettingsDialog", "Apple GPU (MPS)")),
]
THEMES = [
    ("system", QT_TRANSLATE_NOOP("SettingsDialog", "System")),
    ("light", QT_TRANSLATE_NOOP("SettingsDialog", "Light")),
    ("dark", QT_TRANSLATE_NOOP("SettingsDialog", "Dark")),
]


class SettingsDialog(QDialog):
    saved = Signal(set)  # the names of what changed: {"theme", "language", "data_dir", "folders", "device", ...}

    def __init__(
        self,
        app_settings: AppSettings,
        save: Callable[[], None],
        parent: QWidget | None = None,
        backups: BackupService | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Settings"))
        self.app_settings = app_settings
        self._save = save
        self.resize(640, 560)

        # -- appearance --------------------------------------------------------------------------------------------
        self.theme_combo = QComboBox()
        for value, label in THEMES:
            self.theme_combo.addItem(self.tr(label), value)
        self.theme_combo.setAccessibleName(self.tr("Theme"))
        self.theme_combo.setToolTip(self.tr("Light or dark colours; System follows your desktop's setting as it changes"))
        self.language_combo = QComboBox()
        for value, label in LANGUAGES:
            self.language_combo.addItem(self.tr(label) if value == "system" else label, value)
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.language_combo.setToolTip(
            self.tr("The language of the interface. System follows your computer's language. Takes effect after a restart.")
        )
        self.restart_note = QLabel()
        self.restart_note.setWordWrap(True)
        theme.style(self.restart_note, "color: $muted;")
        look = QFormLayout()
        look.addRow(self.tr("&Theme:"), self.theme_combo)
        look.addRow(self.tr("&Language:"), self.language_combo)
        look_box = QGroupBox(self.tr("Appearance"))
        look_box.setLayout(look)

        # -- storage -----------------------------------------------------------------------------------------------
        self.data_edit = QLineEdit()
        self.data_edit.setAccessibleName(self.tr("Data folder"))
        self.data_edit.setPlaceholderText(str(paths.default_data_dir()))
        self.data_edit.setToolTip(
            self.tr(
                "Where conversations, attachments and the app's own models are kept. Empty: the default folder. "
                "A new folder is used after a restart; what is in the old one is not moved."
            )
        )
        self.data_browse = QPushButton(self.tr("Change…"))
        self.data_browse.setToolTip(self.tr("Choose another folder for the app's data"))
        self.data_browse.clicked.connect(self._browse_data)
        self.data_open = QPushButton(self.tr("Open"))
        self.data_open.setToolTip(self.tr("Show the data folder in your file manager"))
        theme.set_icon(self.data_open, "folder")
        self.data_open.clicked.connect(self._open_data)
        self.data_reset = QPushButton(self.tr("Default"))
        self.data_reset.setToolTip(self.tr("Go back to the default data folder (after a restart)"))
        self.data_reset.clicked.connect(self.data_edit.clear)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_edit, 1)
        data_row.addWidget(self.data_browse)
        data_row.addWidget(self.data_open)
        data_row.addWidget(self.data_reset)
        self.data_current = QLabel()
        self.data_current.setWordWrap(True)
        theme.style(self.data_current, "color: $muted;")
        storage = QVBoxLayout()
        storage.addLayout(data_row)
        storage.addWidget(self.data_current)
        storage_box = QGroupBox(self.tr("Data folder"))
        storage_box.setLayout(storage)

        # -- models folders ----------------------------------------------------------------------------------------
        self.folders = QListWidget()
        self.folders.setAccessibleName(self.tr("Models folders"))
        self.folders.setToolTip(self.tr("Folders the Models page searches for models, besides the app's own folder"))
        self.folders.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.folders.setMaximumHeight(110)
        self.folder_add = QPushButton(self.tr("Add…"))
        self.folder_add.setToolTip(self.tr("Add a folder to search for models"))
        theme.set_icon(self.folder_add, "add")
        self.folder_add.clicked.connect(self._add_folder)
        self.folder_remove = QPushButton(self.tr("Remove"))
        self.folder_remove.setToolTip(self.tr("Stop searching the selected folders (nothing is deleted)"))
        theme.set_icon(self.folder_remove, "remove")
        self.folder_remove.clicked.connect(self._remove_folders)
        self.folders.itemSelectionChanged.connect(
            lambda: self.folder_remove.setEnabled(bool(self.folders.selectedItems()))
        )
        folder_buttons = QVBoxLayout()
        folder_buttons.addWidget(self.folder_add)
        folder_buttons.addWidget(self.folder_remove)
        folder_buttons.addStretch(1)
        folders_row = QHBoxLayout()
        folders_row.addWidget(self.folders, 1)
        folders_row.addLayout(folder_buttons)
        folders_note = QLabel(
            self.tr(
                "Searched besides the app's own models folder, the Hugging Face cache, LM Studio and Ollama "
                "(switch those on or off under Sources on the Models page)."
            )
        )
        folders_note.setWordWrap(True)
        theme.style(folders_note, "color: $muted;")
        folders_layout = QVBoxLayout()
        folders_layout.addLayout(folders_row)
        folders_layout.addWidget(folders_note)
        folders_box = QGroupBox(self.tr("Models folders"))
        folders_box.setLayout(folders_layout)

        # -- performance -------------------------------------------------------------------------------------------
        self.device_combo = QComboBox()
        for value, label in DEVICES:
            self.device_combo.addItem(self.tr(label), value)
        self.device_combo.setAccessibleName(self.tr("Default device"))
        self.device_combo.setToolTip(
            self.tr("Where PyTorch models run when they load. GGUF models use the CPU plus the GPU layers you set.")
        )
        self.threads_spin = QSpinBox()
        self.threads_spin.setRange(0, max(256, os.cpu_count() or 1))
        self.threads_spin.setSpecialValueText(self.tr("Free cores (up to {n})").format(n=physical_cores()))
        self.threads_spin.setAccessibleName(self.tr("CPU threads"))
        self.threads_spin.setToolTip(
            self.tr(
                "Threads for models on the CPU, for new conversations and the task tabs (a conversation keeps its "
                "own). 0 is automatic: GGUF models use one thread per core other programs leave free, PyTorch "
                "models every core. Takes effect when a model next loads."
            )
        )
        perf = QFormLayout()
        perf.addRow(self.tr("De&vice:"), self.device_combo)
        perf.addRow(self.tr("CPU t&hreads:"), self.threads_spin)
        perf_box = QGroupBox(self.tr("Performance"))
        perf_box.setLayout(perf)

        self.downloads = DownloadSourceBox()

        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel | QDialogButtonBox.Apply)
        self.buttons.button(QDialogButtonBox.Save).setToolTip(self.tr("Save and close"))
        self.buttons.button(QDialogButtonBox.Apply).setToolTip(self.tr("Save without closing"))
        self.buttons.button(QDialogButtonBox.Cancel).setToolTip(self.tr("Close without saving"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.Apply).clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(look_box)
        layout.addWidget(storage_box)
        layout.addWidget(folders_box)
        layout.addWidget(perf_box)
        layout.addWidget(self.downloads)
        self.backups_panel = BackupsPanel(backups) if backups is not None else None
        if self.backups_panel is not None:
            layout.addWidget(self.backups_panel)
        layout.addWidget(self.restart_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        for signal in (self.language_combo.currentIndexChanged, self.data_edit.textChanged):
            signal.connect(self._update_note)
        self.load()

    # -- values --------------------------------------------------------------------------------------------------
    def load(self) -> None:
        s = self.app_settings
        _select(self.theme_combo, s.theme)
        _select(self.language_combo, s.language)
        _select(self.device_combo, s.default_device)
        self.data_edit.setText(s.data_dir)
        self.data_current.setText(self.tr("In use now: {path}").format(path=paths.data_dir()))
        self.folders.clear()
        self.folders.addItems(s.library_folders)
        self.folder_remove.setEnabled(False)
        self.threads_spin.setValue(ChatSettings.from_dict(s.chat_defaults).n_threads)
        self.downloads.load(s)
        self._update_note()

    def apply(self) -> set[str]:
        """Write the dialog's values into the settings, save them, apply the theme; returns what changed."""
        s = self.app_settings
        changed: set[str] = set()

        def put(name: str, value, tag: str | None = None) -> None:
            if getattr(s, name) != value:
                setattr(s, name, value)
                changed.add(tag or name)

        put("theme", self.theme_combo.currentData())
        put("language", self.language_combo.currentData())
        put("default_device", self.device_combo.currentData(), "device")
        put("data_dir", self.data_edit.text().strip())
        put("library_folders", [self.folders.item(i).text() for i in range(self.folders.count())], "folders")
        threads = self.threads_spin.value()
        if ChatSettings.from_dict(s.chat_defaults).n_threads != threads:
            s.chat_defaults = {**s.chat_defaults, "n_threads": threads}
            changed.add("threads")
        if self.downloads.apply(s):
            changed.add("downloads")
        if changed:
            self._save()
        if "theme" in changed:
            theme.install(s.theme)
        self._update_note()
        self.saved.emit(changed)
        return changed

    def accept(self) -> None:
        self.apply()
        if not self.downloads.has_error:  # a bad mirror address stays on screen to be corrected
            super().accept()

    def _update_note(self, *_args) -> None:
        pending = []
        if self.language_combo.currentData() != startup_language(self.app_settings.language):
            pending.append(self.tr("the language"))
        chosen = Path(self.data_edit.text().strip()).expanduser() if self.data_edit.text().strip() else None
        if (chosen or paths.default_data_dir()) != paths.data_dir():
            pending.append(self.tr("the data folder"))
        self.restart_note.setText(
            self.tr("Restart the app to use {what}.").format(what=self.tr(" and ").join(pending)) if pending else ""
        )
        self.restart_note.setVisible(bool(pending))

    # -- folders -------------------------------------------------------------------------------------------------
    def _browse_data(self) -> None:
        start = self.data_edit.text().strip() or str(paths.data_dir())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the data folder"), start)
        if folder:
            self.data_edit.setText(folder)

    def _open_data(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir())))

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a models folder"), str(Path.home()))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        existing = {self.folders.item(i).text() for i in range(self.folders.count())}
        if folder not in existing:
            self.folders.addItem(folder)

    def _remove_folders(self) -> None:
        for item in self.folders.selectedItems():
            self.folders.takeItem(self.folders.row(item))


def _select(combo: QComboBox, value) -> None:
    combo.setCurrentIndex(max(combo.findData(value), 0))
