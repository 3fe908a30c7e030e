"""How the Models page turns what it lists into specs to load: library records, imported files and remote servers.

Kept apart from the widgets so the library scan (on the utility thread) and the loading code share one
definition; the per-model choices (consents, projector) come from core's with_user_choices, as for the task tabs.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.models.metadata import ModelRecord, read_gguf_record, read_hf_record
from desktop_app.core.models.resolve import with_user_choices
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.settings import AppSettings


def remote_record(entry: dict) -> ModelRecord:
    """A server the user connected, listed in the library like a local model."""
    return ModelRecord(
        path=Path(entry["base_url"]), name=entry.get("name") or entry["base_url"], format="remote", backend="remote",
        capabilities=frozenset({"chat"}), source="remote",
    )


def remote_spec(entry: dict) -> ModelSpec:
    return ModelSpec(
        path=Path(entry["base_url"]), name=entry.get("name") or entry["base_url"], backend="remote", source="remote",
        extra={"base_url": entry["base_url"], "api_key": entry.get("api_key", "")},
    )


def spec_of(record: ModelRecord, settings: AppSettings) -> ModelSpec:
    """The spec to load, with the server settings of a remote model and the consents given for this one."""
    if record.backend == "remote":
        entry = next((r for r in settings.remote_servers if Path(r["base_url"]) == record.path), None)
        if entry is not None:
            return remote_spec(entry)
    return with_user_choices(record.to_spec(), settings.model_consents, settings.model_projectors)


def read_imported(path: Path) -> ModelRecord:
    """A model the user dropped or picked one by one, read where it lies (never copied)."""
    return read_hf_record(path, source="user") if path.is_dir() else read_gguf_record(path, source="user")
