"""One line of the server's request log: what the Server dialog shows live and the headless server prints.

Apart from api.py so that the reply streaming (reply_stream.py) and the window's dialog can name it without the
routes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RequestLogEntry:
    """One line of the request log (the dialog's live log, the headless server's stderr)."""

    client: str
    method: str
    path: str
    status: int
    model: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_s: float = 0.0
    stream: bool = False
    note: str = ""
    time: float = field(default_factory=time.time)

    def format(self) -> str:
        parts = [time.strftime("%H:%M:%S", time.localtime(self.time)), self.client, self.method, self.path,
                 str(self.status)]
        if self.model:
            parts.append(self.model)
        if self.prompt_tokens or self.completion_tokens:
            parts.append(f"{self.prompt_tokens}+{self.completion_tokens} tokens")
        if self.duration_s:
            parts.append(f"{self.duration_s:.2f} s")
        if self.stream:
            parts.append("stream")
        if self.note:
            parts.append(f"– {self.note}")
        return " ".join(parts)


LogSink = Callable[[RequestLogEntry], None]
