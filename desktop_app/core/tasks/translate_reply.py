"""Cleaning an LLM's reply to a translation request, as it streams: what the model adds around a translation.

Small models open with "Here is the translation:" or a code fence, and close with a fence, a "---" rule and
"This translation maintains…" or "Note: …" (bench/translation_quality.py). None of it may reach the result that
Copy and Save use, nor the stream: the start is held back while it could still be a preamble, and for a piece of
one line whatever follows the reply's first line break is held to the end and its commentary dropped.
"""

from __future__ import annotations

import re

# "Here is the translation:", "Sure! Here's the English translation:", "Translation:", "以下是翻译：", "译文："
_PREAMBLE = re.compile(
    r"""^\s*(?:\*\*)?(?:(?:sure|certainly|of\ course|okay|ok)[!,.]?\s*)?
    (?:here(?:'s|\ is|\ are)\b[^\n:：]{0,60}
      |(?:the\ )?(?:[a-z]+\ )?(?:translation|translated\ text)(?:\ [a-z()]+){0,4}
      |以下是[^\n:：]{0,20}|这是[^\n:：]{0,20}|译文|翻译(?:结果|如下)?)
    \s*[:：](?:\*\*)?\s*""",
    re.I | re.X,
)
_FENCE_OPEN = re.compile(r"^\s*```[\w-]*[ \t]*\n")  # the reply repeats the fence of the request
_TAIL = re.compile(r"[\s`]*$")
PREAMBLE_WINDOW = 100  # characters held back at the start of a reply while it could still be a preamble


_PREAMBLE_STARTS = ("sure", "certainly", "of course", "okay", "ok", "here", "以下", "这是", "译文", "翻译", "```", "**")


def _may_become_preamble(head: str) -> bool:
    """Whether more text could still turn the start of a reply into a preamble: it opens like one ("Here",
    "Sure", "翻译", a fence), or "translation" could still come within its first three words."""
    line = head.lstrip().lower().split("\n", 1)[0]
    if any(s.startswith(line) or line.startswith(s) for s in _PREAMBLE_STARTS):
        return True
    words = line.split(" ")
    if any(not re.fullmatch(r"[a-z()]*[:：*]*", w) for w in words[:4]):
        return False
    complete = words[:-1]  # the last word may still be growing
    return len(complete) < 3 or any(w.startswith("translat") for w in complete[:3])


def strip_preamble(text: str) -> str:
    """`text` without the preamble lines and opening fence a model may put before a translation."""
    while True:
        m = _PREAMBLE.match(text) or _FENCE_OPEN.match(text)
        if not m:
            return text
        text = text[m.end() :]


# Commentary after a translation: "--- This translation maintains…", "Note: …", "(注：…)", "翻译：…" lines.
_COMMENTARY = re.compile(
    r"""^\s*(?:[-=*_]{3,}|[(（]?\s*(?:\*\*)?(?:note|notes|explanation|translation\ notes?|注|注意|注释|说明|备注
    |翻译说明|译注|译者注)\s*(?:\*\*)?\s*[:：]|(?:this|the\ above|the)\ translation\b|i\ (?:have\ )?(?:translated|kept)
    |(?:以上|这段|此)(?:是|为)?(?:翻译|译文)|翻译[:：]|译文[:：]|(?:original|原文)[:：])""",
    re.I | re.X,
)


def is_commentary(line: str) -> bool:
    """Whether a line a model added after a translation talks about it instead of being part of it."""
    return bool(_COMMENTARY.match(line))


def drop_commentary(lines: str) -> str:
    """What follows the first line of a one-line piece's reply: its lines up to the first commentary line, joined
    to the first line with a space (a model that breaks a sentence in two keeps both halves)."""
    kept = []
    for line in lines.split("\n"):
        if is_commentary(line):
            break
        if line.strip():
            kept.append(line.strip())
    return (" " + " ".join(kept)) if kept else ""


class ReplyCleaner:
    """Streams a reply through, minus a leading preamble or fence, a closing fence, commentary, outer whitespace.

    The start is held back only while it could still become a preamble (until a line break, PREAMBLE_WINDOW
    characters or the end at most); the end is held back while it is whitespace or backticks. For a piece of one
    line (`single_line`), everything after the reply's first line break is held to the end and its commentary
    dropped: a translation never carries "Note: …" into Copy or Save."""

    def __init__(self, single_line: bool = False) -> None:
        self._head: str | None = ""  # None once the start is settled
        self._tail = ""
        self._single = single_line
        self._rest: str | None = None  # after the first line break of a one-line piece's reply

    def feed(self, text: str) -> str:
        if self._head is not None:
            self._head = strip_preamble(self._head + text)
            start = self._head.lstrip()
            if "\n" not in start and len(start) < PREAMBLE_WINDOW and _may_become_preamble(start):
                return ""
            text, self._head = start, None
        if self._rest is not None:
            self._rest += text
            return ""
        text = self._tail + text
        if self._single and "\n" in text:
            text, self._rest = text.split("\n", 1)
            self._tail = ""
            return text.rstrip(" \t`")
        cut = _TAIL.search(text).start()  # type: ignore[union-attr]
        self._tail = text[cut:]
        return text[:cut]

    def finish(self) -> str:
        if self._head is not None:
            text, self._head = strip_preamble(self._head).strip(), None
            return self.feed(text) + self.finish()
        tail, self._tail = self._tail.rstrip(), ""
        if self._rest is not None:
            rest, self._rest = self._rest.replace("```", ""), None
            return drop_commentary(rest)
        return "" if "```" in tail else tail
