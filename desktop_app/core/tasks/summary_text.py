"""Text hygiene around a summary: what the model should not read, how long it may write, where it must stop.

Measured with bench/summary_quality.py on the built-in Qwen2.5-0.5B: the model copies whatever sits at the end of
an article (the author's sign-off, "Reporting by …", a copyright line) into its summary, it ignores "in two or
three sentences" on a long text, and a hard token limit cut its last sentence in half. So, deterministically:
boilerplate lines are dropped from the input (and from the output, should the model write one anyway), the token
limit follows the source's length (Short at most 10 %, Medium 20 %, Long 35 %), and a reply that reaches the limit
ends at its last complete sentence.
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


def end_at_sentence(text: str) -> str:
    """`text` cut back to its last complete sentence (a reply that hit the token limit stops mid-sentence). A
    bullet list keeps its complete lines; a text with no complete sentence at all comes back as it was."""
    text = text.rstrip()
    if ends_sentence(text):
        return text
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1].lstrip().startswith(("-", "*", "•")):
        return "\n".join(lines[:-1]).rstrip()
    pieces = split_sentences(text)
    while pieces and not ends_sentence(pieces[-1]):
        pieces.pop()
    kept = "".join(pieces).rstrip()
    return kept or text


def max_chars(length: str, source_chars: int) -> int:
    """The most characters a summary of `source_chars` may have at this length setting."""
    return int(RATIOS.get(length, 0.2) * source_chars)


def fit_to_budget(text: str, limit: int) -> str:
    """The longest run of `text`'s complete sentences (or bullet lines) from its start that fits in `limit`
    characters; at least its first complete one, so the result never ends mid-sentence unless the model wrote no
    complete sentence at all."""
    text = end_at_sentence(text.strip())
    if len(text) <= limit:
        return text
    bullets = [ln for ln in text.split("\n") if ln.strip()]
    units = bullets if len(bullets) > 1 else split_sentences(text)
    joiner = "\n" if len(bullets) > 1 else ""
    kept: list[str] = []
    for unit in units:
        if kept and len(joiner.join([*kept, unit]).rstrip()) > limit:
            break
        kept.append(unit)
    return joiner.join(kept).rstrip()
