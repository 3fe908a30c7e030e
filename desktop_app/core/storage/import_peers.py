"""Importers for the conversation exports of LM Studio, Open WebUI and ChatGPT (their published formats; sample
files in tests/data/imports/), with every version the peer kept.

All three keep alternatives: LM Studio keeps `versions` of a message (regenerations) with `currentlySelected`;
Open WebUI keeps a tree (`history.messages` with `parentId`/`childrenIds`, the shown branch ending at `currentId`);
ChatGPT keeps a tree (`mapping` with `parent`/`children`, the shown branch ending at `current_node`). They become
our versions (schema 5): the branch the user last saw there is the branch shown here, and the others are one ◀ ▶
away. Nodes that are not conversation (ChatGPT's hidden system message, tool calls and their output, thoughts) are
left out and their children follow the nearest message kept; a reply ChatGPT split over several nodes in a row is
joined into one message. System messages become the conversation's system prompt.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from desktop_app.core.messages import phrase
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


def flatten_tree(
    order: list[str], parent_of: dict[str, str | None], raw_children: dict[str | None, list[str]],
    make: Callable[[str], ImportedMessage | None], shown: set[str], join_replies: bool = False,
) -> tuple[list[ImportedMessage], str]:
    """A peer's message tree as our list (parents before children; `parent` indexes, `active` flags). `order`
    lists every node, parents first; `make` returns None for a node that is not a message (its children then
    follow the nearest kept ancestor); `shown` holds the nodes of the branch the peer showed. System messages are
    taken out (returned joined, for the system prompt)."""
    out: list[ImportedMessage] = []
    index_of: dict[str, int | None] = {}  # node → the index of the message it is or stands for
    straight: dict[str, bool] = {}  # the way up to the nearest kept message has no fork
    on_branch: dict[int, bool] = {}
    system: list[str] = []
    for node in order:
        parent = parent_of.get(node)
        up = index_of.get(parent) if parent is not None else None
        single = len(raw_children.get(parent, [])) == 1
        msg = make(node)
        if msg is not None and msg.role == "system":
            if msg.content.strip():
                system.append(msg.content)
            msg = None
        if msg is None:
            index_of[node] = up
            straight[node] = single and (straight.get(parent, True) if parent is not None else True)
            continue
        joinable = single and (straight.get(parent, True) if parent is not None else True)
        if join_replies and up is not None and joinable and out[up].role == msg.role == "assistant":
            out[up].content += "\n\n" + msg.content
            index_of[node], straight[node] = up, True
            on_branch[up] = on_branch[up] or node in shown
            continue
        msg.parent = up
        out.append(msg)
        index_of[node], straight[node] = len(out) - 1, True
        on_branch[len(out) - 1] = node in shown
    groups: dict[int | None, list[int]] = {}
    for i, m in enumerate(out):
        groups.setdefault(m.parent, []).append(i)
    for members in groups.values():
        chosen = [i for i in members if on_branch[i]]
        keep = chosen[-1] if chosen else members[-1]  # off the shown branch: the newest version
        for i in members:
            out[i].active = i == keep
    return out, "\n\n".join(system)


def _dfs(roots: list[str], children: dict[str | None, list[str]]) -> list[str]:
    order, stack, seen = [], list(reversed(roots)), set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        stack.extend(reversed(children.get(node, [])))
    return order


def _branch(leaf: Any, parent_of: dict[str, str | None]) -> set[str]:
    shown, node = set(), leaf
    while node is not None and node in parent_of and node not in shown:
        shown.add(node)
        node = parent_of[node]
    return shown


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


def _lm_version(v: Any, where: str, created: float) -> tuple[ImportedMessage, int]:
    if not isinstance(v, dict) or v.get("role") not in ROLES:
        raise Invalid(phrase("{where} has no role", where=where))
    msg, left_out = ImportedMessage(v["role"], "", created_at=created), 0
    if isinstance(v.get("steps"), list):
        texts = []
        for step in v["steps"]:
            if isinstance(step, dict) and step.get("type") == "contentBlock":
                text, other = _lm_text(step.get("content"))
                texts.append(text)
                left_out += other
                stats = (step.get("genInfo") or {}).get("stats") or {}
                msg.prompt_tokens = int(number(stats.get("promptTokensCount"), msg.prompt_tokens))
                msg.completion_tokens += int(number(stats.get("predictedTokensCount")))
                msg.tokens_per_s = number(stats.get("tokensPerSecond"), msg.tokens_per_s)
        msg.content = "\n\n".join(t for t in texts if t)
    else:
        msg.content, left_out = _lm_text(v.get("content"))
    return msg, left_out


def lm_studio(doc: dict[str, Any]) -> ImportResult:
    """One conversation; each message's versions become versions, the selected one carrying what follows."""
    messages: list[ImportedMessage] = []
    left_out = 0
    created = number(doc.get("createdAt")) / 1000
    settings: dict[str, Any] = {}
    parent: int | None = None
    for i, entry in enumerate(doc["messages"]):
        versions = entry.get("versions") if isinstance(entry, dict) else None
        if not isinstance(versions, list) or not versions:
            raise Invalid(phrase("message {message} has no versions", message=i + 1))
        chosen = entry.get("currentlySelected", 0)
        chosen = chosen if isinstance(chosen, int) and 0 <= chosen < len(versions) else len(versions) - 1
        selected = parent
        for j, v in enumerate(versions):
            msg, other = _lm_version(v, f"message {i + 1}", created)
            left_out += other
            if msg.role == "system":
                settings.setdefault("system_prompt", msg.content)
                continue
            msg.parent, msg.active = parent, j == chosen
            messages.append(msg)
            if j == chosen:
                selected = len(messages) - 1
        parent = selected
    prompt = doc.get("systemPrompt")
    for f in ((doc.get("perChatPredictionConfig") or {}).get("fields") or []):
        if isinstance(f, dict) and f.get("key") == "llm.prediction.systemPrompt" and isinstance(f.get("value"), str):
            prompt = f["value"]
    if isinstance(prompt, str) and prompt.strip():
        settings["system_prompt"] = prompt
    model = (doc.get("lastUsedModel") or {}).get("identifier") if isinstance(doc.get("lastUsedModel"), dict) else ""
    conv = ImportedConversation(title_for(doc.get("name"), messages), messages, created, created, settings,
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


def _webui_message(m: Any, counter: list[int]) -> ImportedMessage | None:
    if not isinstance(m, dict) or m.get("role") not in ROLES:
        return None
    images = []
    for f in m.get("files") or []:
        image = _data_url_image(f.get("url")) if isinstance(f, dict) else None
        if image is not None:
            images.append(image)
        else:
            counter[0] += 1
    usage = m.get("usage") if isinstance(m.get("usage"), dict) else (m.get("info") or {})
    return ImportedMessage(
        m["role"], str(m.get("content") or ""), prompt_tokens=int(number(usage.get("prompt_tokens"))),
        completion_tokens=int(number(usage.get("completion_tokens"))), created_at=number(m.get("timestamp")),
        images=images,
    )


def open_webui(items: list[Any]) -> ImportResult:
    convs, counter = [], [0]
    for item in items:
        chat = item.get("chat", item)
        history = chat.get("history")
        if isinstance(history, dict) and isinstance(history.get("messages"), dict) and history["messages"]:
            nodes = {str(k): v for k, v in history["messages"].items() if isinstance(v, dict)}
            parent_of = {k: (str(v["parentId"]) if v.get("parentId") in nodes or str(v.get("parentId")) in nodes
                             else None) for k, v in nodes.items()}
            children: dict[str | None, list[str]] = {}
            for k in nodes:  # in file order, which is the order they were written
                children.setdefault(parent_of[k], []).append(k)
            shown = _branch(str(history.get("currentId")), parent_of)
            messages, system = flatten_tree(_dfs(children.get(None, []), children), parent_of, children,
                                            lambda k, nodes=nodes: _webui_message(nodes[k], counter), shown)
        elif isinstance(chat.get("messages"), list):
            messages = [m for m in (_webui_message(m, counter) for m in chat["messages"]) if m is not None]
            system = ""
        else:
            raise Invalid(phrase("a chat has neither a history nor a message list"))
        settings: dict[str, Any] = {}
        params = chat.get("params") if isinstance(chat.get("params"), dict) else {}
        if isinstance(params.get("system"), str) and params["system"].strip():
            settings["system_prompt"] = params["system"]
        elif system:
            settings["system_prompt"] = system
        messages = messages if history else with_system(messages, settings)
        models = chat.get("models") if isinstance(chat.get("models"), list) else []
        created = number(item.get("created_at")) or number(chat.get("timestamp")) / 1000
        convs.append(ImportedConversation(
            title_for(item.get("title") or chat.get("title"), messages), messages, created,
            number(item.get("updated_at")) or created, settings, str(models[0]) if models else "",
        ))
    return ImportResult("Open WebUI", convs, counter[0])


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


def _chatgpt_message(node: Any, counter: list[int], model: list[str]) -> ImportedMessage | None:
    msg = node.get("message") if isinstance(node, dict) else None
    if not isinstance(msg, dict):
        return None
    role = (msg.get("author") or {}).get("role")
    meta = msg.get("metadata") or {}
    if role not in ROLES or msg.get("recipient", "all") != "all" or meta.get("is_visually_hidden_from_conversation"):
        counter[0] += role == "tool"
        return None
    text, other = _chatgpt_text(msg)
    counter[0] += other
    if text is None or (not text.strip() and role != "user"):
        return None
    if meta.get("model_slug"):
        model[0] = meta["model_slug"]
    return ImportedMessage(role, text, created_at=number(msg.get("create_time")))


def chatgpt(items: list[Any]) -> ImportResult:
    convs, counter = [], [0]
    for i, item in enumerate(items):
        mapping = item.get("mapping")
        if not isinstance(mapping, dict):
            raise Invalid(phrase("conversation {conversation} has no mapping", conversation=i + 1))
        nodes = {str(k): v for k, v in mapping.items() if isinstance(v, dict)}
        parent_of = {k: (str(v["parent"]) if v.get("parent") is not None and str(v["parent"]) in nodes else None)
                     for k, v in nodes.items()}
        children: dict[str | None, list[str]] = {}
        for k, v in nodes.items():  # a node's own `children` order first, then any the lists forgot
            for child in v.get("children") or []:
                if str(child) in nodes and parent_of.get(str(child)) == k:
                    children.setdefault(k, []).append(str(child))
        for k in nodes:
            siblings = children.setdefault(parent_of[k], [])
            if k not in siblings:
                siblings.append(k)
        leaf = item.get("current_node")
        if leaf not in nodes:  # no current node: the newest leaf
            leaves = [k for k in nodes if not children.get(k)]
            leaf = leaves[-1] if leaves else None
        model = [""]
        messages, system = flatten_tree(
            _dfs(children.get(None, []), children), parent_of, children,
            lambda k, nodes=nodes, model=model: _chatgpt_message(nodes[k], counter, model), _branch(leaf, parent_of), join_replies=True,
        )
        settings = {"system_prompt": system} if system else {}
        created = number(item.get("create_time"))
        convs.append(ImportedConversation(title_for(item.get("title"), messages), messages, created,
                                          number(item.get("update_time")) or created, settings, model[0]))
    return ImportResult("ChatGPT", convs, counter[0])
