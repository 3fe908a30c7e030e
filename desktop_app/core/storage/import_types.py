"""The shape every importer produces (import_formats.py, import_peers.py), and the helpers they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.storage.records import COMPLETE

ROLES = ("user", "assistant", "system")


@dataclass
class ImportedImage:
    data: bytes
    suffix: str = ".png"


@dataclass
class ImportedMessage:
    role: str
    content: str
    status: str = COMPLETE
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_per_s: float = 0.0
    created_at: float = 0.0
    images: list[ImportedImage] = field(default_factory=list)
    parent: int | None = -1  # the index of the message it follows (None: a first message; -1: the one before)
    active: bool = True  # the version shown (False: another version of its turn is)
    reasoning: str = ""  # a reasoning model's thinking, apart from the answer (schema 6)
    thinking_s: float = 0.0
    tool_calls: list[dict[str, Any]] = field(default_factory=list)  # core/storage/tool_calls.py records


@dataclass
class ImportedConversation:
    title: str
    messages: list[ImportedMessage]
    created_at: float = 0.0
    updated_at: float = 0.0
    settings: dict[str, Any] = field(default_factory=dict)
    model_path: str = ""


@dataclass
class ImportResult:
    source: str  # which app's format: "Desktop App", "LM Studio", "Open WebUI", "ChatGPT", "ShareGPT", "OpenAI"
    conversations: list[ImportedConversation]
    left_out: int = 0  # parts that could not come along (images a peer keeps elsewhere, tool calls)


class Invalid(Exception):
    """A file in a known shape with a bad part; becomes one StorageError sentence."""


def number(value: Any, default: float = 0.0) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def title_for(value: Any, messages: list[ImportedMessage]) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    first = next((m.content for m in messages if m.role == "user" and m.content.strip()), "")
    return " ".join(first.split())[:48] or "Imported conversation"


def with_system(messages: list[ImportedMessage], settings: dict[str, Any]) -> list[ImportedMessage]:
    """System messages become the conversation's system prompt (as our own conversations keep it)."""
    system = [m.content for m in messages if m.role == "system" and m.content.strip()]
    if system and not settings.get("system_prompt"):
        settings["system_prompt"] = "\n\n".join(system)
    return [m for m in messages if m.role != "system"]
