"""QApplication set-up: logging, settings, the database, the CJK font check and the main window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from desktop_app import APP_DISPLAY_NAME, APP_NAME, __version__
from desktop_app.core import crash
from desktop_app.core.errors import StorageError
from desktop_app.core.storage import paths
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import load_settings, save_settings

log = logging.getLogger("desktop_app")


def _setup_logging() -> None:
    crash.setup_logging()  # the log file Help → Show Logs follows
    crash.install()  # uncaught exceptions are logged from here on; the window adds its dialog (run_gui)


def open_database(warnings: list[tuple[str, str]]) -> Database:
    """The user's database, or an in-memory one (with a warning) when it cannot be used; never overwrite it."""
    from PySide6.QtCore import QCoreApplication

    try:
        db = Database(paths.database_path())
    except StorageError as exc:
        log.error("database unusable: %s", exc)
        text = QCoreApplication.translate("app", "{error} Conversations in this session will not be saved.")
        warnings.append((text.format(error=exc), "error"))
        return Database(":memory:")
    if db.interrupted_on_open:
        warnings.append(
            (
                QCoreApplication.translate(
                    "app", "The app closed while a reply was being written; the part written so far was kept."
                ),
                "info",
            )
        )
    return db


def create_main_window():
    """Build everything the GUI needs; returns the window (tests drive it the same way `run_gui` does)."""
    from desktop_app.ui import i18n, theme
    from desktop_app.ui.fonts import MISSING_CJK_FONT_MESSAGE, cjk_font_available
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.workers.model_manager import ModelManager

    warnings: list[tuple[str, str]] = []
    loaded = load_settings(paths.settings_path())
    warnings.extend((w, "warning") for w in loaded.warnings)
    settings = loaded.settings
    settings_file = paths.settings_path()
    from desktop_app.core.models import hub

    try:  # Settings → Downloads: a mirror or ModelScope instead of huggingface.co
        hub.set_download_source(settings.download_source, settings.hub_mirror_url)
    except hub.DownloadError as exc:
        warnings.append((str(exc), "warning"))

    def save() -> None:
        try:
            save_settings(settings_file, settings)
        except OSError as exc:
            log.error("cannot save settings: %s", exc)

    theme.install(settings.theme)  # light / dark / follow the system, before any widget exists
    i18n.install_translator(settings.language)
    i18n.remember_startup_language(settings.language)
    if not cjk_font_available():
        from PySide6.QtCore import QCoreApplication

        warnings.append((QCoreApplication.translate("fonts", MISSING_CJK_FONT_MESSAGE), "warning"))
    db = open_database(warnings)
    if paths.data_dir_warning:
        warnings.append((paths.data_dir_warning, "warning"))
    manager = ModelManager()
    window = MainWindow(manager, db, settings, save, paths.models_dir(), warnings)
    window.destroyed.connect(lambda *_: db.close())
    last = db.conversation(settings.last_conversation_id) if settings.last_conversation_id else None
    if last is not None and last.deleted_at is None:  # a conversation in the Trash is not reopened
        window.chat_tab.open_conversation(settings.last_conversation_id)
        window.chat_tab.refresh_conversations()
    window.chat_tab.ensure_model()  # start loading now, so the first reply does not wait for it
    return window


def run_gui(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    _setup_logging()
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setDesktopFileName("io.github.desktop_app.DesktopApp")  # packaging/linux/: Wayland finds the icon by it
    from desktop_app.workers.gui_thread_gc import GuiThreadCollector

    GuiThreadCollector(app)  # Qt objects in reference cycles die on the GUI thread, never on a worker's
    icon = Path(__file__).resolve().parents[1] / "resources" / "icons" / "app.svg"
    if icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    from desktop_app.workers.model_manager import ModelManager

    # An engine process starts now, in the background, while the window is built: the first model load (the
    # chat tab's, as the window opens) takes it instead of waiting for a process to start.
    ModelManager.prewarm()
    window = create_main_window()
    from desktop_app.ui.dialogs.crash_dialog import install_crash_handler

    install_crash_handler(window)  # uncaught exceptions (threads and Qt slots too) show one dialog, never modal
    window.show()
    return finish(window, app.exec())


def finish(window, code: int) -> int:
    """End the process cleanly after the window closed.

    A worker thread may still be inside llama.cpp (freeing a model, or a prompt batch that cannot be interrupted).
    Letting the interpreter finalize under it can crash in native code, so we give it a few seconds and otherwise
    leave with os._exit: every message is already committed to SQLite, so nothing is lost.
    """
    if not window.manager.wait_stopped(5.0):
        log.warning("worker threads still busy at exit; leaving without interpreter finalization")
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
