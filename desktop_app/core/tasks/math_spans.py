"""Math in a reply's Markdown: where it is, and what of it can be drawn.

Qwen, DeepSeek-R1 distills and most chat models write formulas in LaTeX: `$...$` and `\\(...\\)` inline, `$$...$$`
and `\\[...\\]` on their own lines, often ending with `\\boxed{answer}`. Read as Markdown they come out mangled
(`\\(` loses its backslash, `x_1 ... x_2` turns italic). `find_math` finds them outside code, with pandoc's rule
for a single `$` (no space inside either dollar, no digit right after the closing one, no `$` inside), so prices
("$5 and $10") stay text. `math_pieces` turns one formula into what matplotlib's mathtext can draw (math_render.py):

- `\\boxed{...}` at the top level becomes a piece drawn in a frame; `\\text{...}` holding Chinese becomes plain text
  between the pieces (mathtext has no CJK glyphs; Qt's fonts do), and a box holding such text loses its frame;
- `aligned`, `align*`, `gathered` and `split` environments (and `\\\\` breaks) become their lines: one picture
  with the rows lined up at their `&`, or one line each;
- what mathtext cannot draw (cases, matrices, arrays, Chinese inside a fraction...) is None: the caller shows the
  source as code, readable and copyable, instead of a broken picture.

`to_markdown` puts an image reference where each formula was, for a Markdown renderer that draws them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.core.tasks.chunking import WIDE_CHAR
from desktop_app.core.tasks.markdown_code import fenced_ranges

_LINE_ENVIRONMENTS = ("aligned", "align", "align*", "gathered", "gather", "gather*", "split", "eqnarray",
                      "eqnarray*")
_UNSUPPORTED = re.compile(r"\\begin\{|\\end\{|\\underbrace|\\overbrace|\\substack|\\xrightarrow|\\tag\b")
# LaTeX that mathtext spells differently or does not need.
_REWRITES = (
    (re.compile(r"\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits)\b"), ""),
    (re.compile(r"\\tfrac\b"), r"\\frac"),
    (re.compile(r"\\(?:mbox|textrm|textup)\b"), r"\\text"),
    (re.compile(r"\\textbf\b"), r"\\mathbf"),
    (re.compile(r"\\textit\b"), r"\\mathit"),
    (re.compile(r"\\lt\b"), "<"),
    (re.compile(r"\\gt\b"), ">"),
    (re.compile(r"\\(?:left|right)\s*\.\s*"), ""),
    (re.compile(r"\\[dt]?biggl?r?\b|\\Bigg?[lr]?\b"), ""),
    (re.compile(r"\\operatorname\*"), r"\\operatorname"),
)


@dataclass(frozen=True)
class MathSpan:
    start: int  # in the text, the opening delimiter included
    end: int  # after the closing delimiter
    source: str  # between the delimiters
    display: bool  # $$...$$ or \[...\]: a line of its own


@dataclass(frozen=True)
class Piece:
    kind: str  # "math", "boxed" (math in a frame), "aligned" (rows of `&` columns, one picture) or "text"
    text: str


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks and inline code spans, where nothing is math."""
    fenced, spans, k = fenced_ranges(text), [], 0
    for m in re.finditer(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", text, re.S):
        while k < len(fenced) and fenced[k][1] <= m.start():
            k += 1
        if k == len(fenced) or m.start() < fenced[k][0]:  # not inside a fenced block
            spans.append((m.start(), m.end()))
    return sorted(fenced + spans)


_OPENING = re.compile(r"\\[(\[]|\$")


def find_math(text: str) -> list[MathSpan]:
    """Every formula outside code, in order. Jumps from one possible opening to the next: a 50,000-character reply
    is read in milliseconds (this runs on the GUI thread when a reply ends)."""
    if "$" not in text and "\\(" not in text and "\\[" not in text:
        return []
    code = _code_ranges(text)
    code_starts = [a for a, _ in code]
    spans: list[MathSpan] = []
    pos = 0
    while (m := _OPENING.search(text, pos)) is not None:
        i = m.start()
        k = bisect.bisect_right(code_starts, i) - 1
        if k >= 0 and i < code[k][1]:
            pos = code[k][1]
            continue
        if text[i] == "\\":
            closing = "\\)" if text[i + 1] == "(" else "\\]"
            end = text.find(closing, i + 2)
            if end > i + 2 and (closing == "\\]" or "\n\n" not in text[i + 2:end]):
                spans.append(MathSpan(i, end + 2, text[i + 2:end].strip(), closing == "\\]"))
                pos = end + 2
            else:
                pos = i + 2
            continue
        if i > 0 and text[i - 1] == "\\":  # \$ is a dollar sign
            pos = i + 1
            continue
        if text.startswith("$$", i):
            end = text.find("$$", i + 2)
            if end > i + 2 and text[i + 2:end].strip():
                spans.append(MathSpan(i, end + 2, text[i + 2:end].strip(), True))
                pos = end + 2
            else:
                pos = i + 2
            continue
        span = _inline_dollar(text, i, code)
        if span is not None:
            spans.append(span)
        pos = span.end if span is not None else i + 1
    return spans


def _inline_dollar(text: str, i: int, code: list[tuple[int, int]]) -> MathSpan | None:
    """$...$ by pandoc's rule: no space after the opening dollar or before the closing one, no digit right after
    the closing one; and here no dollar, no blank line and no code inside, so "$5 and $x$" is a price and then
    math, and "$10 in `$x$`" is a price and code."""
    if i + 1 >= len(text) or text[i + 1].isspace():
        return None
    j = i + 1
    while True:
        j = text.find("$", j)
        if j < 0:
            return None
        if text[j - 1] == "\\":
            j += 1
            continue
        body = text[i + 1:j]
        after = bisect.bisect_right(code, (i, len(text)))  # the first code range starting after i
        if (after < len(code) and code[after][0] < j) or "\n\n" in body or text[j - 1].isspace() or (j + 1 < len(text) and text[j + 1].isdigit()):
            return None
        return MathSpan(i, j + 1, body, False)


def _group(source: str, start: int) -> int:
    """The index after the {...} group opening at `start` (-1 when unbalanced)."""
    depth = 0
    for k in range(start, len(source)):
        ch = source[k]
        if ch == "{" and (k == 0 or source[k - 1] != "\\"):
            depth += 1
        elif ch == "}" and source[k - 1] != "\\":
            depth -= 1
            if depth == 0:
                return k + 1
    return -1


def _split_top(source: str) -> list[Piece] | None:
    """Top-level \\boxed{...} and \\text{...} with Chinese become their own pieces; the rest stays math."""
    pieces: list[Piece] = []
    last = 0
    for m in re.finditer(r"\\(boxed|text)\s*\{", source):
        if m.start() < last or _depth(source, m.start()) != 0:
            continue
        close = _group(source, m.end() - 1)
        if close < 0:
            return None
        inner = source[m.end():close - 1]
        if m.group(1) == "text" and not WIDE_CHAR.search(inner):
            continue
        before = source[last:m.start()]
        if before.strip():
            pieces.append(Piece("math", before.strip()))
        if m.group(1) == "boxed" and WIDE_CHAR.search(inner):
            inside = _split_top(inner)  # "x = 2 \text{ 或 } x = 3": its pieces, without the frame
            if inside is None:
                return None
            pieces += inside
        elif m.group(1) == "boxed":
            pieces.append(Piece("boxed", inner.strip()))
        else:
            pieces.append(Piece("text", inner))
        last = close
    rest = source[last:]
    if rest.strip():
        pieces.append(Piece("math", rest.strip()))
    if any(p.kind != "text" and WIDE_CHAR.search(p.text) for p in pieces):
        return None  # Chinese inside a fraction or a box: mathtext would draw empty boxes
    return pieces


def _depth(source: str, at: int) -> int:
    depth = 0
    for k in range(at):
        if source[k] == "{" and (k == 0 or source[k - 1] != "\\"):
            depth += 1
        elif source[k] == "}" and (k == 0 or source[k - 1] != "\\"):
            depth -= 1
    return depth


def _lines(source: str) -> list[str] | None:
    """The formula's lines: an aligned-style environment's (without the `&`), or the source's own `\\\\` breaks;
    None for another environment (cases, matrices), which mathtext cannot draw."""
    m = re.fullmatch(r"\s*\\begin\{([a-z*]+)\}(.*)\\end\{\1\}\s*", source, re.S)
    if m is not None and m.group(1) not in _LINE_ENVIRONMENTS:
        return None
    body = m.group(2) if m is not None else source
    lines = [ln.strip() for ln in re.split(r"\\\\(?:\[[^\]]*\])?", body)]
    return [ln for ln in lines if ln]


def _rewritten(line: str, display: bool) -> str:
    for pattern, repl in _REWRITES:
        line = pattern.sub(repl, line)
    if display:
        line = re.sub(r"\\frac\b", r"\\dfrac", line)  # display style: fractions at full size, as LaTeX does
    return line


def math_pieces(span: MathSpan) -> list[list[Piece]] | None:
    """The formula as lines of pieces mathtext can draw, or None where it cannot (shown as code instead)."""
    lines = _lines(span.source)
    if lines is None:
        return None
    if len(lines) > 1 and any("&" in line for line in lines):  # rows aligned at their `&`: one picture
        body = "\\\\".join(_rewritten(line, span.display) for line in lines)
        if _UNSUPPORTED.search(body) or "$" in body or WIDE_CHAR.search(body):
            return None
        return [[Piece("aligned", body)]]
    out: list[list[Piece]] = []
    for line in lines:
        line = _rewritten(line.replace("&", " "), span.display)
        if _UNSUPPORTED.search(line) or "$" in line or not line.strip():
            return None
        pieces = _split_top(line)
        if not pieces:
            return None
        out.append(pieces)
    return out


def _code(source: str) -> str:
    fence = "`" * (max((len(m) for m in re.findall(r"`+", source)), default=0) + 1)
    return f"{fence} {source} {fence}"


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~$])", r"\\\1", text)


def to_markdown(text: str, image_name: Callable[[Piece, bool], str]) -> str:
    """`text` with each formula replaced by image references (`image_name(piece, display)` names each one), Chinese
    text pieces as text, and what cannot be drawn as inline code. Display formulas get a paragraph of their own,
    one line per line of the formula. (An image needs alt text: Qt's Markdown reader drops `![](url)`.)"""
    spans = find_math(text)
    if not spans:
        return text
    out, last = [], 0
    for span in spans:
        out.append(text[last:span.start])
        lines = math_pieces(span)
        if lines is None:
            drawn = _code(span.source)
        else:
            drawn = "  \n".join(
                "".join(_escape(p.text) if p.kind == "text" else f"![math]({image_name(p, span.display)})" for p in line)
                for line in lines)
        out.append(f"\n\n{drawn}\n\n" if span.display else drawn)
        last = span.end
    out.append(text[last:])
    return "".join(out)
