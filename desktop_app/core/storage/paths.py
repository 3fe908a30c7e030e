"""App directories, from platformdirs, with one environment variable to move them all.

Tests and portable installs set ``DESKTOP_APP_HOME``; everything then lives under that folder, so a test can
never touch a real user's chats.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop_app import APP_NAME

HOME_ENV = "DESKTOP_APP_HOME"


def _base(kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser() / kind
    finder = {
        "data": platformdirs.user_data_path,
        "config": platformdirs.user_config_path,
        "cache": platformdirs.user_cache_path,
        "log": platformdirs.user_log_path,
    }[kind]
    return finder(APP_NAME, appauthor=False)


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _ensure(_base("data"))


def config_dir() -> Path:
    return _ensure(_base("config"))


def cache_dir() -> Path:
    return _ensure(_base("cache"))


def log_dir() -> Path:
    return _ensure(_base("log"))


def models_dir() -> Path:
    """The app's own models folder: built-in models are assembled here, user models may be copied here."""
    return _ensure(data_dir() / "models")


def database_path() -> Path:
    return data_dir() / "conversations.sqlite3"


def settings_path() -> Path:
    return config_dir() / "settings.json"
