"""App directories, from platformdirs, with one environment variable to move them all.

Tests and portable installs set ``DESKTOP_APP_HOME``; everything then lives under that folder, so a test can
never touch a real user's chats.
"""

from __future__ import annotations

import json
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


# The data folder the user chose (Settings: "data_dir" in settings.json), read once per app home: a change takes
# effect after a restart (or `reresolve()`), never while the database and models are open in the old one.
DATA_DIR_KEY = "data_dir"
_data_dirs: dict[str, Path] = {}
data_dir_warning = ""  # a sentence when the chosen folder could not be used (the default is used instead)


def default_data_dir() -> Path:
    return _base("data")


def chosen_data_dir() -> Path | None:
    """The data folder named in the settings file, or None (default). Read without the settings module."""
    try:
        data = json.loads((_base("config") / "settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get(DATA_DIR_KEY) if isinstance(data, dict) else None
    if not isinstance(value, str) or not value.strip():
        return None
    path = Path(value.strip()).expanduser()
    return path if path.is_absolute() else None


def reresolve() -> None:
    """Forget the resolved data folder, as a restart would (tests; the app itself resolves once)."""
    global data_dir_warning
    _data_dirs.clear()
    data_dir_warning = ""


def data_dir() -> Path:
    global data_dir_warning
    key = os.environ.get(HOME_ENV, "")
    path = _data_dirs.get(key)
    if path is None:
        path = chosen_data_dir() or default_data_dir()
        try:
            _ensure(path)
        except OSError as exc:
            data_dir_warning = f"The data folder {path} cannot be used ({exc.strerror or exc}); the default is used."
            path = default_data_dir()
        _data_dirs[key] = path
    return _ensure(path)


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
