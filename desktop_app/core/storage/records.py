"""What the conversation database stores, as plain frozen records (shared by database.py and its parts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Message statuses
COMPLETE, STOPPED, STREAMING, INTERRUPTED, ERROR = "complete", "stopped", "streaming", "interrupted", "error"


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: float
    updated_at: float
    settings: dict[str, Any]
    model_path: str
    deleted_at: float | None = None  # in the Trash since then; None: not deleted


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    role: str
    content: str
    status: str = COMPLETE
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_per_s: float = 0.0
    created_at: float = 0.0
    images: tuple[str, ...] = ()  # absolute paths of the attached images, in order
    parent_id: int | None = None  # the message this one follows (None: the first of its conversation)
    version: int = 1  # which version of its turn this is (1-based, oldest first) ...
    versions: int = 1  # ... of how many (a regenerated reply or an edited message adds one)
    reasoning: str = ""  # a reasoning model's thinking, shown apart and never sent back to the model
    thinking_s: float = 0.0  # how long it thought

    def as_chat(self) -> dict[str, object]:
        """The message as the Backend protocol's ChatMessage; "images" only when there are some."""
        chat: dict[str, object] = {"role": self.role, "content": self.content}
        if self.images:
            chat["images"] = list(self.images)
        return chat
