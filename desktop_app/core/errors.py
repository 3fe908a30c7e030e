"""Typed errors whose message is written for the user, not for a developer.

Core code raises these; the UI shows `str(error)` as one sentence and keeps the traceback under Details.
"""

from __future__ import annotations

from typing import Any


class DesktopAppError(Exception):
    """Base class: the message is meant to be shown to a user as is."""


class ModelFileError(DesktopAppError):
    """A model file is missing, empty, truncated or not a model at all."""


class UnsupportedArchitectureError(ModelFileError):
    """The file is a valid GGUF, but of an architecture this llama.cpp build cannot run."""


class ModelLoadError(DesktopAppError):
    """The engine refused to load a model that passed validation."""


class ConsentRequiredError(ModelLoadError):
    """Loading needs a risky permission (running the model's own code, or unpickling weights) the user has not
    given for this model. `consent` names it: "trust_remote_code" or "allow_pickle"."""

    def __init__(self, message: str, consent: str):
        super().__init__(message)
        self.consent = consent


class GenerationError(DesktopAppError):
    """Generation failed in the engine."""


class ContextOverflowError(GenerationError):
    """Even the newest message alone does not fit in the model's context."""


class SchemaError(GenerationError):
    """A JSON schema for structured output that is not valid or cannot be enforced, or a reply that does not
    follow it (core/tasks/structured.py): one sentence. Crosses the engine boundary by name, as every error here."""


class UnsupportedTaskError(DesktopAppError):
    """The loaded model cannot do what was asked (a classifier asked to chat, for instance)."""


class ImageFileError(DesktopAppError):
    """An image file cannot be used: missing, unreadable, empty, truncated, not an image, or too large."""


class DatasetError(DesktopAppError):
    """Training data cannot be used; `report` (a finetune.datasets.ValidationReport, when set) lists the bad rows."""

    def __init__(self, message: str, report: Any = None):
        super().__init__(message)
        self.report = report


class StorageError(DesktopAppError):
    """The conversation database or a settings file cannot be used."""


class Cancelled(DesktopAppError):
    """The user cancelled a long operation."""


class EngineCrashedError(GenerationError):
    """The engine process of a model died (a native crash, killed, out of memory). The window stays up; the model
    reloads with the next request."""


class EngineStuckError(Cancelled):
    """A cancelled request whose engine did not stop in time: the engine was killed and restarted. A Cancelled,
    so jobs end as stopped and keep their partial results; the message tells the user what happened."""
