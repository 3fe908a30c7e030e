"""Export conversations: Markdown (to read), JSON (complete, to import back) and JSONL (to train on).

- Markdown: one file; each conversation a `#` section with its model and system prompt, each message of the branch
  shown a `###` heading with its time (and "version 2 of 3" where there are several), and its numbers (tokens, speed, stopped) in a small line. Images are copied into a
  folder beside the file (`NAME_files/`) and linked relatively, so the folder travels as a whole.
- JSON (FORMAT, FORMAT_VERSION): everything we store about a conversation: title, times, settings (system prompt,
  sampling, context), model path, and every message of every version with its role, text, status, token counts,
  speed, time and images embedded as base64; `parent` (the index of the message it follows, null for a first one)
  and `active` (whether it is the version shown) keep the tree. `import_formats.read_export` reads it back losslessly: export → import → export gives
  the same file apart from `exported_at` (the only field that changes; there are no database ids or attachment
  paths in it: an image is named by its content hash, which an import keeps). A reply that called tools carries
  `tool_calls`: its stored records (name, arguments, server, decision, result); Markdown shows each call as a line
  and code blocks above the reply, OpenAI JSONL as an assistant turn with `tool_calls` and `tool` messages.
- JSONL: one conversation a line, as ShareGPT (`{"conversations": [{"from": "human", "value": ...}]}`) or OpenAI
  messages (`{"messages": [{"role": "user", "content": ...}]}`), the chat formats the Fine-tune wizard reads
  (core/finetune/datasets.py). Only finished turns go in (a stopped, interrupted or failed reply is no training
  target), consecutive turns of one role are joined, and a conversation without an answer is left out.

Every writer goes to a temporary file and renames it at the end, so a cancelled or failed export leaves nothing
half-written. Plain Python; the worker thread that runs an export gives it its own database connection.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop_app import __version__
from desktop_app.core.errors import Cancelled, StorageError
from desktop_app.core.messages import phrase
from desktop_app.core.storage.database import COMPLETE, Conversation, Database, Message
from desktop_app.core.storage.tool_calls import tool_calls_of
from desktop_app.core.tools.calls import ToolCall

FORMAT = "desktop_app.conversations"
FORMAT_VERSION = 2  # 2: messages carry "parent" and "active" (versions, schema 5); 1 was a plain list
MARKDOWN, JSON, SHAREGPT, OPENAI = "markdown", "json", "sharegpt", "openai"
FORMATS = (MARKDOWN, JSON, SHAREGPT, OPENAI)
SUFFIXES = {MARKDOWN: ".md", JSON: ".json", SHAREGPT: ".jsonl", OPENAI: ".jsonl"}
Progress = Callable[[int, int], None]
# OpenAI messages with the text turns only: what the Fine-tune wizard reads (core/finetune/datasets.py has no tool
# turns), for "Fine-tune on these"; not offered in the Export dialog (FORMATS).
TRAINING = "training"


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(phrase("Export cancelled."))


def _conversations(db: Database, ids: Sequence[int] | None) -> list[Conversation]:
    if ids is None:
        return list(reversed(db.conversations()))  # oldest first, as they happened
    found = [db.conversation(i) for i in ids]
    return [c for c in found if c is not None]


def _mime(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def conversation_record(db: Database, conv: Conversation) -> dict[str, Any]:
    """One conversation as our JSON format holds it (images embedded)."""
    messages = []
    tree = db.all_messages(conv.id)
    index = {m.id: i for i, (m, _active) in enumerate(tree)}
    for m, active in tree:
        images = []
        for image in m.images:
            p = Path(image)
            entry: dict[str, Any] = {"file": p.name, "mime": _mime(p)}
            try:
                entry["data"] = base64.b64encode(p.read_bytes()).decode("ascii")
            except OSError:
                entry["missing"] = True  # the file was deleted behind the app's back: say so, keep the rest
            images.append(entry)
        messages.append({
            "role": m.role, "content": m.content, "status": m.status, "prompt_tokens": m.prompt_tokens,
            "completion_tokens": m.completion_tokens, "tokens_per_s": m.tokens_per_s, "created_at": m.created_at,
            "images": images, "parent": index.get(m.parent_id) if m.parent_id is not None else None,
            "active": active, "reasoning": m.reasoning, "thinking_s": m.thinking_s,
        })
        calls = tool_calls_of(db, m.id) if m.role == "assistant" else []
        if calls:  # the reply's tool calls as stored (core/storage/tool_calls.py): name, arguments, decision, result
            messages[-1]["tool_calls"] = calls
    return {
        "title": conv.title, "created_at": conv.created_at, "updated_at": conv.updated_at, "settings": conv.settings,
        "model_path": conv.model_path, "messages": messages,
    }


def _write_atomically(dest: Path, write: Callable[[Any], None]) -> Path:
    tmp = dest.with_name(dest.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            write(fh)
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(phrase("Could not write {name}: {error}", name=dest.name, error=exc.strerror or exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def export_json(db: Database, ids: Sequence[int] | None, dest: str | Path, on_progress: Progress | None = None,
                cancel: threading.Event | None = None) -> int:
    convs = _conversations(db, ids)
    records = []
    for i, conv in enumerate(convs):
        _check(cancel)
        records.append(conversation_record(db, conv))
        if on_progress:
            on_progress(i + 1, len(convs))
    doc = {"format": FORMAT, "version": FORMAT_VERSION, "app_version": __version__, "exported_at": time.time(),
           "conversations": records}
    _write_atomically(Path(dest), lambda fh: json.dump(doc, fh, ensure_ascii=False, indent=1))
    return len(records)


def training_turns(conv: Conversation, messages: Sequence[Message],
                   calls_of: Callable[[int], list[dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
    """The conversation as chat turns fit to train on (see the module docstring); [] when it has no answer. With
    `calls_of` (OpenAI messages), a reply that called tools is preceded by its calls and their results."""
    turns: list[dict[str, Any]] = []
    system = str(conv.settings.get("system_prompt") or "").strip()
    if system:
        turns.append({"role": "system", "content": system})
    for m in messages:
        if m.status != COMPLETE or not m.content.strip() or m.role not in ("user", "assistant"):
            continue
        calls = calls_of(m.id) if calls_of is not None and m.role == "assistant" else []
        if calls:
            turns += openai_tool_turns(calls)
        if turns and turns[-1]["role"] == m.role and "tool_calls" not in turns[-1]:
            turns[-1]["content"] += "\n\n" + m.content
        else:
            turns.append({"role": m.role, "content": m.content})
    while turns and turns[-1]["role"] != "assistant":
        turns.pop()  # a question without an answer teaches nothing
    return turns if any(t["role"] == "assistant" for t in turns) else []


def openai_tool_turns(calls: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A reply's stored calls in OpenAI's messages shape: the assistant turn with `tool_calls` (arguments as a JSON
    string), then one `tool` message per result."""
    made = [ToolCall(str(c.get("name")), c["arguments"] if isinstance(c.get("arguments"), dict) else {},
                     str(c.get("id") or f"call_{i}")) for i, c in enumerate(calls)]
    return [{"role": "assistant", "content": "", "tool_calls": [c.to_openai() for c in made]},
            *({"role": "tool", "tool_call_id": c.id, "content": str(r.get("result") or "")}
              for c, r in zip(made, calls, strict=True))]


SHAREGPT_FROM = {"system": "system", "user": "human", "assistant": "gpt"}


def export_jsonl(db: Database, ids: Sequence[int] | None, dest: str | Path, style: str = SHAREGPT,
                 on_progress: Progress | None = None, cancel: threading.Event | None = None,
                 with_tools: bool = True) -> int:
    """ShareGPT or OpenAI-messages JSONL; returns how many conversations went in (those without an answer not).
    OpenAI messages carry the replies' tool calls unless `with_tools` is False (ShareGPT never does)."""
    convs = _conversations(db, ids)
    written = [0]

    def write(fh) -> None:
        for i, conv in enumerate(convs):
            _check(cancel)
            calls_of = (lambda mid: tool_calls_of(db, mid)) if style == OPENAI and with_tools else None
            turns = training_turns(conv, db.messages(conv.id), calls_of)
            if turns:
                if style == SHAREGPT:
                    row: dict[str, Any] = {"conversations": [
                        {"from": SHAREGPT_FROM[t["role"]], "value": t["content"]} for t in turns
                    ]}
                else:
                    row = {"messages": turns}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                written[0] += 1
            if on_progress:
                on_progress(i + 1, len(convs))

    _write_atomically(Path(dest), write)
    return written[0]


def _stamp(t: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) if t else ""


def _link(folder_name: str, file_name: str) -> str:
    return "<" + folder_name + "/" + file_name + ">"  # angle brackets: spaces and CJK in the folder name work


ROLE_TITLES = {"user": "User", "assistant": "Assistant", "system": "System"}


def _markdown_call(call: dict[str, Any]) -> list[str]:
    """One tool call, readable: the tool, what the user decided, the arguments and the result as code blocks."""
    decision = {"deny": "denied", "allow": "allowed", "always": "always allowed", "auto": "ran"}.get(
        str(call.get("decision")), "ran")
    server = f" ({call.get('server')})" if call.get("server") else ""
    arguments = json.dumps(call.get("arguments") or {}, ensure_ascii=False, indent=2)
    fence = "````" if "```" in str(call.get("result") or "") else "```"
    return [f"**Tool call:** `{call.get('name')}`{server} · {decision}", "", "```json", arguments, "```", "",
            fence, str(call.get("result") or ""), fence, ""]


def _markdown(db: Database, conv: Conversation, messages: Sequence[Message], folder: Path, folder_name: str) -> str:
    lines = [f"# {conv.title}", ""]
    meta = [f"Created {_stamp(conv.created_at)}"]
    if conv.model_path:
        meta.append(f"model `{Path(conv.model_path).name}`")
    lines += ["*" + " · ".join(meta) + "*", ""]
    system = str(conv.settings.get("system_prompt") or "").strip()
    if system:
        lines += ["> **System prompt:** " + system.replace("\n", "\n> "), ""]
    for m in messages:
        version = f" · version {m.version} of {m.versions}" if m.versions > 1 else ""
        heading = f"### {ROLE_TITLES.get(m.role, m.role.title())} · {_stamp(m.created_at)}{version}"
        lines += [heading, ""]
        if m.reasoning:  # a reasoning model's thinking, folded as in the app
            lines += [f"<details><summary>Thought for {m.thinking_s:.0f} s</summary>", "", m.reasoning.strip(), "",
                      "</details>", ""]
        for call in tool_calls_of(db, m.id) if m.role == "assistant" else []:
            lines += _markdown_call(call)
        lines += [m.content or "", ""]
        for image in m.images:
            src = Path(image)
            if src.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                if not (folder / src.name).exists():
                    shutil.copyfile(src, folder / src.name)
                lines += [f"![image]({_link(folder_name, src.name)})", ""]
            else:
                lines += [f"*(image {src.name} is missing)*", ""]
        notes = []
        if m.role == "assistant" and m.completion_tokens:
            notes.append(f"{m.completion_tokens} tokens · {m.tokens_per_s:.1f} tok/s")
        if m.status != COMPLETE:
            notes.append(m.status)
        if notes:
            lines += ["<sub>" + " · ".join(notes) + "</sub>", ""]
    return "\n".join(lines)


def _safe_stem(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|]+', "_", name).strip() or "conversations"


def export_markdown(db: Database, ids: Sequence[int] | None, dest: str | Path, on_progress: Progress | None = None,
                    cancel: threading.Event | None = None) -> int:
    dest = Path(dest)
    folder_name = _safe_stem(dest.stem) + "_files"
    folder = dest.parent / folder_name
    convs = _conversations(db, ids)
    parts = []
    try:
        for i, conv in enumerate(convs):
            _check(cancel)
            parts.append(_markdown(db, conv, db.messages(conv.id), folder, folder_name))
            if on_progress:
                on_progress(i + 1, len(convs))
    except OSError as exc:
        raise StorageError(phrase("Could not copy an image into {folder}: {error}", folder=folder, error=exc.strerror or exc)) from exc
    _write_atomically(dest, lambda fh: fh.write("\n---\n\n".join(parts)))
    return len(parts)


def export(db: Database, ids: Sequence[int] | None, dest: str | Path, fmt: str,
           on_progress: Progress | None = None, cancel: threading.Event | None = None) -> int:
    """Export the conversations `ids` (None: all that are not in the Trash) to `dest` in `fmt` (FORMATS);
    returns how many conversations were written. Raises StorageError, or Cancelled."""
    if fmt == MARKDOWN:
        return export_markdown(db, ids, dest, on_progress, cancel)
    if fmt == JSON:
        return export_json(db, ids, dest, on_progress, cancel)
    if fmt in (SHAREGPT, OPENAI):
        return export_jsonl(db, ids, dest, fmt, on_progress, cancel)
    if fmt == TRAINING:
        return export_jsonl(db, ids, dest, OPENAI, on_progress, cancel, with_tools=False)
    raise ValueError(phrase("unknown export format {fmt}", fmt=repr(fmt)))
