"""Chat: per-conversation settings, presets, images attached to messages, and fitting a history into the model's
context."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.types import ChatMessage, Chunk, GenerationParams, LoadOptions
from desktop_app.core.errors import Cancelled, ContextOverflowError
from desktop_app.core.messages import phrase
from desktop_app.core.tasks.images import open_image
from desktop_app.core.tasks.reasoning import answer_only, structured_thinking

if TYPE_CHECKING:
    from desktop_app.core.storage.attachments import AttachmentStore

# What a template writes around tool definitions (Qwen2.5's words, among the longest), counted in the model's own
# tokens to estimate the tools section while fitting the history (count_chat_tokens does not render tools).
TOOLS_PREAMBLE = (
    "# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with "
    "function signatures within <tools></tools> XML tags:\n<tools>\n</tools>\n\nFor each function call, return a "
    "json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n"
    '{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>'
)
THUMBNAIL_SIDE = 256  # pixels: the longer side of a thumbnail decoded for the composer and the conversation


# A system prompt that asks for the language of the user's last message (bench/chat_language.py measures it against
# none: 8/8 against 7/8 on mixed conversations with the built-in Qwen2.5-0.5B, too few to call a gain). Not the
# default: it changed what the small models do with tools (Qwen stopped calling them in tests/gui/test_chat_tools.py)
# and every template's first turn. Kept here for the benchmark and for whoever wants to measure more.
LANGUAGE_SYSTEM_PROMPT = (
    "You are a helpful assistant. Always answer in the language of the user's last message: in English when it "
    "is written in English, in Chinese when it is written in Chinese, whatever language earlier messages used. "
    "用户最后一条消息是中文时，请用中文回答。"
)

# Built-in system prompts the Chat settings offer (a user picks one and may edit it). Names are marked for
# translation in ui/widgets/chat_settings_panel.py; the prompts go to the model as written.
SYSTEM_PROMPTS: dict[str, str] = {
    "Answer in my language": LANGUAGE_SYSTEM_PROMPT,
    "Concise": "You are a helpful assistant. Answer briefly and to the point: a few sentences, no preamble.",
    "Always Chinese": "你是一个乐于助人的助手。无论用户使用什么语言提问，都请用简体中文回答。",
    "Always English": "You are a helpful assistant. Always answer in English, whatever language the user writes in.",
}


@dataclass(frozen=True)
class ChatSettings:
    """Everything a conversation remembers about how to generate. Frozen: jobs get a snapshot."""

    system_prompt: str = ""
    params: GenerationParams = field(default_factory=GenerationParams)
    n_ctx: int = 4096
    n_threads: int = 0  # 0: all physical cores
    n_gpu_layers: int = 0
    # The document collections attached to the conversation (ui/tabs/chat_documents.py): kept with it, so they are
    # attached again when it is opened, also after a restart.
    documents: tuple[str, ...] = ()
    # The Tools switch (ui/tabs/chat_tools.py): whether this conversation's replies may call tools; a new chat starts
    # from the defaults (AppSettings.chat_defaults), so the switch is remembered per conversation, not app-wide.
    tools: bool = False

    def load_options(self, device: str = "auto") -> LoadOptions:
        """`device` is the app-wide default (AppSettings.default_device), not a per-conversation setting."""
        return LoadOptions(n_ctx=self.n_ctx, n_threads=self.n_threads, n_gpu_layers=self.n_gpu_layers, device=device)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["params"] = self.params.to_dict()
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ChatSettings:
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)} - {"params"}
        clean: dict[str, Any] = {}
        defaults = cls()
        for k in known:
            if k in data and isinstance(data[k], type(getattr(defaults, k))):
                clean[k] = data[k]
        documents = data.get("documents")
        if isinstance(documents, list):  # JSON has no tuples
            clean["documents"] = tuple(str(d) for d in documents if isinstance(d, str))
        params = data.get("params")
        if isinstance(params, dict):
            try:
                clean["params"] = GenerationParams.from_dict(params)
            except (TypeError, ValueError):
                pass
        return replace(defaults, **clean)


PRESETS: dict[str, dict[str, float | int]] = {
    "Precise": {"temperature": 0.2, "top_p": 0.9, "top_k": 20, "min_p": 0.05, "repeat_penalty": 1.1},
    "Balanced": {"temperature": 0.7, "top_p": 0.95, "top_k": 40, "min_p": 0.05, "repeat_penalty": 1.1},
    "Creative": {"temperature": 1.1, "top_p": 0.98, "top_k": 80, "min_p": 0.02, "repeat_penalty": 1.05},
}


def apply_preset(settings: ChatSettings, name: str) -> ChatSettings:
    return replace(settings, params=replace(settings.params, **PRESETS[name]))


TOOL_KEYS = ("tool_calls", "name", "tool_call_id")


def build_messages(system_prompt: str, history: Sequence[ChatMessage]) -> list[ChatMessage]:
    """The messages for a model: the system prompt, then the history; a user message keeps its "images". A reply's
    thinking never goes back to the model (stored apart since schema 6; an imported reply may still hold tags); its tool
    calls and their results do (TOOL_KEYS)."""
    msgs: list[ChatMessage] = []
    if system_prompt.strip():
        msgs.append({"role": "system", "content": system_prompt})
    for m in history:
        content = m["content"]
        if m["role"] == "assistant" and isinstance(content, str):
            content = answer_only(content)
        msg: ChatMessage = {"role": m["role"], "content": content}
        for key in TOOL_KEYS:  # an earlier reply's tool calls and results (core/tools/calls.replayed_calls)
            if m.get(key):
                msg[key] = m[key]
        if m.get("images"):
            msg["images"] = [str(p) for p in m["images"]]  # type: ignore[union-attr]
        msgs.append(msg)
    return msgs


def count_images(messages: Sequence[ChatMessage]) -> int:
    return sum(len(m.get("images") or ()) for m in messages)  # type: ignore[arg-type]


def without_images(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """The same messages with their images left out (for a model that cannot see)."""
    return [{k: v for k, v in m.items() if k != "images"} for m in messages]


def vision_required_message(model_name: str) -> str:
    """The sentence shown when images meet a model without Capability.VISION."""
    return phrase("{name} cannot see images. Load a vision model — a GGUF with its mmproj projector, or a PyTorch "
                  "vision-language model — to send images.", name=model_name)


@dataclass
class StagedImage:
    """An image checked and copied into the attachments folder, with a small thumbnail (PIL RGB)."""

    source_name: str
    stored: Path
    size: tuple[int, int]
    thumbnail: Any


def stage_image(
    source: str | os.PathLike[str] | None, store: AttachmentStore, *, data: bytes | None = None,
    name: str = "", thumb_side: int = THUMBNAIL_SIDE,
) -> StagedImage:
    """Check that an image file (or pasted PNG `data`) decodes, copy it into `store` and make its thumbnail.

    Slow (a full decode): run it off the GUI thread. Raises ImageFileError with a sentence for an unusable image,
    and StorageError when it cannot be copied."""
    if data is not None:
        stored = store.add_bytes(data, ".png")
        image = open_image(stored)
        label = name or "Pasted image"
    else:
        path = Path(source)  # type: ignore[arg-type]
        image = open_image(path)  # decodes every pixel: a truncated file fails here, not in the model
        stored = store.add_file(path)
        label = name or path.name
    size = image.size
    image.thumbnail((thumb_side, thumb_side))
    return StagedImage(label, stored, size, image)


def fit_history(
    messages: Sequence[ChatMessage], count_tokens: Callable[[Sequence[ChatMessage]], int], n_ctx: int, reserve: int
) -> tuple[list[ChatMessage], int]:
    """Drop the oldest turns (never the system prompt, never the newest message) until prompt + reserve fits.

    Returns the messages to send and how many were dropped. Raises ContextOverflowError when even the system
    prompt and the newest message alone are too long.
    """
    msgs = list(messages)
    system = [m for m in msgs[:1] if m["role"] == "system"]
    rest = msgs[len(system) :]
    dropped = 0
    limit = max(n_ctx - reserve, 1)
    while count_tokens(system + rest) > limit:
        if len(rest) <= 1:
            needed = count_tokens(system + rest)
            raise ContextOverflowError(
                phrase("This message is {needed} tokens, but the model's context holds {n_ctx} (with {reserve} kept for the reply). Shorten it or raise the context length.", needed=f"{needed:,}", n_ctx=f"{n_ctx:,}", reserve=f"{reserve:,}")
            )
        # Drop a whole user+assistant exchange where possible, so the history never starts with a reply.
        step = 2 if len(rest) > 2 and rest[0]["role"] == "user" and rest[1]["role"] == "assistant" else 1
        rest = rest[step:]
        dropped += step
    return system + rest, dropped


@dataclass
class ChatResult:
    text: str  # the answer
    finish_reason: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    dropped_turns: int = 0
    first_token_s: float = 0.0
    elapsed_s: float = 0.0
    threads: int = 0  # llama.cpp's decode threads at the end of the reply (they follow the machine's load)
    reasoning: str = ""  # a reasoning model's thinking (core/tasks/reasoning.py), apart from the answer
    thinking_s: float = 0.0  # from the first thought to the first word of the answer ("Thought for 12 s")

    @property
    def tokens_per_s(self) -> float:
        gen_time = self.elapsed_s - self.first_token_s
        return (self.completion_tokens - 1) / gen_time if self.completion_tokens > 1 and gen_time > 0 else 0.0


def reply_reserve(n_ctx: int, max_tokens: int) -> int:
    """Room kept for the reply when fitting history: the max tokens, but never more than half the context."""
    return min(max_tokens if max_tokens > 0 else n_ctx // 4, n_ctx // 2)


def stream_chat_turn(
    backend: Backend, messages: Sequence[ChatMessage], params: GenerationParams, cancel: threading.Event
) -> Iterator[Chunk]:
    """One assistant turn: fit the history into the context, then stream. The first chunk reports dropped turns."""
    n_ctx = backend.n_ctx
    thinking = structured_thinking(params)
    # The template's tools section: its definitions plus the template's own words about them.
    overhead = backend.count_tokens(params.tools) + backend.count_tokens(TOOLS_PREAMBLE) if params.tools else 0

    def count(msgs: Sequence[ChatMessage]) -> int:
        n = backend.count_chat_tokens(msgs, thinking) if thinking != "auto" else backend.count_chat_tokens(msgs)
        return n + overhead

    fitted, dropped = fit_history(messages, count, n_ctx, reply_reserve(n_ctx, params.max_tokens))
    if dropped:
        yield Chunk(dropped_turns=dropped)
    yield from backend.chat_stream(fitted, params, cancel)


def collect(chunks: Iterator[Chunk], on_chunk: Callable[[Chunk], None] | None = None) -> ChatResult:
    """Drain a chunk stream into a ChatResult, timing the first token; used by the CLI, jobs and benchmarks."""
    start = time.perf_counter()
    parts: list[str] = []
    thoughts: list[str] = []
    thinking_from = 0.0
    ended = 0.0
    result = ChatResult(text="", finish_reason="stop")
    try:
        for chunk in chunks:
            if chunk.dropped_turns:
                result.dropped_turns = chunk.dropped_turns
            if chunk.reasoning:
                if not thoughts:
                    thinking_from = time.perf_counter()
                    if not parts:
                        result.first_token_s = thinking_from - start
                thoughts.append(chunk.reasoning)
            if chunk.text:
                if not parts:
                    if not thoughts:
                        result.first_token_s = time.perf_counter() - start
                    else:
                        result.thinking_s = time.perf_counter() - thinking_from
                parts.append(chunk.text)
            if on_chunk:
                on_chunk(chunk)
            result.prompt_tokens = chunk.prompt_tokens or result.prompt_tokens
            result.completion_tokens = chunk.completion_tokens or result.completion_tokens
            if chunk.finish_reason:
                result.finish_reason = chunk.finish_reason
                ended = time.perf_counter()  # the reply ends here; a backend may go on preparing the next turn
            result.threads = chunk.threads or result.threads
    except Cancelled:  # the engine ignored Stop and was restarted, or the model was unloaded: kept, as stopped
        result.finish_reason = "cancelled"
    result.elapsed_s = (ended or time.perf_counter()) - start
    if thoughts and not parts:  # it never got past thinking (stopped, or cut off by max tokens)
        result.thinking_s = time.perf_counter() - thinking_from
    result.text = "".join(parts)
    thought = "".join(thoughts)
    result.reasoning = thought if thought.strip() else ""  # an empty thinking block ("<think>\n\n</think>") is none
    return result
