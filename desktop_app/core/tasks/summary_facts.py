"""Whether a summary kept its source's facts: cheap string checks, no model.

Why: pushed off the source's wording by the copy penalty (core/backends/llama_copy_penalty.py), the built-in
Qwen2.5-0.5B sometimes changes a fact while rewording it: "six weeks" became "six months", "almost a third" "about
a quarter", "voted 7 to 2" "after 7 votes", an invented year or heading ("Summary of Year: 2023"). Or it says
nothing at all ("A backup plan is crucial for ensuring data integrity"). summarize.py keeps a penalised English
summary only when these checks pass, and otherwise writes it with a lighter penalty or none
(bench/summary_quality.py measures both the copying and the damage).

- invented: numbers and capitalised names in the summary that the source does not hold (bench/summary_damage.py
  counts the same as `inv`).
- a number must also stand by a word that is near it in the source (two words at most either side: "four
  supports" for "four steel supports", "built in 1931,", "about 11,000 cars" for "about 11,000 vehicles"), and a
  unit after it (weeks, percent, km, dollars...: UNITS) must be one that follows it there: "first six months" for
  "first six weeks" is another fact. Number words count as numbers ("one" does not: it is as often a pronoun).
  Unchecked: a wrong word that is no unit ("11,000 trucks" for "11,000 vehicles").
- the summary must carry some of the source's facts (its numbers and names) when the source has any.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LIST_MARKER = re.compile(r"^\s*\d+[.)、]\s*", re.M)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?。！？:;\n]\s*|[\"“(]\s*)$")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z][A-Za-z'-]*|[^\w\s]")  # punctuation is a token: no neighbour
NUMBER_WORDS = frozenset("""
zero two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty
ninety hundred thousand million billion trillion dozen half quarter third""".split())
NEAR = 2  # words either side of a number in the source that may stand next to it in the summary
UNITS = frozenset("""
second minute hour day week month year decade century percent per cent km kilometre kilometer metre meter mile
litre liter kg kilogram tonne ton gram dollar euro pound yuan cent time""".split())  # singular: "weeks" -> "week"
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
    tokens = [t.lower().replace(",", "") for t in _TOKEN.findall(_LIST_MARKER.sub("", text))]
    return [t for t in tokens if t]  # a lone "," is no neighbour, but it must separate: see _is_word


def _is_word(token: str | None) -> bool:
    return token is not None and (token[0].isalnum())


def _is_number(token: str) -> bool:
    return token[0].isdigit() or token in NUMBER_WORDS


def misplaced_numbers(summary: str, source: str) -> list[str]:
    """Numbers (digits or number words) of `summary` that stand by no word that is near them in `source` (see the
    module's docstring): "six months" for "six weeks", "after 7 votes" for "voted 7 to 2"."""
    src = _tokens(source)
    before: dict[str, set[str]] = {}
    after: dict[str, set[str]] = {}
    for i, token in enumerate(src):
        if _is_number(token):
            before.setdefault(token, set()).update(src[max(0, i - NEAR) : i])
            after.setdefault(token, set()).update(src[i + 1 : i + 1 + NEAR])
    out = _tokens(summary)
    wrong = []
    for i, token in enumerate(out):
        if not _is_number(token):
            continue
        prev = out[i - 1] if i > 0 else None
        nxt = out[i + 1] if i + 1 < len(out) else None
        if token not in after:
            ok = False
        elif _is_word(nxt) and nxt.removesuffix("s") in UNITS:  # a unit: it must be one that follows it there
            ok = nxt in after[token]
        else:  # either neighbour ("about 11,000 cars" for "about 11,000 vehicles": a synonym passes)
            ok = (not _is_word(prev) and not _is_word(nxt)) or prev in before[token] or nxt in after[token]
        if not ok:
            wrong.append(" ".join(t for t in (prev, token, nxt) if _is_word(t)))
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
