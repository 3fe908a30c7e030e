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
from functools import lru_cache

from PySide6.QtCore import QCoreApplication

from desktop_app.core.messages import FIELD
from desktop_app.ui.core_strings import TEMPLATES

_MAX_DEPTH = 4  # fields inside fields: "A failed: B failed: C" is three levels
_SEPARATORS = (re.compile(r"\n"), re.compile(r"(?<=[.!?]) +(?=[A-Z0-9])"), re.compile(r"; "))


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """(regex, template, its longest literal part) per template, the ones with the most literal text first."""
    out = []
    for template in TEMPLATES:
        parts = FIELD.split(template)  # literal, field, literal, field, ...
        regex, seen = "", set()
        for i, part in enumerate(parts):
            if i % 2 == 0:
                regex += re.escape(part)
            elif part in seen:
                regex += f"(?P={part})"
            else:
                regex += f"(?P<{part}>.+?)"
                seen.add(part)
        anchor = max(parts[::2], key=len)
        out.append((re.compile(regex, re.DOTALL), template, anchor))
    out.sort(key=lambda p: -len(FIELD.sub("", p[1])))
    return tuple(out)


def _match(text: str, depth: int) -> str | None:
    """`text` translated when it is one core template with its fields, else None."""
    for pattern, template, anchor in _patterns():
        if anchor not in text:
            continue
        match = pattern.fullmatch(text)
        if match is None:
            continue
        fields = {name: _translate(value, depth + 1) for name, value in match.groupdict().items()}
        translated = QCoreApplication.translate("core", template)
        try:
            return translated.format_map(fields)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English is better than nothing
            return template.format_map(fields)
    return None


def _translate(text: str, depth: int) -> str:
    if not text or depth > _MAX_DEPTH:
        return text
    whole = _match(text, depth)
    if whole is not None:
        return whole
    if not text.endswith((".", "\n")):  # a sentence listed without its full stop ("a.jpg is not an image; ...")
        whole = _match(text + ".", depth)
        if whole is not None:
            return whole.removesuffix("。").removesuffix(".")
    for separator in _SEPARATORS:  # lines, then sentences, then list items ("line 3: label missing; line 9: ...")
        parts = separator.split(text)
        if len(parts) > 1:
            out = [_translate(parts[0], depth)]
            for space, part in zip(separator.findall(text), parts[1:], strict=True):
                out += [space, _translate(part, depth)]
            return "".join(out)
    if ": " in text:  # a name before a core phrase ("b.txt: a caption file is already there")
        head, tail = text.split(": ", 1)
        return f"{head}: {_translate(tail, depth + 1)}"
    return text


def core_text(value: object) -> str:
    """`value` (a core sentence, or an exception whose message is one) as the user should read it: translated."""
    return _translate(str(value), 0)
