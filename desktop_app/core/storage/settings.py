"""App settings: one typed dataclass, saved atomically as JSON in the config dir.

A file that is not valid JSON (or not an object) is moved aside, not overwritten, and the defaults are used; the
caller gets a sentence to show the user. Fields with the wrong type fall back to their default one by one.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop_app.core.messages import phrase

SCHEMA_VERSION = 1


@dataclass
class AppSettings:
    schema_version: int = SCHEMA_VERSION
    chat_model_path: str = ""  # empty: the built-in default
    chat_defaults: dict[str, Any] = field(default_factory=dict)  # ChatSettings.to_dict() of new conversations
    last_conversation_id: int = 0
    warned_missing_cjk_font: bool = False
    # Model library: folders the user added, models imported one by one, sources switched on or off,
    # and which model serves each task ({"chat": "/path/model.gguf", ...}).
    library_folders: list[str] = field(default_factory=list)
    imported_models: list[str] = field(default_factory=list)
    library_sources: dict[str, bool] = field(default_factory=dict)
    task_models: dict[str, str] = field(default_factory=dict)
    remote_servers: list[dict] = field(default_factory=list)  # [{"base_url", "api_key", "name"}]
    # Risky permissions the user granted per model path: {"/path": ["trust_remote_code", "allow_pickle"]}.
    model_consents: dict[str, list] = field(default_factory=dict)
    # Vision projectors the user paired with GGUF models by hand: {"/path/model.gguf": "/path/mmproj.gguf"}.
    model_projectors: dict[str, str] = field(default_factory=dict)
    # What each task tab remembers between runs (length, labels, languages...): {"summarize": {...}, ...}.
    task_settings: dict[str, dict] = field(default_factory=dict)
    # A reasoning model's thinking switch, remembered per model path: {"/path/model.gguf": "on" | "off" | "auto"}
    # (core/tasks/reasoning.py carries it to the chat template).
    model_thinking: dict[str, str] = field(default_factory=dict)
    # Its thinking budget, per model path: the most tokens it may think before it is made to answer (absent: none).
    model_thinking_budget: dict[str, int] = field(default_factory=dict)
    # Look and start-up (File → Settings…): theme "system" | "light" | "dark"; language "system" | "en" | "zh_CN"
    # (after a restart); the data folder (empty: the default; paths.data_dir reads it from this file before
    # anything else is opened, so it takes effect after a restart); the default device for loading models.
    theme: str = "system"
    language: str = "system"
    data_dir: str = ""
    default_device: str = "auto"
    # The API server (Server dialog, `serve --parallel`): requests of one llama.cpp model decoded together.
    server_parallel: int = 4
    # Where models are downloaded from (Settings → Downloads; core/models/hub.py set_download_source):
    # "huggingface", "mirror" (hub_mirror_url, e.g. https://hf-mirror.com) or "modelscope" (catalogue models).
    download_source: str = "huggingface"
    hub_mirror_url: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LoadedSettings:
    settings: AppSettings
    warnings: list[str]


def load_settings(path: Path) -> LoadedSettings:
    if not path.exists():
        return LoadedSettings(AppSettings(), [])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(phrase("the file does not hold a JSON object"))
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, aside)
            where = f"It was moved to {aside}."
        except OSError:
            where = "It could not be moved aside and was left as it is."
        return LoadedSettings(
            AppSettings(), [f"Your settings file {path} could not be read ({exc}). Defaults are used. {where}"]
        )
    settings = AppSettings()
    warnings: list[str] = []
    for f in fields(AppSettings):
        if f.name not in data:
            continue
        value = data[f.name]
        default = getattr(settings, f.name)
        if isinstance(value, type(default)) and not (isinstance(value, bool) and not isinstance(default, bool)):
            setattr(settings, f.name, value)
        else:
            warnings.append(f"Setting '{f.name}' had an invalid value and was reset to its default.")
    return LoadedSettings(settings, warnings)


def save_settings(path: Path, settings: AppSettings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(settings.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
