"""The Qt side of the crash handler: a window that shows uncaught exceptions, with Copy Report.

core.crash logs and writes the report (any thread); `install_crash_handler` subscribes a bridge that hops to the
GUI thread and shows one CrashDialog. It is never modal and never stacks: while it is open, later errors are
appended to it. The app goes on running behind it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_DISPLAY_NAME
from desktop_app.core import crash
from desktop_app.core.storage import paths
from desktop_app.ui import theme

SEPARATOR = "\n" + "─" * 72 + "\n\n"


class CrashDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crash_dialog")
        self.setWindowTitle(self.tr("{name}: something went wrong").format(name=APP_DISPLAY_NAME))
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.setModal(False)
        self.resize(760, 480)
        self.reports: list[str] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.hint = QLabel(
            self.tr(
                "The app keeps running, but what you were doing may not have finished. The report below was also "
                "written to the log folder; Copy Report puts it on the clipboard for a bug report."
            )
        )
        self.hint.setWordWrap(True)
        theme.style(self.hint, "color: $muted;")
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.details.setAccessibleName(self.tr("Error report"))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.copy_button = QPushButton(self.tr("Copy Report"))
        self.copy_button.setToolTip(self.tr("Copy every report shown here to the clipboard"))
        theme.set_icon(self.copy_button, "copy")
        self.copy_button.clicked.connect(self.copy_report)
        self.folder_button = QPushButton(self.tr("Open Log Folder"))
        self.folder_button.setToolTip(self.tr("Show the folder with the log and the crash reports"))
        theme.set_icon(self.folder_button, "folder")
        self.folder_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.log_dir()))))
        buttons.addButton(self.copy_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def add_report(self, summary: str, text: str, path: str = "") -> None:
        self.reports.append(text + (f"\n(saved as {path})\n" if path else ""))
        n = len(self.reports)
        if n == 1:
            self.summary.setText(self.tr("<b>Something went wrong:</b> {summary}").format(summary=_escape(summary)))
        else:
            self.summary.setText(
                self.tr("<b>{n} errors.</b> The latest: {summary}").format(n=n, summary=_escape(summary))
            )
        self.details.setPlainText(SEPARATOR.join(self.reports))
        self.details.verticalScrollBar().setValue(self.details.verticalScrollBar().maximum())

    def report_text(self) -> str:
        return SEPARATOR.join(self.reports)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CrashBridge(QObject):
    """Receives core.crash reports on any thread and shows them on the GUI thread."""

    reported = Signal(str, str, str)  # summary, report text, report file

    def __init__(self, parent_window: QWidget | None = None):
        super().__init__(parent_window)
        self.parent_window = parent_window
        self.dialog: CrashDialog | None = None
        self._showing = False
        self.reported.connect(self._show)  # queued when emitted from a worker thread

    def __call__(self, report: crash.CrashReport) -> None:
        self.reported.emit(report.summary, report.text, str(report.path or ""))

    def _show(self, summary: str, text: str, path: str) -> None:
        if self._showing:
            return  # the dialog itself failed: the error is logged, do not loop
        self._showing = True
        try:
            if self.dialog is None:
                parent = self.parent_window
                self.dialog = CrashDialog(parent if parent is not None and parent.isVisible() else None)
                self.dialog.destroyed.connect(self._forget)
            self.dialog.add_report(summary, text, path)
            self.dialog.show()
            self.dialog.raise_()
        finally:
            self._showing = False

    def _forget(self, *_args) -> None:
        self.dialog = None


_bridge: CrashBridge | None = None


def install_crash_handler(parent_window: QWidget | None = None) -> CrashBridge:
    """Hook sys/threading excepthooks (core.crash) and show their reports in one CrashDialog."""
    global _bridge
    uninstall_crash_handler()
    _bridge = CrashBridge(parent_window)
    crash.add_listener(_bridge)
    crash.install()
    return _bridge


def uninstall_crash_handler() -> None:
    global _bridge
    if _bridge is not None:
        crash.remove_listener(_bridge)
        _bridge = None
    crash.uninstall()
