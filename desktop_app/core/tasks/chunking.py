"""Splitting long texts into pieces a model can take, at paragraph and sentence edges, in Chinese and English.

Budgets are in tokens of the model that will read the pieces (`count_tokens` is the backend's), never in
characters or spaces: Chinese has no spaces, and one Chinese character can be one token or three.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.core.messages import phrase

CountTokens = Callable[[str], int]

# A sentence ends at 。！？；… or at . ! ? ; followed by a space or the end (with closing quotes/brackets kept).
_SENTENCE_END = re.compile(
    r"""(?<=[。！？；!?…])(?![。！？；!?…])[”’」』）)\]"']*"""  # CJK or bang/question ends (a run of them: "！！",
    # "……" ends once), even without a following space
    r"""|(?<=[.;])[”’」』）)\]"']*(?=\s)""",  # a full stop or semicolon only before whitespace (not 3.14, e.g.)
)
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r]*\n\s*")  # Windows line ends (\r\n) too


@dataclass(frozen=True)
class Block:
    """A paragraph and the exact whitespace after it, so a translation can be put back with the same layout."""

    text: str
    separator: str = ""
    verbatim: bool = False  # passed through as it is (a fenced code block: translate.py)


def split_blocks(text: str) -> list[Block]:
    """Paragraphs (separated by blank lines) with their separators. Leading whitespace becomes an empty block,
    so "".join(b.text + b.separator for b in split_blocks(t)) == t always."""
    blocks: list[Block] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        blocks.append(Block(text[pos : m.start()], m.group(0)))
        pos = m.end()
    if pos < len(text) or not blocks:
        blocks.append(Block(text[pos:], ""))
    return blocks


def split_sentences(text: str) -> list[str]:
    """Sentences, each keeping its end punctuation and the whitespace after it (joined, they give `text`)."""
    pieces: list[str] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        while end < len(text) and text[end] in " \t\n":
            end += 1
        if end > pos:
            pieces.append(text[pos:end])
            pos = end
    if pos < len(text):
        pieces.append(text[pos:])
    return [p for p in pieces if p]


def _hard_split(text: str, max_tokens: int, count_tokens: CountTokens) -> list[str]:
    """Cut a sentence with no usable edge (a huge run-on, a table) into pieces that fit, at whitespace when
    there is some near the cut, else between characters. Binary search on the character count: tokens grow
    monotonically with the prefix length, so this needs about log2(len) token counts per piece."""
    out: list[str] = []
    rest = text
    while rest:
        if count_tokens(rest) <= max_tokens:
            out.append(rest)
            break
        lo, hi = 1, len(rest)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count_tokens(rest[:mid]) <= max_tokens:
                lo = mid
            else:
                hi = mid - 1
        cut = lo
        space = rest.rfind(" ", max(1, cut - 40), cut)
        if space > 0:
            cut = space + 1
        out.append(rest[:cut])
        rest = rest[cut:]
    return out


def _units(text: str, max_tokens: int, count_tokens: CountTokens) -> list[tuple[str, int]]:
    """Paragraphs, or sentences of a paragraph too long, or hard pieces of a sentence too long: each with
    its token count, each within `max_tokens`."""
    units: list[tuple[str, int]] = []
    for block in split_blocks(text):
        para = block.text + block.separator
        if not para.strip():
            continue
        n = count_tokens(para)
        if n <= max_tokens:
            units.append((para, n))
            continue
        for sentence in split_sentences(para):
            n = count_tokens(sentence)
            if n <= max_tokens:
                units.append((sentence, n))
            else:
                units.extend((piece, count_tokens(piece)) for piece in _hard_split(sentence, max_tokens, count_tokens))
    return units


def chunk_text(text: str, max_tokens: int, count_tokens: CountTokens) -> list[str]:
    """Pack whole paragraphs (else sentences, else hard pieces) greedily into chunks of at most `max_tokens`.

    Token counts of joined pieces can differ slightly from the sum of their parts (merges at the seams), so
    the packing keeps a small margin; each returned chunk is stripped of surrounding whitespace."""
    if max_tokens < 1:
        raise ValueError(phrase("max_tokens must be positive"))
    if not text.strip():
        return []
    budget = max(1, int(max_tokens * 0.95))
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for unit, n in _units(text, budget, count_tokens):
        if current and used + n > budget:
            chunks.append("".join(current).strip())
            current, used = [], 0
        current.append(unit)
        used += n
    if current:
        chunks.append("".join(current).strip())
    return [c for c in chunks if c]


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
# A wide character: CJK ideographs, kana, CJK and fullwidth punctuation. It takes two columns of a line
# (translate_units.py), and no Latin or maths font has its glyph (math_spans.py).
WIDE_CHAR = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_LATIN = re.compile(r"[A-Za-z]")


def cjk_ratio(text: str, sample: int = 20_000) -> float:
    """Share of CJK characters among letters in (a sample of) the text: > 0.3 reads as a Chinese text."""
    head = text[:sample]
    cjk = len(_CJK.findall(head))
    latin = len(_LATIN.findall(head))
    # A Chinese character carries about as much as an English word (≈ 4-5 letters): weigh them alike.
    return cjk / (cjk + latin / 4.5) if cjk + latin else 0.0


def is_mostly_chinese(text: str) -> bool:
    return cjk_ratio(text) > 0.3
