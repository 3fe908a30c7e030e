"""Driving the real main window from tests: build it as the app does, type, send, wait on signals."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from desktop_app.app import create_main_window

LOAD_TIMEOUT_MS = 60_000
REPLY_TIMEOUT_MS = 120_000


def open_window(qtbot, wait_for_model: bool = True):
    window = create_main_window()
    qtbot.addWidget(window)
    window.show()
    if wait_for_model:
        qtbot.waitUntil(lambda: window.chat_tab.model is not None, timeout=LOAD_TIMEOUT_MS)
    return window


def open_conversation(qtbot, app_home: Path, model: Path, title: str, messages: list[tuple[str, str]]):
    """The window on a conversation stored before it opened (as after a restart): (window, the messages' ids)."""
    from desktop_app.core.storage import paths
    from desktop_app.core.storage.database import Database
    from tests.conftest import write_settings

    db = Database(paths.database_path())
    conversation = db.create_conversation(title)
    ids = [db.add_message(conversation, role, content) for role, content in messages]
    db.close()
    write_settings(app_home, chat_model_path=str(model), last_conversation_id=conversation)
    return open_window(qtbot, wait_for_model=False), ids


def type_and_send(qtbot, tab, text: str, wait: bool = True):
    tab.composer.setPlainText(text)
    assert tab.send_button.isEnabled()
    if not wait:
        tab.send_button.click()
        return None
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        tab.send_button.click()
    return blocker.args[0]


def set_params(tab, **values):
    """Change the conversation's settings through the settings panel's widgets, as a user would."""
    panel = tab.settings_panel
    for name, value in values.items():
        getattr(panel, name).setValue(value)


def wait_job(qtbot, job, timeout: int = LOAD_TIMEOUT_MS):
    """Wait until a job that was started earlier has ended and its queued signals reached the GUI thread.

    (`qtbot.waitSignal` entered after the job started can miss a job that ended in the meantime.)
    """
    from PySide6.QtCore import QCoreApplication

    qtbot.waitUntil(job.reported, timeout=timeout)
    QCoreApplication.processEvents()
    return job


def run_window_script(home: Path, body: str, timeout: float = 300) -> str:
    """Build the real window in a fresh Python process (app home `home`), run `body` (with `app` and `w` in scope,
    `sys` imported) and return its stdout; for what only a new process shows, such as which modules it imported."""
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["DESKTOP_APP_HOME"] = {str(home)!r}
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from desktop_app.app import create_main_window
        w = create_main_window()
        w.show()
    """) + textwrap.dedent(body)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout
