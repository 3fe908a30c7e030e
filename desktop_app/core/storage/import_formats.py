"""Import conversations: our own JSON export (losslessly), LM Studio, Open WebUI and ChatGPT exports, and
ShareGPT / OpenAI-messages JSONL.

What each peer writes (their published export formats; sample files in tests/data/imports/):
- LM Studio: one conversation per `.conversation.json`: `name`, `createdAt` (ms), optional `systemPrompt` or a
  `perChatPredictionConfig` field `llm.prediction.systemPrompt`, `lastUsedModel.identifier`, and `messages`, each
  with `versions` (regenerations) and `currentlySelected`. A version has `role` and either `content` (a list of
  `{"type": "text", "text"}` parts: "singleStep") or `steps` whose `contentBlock`s hold the parts and `genInfo.stats`
  (token counts, tokens per second: "multiStep"). The selected version of each message is imported.
- Open WebUI: Settings → Chats → Export: a list of chats, each `{"title", "created_at" (s), "chat": {"models",
  "params": {"system"}, "history": {"messages": {id: {"parentId", "role", "content", "timestamp", "files"}},
  "currentId"}, "messages": [...]}}`. The branch that ends at `currentId` is followed back to its root (the
  `chat.messages` list when there is no history). Images attached as data URLs are imported.
- ChatGPT: `conversations.json` from the data export: a list of `{"title", "create_time", "update_time",
  "mapping": {id: {"message", "parent", "children"}}, "current_node"}`. `current_node` is followed back through
  `parent` to the root, so the conversation is the branch the user last saw. Tool calls, hidden system messages
  and non-text parts are left out (images in a ChatGPT export are files we do not have: counted in `left_out`).
- Our JSON (export.py; versions 1 and 2, with every version of every turn) and JSONL in ShareGPT or OpenAI-messages
  rows.

A file in none of these shapes, or broken JSON, raises StorageError with one sentence naming the file. Plain Python.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.errors import Cancelled, StorageError
from desktop_app.core.storage.database import COMPLETE, Database
from desktop_app.core.storage.export import FORMAT, FORMAT_VERSION

ROLES = ("user", "assistant", "system")
MAX_FILE_BYTES = 2 * 2**30


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


class _Invalid(Exception):
    """A file in a known shape with a bad part; becomes one StorageError sentence."""


def _num(value: Any, default: float = 0.0) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _title(value: Any, messages: list[ImportedMessage]) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    first = next((m.content for m in messages if m.role == "user" and m.content.strip()), "")
    return " ".join(first.split())[:48] or "Imported conversation"


def _with_system(messages: list[ImportedMessage], settings: dict[str, Any]) -> list[ImportedMessage]:
    """System messages become the conversation's system prompt (as our own conversations keep it)."""
    system = [m.content for m in messages if m.role == "system" and m.content.strip()]
    if system and not settings.get("system_prompt"):
        settings["system_prompt"] = "\n\n".join(system)
    return [m for m in messages if m.role != "system"]


# -- our JSON -------------------------------------------------------------------------------------------------------
def _ours(doc: dict[str, Any]) -> ImportResult:
    if not isinstance(doc.get("version"), int) or doc["version"] > FORMAT_VERSION:
        raise _Invalid("it was exported by a newer version of the app")
    convs = []
    for i, c in enumerate(doc.get("conversations") or []):
        if not isinstance(c, dict) or not isinstance(c.get("messages"), list):
            raise _Invalid(f"conversation {i + 1} has no message list")
        messages = []
        for j, m in enumerate(c["messages"]):
            if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
                raise _Invalid(f"message {j + 1} of conversation {i + 1} has no role or text")
            images = []
            for img in m.get("images") or []:
                if isinstance(img, dict) and isinstance(img.get("data"), str):
                    try:
                        data = base64.b64decode(img["data"], validate=True)
                    except (binascii.Error, ValueError) as exc:
                        raise _Invalid(f"an image of message {j + 1} in conversation {i + 1} is damaged") from exc
                    images.append(ImportedImage(data, Path(str(img.get("file", "x.png"))).suffix or ".png"))
            parent = m.get("parent", -1) if doc["version"] >= 2 else -1
            if parent is not None and parent != -1 and not (isinstance(parent, int) and 0 <= parent < j):
                raise _Invalid(f"message {j + 1} of conversation {i + 1} follows a message that is not before it")
            messages.append(ImportedMessage(
                m["role"], m["content"], str(m.get("status") or COMPLETE), int(_num(m.get("prompt_tokens"))),
                int(_num(m.get("completion_tokens"))), _num(m.get("tokens_per_s")), _num(m.get("created_at")), images,
                parent, m.get("active", True) is not False,
            ))
        settings = c.get("settings") if isinstance(c.get("settings"), dict) else {}
        title = c["title"] if isinstance(c.get("title"), str) and c["title"] else _title(None, messages)
        convs.append(ImportedConversation(
            title, messages, _num(c.get("created_at")), _num(c.get("updated_at")),
            settings, str(c.get("model_path") or ""),
        ))
    return ImportResult("Desktop App", convs)


# -- LM Studio ------------------------------------------------------------------------------------------------------
def _lm_text(parts: Any) -> tuple[str, int]:
    if isinstance(parts, str):
        return parts, 0
    texts, other = [], 0
    for p in parts or []:
        if isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str):
            texts.append(p["text"])
        else:
            other += 1  # files and images LM Studio keeps in its own folder
    return "\n".join(texts), other


def _lm_studio(doc: dict[str, Any]) -> ImportResult:
    messages: list[ImportedMessage] = []
    left_out = 0
    created = _num(doc.get("createdAt")) / 1000
    for i, entry in enumerate(doc["messages"]):
        versions = entry.get("versions") if isinstance(entry, dict) else None
        if not isinstance(versions, list) or not versions:
            raise _Invalid(f"message {i + 1} has no versions")
        chosen = entry.get("currentlySelected", 0)
        v = versions[chosen] if isinstance(chosen, int) and 0 <= chosen < len(versions) else versions[-1]
        if not isinstance(v, dict) or v.get("role") not in ROLES:
            raise _Invalid(f"message {i + 1} has no role")
        msg = ImportedMessage(v["role"], "", created_at=created)
        if isinstance(v.get("steps"), list):
            texts = []
            for step in v["steps"]:
                if isinstance(step, dict) and step.get("type") == "contentBlock":
                    text, other = _lm_text(step.get("content"))
                    texts.append(text)
                    left_out += other
                    stats = (step.get("genInfo") or {}).get("stats") or {}
                    msg.prompt_tokens = int(_num(stats.get("promptTokensCount"), msg.prompt_tokens))
                    msg.completion_tokens += int(_num(stats.get("predictedTokensCount")))
                    msg.tokens_per_s = _num(stats.get("tokensPerSecond"), msg.tokens_per_s)
            msg.content = "\n\n".join(t for t in texts if t)
        else:
            msg.content, other = _lm_text(v.get("content"))
            left_out += other
        messages.append(msg)
    settings: dict[str, Any] = {}
    prompt = doc.get("systemPrompt")
    for f in ((doc.get("perChatPredictionConfig") or {}).get("fields") or []):
        if isinstance(f, dict) and f.get("key") == "llm.prediction.systemPrompt" and isinstance(f.get("value"), str):
            prompt = f["value"]
    if isinstance(prompt, str) and prompt.strip():
        settings["system_prompt"] = prompt
    messages = _with_system(messages, settings)
    model = (doc.get("lastUsedModel") or {}).get("identifier") if isinstance(doc.get("lastUsedModel"), dict) else ""
    conv = ImportedConversation(_title(doc.get("name"), messages), messages, created, created, settings,
                                str(model or ""))
    return ImportResult("LM Studio", [conv], left_out)


# -- Open WebUI -----------------------------------------------------------------------------------------------------
def _data_url_image(url: Any) -> ImportedImage | None:
    if not isinstance(url, str) or not url.startswith("data:image/") or ";base64," not in url:
        return None
    head, payload = url.split(";base64,", 1)
    try:
        return ImportedImage(base64.b64decode(payload, validate=True), "." + head[len("data:image/"):].split("+")[0])
    except (binascii.Error, ValueError):
        return None


def _webui_branch(chat: dict[str, Any]) -> list[dict[str, Any]]:
    history = chat.get("history")
    if isinstance(history, dict) and isinstance(history.get("messages"), dict) and history.get("currentId"):
        nodes, branch, seen = history["messages"], [], set()
        node_id = history["currentId"]
        while node_id is not None and node_id in nodes and node_id not in seen:
            seen.add(node_id)
            branch.append(nodes[node_id])
            node_id = nodes[node_id].get("parentId")
        return list(reversed(branch))
    if isinstance(chat.get("messages"), list):
        return chat["messages"]
    raise _Invalid("a chat has neither a history nor a message list")


def _open_webui(items: list[Any]) -> ImportResult:
    convs, left_out = [], 0
    for item in items:
        chat = item.get("chat", item)
        messages = []
        for m in _webui_branch(chat):
            if not isinstance(m, dict) or m.get("role") not in ROLES:
                continue
            images = []
            for f in m.get("files") or []:
                image = _data_url_image(f.get("url")) if isinstance(f, dict) else None
                if image is not None:
                    images.append(image)
                else:
                    left_out += 1
            usage = m.get("usage") if isinstance(m.get("usage"), dict) else (m.get("info") or {})
            messages.append(ImportedMessage(
                m["role"], str(m.get("content") or ""), prompt_tokens=int(_num(usage.get("prompt_tokens"))),
                completion_tokens=int(_num(usage.get("completion_tokens"))), created_at=_num(m.get("timestamp")),
                images=images,
            ))
        settings: dict[str, Any] = {}
        params = chat.get("params") if isinstance(chat.get("params"), dict) else {}
        if isinstance(params.get("system"), str) and params["system"].strip():
            settings["system_prompt"] = params["system"]
        messages = _with_system(messages, settings)
        models = chat.get("models") if isinstance(chat.get("models"), list) else []
        created = _num(item.get("created_at")) or _num(chat.get("timestamp")) / 1000
        convs.append(ImportedConversation(
            _title(item.get("title") or chat.get("title"), messages), messages, created,
            _num(item.get("updated_at")) or created, settings, str(models[0]) if models else "",
        ))
    return ImportResult("Open WebUI", convs, left_out)


# -- ChatGPT --------------------------------------------------------------------------------------------------------
def _chatgpt_text(message: dict[str, Any]) -> tuple[str | None, int]:
    content = message.get("content") or {}
    kind = content.get("content_type")
    if kind in ("text", "multimodal_text"):
        texts = [p for p in content.get("parts") or [] if isinstance(p, str)]
        return "\n".join(texts), sum(1 for p in content.get("parts") or [] if not isinstance(p, str))
    if kind == "code" and isinstance(content.get("text"), str):
        return f"```\n{content['text']}\n```", 0
    return None, 0  # thoughts, browsing displays, tool output: not part of the conversation as read


def _chatgpt(items: list[Any]) -> ImportResult:
    convs, left_out = [], 0
    for i, item in enumerate(items):
        mapping = item.get("mapping")
        if not isinstance(mapping, dict):
            raise _Invalid(f"conversation {i + 1} has no mapping")
        node_id = item.get("current_node")
        if node_id not in mapping:  # no current node: the newest leaf
            leaves = [k for k, n in mapping.items() if isinstance(n, dict) and not n.get("children")]
            node_id = leaves[-1] if leaves else None
        branch, seen = [], set()
        while node_id is not None and node_id in mapping and node_id not in seen:
            seen.add(node_id)
            branch.append(mapping[node_id])
            node_id = mapping[node_id].get("parent")
        messages: list[ImportedMessage] = []
        model = ""
        for node in reversed(branch):
            msg = node.get("message") if isinstance(node, dict) else None
            if not isinstance(msg, dict):
                continue
            role = (msg.get("author") or {}).get("role")
            meta = msg.get("metadata") or {}
            if role not in ROLES or msg.get("recipient", "all") != "all" or meta.get("is_visually_hidden_from_conversation"):
                left_out += role == "tool"
                continue
            text, other = _chatgpt_text(msg)
            left_out += other
            if text is None or (not text.strip() and role != "user"):
                continue
            model = meta.get("model_slug") or model
            if messages and messages[-1].role == role == "assistant":
                messages[-1].content += "\n\n" + text  # one reply split over several nodes
                continue
            messages.append(ImportedMessage(role, text, created_at=_num(msg.get("create_time"))))
        settings: dict[str, Any] = {}
        messages = _with_system(messages, settings)
        created = _num(item.get("create_time"))
        convs.append(ImportedConversation(_title(item.get("title"), messages), messages, created,
                                          _num(item.get("update_time")) or created, settings, str(model)))
    return ImportResult("ChatGPT", convs, left_out)


# -- JSONL ----------------------------------------------------------------------------------------------------------
SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "system": "system",
                  "bot": "assistant", "model": "assistant"}


def _jsonl(lines: list[tuple[int, str]]) -> ImportResult:
    convs, source = [], ""
    for n, line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _Invalid(f"line {n} is not valid JSON ({exc.msg})") from exc
        if isinstance(row, dict) and isinstance(row.get("messages"), list):
            turns, source = [(t.get("role"), t.get("content")) for t in row["messages"] if isinstance(t, dict)], "OpenAI"
        elif isinstance(row, dict) and isinstance(row.get("conversations"), list):
            turns = [(SHAREGPT_ROLES.get(str(t.get("from"))), t.get("value")) for t in row["conversations"]
                     if isinstance(t, dict)]
            source = "ShareGPT"
        else:
            raise _Invalid(f"line {n} has neither messages nor conversations")
        messages = [ImportedMessage(r, c) for r, c in turns if r in ROLES and isinstance(c, str)]
        if not messages:
            raise _Invalid(f"line {n} has no messages")
        settings: dict[str, Any] = {}
        messages = _with_system(messages, settings)
        convs.append(ImportedConversation(_title(None, messages), messages, settings=settings))
    return ImportResult(source or "JSONL", convs)


# -- entry points ---------------------------------------------------------------------------------------------------
def _shape(doc: Any) -> Callable[[], ImportResult] | None:
    if isinstance(doc, dict) and doc.get("format") == FORMAT:
        return lambda: _ours(doc)
    if isinstance(doc, dict) and isinstance(doc.get("messages"), list) and all(
        isinstance(m, dict) and "versions" in m for m in doc["messages"]
    ):
        return lambda: _lm_studio(doc)
    items = doc if isinstance(doc, list) else [doc] if isinstance(doc, dict) else None
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    if all("mapping" in i for i in items):
        return lambda: _chatgpt(items)
    if all(isinstance(i.get("chat"), dict) or "history" in i for i in items):
        return lambda: _open_webui(items)
    return None


UNKNOWN = ("{name} is not a conversation export this app can read (it reads its own JSON export, LM Studio, "
           "Open WebUI and ChatGPT exports, and ShareGPT or OpenAI JSONL).")


def read_export(path: str | Path) -> ImportResult:
    """Read the conversations in an export file. Raises StorageError with one sentence for anything else."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise StorageError(f"{p.name} is too large to import (over 2 GB).")
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise StorageError(f"Cannot read {p.name}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise StorageError(UNKNOWN.format(name=p.name)) from exc
    try:
        if p.suffix.lower() == ".jsonl":
            result = _jsonl([(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()])
        else:
            try:
                doc = json.loads(text)
            except json.JSONDecodeError as exc:
                raise StorageError(
                    f"{p.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
                ) from exc
            parse = _shape(doc)
            if parse is None:
                raise StorageError(UNKNOWN.format(name=p.name))
            result = parse()
    except _Invalid as exc:
        raise StorageError(f"{p.name} cannot be imported: {exc}.") from exc
    except (AttributeError, TypeError, KeyError) as exc:  # a known shape with a field of the wrong type
        raise StorageError(f"{p.name} cannot be imported: a field has an unexpected type ({exc}).") from exc
    if not result.conversations:
        raise StorageError(f"{p.name} holds no conversations.")
    return result


def import_conversations(db: Database, result: ImportResult, on_progress: Callable[[int, int], None] | None = None,
                         cancel: threading.Event | None = None) -> list[int]:
    """Store the conversations of `result` (each in one transaction; images into the attachments folder); returns
    the new ids. A cancel stops between conversations: the ones stored so far stay."""
    ids = []
    total = len(result.conversations)
    for i, conv in enumerate(result.conversations):
        if cancel is not None and cancel.is_set():
            raise Cancelled("Import cancelled.")
        messages = []
        for m in conv.messages:
            entry: dict[str, Any] = {
                "role": m.role, "content": m.content, "status": m.status, "prompt_tokens": m.prompt_tokens,
                "completion_tokens": m.completion_tokens, "tokens_per_s": m.tokens_per_s, "created_at": m.created_at,
                "images": [db.attachments.add_bytes(img.data, img.suffix) for img in m.images], "active": m.active,
            }
            if m.parent != -1:
                entry["parent"] = m.parent
            messages.append(entry)
        ids.append(db.insert_conversation(
            conv.title, messages, created_at=conv.created_at or None, updated_at=conv.updated_at or None,
            settings=conv.settings, model_path=conv.model_path,
        ))
        if on_progress:
            on_progress(i + 1, total)
    return ids
