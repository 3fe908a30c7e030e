"""Passages of at most `max_tokens` tokens, cut at paragraph edges first, then sentence edges (. ! ? and the
Chinese 。！？；), and only inside a sentence longer than a whole passage.

Tokens are estimated, not counted with a model's tokenizer: one per CJK character, 1.3 per Latin word, one per
other symbol. That is what BERT-style encoders (all-MiniLM-L6-v2: 256 word pieces) produce within ~15% on prose,
and it keeps chunking free of any model, so the index does not depend on which engine runs. Each passage keeps its
segment's page and its character offsets in that segment's text, so a citation can open the exact span.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from desktop_app.core.documents.extract import Segment

DEFAULT_MAX_TOKENS = 200

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+")
_SYMBOL = re.compile(r"[^\sA-Za-z0-9\u00c0-\u024f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?。！？；;]+[\"'”’」』）)\]]*[ \t]*|\n")


def estimate_tokens(text: str) -> int:
    """About how many encoder tokens `text` takes (see the module docstring)."""
    words = len(_WORD.findall(text))
    return len(_CJK.findall(text)) + math.ceil(words * 1.3) + len(_SYMBOL.findall(text))


@dataclass(frozen=True)
class Passage:
    page: int
    start: int  # character offsets in the segment's text
    end: int
    text: str
    tokens: int


def _spans(text: str, start: int, end: int, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Pieces of text[start:end] cut after each match of `pattern`."""
    pos = start
    for m in pattern.finditer(text, start, end):
        if m.end() > pos:
            yield pos, m.end()
            pos = m.end()
    if pos < end:
        yield pos, end


def _hard_split(text: str, start: int, end: int, max_tokens: int) -> Iterator[tuple[int, int]]:
    """A sentence longer than a passage: windows of about max_tokens, cut at a space when there is one."""
    pos = start
    while pos < end:
        stop, budget = pos, 0
        while stop < end and budget < max_tokens:
            step = _WORD.match(text, stop)
            stop = step.end() if step else stop + 1
            budget = estimate_tokens(text[pos:stop])
        if stop < end:
            space = text.rfind(" ", pos + 1, stop)
            stop = space + 1 if space > pos else stop
        yield pos, stop
        pos = stop


def _units(text: str, max_tokens: int) -> Iterator[tuple[int, int, bool]]:
    """(start, end, starts_paragraph) pieces no larger than a passage, in order."""
    for p_start, p_end in _spans(text, 0, len(text), _PARAGRAPH_BREAK):
        if estimate_tokens(text[p_start:p_end]) <= max_tokens:
            yield p_start, p_end, True
            continue
        first = True
        for s_start, s_end in _spans(text, p_start, p_end, _SENTENCE_END):
            if estimate_tokens(text[s_start:s_end]) <= max_tokens:
                yield s_start, s_end, first
                first = False
                continue
            for h_start, h_end in _hard_split(text, s_start, s_end, max_tokens):
                yield h_start, h_end, first
                first = False


def _passage(segment: Segment, start: int, end: int) -> Passage | None:
    raw = segment.text[start:end]
    stripped = raw.strip()
    if not stripped:
        return None
    start += len(raw) - len(raw.lstrip())
    return Passage(segment.page, start, start + len(stripped), stripped, estimate_tokens(stripped))


def chunk_segment(segment: Segment, max_tokens: int = DEFAULT_MAX_TOKENS) -> list[Passage]:
    """Pack paragraphs (or, inside a long paragraph, sentences) into passages of at most max_tokens."""
    out: list[Passage] = []
    cur_start = cur_end = -1
    cur_tokens = 0
    text = segment.text

    def flush() -> None:
        if cur_start >= 0:
            passage = _passage(segment, cur_start, cur_end)
            if passage is not None:
                out.append(passage)

    for start, end, _paragraph in _units(text, max_tokens):
        tokens = estimate_tokens(text[start:end])
        if cur_start >= 0 and cur_tokens + tokens <= max_tokens:
            cur_end, cur_tokens = end, cur_tokens + tokens
            continue
        flush()
        cur_start, cur_end, cur_tokens = start, end, tokens
    flush()
    return out


def chunk_segments(segments: list[Segment], max_tokens: int = DEFAULT_MAX_TOKENS) -> list[Passage]:
    return [p for segment in segments for p in chunk_segment(segment, max_tokens)]
