"""The interface language: the user's choice (System / English / 简体中文), applied at start-up.

A translation is resources/translations/desktop_app_<lang>.qm (built from the .ts sources); where it is missing the
interface stays in English. Qt's own strings (standard buttons, context menus) come from Qt's qtbase_<lang>.qm.
The choice also sets the default QLocale, which ui/locale.py reads for content shown in the interface's language.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop_app.ui.theme import RESOURCES

TRANSLATIONS_DIR = RESOURCES / "translations"
# (setting value, what the Settings dialog shows: each language in its own name)
LANGUAGES: list[tuple[str, str]] = [("system", "System"), ("en", "English"), ("zh_CN", "简体中文")]

_installed: list[QTranslator] = []
# The choice the running app started with: a different one needs a restart (the Settings dialog says so).
_startup: dict[str, str] = {}


def resolve_language(choice: str) -> str:
    """"en" or "zh_CN": the choice itself, or what the system locale asks for when the choice is "system"."""
    if choice in ("en", "zh_CN"):
        return choice
    system = QLocale.system()
    return "zh_CN" if system.language() == QLocale.Language.Chinese else "en"


def install_translator(choice: str) -> str:
    """Load the translation for `choice` into the running app (replacing an earlier one); returns the language."""
    app = QApplication.instance()
    language = resolve_language(choice)
    if choice in ("en", "zh_CN"):
        QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_US"))
    else:
        QLocale.setDefault(QLocale.system())
    if app is None:
        return language
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    # English is the source language: its file holds only the plural forms ("1 round", "3 rounds").
    candidates = [(TRANSLATIONS_DIR, f"desktop_app_{language}.qm")]
    if language != "en":
        candidates.append((QLibraryInfo.path(QLibraryInfo.TranslationsPath), f"qtbase_{language}.qm"))
    for folder, name in candidates:
        path = f"{folder}/{name}"
        translator = QTranslator(app)
        if translator.load(path):
            app.installTranslator(translator)
            _installed.append(translator)
    return language


def remember_startup_language(choice: str) -> None:
    """Called once at start-up, with the language setting the translator was installed for."""
    _startup["language"] = choice


def startup_language(default: str) -> str:
    """The language setting the app started with (`default` when start-up did not say, as in some tests)."""
    return _startup.get("language", default)
