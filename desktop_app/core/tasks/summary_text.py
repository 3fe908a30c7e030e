"""Text hygiene around a summary: what the model should not read, how long it may write, where it must stop.

Measured with bench/summary_quality.py on the built-in Qwen2.5-0.5B: the model copies whatever sits at the end of
an article (the author's sign-off, "Reporting by …", a copyright line) into its summary, it ignores "in two or
three sentences" on a long text, and a hard token limit cut its last sentence in half. So, deterministically:
boilerplate lines are dropped from the input (and from the output, should the model write one anyway), the token
limit follows the source's length (Short at most 10 %, Medium 20 %, Long 35 %), and the summary streams and
ends in whole sentences within that share (SentenceStream).
"""

from __future__ import annotations

import re

from desktop_app.core.tasks.chunking import split_sentences

# Share of the source a summary may take, per length choice; the absolute caps are summarize.LLM_OUTPUT_TOKENS.
RATIOS = {"short": 0.10, "medium": 0.20, "long": 0.35, "bullets": 0.25}
MIN_OUTPUT_TOKENS = 24  # one short sentence, whatever the ratio says of a tiny text

# A line that is a byline, a credit, a copyright notice, contact details or an author's sign-off, not content.
_BOILERPLATE = re.compile(
    r"""^\s*[(（]?\s*(?:
        by\s+[\w '-]{2,60}(?:\||$)                  # "By Staff Reporter | Paper"
      | (?:reporting|writing|editing|additional\ reporting)\s+by\b
      | (?:copyright|©|\(c\))\s
      | all\ rights\ reserved
      | (?:for\ (?:further|more)\ information|questions\ about\ this|contact\ (?:the|us|our))\b
      | prepared\ by\b
      | 本报记者 | 本报讯 | 记者[:：\s] | 通讯员[:：\s] | [(（]?责任编辑 | 编辑[:：] | 来源[:：]
      | 作为一名?[^。]{0,40}作者 | 欢迎关注 | 版权所有 | 本文版权
    )""",
    re.I | re.X,
)
_BOILERPLATE_ANYWHERE = re.compile(
    r"all rights reserved|未经(?:授权|许可)不得转载|版权归.{0,10}所有|欢迎关注[^。]{0,20}公众号|@[\w-]+\.\w+", re.I
)


def is_boilerplate(line: str) -> bool:
    """Whether a line (or paragraph) is a byline, credit, copyright notice or sign-off rather than content."""
    return bool(_BOILERPLATE.match(line) or _BOILERPLATE_ANYWHERE.search(line))


def strip_boilerplate(text: str) -> str:
    """`text` without its boilerplate lines; the text itself when every line looks like boilerplate (a summary of
    nothing helps no one)."""
    lines = text.split("\n")
    kept = [ln for ln in lines if not is_boilerplate(ln)]
    if not any(ln.strip() for ln in kept):
        return text
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def strip_boilerplate_sentences(summary: str) -> str:
    """A summary without the sentences that copy a sign-off or credit (the model wrote one anyway)."""
    out = []
    for line in summary.split("\n"):
        kept = "".join(s for s in split_sentences(line) if not is_boilerplate(s))
        out.append(kept.rstrip() if kept.strip() else "")
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return cleaned or summary.strip()


def strip_copied_headings(summary: str, source: str) -> str:
    """A summary without the lines that repeat a heading of the source (a line of its own there, with no end
    punctuation): the built-in model opened a report's summary with its title and "Summary of the year", copied.
    Never empties a summary."""
    headings = {ln.strip() for ln in source.split("\n") if ln.strip() and not ends_sentence(ln)}
    kept = [ln for ln in summary.split("\n") if ln.strip().lstrip("#*- ").rstrip("*: ") not in headings]
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return cleaned or summary.strip()


def output_tokens(length: str, input_tokens: int, cap: int) -> int:
    """Tokens the final summary may take: its share of the source, at least a short sentence, at most `cap`."""
    return max(MIN_OUTPUT_TOKENS, min(cap, int(RATIOS.get(length, 0.2) * input_tokens)))


def size_hint(max_tokens: int, language: str) -> int:
    """The length to ask for in words (English) or characters (Chinese): under the token limit, so that the model
    usually finishes by itself. Qwen's tokenizer: about 0.75 English words or 1.3 Chinese characters a token."""
    per_token = 1.3 if language == "zh" else 0.75
    step = 10 if language == "zh" else 5
    return max(step, int(max_tokens * per_token * 0.7) // step * step)


_SENTENCE_DONE = re.compile(r"""[.!?。！？…]["'”’」』）)\]]*\s*$""")


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_DONE.search(text.rstrip()))


def max_chars(length: str, source_chars: int) -> int:
    """The most characters a summary of `source_chars` may have at this length setting."""
    return int(RATIOS.get(length, 0.2) * source_chars)


_UNIT_END = re.compile(r"""(?:[.!?。！？…]["'”’」』）)\]]*(?=\s|$)|[。！？]["'”’」』）)\]]*|\n)""")
# a numbered item's marker alone ("2.", "3)", "(4)"): not a sentence, the start of one (a summary cut after it
# ended in a bare "2.")
_LIST_MARKER = re.compile(r"\s*(?:\(?\d{1,3}[.)、]|[-*•])\s*")


class SentenceStream:
    """Streams a summary a whole sentence (or line) at a time, and only while it fits in `limit` characters (the
    first sentence always): what streams is what the result holds, never a half sentence taken back later."""

    def __init__(self, limit: int):
        self.limit = limit
        self.sent = ""
        self._pending = ""
        self.full = False

    def feed(self, text: str) -> str:
        if self.full:
            return ""
        self._pending += text
        out = ""
        start = 0
        while not self.full:
            m = _UNIT_END.search(self._pending, start)
            if m is None:
                break
            if _LIST_MARKER.fullmatch(self._pending[: m.end()]):
                start = m.end()  # "2." opens an item: the unit ends after the item's text
                continue
            unit, self._pending, start = self._pending[: m.end()], self._pending[m.end() :], 0
            out += self._take(unit)
        return out

    def _take(self, unit: str) -> str:
        if self.sent.strip() and len((self.sent + unit).strip()) > self.limit:
            self.full = True
            return ""
        self.sent += unit
        return unit

    def finish(self) -> str:
        """The last unit when it is a whole sentence or bullet line that fits; a cut-off one is dropped."""
        rest, self._pending = self._pending, ""
        if self.full or not rest.strip() or _LIST_MARKER.fullmatch(rest):
            return ""
        complete = ends_sentence(rest) or (rest.lstrip().startswith(("-", "*", "•")) and bool(self.sent.strip()))
        if not complete and self.sent.strip():
            return ""
        return self._take(rest)  # no whole sentence at all: the text as written, rather than nothing
