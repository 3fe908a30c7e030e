"""Settings → Backups: the backups of the conversation database, "Back up now", and Restore (after a question).

A view over a BackupService (workers): it lists what is in the backups folder, starts a backup (which runs off the
GUI thread; a busy bar shows meanwhile) and asks before a restore replaces every conversation.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import StorageError
from desktop_app.core.storage import backups
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.workers.backup_service import BackupService

KIND_LABELS = {
    backups.DAILY: QT_TRANSLATE_NOOP("BackupsPanel", "daily"),
    backups.MANUAL: QT_TRANSLATE_NOOP("BackupsPanel", "by hand"),
    backups.UPGRADE: QT_TRANSLATE_NOOP("BackupsPanel", "before an upgrade"),
    backups.RESTORE: QT_TRANSLATE_NOOP("BackupsPanel", "before a restore"),
}


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, n // 1024)} KB"


class BackupsPanel(QGroupBox):
    def __init__(self, service: BackupService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Backups"))
        self.service = service
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Backups"))
        self.list.setMaximumHeight(120)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.setToolTip(self.tr("Copy the conversation database into the backups folder now"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.setToolTip(
            self.tr("Replace every conversation with the selected backup (the current ones are backed up first)")
        )
        self.restore_button.clicked.connect(self.ask_restore)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.setToolTip(self.tr("Show the backups folder in your file manager"))
        self.open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.service.folder)))
        )
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # a backup is one step: busy, not a percentage
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Backing up"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        theme.style(self.status, "color: $muted;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        note = QLabel(
            self.tr("A backup is taken every day, and before every upgrade of the database; the last {n} of each "
                    "kind are kept.").format(n=backups.KEEP)
        )
        note.setWordWrap(True)
        theme.style(note, "color: $muted;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(note)
        service.busy_changed.connect(lambda _busy: self.refresh())
        service.backed_up.connect(self._on_backed_up)
        service.failed.connect(lambda text: self.status.setText(core_text(text)))
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected_path()
        self.list.clear()
        for b in self.service.entries():
            kind = QCoreApplication.translate("BackupsPanel", KIND_LABELS.get(b.kind, b.kind))
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(b.created_at))
            item = QListWidgetItem(f"{when}  ·  {kind}  ·  {_size(b.size)}")
            item.setData(Qt.UserRole, str(b.path))
            item.setToolTip(str(b.path))
            self.list.addItem(item)
            if str(b.path) == selected:
                self.list.setCurrentItem(item)
        self.busy.setVisible(self.service.is_busy())
        if not self.service.available():
            self.status.setText(self.service.why_not_restore())
        self._update_buttons()

    def selected_path(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None and item.isSelected() else None

    def _update_buttons(self) -> None:
        ok = self.service.available()
        self.backup_button.setEnabled(ok and not self.service.is_busy())
        self.restore_button.setEnabled(ok and not self.service.is_busy() and self.selected_path() is not None)
        self.open_button.setEnabled(ok)

    def back_up_now(self) -> None:
        if self.service.back_up() is not None:
            self.status.setText(self.tr("Backing up…"))

    def _on_backed_up(self, backup: backups.Backup) -> None:
        self.status.setText(self.tr("Backed up to {name}.").format(name=backup.path.name))
        self.refresh()

    def ask_restore(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        why = self.service.why_not_restore()
        if why:
            self.status.setText(why)
            return
        answer = QMessageBox.question(
            self,
            self.tr("Restore backup"),
            self.tr("Replace all conversations with this backup ({name})? The current conversations are backed up "
                    "first, so this can be undone by restoring that backup.").format(name=Path(path).name),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        if answer != QMessageBox.Yes:
            return
        try:
            safety = self.service.restore(path)
        except StorageError as exc:
            self.status.setText(core_text(exc))
        else:
            self.status.setText(
                self.tr("Restored. The conversations it replaced were backed up to {name}.").format(
                    name=safety.path.name
                )
            )
        self.refresh()
