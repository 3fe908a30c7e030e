"""How a paragraph is cut into what a translation model is given: one unit per line, so line breaks survive, with
list markers and surrounding whitespace kept out of the model's reach; or one unit for a paragraph that is one
sentence hard-wrapped over several lines (text from a PDF), joined first."""

from __future__ import annotations

import re

from desktop_app.core.tasks.chunking import WIDE_CHAR


def _split_ws(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


_SENTENCE_END = re.compile(r"""[.!?;:。！？；：…]["'”’」』）)\]]*$""")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·+>#|]|\d+[.)、]|[a-zA-Z][.)]\s)")
WRAPPED_LINE_WIDTH = 30  # in columns: a CJK character takes two


def _width(line: str) -> int:
    return len(line) + len(WIDE_CHAR.findall(line))


def _is_wrapped_prose(lines: list[str]) -> bool:
    """Several long lines, none but the last ending a sentence, none a list item: one paragraph hard-wrapped."""
    if len(lines) < 2:
        return False
    body = [ln.strip() for ln in lines]
    return (
        all(_width(ln) >= WRAPPED_LINE_WIDTH and not _SENTENCE_END.search(ln) for ln in body[:-1])
        and not any(_LIST_ITEM.match(ln) for ln in body)
        and all(body)
    )


def _join_wrapped(lines: list[str]) -> str:
    """One line from a hard-wrapped paragraph: a space at each seam, none between two CJK characters."""
    text = ""
    for ln in (ln.strip() for ln in lines):
        cjk_seam = bool(text) and bool(WIDE_CHAR.match(text[-1])) and bool(WIDE_CHAR.match(ln[0]))
        text += ln if (not text or cjk_seam) else " " + ln
    return text


_BULLET = re.compile(r"^\s*(?:[-*•·+>]|\d{1,3}[.)、]|[a-zA-Z][.)])[ \t]+(?=\S)")


def _line_unit(line: str) -> tuple[str, str, str]:
    """A list marker ("- ", "2. ") stays with the leading whitespace: models drop or mangle them."""
    m = _BULLET.match(line)
    if m:
        lead, core, trail = _split_ws(line[m.end() :])
        return line[: m.end()] + lead, core, trail
    return _split_ws(line)


def paragraph_units(text: str) -> list[tuple[str, str, str]]:
    """(leading whitespace and list marker, text to translate, trailing whitespace) per line of a paragraph, or
    one unit for a hard-wrapped paragraph; unless joined, lead + core + trail of all units give back `text`."""
    lines = text.split("\n")
    if _is_wrapped_prose(lines):
        lead, _, trail = _split_ws(text)
        return [(lead, _join_wrapped(lines), trail)]
    return [_line_unit(ln + "\n" if i < len(lines) - 1 else ln) for i, ln in enumerate(lines)]
