"""The interface's language, for content the tabs show in it (language names, label names)."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def ui_language() -> str:
    """"zh" when the UI speaks Chinese, else "en"."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"
