"""Fenced code blocks in a reply's Markdown: where they are, and keeping two of them apart.

Models often write two fenced blocks one after the other ("```bash" then "```python"). Qt's Markdown reader then
makes one run of code lines of them, and the view would give them one Copy link and one language. A paragraph
holding only a zero-width space between them keeps them two blocks, at the cost of a blank line.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
SEPARATOR = "\u200b"


def fenced_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced block, its fence lines included; an unclosed one runs to the end."""
    ranges: list[tuple[int, int]] = []
    pos, fence, fence_start = 0, "", 0
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                ranges.append((fence_start, pos + len(line)))
                fence = ""
        elif m:
            fence, fence_start = m.group(1), pos
        pos += len(line)
    if fence:
        ranges.append((fence_start, len(text)))
    return ranges


def separate_fenced_blocks(text: str) -> str:
    """`text` with a zero-width paragraph between fenced blocks that only blank lines part."""
    ranges = fenced_ranges(text)
    out, last = [], 0
    for (_start, end), (following, _end) in zip(ranges, ranges[1:], strict=False):
        if not text[end:following].strip():
            out.append(text[last:following] + "\n" + SEPARATOR + "\n\n")  # (extra blank lines are harmless)
            last = following
    return "".join(out) + text[last:]
