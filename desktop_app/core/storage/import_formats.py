"""Import conversations: our own JSON export (losslessly), LM Studio, Open WebUI and ChatGPT exports, and
ShareGPT / OpenAI-messages JSONL.

What each peer writes (their published export formats; sample files in tests/data/imports/):
- LM Studio: one conversation per `.conversation.json`: `name`, `createdAt` (ms), optional `systemPrompt` or a
  `perChatPredictionConfig` field `llm.prediction.systemPrompt`, `lastUsedModel.identifier`, and `messages`, each
  with `versions` (regenerations) and `currentlySelected`. A version has `role` and either `content` (a list of
  `{"type": "text", "text"}` parts: "singleStep") or `steps` whose `contentBlock`s hold the parts and `genInfo.stats`
  (token counts, tokens per second: "multiStep"). Every version is imported; the selected one is shown.
- Open WebUI: Settings → Chats → Export: a list of chats, each `{"title", "created_at" (s), "chat": {"models",
  "params": {"system"}, "history": {"messages": {id: {"parentId", "role", "content", "timestamp", "files"}},
  "currentId"}, "messages": [...]}}`. The whole tree is imported; the branch that ends at `currentId`, followed
  back to its root, is shown (the `chat.messages` list when there is no history). Images sent as data URLs come
  along.
- ChatGPT: `conversations.json` from the data export: a list of `{"title", "create_time", "update_time",
  "mapping": {id: {"message", "parent", "children"}}, "current_node"}`. The tree is imported; `current_node`
  followed back through `parent` to the root is the branch shown, the one the user last saw. Tool calls, hidden
  system messages and non-text parts are left out (images in a ChatGPT export are files we do not have: counted in
  `left_out`).
- Our JSON (export.py; versions 1 and 2, with every version of every turn) and JSONL in ShareGPT or OpenAI-messages
  rows.

The peers' parsers are in import_peers.py (which turns their trees and versions into ours). A file in none of these
shapes, or broken JSON, raises StorageError with one sentence naming the file. Plain Python.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.errors import Cancelled, StorageError
from desktop_app.core.messages import phrase
from desktop_app.core.storage.database import COMPLETE, Database
from desktop_app.core.storage.export import FORMAT, FORMAT_VERSION
from desktop_app.core.storage.import_peers import chatgpt, lm_studio, open_webui
from desktop_app.core.storage.import_types import (
    ROLES,
    ImportedConversation,
    ImportedImage,
    ImportedMessage,
    ImportResult,
    Invalid,
    number,
    title_for,
    with_system,
)
from desktop_app.core.storage.tool_calls import clean_records, save_imported_tool_calls

MAX_FILE_BYTES = 2 * 2**30


# -- our JSON -------------------------------------------------------------------------------------------------------
def _ours(doc: dict[str, Any]) -> ImportResult:
    if not isinstance(doc.get("version"), int) or doc["version"] > FORMAT_VERSION:
        raise Invalid(phrase("it was exported by a newer version of the app"))
    convs = []
    for i, c in enumerate(doc.get("conversations") or []):
        if not isinstance(c, dict) or not isinstance(c.get("messages"), list):
            raise Invalid(phrase("conversation {conversation} has no message list", conversation=i + 1))
        messages = []
        for j, m in enumerate(c["messages"]):
            if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
                raise Invalid(phrase("message {message} of conversation {conversation} has no role or text", message=j + 1, conversation=i + 1))
            images = []
            for img in m.get("images") or []:
                if isinstance(img, dict) and isinstance(img.get("data"), str):
                    try:
                        data = base64.b64decode(img["data"], validate=True)
                    except (binascii.Error, ValueError) as exc:
                        raise Invalid(phrase("an image of message {message} in conversation {conversation} is damaged", message=j + 1, conversation=i + 1)) from exc
                    images.append(ImportedImage(data, Path(str(img.get("file", "x.png"))).suffix or ".png"))
            parent = m.get("parent", -1) if doc["version"] >= 2 else -1
            if parent is not None and parent != -1 and not (isinstance(parent, int) and 0 <= parent < j):
                raise Invalid(phrase("message {message} of conversation {conversation} follows a message that is not before it", message=j + 1, conversation=i + 1))
            messages.append(ImportedMessage(
                m["role"], m["content"], str(m.get("status") or COMPLETE), int(number(m.get("prompt_tokens"))),
                int(number(m.get("completion_tokens"))), number(m.get("tokens_per_s")), number(m.get("created_at")), images,
                parent, m.get("active", True) is not False,
                m["reasoning"] if isinstance(m.get("reasoning"), str) else "", number(m.get("thinking_s")),
                clean_records(m.get("tool_calls")),
            ))
        settings = c.get("settings") if isinstance(c.get("settings"), dict) else {}
        title = c["title"] if isinstance(c.get("title"), str) and c["title"] else title_for(None, messages)
        convs.append(ImportedConversation(
            title, messages, number(c.get("created_at")), number(c.get("updated_at")),
            settings, str(c.get("model_path") or ""),
        ))
    return ImportResult("Desktop App", convs)


# -- JSONL ----------------------------------------------------------------------------------------------------------
SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "system": "system",
                  "bot": "assistant", "model": "assistant"}


def _jsonl(lines: list[tuple[int, str]]) -> ImportResult:
    convs, source = [], ""
    for n, line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise Invalid(phrase("line {n} is not valid JSON (column {column})", n=n, column=exc.colno)) from exc
        if isinstance(row, dict) and isinstance(row.get("messages"), list):
            messages, source = openai_messages(row["messages"]), "OpenAI"
        elif isinstance(row, dict) and isinstance(row.get("conversations"), list):
            turns = [(SHAREGPT_ROLES.get(str(t.get("from"))), t.get("value")) for t in row["conversations"]
                     if isinstance(t, dict)]
            source = "ShareGPT"
            messages = [ImportedMessage(r, c) for r, c in turns if r in ROLES and isinstance(c, str)]
        else:
            raise Invalid(phrase("line {n} has neither messages nor conversations", n=n))
        if not messages:
            raise Invalid(phrase("line {n} has no messages", n=n))
        settings: dict[str, Any] = {}
        messages = with_system(messages, settings)
        convs.append(ImportedConversation(title_for(None, messages), messages, settings=settings))
    return ImportResult(source or "JSONL", convs)


def openai_messages(rows: list[Any]) -> list[ImportedMessage]:
    """OpenAI chat messages; an assistant turn's `tool_calls` and the `tool` messages answering them become the
    calls of the assistant reply that follows (as the app stores a reply's calls), or of an empty reply at the end."""
    messages: list[ImportedMessage] = []
    pending: dict[str, dict[str, Any]] = {}
    for t in rows:
        if not isinstance(t, dict):
            continue
        role, content = t.get("role"), t.get("content")
        if role == "assistant" and isinstance(t.get("tool_calls"), list) and t["tool_calls"]:
            for call in t["tool_calls"]:
                function = call.get("function") if isinstance(call, dict) else None
                if isinstance(function, dict) and isinstance(function.get("name"), str):
                    call_id = str(call.get("id") or f"call_{len(pending)}")
                    pending[call_id] = {"id": call_id, "name": function["name"],
                                        "arguments": _arguments(function.get("arguments")), "server": "",
                                        "decision": "", "result": "", "error": False, "note": ""}
        elif role == "tool" and pending:
            key = str(t.get("tool_call_id") or "")
            record = pending.get(key) or next((r for r in pending.values() if not r["result"]), None)
            if record is not None:
                record["result"] = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        elif role in ROLES and isinstance(content, str):
            message = ImportedMessage(role, content)
            if role == "assistant" and pending:
                message.tool_calls, pending = list(pending.values()), {}
            messages.append(message)
    if pending:
        messages.append(ImportedMessage("assistant", "", tool_calls=list(pending.values())))
    return messages


def _arguments(raw: Any) -> dict[str, Any]:
    """OpenAI sends arguments as a JSON string; some writers as an object."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            return {}
    return raw if isinstance(raw, dict) else {}


# -- entry points ---------------------------------------------------------------------------------------------------
def _shape(doc: Any) -> Callable[[], ImportResult] | None:
    if isinstance(doc, dict) and doc.get("format") == FORMAT:
        return lambda: _ours(doc)
    if isinstance(doc, dict) and isinstance(doc.get("messages"), list) and all(
        isinstance(m, dict) and "versions" in m for m in doc["messages"]
    ):
        return lambda: lm_studio(doc)
    items = doc if isinstance(doc, list) else [doc] if isinstance(doc, dict) else None
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    if all("mapping" in i for i in items):
        return lambda: chatgpt(items)
    if all(isinstance(i.get("chat"), dict) or "history" in i for i in items):
        return lambda: open_webui(items)
    return None


UNKNOWN = ("{name} is not a conversation export this app can read (it reads its own JSON export, LM Studio, "
           "Open WebUI and ChatGPT exports, and ShareGPT or OpenAI JSONL).")


def read_export(path: str | Path) -> ImportResult:
    """Read the conversations in an export file. Raises StorageError with one sentence for anything else."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise StorageError(phrase("{name} is too large to import (over 2 GB).", name=p.name))
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise StorageError(phrase("Cannot read {name}: {error}", name=p.name, error=exc.strerror or exc)) from exc
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
                    phrase("{name} is not valid JSON (line {lineno}, column {colno}: {error}).", name=p.name, lineno=exc.lineno, colno=exc.colno, error=exc.msg)
                ) from exc
            parse = _shape(doc)
            if parse is None:
                raise StorageError(UNKNOWN.format(name=p.name))
            result = parse()
    except Invalid as exc:
        raise StorageError(phrase("{name} cannot be imported: {error}.", name=p.name, error=exc)) from exc
    except (AttributeError, TypeError, KeyError) as exc:  # a known shape with a field of the wrong type
        raise StorageError(phrase("{name} cannot be imported: a field has an unexpected type ({error}).", name=p.name, error=exc)) from exc
    if not result.conversations:
        raise StorageError(phrase("{name} holds no conversations.", name=p.name))
    return result


def import_conversations(db: Database, result: ImportResult, on_progress: Callable[[int, int], None] | None = None,
                         cancel: threading.Event | None = None) -> list[int]:
    """Store the conversations of `result` (each in one transaction; images into the attachments folder); returns
    the new ids. A cancel stops between conversations: the ones stored so far stay."""
    ids = []
    total = len(result.conversations)
    for i, conv in enumerate(result.conversations):
        if cancel is not None and cancel.is_set():
            raise Cancelled(phrase("Import cancelled."))
        messages = []
        for m in conv.messages:
            entry: dict[str, Any] = {
                "role": m.role, "content": m.content, "status": m.status, "prompt_tokens": m.prompt_tokens,
                "completion_tokens": m.completion_tokens, "tokens_per_s": m.tokens_per_s, "created_at": m.created_at,
                "images": [db.attachments.add_bytes(img.data, img.suffix) for img in m.images], "active": m.active,
                "reasoning": m.reasoning, "thinking_s": m.thinking_s,
            }
            if m.parent != -1:
                entry["parent"] = m.parent
            messages.append(entry)
        ids.append(db.insert_conversation(
            conv.title, messages, created_at=conv.created_at or None, updated_at=conv.updated_at or None,
            settings=conv.settings, model_path=conv.model_path,
        ))
        if any(m.tool_calls for m in conv.messages):
            save_imported_tool_calls(db, ids[-1], [m.tool_calls for m in conv.messages])
        if on_progress:
            on_progress(i + 1, total)
    return ids
