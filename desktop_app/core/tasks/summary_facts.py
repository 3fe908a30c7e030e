"""Whether a summary kept its source's facts: cheap string checks, no model.

Why: pushed off the source's wording by the copy penalty (core/backends/llama_copy_penalty.py), the built-in
Qwen2.5-0.5B sometimes changes a fact while rewording it: "six weeks" became "six months", "almost a third" "about
a quarter", "voted 7 to 2" "after 7 votes", an invented year or heading ("Summary of Year: 2023"). Or it says
nothing at all ("A backup plan is crucial for ensuring data integrity"). summarize.py keeps a penalised English
summary only when these checks pass, and otherwise writes it with a lighter penalty or none
(bench/summary_quality.py measures both the copying and the damage).

- invented: numbers and capitalised names in the summary that the source does not hold (bench/summary_damage.py
  counts the same as `inv`).
- a number must also stand next to a word that is near it (two words at most) in the source ("six weeks", "four
  supports" for "four steel supports", "7 to 2"): the same number with another unit or role is another fact.
  Number words count as numbers ("one" does not: it is as often a pronoun).
- the summary must carry some of the source's facts (its numbers and names) when the source has any.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LIST_MARKER = re.compile(r"^\s*\d+[.)、]\s*", re.M)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?。！？:;\n]\s*|[\"“(]\s*)$")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z][A-Za-z'-]*")
NUMBER_WORDS = frozenset("""
zero two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty
ninety hundred thousand million billion trillion dozen half quarter third""".split())
NEAR = 2  # words either side of a number in the source that may stand next to it in the summary
MIN_FACTS = 2  # a summary keeps at least this many of its source's numbers and names (fewer when it has fewer)


def _numbers(text: str) -> set[str]:
    return {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def invented(summary: str, source: str) -> list[str]:
    """Numbers and capitalised names in `summary` that `source` does not contain. Numbers are compared without
    their thousands separators; a capitalised word counts only inside a sentence (its first word is capitalised by
    grammar) and only when the source does not hold it in any case."""
    summary = _LIST_MARKER.sub("", summary)  # "1." and "2)" that number a list are no facts
    out = sorted(_numbers(summary) - _numbers(source))
    source_words = {w.lower() for w in _WORD.findall(source)}
    for m in _WORD.finditer(summary):
        word = m.group()
        if not word[0].isupper() or _SENTENCE_START.search(summary[: m.start()]):
            continue
        base = word.lower().removesuffix("'s")
        if base not in source_words and word not in out:
            out.append(word)
    return out


def _tokens(text: str) -> list[str]:
    text = text.replace("%", " percent")
    return [t.lower().replace(",", "") for t in _TOKEN.findall(_LIST_MARKER.sub("", text))]


def _is_number(token: str) -> bool:
    return token[0].isdigit() or token in NUMBER_WORDS


def misplaced_numbers(summary: str, source: str) -> list[str]:
    """Numbers (digits or number words) of `summary` next to no word that is near them in `source` (NEAR words):
    "six months" for "six weeks", "after 7 votes" for "voted 7 to 2"."""
    src = _tokens(source)
    near: dict[str, set[str]] = {}
    for i, token in enumerate(src):
        if _is_number(token):
            near.setdefault(token, set()).update(src[max(0, i - NEAR) : i] + src[i + 1 : i + 1 + NEAR])
    out = _tokens(summary)
    wrong = []
    for i, token in enumerate(out):
        if not _is_number(token):
            continue
        neighbours = {out[j] for j in (i - 1, i + 1) if 0 <= j < len(out)}
        if token not in near or (neighbours and not neighbours & near[token]):
            wrong.append(" ".join(out[max(0, i - 1) : i + 2]))
    return wrong


def facts(text: str) -> set[str]:
    """The numbers and the capitalised words inside sentences of `text` (names, places, days), lower-cased."""
    found = {t for t in _tokens(text) if t[0].isdigit()}
    for m in _WORD.finditer(text):
        if m.group()[0].isupper() and not _SENTENCE_START.search(text[: m.start()]):
            found.add(m.group().lower().removesuffix("'s"))
    return found


def facts_kept(summary: str, source: str) -> bool:
    """Whether `summary` invents no number or name, places its numbers as the source does, and carries some of
    the source's facts (see the module's docstring)."""
    if invented(summary, source) or misplaced_numbers(summary, source):
        return False
    wanted = min(MIN_FACTS, len(facts(source)))
    return len(facts(summary) & facts(source)) >= wanted
