"""Help → Show Logs: the app's log file, followed as it grows.

The first view reads only the file's tail; after that each change (QFileSystemWatcher) reads just the bytes added
since the last read, so following a large log costs next to nothing. A file that shrank (rotated or cleared) is
read again from its tail.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui import theme

TAIL_BYTES = 512 * 1024  # what the first view reads of a long log
MAX_LINES = 20_000  # older lines leave the view (the file keeps them)


class LogViewer(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.setObjectName("log_viewer")
        self.setWindowTitle(self.tr("Log: {name}").format(name=self.path.name))
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.resize(900, 560)
        self._offset = 0
        self._pending = b""  # the start of a line whose end is not written yet
        self.location = QLabel(str(self.path))
        self.location.setTextInteractionFlags(Qt.TextSelectableByMouse)
        theme.style(self.location, "color: $muted;")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.text.setMaximumBlockCount(MAX_LINES)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.text.setAccessibleName(self.tr("Log"))
        self.follow = QCheckBox(self.tr("Follow"))
        self.follow.setChecked(True)
        self.follow.setToolTip(self.tr("Scroll to new lines as they are written"))
        self.refresh_button = QPushButton(self.tr("Reload"))
        self.refresh_button.setToolTip(self.tr("Read the log file again from its end"))
        theme.set_icon(self.refresh_button, "regenerate")
        self.refresh_button.clicked.connect(self.reload)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the log shown here (or the selection) to the clipboard"))
        theme.set_icon(self.copy_button, "copy")
        self.copy_button.clicked.connect(self.copy)
        self.folder_button = QPushButton(self.tr("Open Folder"))
        self.folder_button.setToolTip(self.tr("Show the folder with the log files"))
        theme.set_icon(self.folder_button, "folder")
        self.folder_button.clicked.connect(self.open_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.folder_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.follow)
        bottom.addWidget(buttons, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.location)
        layout.addWidget(self.text, 1)
        layout.addLayout(bottom)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self.read_new)
        self.watcher.directoryChanged.connect(self.read_new)  # the log appears, or is replaced
        if self.path.parent.is_dir():
            self.watcher.addPath(str(self.path.parent))
        self.reload()

    def reload(self) -> None:
        self.text.clear()
        self._pending = b""
        try:
            size = self.path.stat().st_size
        except OSError:
            size = 0
        self._offset = max(0, size - TAIL_BYTES)
        self.read_new()

    def read_new(self, *_args) -> None:
        """Append what was written since the last read (cheap: only the new bytes are read)."""
        if self.path.is_file() and str(self.path) not in self.watcher.files():
            self.watcher.addPath(str(self.path))
        try:
            size = self.path.stat().st_size
        except OSError:
            if not self.text.toPlainText():
                self.text.setPlaceholderText(self.tr("Nothing has been logged yet."))
            return
        if size < self._offset:  # rotated or cleared: start again from its tail
            self.reload()
            return
        if size == self._offset:
            return
        try:
            with self.path.open("rb") as f:
                f.seek(self._offset)
                data = f.read(size - self._offset)
        except OSError:
            return
        start_of_tail = self._offset > 0 and not self.text.toPlainText() and not self._pending
        self._offset += len(data)
        data = self._pending + data
        cut = data.rfind(b"\n")
        if cut < 0:
            self._pending = data
            return
        self._pending = data[cut + 1:]
        chunk = data[:cut].decode("utf-8", errors="replace")
        if start_of_tail and "\n" in chunk:
            chunk = chunk.split("\n", 1)[1]  # the tail began mid-line
        at_end = self.text.verticalScrollBar().value() >= self.text.verticalScrollBar().maximum() - 2
        self.text.appendPlainText(chunk)
        if self.follow.isChecked() or at_end:
            self.text.moveCursor(QTextCursor.End)
            self.text.ensureCursorVisible()

    def copy(self) -> None:
        cursor = self.text.textCursor()
        QGuiApplication.clipboard().setText(cursor.selectedText().replace("\u2029", "\n") or self.text.toPlainText())

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))
