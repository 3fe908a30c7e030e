"""Grab the real main window offscreen, with real replies in it, into docs/ (used by the README).

    make screenshots      (or: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py)

Runs in a throwaway app home, so it never touches your conversations; the built-in Qwen model is assembled there.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DESKTOP_APP_HOME"] = tempfile.mkdtemp(prefix="desktop_app_shot_")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"
PROMPTS = [
    "Write a Python function that checks whether a number is prime. Keep it short.",
    "用两三句话介绍一下长城。",
]


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("desktop_app_screenshots")
    from desktop_app.app import create_main_window

    window = create_main_window()
    window.resize(1280, 820)
    window.show()
    tab = window.chat_tab
    tab.settings_panel.temperature.setValue(0.0)
    tab.settings_panel.max_tokens.setValue(220)
    queue = list(PROMPTS)

    def send_next() -> None:
        if not queue:
            DOCS.mkdir(exist_ok=True)
            window.grab().save(str(DOCS / "chat.png"))
            print(f"saved {DOCS / 'chat.png'}")
            window.close()
            app.quit()
            return
        tab.composer.setPlainText(queue.pop(0))
        tab.send()

    tab.generation_finished.connect(lambda _r: QTimer.singleShot(300, send_next))
    QTimer.singleShot(200, send_next)
    QTimer.singleShot(300_000, app.quit)
    from desktop_app.app import finish

    return finish(window, app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
