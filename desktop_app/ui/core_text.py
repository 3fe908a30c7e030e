"""Core's English sentences in the interface's language: the one way the UI shows text that core/ wrote.

Core raises and returns plain English built from phrase() templates (core/messages.py); scripts/update_translations.py
lists those templates in ui/core_strings.py (TEMPLATES, context "core") and their Chinese comes from
scripts/translations_zh_CN.py. Here a sentence is matched against the templates (the most specific first), the
template is translated and its fields put back, each translated in turn when it is itself a core phrase ("Loading
failed: {error}"). Text that matches no template (the user's data, a library's message, text already translated)
is returned unchanged, so calling this on anything shown is safe.

Matching the text rather than carrying template objects lets the sentence cross the engine's pipe, be stored in the
database (a denied tool call's result) and pass through str(exc) in any job, and still be translated where shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QCoreApplication

from desktop_app.core.messages import FIELD
from desktop_app.ui.core_strings import TEMPLATES

_MAX_DEPTH = 6  # fields inside fields, and lists inside them: "A failed: B of C rows...; problems: line 1: D"
_SEPARATORS = (re.compile(r"\n"), re.compile(r"(?<=[.!?]) +(?=[A-Z0-9])"), re.compile(r"; "))
_STRICT_FIELD = r"(?:(?!; |\n).)*?"  # a field that does not run across a list or a line (empty: an optional part)
_LOOSE_FIELD = r".*?"


@dataclass(frozen=True)
class _Pattern:
    strict: re.Pattern[str]
    loose: re.Pattern[str]
    template: str
    anchor: str  # its longest literal part: a quick test before the regex


@lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    """One per template, the ones with the most literal text first (the most specific wins)."""

    def regex(parts: list[str], field: str) -> re.Pattern[str]:
        out, seen = "", set()
        for i, part in enumerate(parts):
            if i % 2 == 0:
                out += re.escape(part)
            elif part in seen:
                out += f"(?P={part})"
            else:
                out += f"(?P<{part}>{field})"
                seen.add(part)
        return re.compile(out, re.DOTALL)

    out = []
    for template in TEMPLATES:
        parts = FIELD.split(template)  # literal, field, literal, field, ...
        out.append(_Pattern(regex(parts, _STRICT_FIELD), regex(parts, _LOOSE_FIELD), template,
                            max(parts[::2], key=len)))
    out.sort(key=lambda p: -len(FIELD.sub("", p.template)))
    return tuple(out)


def _match(text: str, depth: int, loose: bool) -> str | None:
    """`text` translated when it is one core template with its fields, else None. Strict fields hold no list
    ("; ") or line break; loose ones may (a summary that lists problems)."""
    for p in _patterns():
        if p.anchor not in text:
            continue
        match = (p.loose if loose else p.strict).fullmatch(text)
        if match is None:
            continue
        fields = {name: _field(value, depth + 1) for name, value in match.groupdict().items()}
        translated = QCoreApplication.translate("core", p.template)
        try:
            return translated.format_map(fields)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English is better than nothing
            return p.template.format_map(fields)
    return None


def _field(value: str, depth: int) -> str:
    """A field's value: a core phrase, or a label of core's settings table (ui/core_strings.py STRINGS, translated
    in context FinetuneHelp: "Batch size must be at least 1"), else as it is (a name, a number, a path)."""
    translated = _translate(value, depth)
    return QCoreApplication.translate("FinetuneHelp", value) if translated == value else translated


def _sentence(text: str, depth: int) -> str | None:
    """One core sentence, also when it is listed without its full stop ("a.jpg is not an image; ...")."""
    whole = _match(text, depth, loose=False)
    if whole is None and not text.endswith("."):
        whole = _match(text + ".", depth, loose=False)
        whole = whole.removesuffix("。").removesuffix(".") if whole is not None else None
    return whole


def _split(text: str, depth: int, each) -> str | None:
    """`text` as lines, sentences or list items, each translated by `each` (None for a part: not this way)."""
    for separator in _SEPARATORS:
        parts = separator.split(text)
        if len(parts) < 2:
            continue
        done = [each(part, depth) for part in parts]
        if any(d is None for d in done):
            return None
        out = [done[0]]
        for space, part in zip(separator.findall(text), done[1:], strict=True):
            out += [space, part]
        return "".join(out)
    return None


def _whole_list(text: str, depth: int) -> str | None:
    """A list, every item of which is a core sentence (or a list again)."""
    return _sentence(text, depth) or _split(text, depth, _whole_list)


def _translate(text: str, depth: int) -> str:
    """The best reading: one sentence; else a list of them; else one sentence whose fields hold lists; else what
    parts can be read ("b.txt: <phrase>", some items of a list), the rest left as it is."""
    if not text or depth > _MAX_DEPTH:
        return text
    found = _whole_list(text, depth) or _match(text, depth, loose=True)
    if found is not None:
        return found
    partial = _split(text, depth, _translate)
    if partial is not None:
        return partial
    if ": " in text:  # a name before a core phrase ("b.txt: a caption file is already there")
        head, tail = text.split(": ", 1)
        return f"{head}: {_translate(tail, depth + 1)}"
    return text


def core_text(value: object) -> str:
    """`value` (a core sentence, or an exception whose message is one) as the user should read it: translated."""
    return _translate(str(value), 0)
