"""Finding LaTeX in a reply's Markdown and turning it into what mathtext can draw (core/tasks/math_spans.py)."""

from __future__ import annotations

from desktop_app.core.tasks.math_spans import MathSpan, Piece, find_math, math_pieces, to_markdown


def _sources(text: str) -> list[tuple[str, bool]]:
    return [(s.source, s.display) for s in find_math(text)]


def test_the_four_delimiters_in_order():
    text = r"Roots of $x^2-1$ are \(x=\pm 1\):" + "\n\n$$x = \\pm 1$$\n\nand\n\\[\n y = 2 \n\\]"
    assert _sources(text) == [("x^2-1", False), (r"x=\pm 1", False), (r"x = \pm 1", True), ("y = 2", True)]
    spans = find_math(text)
    assert text[spans[0].start:spans[0].end] == "$x^2-1$"


def test_prices_escaped_dollars_and_code_are_not_math():
    assert find_math("It costs $5 and $10 a month.") == []
    assert _sources("It costs $5, and $x$ is the unknown.") == [("x", False)]
    assert find_math(r"Escaped \$x\$ stays text") == []
    assert find_math("A price of $10 and the code `$x$` here") == []
    assert find_math("```python\nprint('$x$')\n```\nand `$$y$$`") == []
    assert find_math("$a\n\nb$") == []  # inline math never crosses a paragraph
    assert find_math("$ x$ and $x $") == []  # pandoc: no space inside the dollars


def test_a_boxed_answer_is_its_own_framed_piece():
    whole = math_pieces(MathSpan(0, 0, r"\boxed{42}", True))
    assert whole == [[Piece("boxed", "42")]]
    part = math_pieces(MathSpan(0, 0, r"x = \boxed{3}", False))
    assert part == [[Piece("math", "x ="), Piece("boxed", "3")]]


def test_chinese_text_inside_a_formula_becomes_text_between_pictures():
    pieces = math_pieces(MathSpan(0, 0, r"S = \pi r^2 \text{（面积）}", False))
    assert pieces == [[Piece("math", r"S = \pi r^2"), Piece("text", "（面积）")]]
    boxed = math_pieces(MathSpan(0, 0, r"\boxed{x = 2 \text{ 或 } x = 3}", True))
    assert boxed == [[Piece("math", "x = 2"), Piece("text", " 或 "), Piece("math", "x = 3")]]  # no frame then
    assert math_pieces(MathSpan(0, 0, r"\frac{\text{面积}}{2}", False)) is None  # Chinese inside: shown as code
    assert math_pieces(MathSpan(0, 0, r"\text{area} = 2", False)) == [[Piece("math", r"\text{area} = 2")]]


def test_environments_become_lines_or_code():
    aligned = math_pieces(MathSpan(0, 0, r"\begin{aligned} f(x) &= (x-2)^2 \\ &= x^2 - 4x + 4 \end{aligned}", True))
    assert aligned == [[Piece("aligned", r"f(x) &= (x-2)^2\\&= x^2 - 4x + 4")]]
    broken = math_pieces(MathSpan(0, 0, r"a = 1 \\ b = 2", True))
    assert broken == [[Piece("math", "a = 1")], [Piece("math", "b = 2")]]
    assert math_pieces(MathSpan(0, 0, r"\begin{cases} x \\ y \end{cases}", True)) is None
    assert math_pieces(MathSpan(0, 0, r"\begin{pmatrix} 1 & 0 \end{pmatrix}", True)) is None


def test_latex_mathtext_spells_otherwise_is_rewritten():
    display = math_pieces(MathSpan(0, 0, r"\displaystyle \tfrac{1}{2} + \frac{a}{b}", True))
    assert display == [[Piece("math", r"\dfrac{1}{2} + \dfrac{a}{b}")]]  # display style: full-size fractions
    inline = math_pieces(MathSpan(0, 0, r"\tfrac{1}{2} + \frac{a}{b}", False))
    assert inline == [[Piece("math", r"\frac{1}{2} + \frac{a}{b}")]]


def test_markdown_gets_images_code_and_escaped_text():
    names = []

    def name(piece: Piece, display: bool) -> str:
        names.append((piece.kind, piece.text, display))
        return f"math:{len(names)}"

    text = r"So $x_1 = 3$ and $$\boxed{x = 2 \text{ 或 } x = 3}$$ then $$\begin{cases} a \\ b \end{cases}$$"
    md = to_markdown(text, name)
    assert md.startswith("So ![math](math:1) and \n\n![math](math:2) 或 ![math](math:3)\n\n then")
    assert r"` \begin{cases} a \\ b \end{cases} `" in md  # shown as code, readable and copyable
    assert names == [("math", "x_1 = 3", False), ("math", "x = 2", True), ("math", "x = 3", True)]
    assert to_markdown("`a` costs $5", name) == "`a` costs $5"
    assert to_markdown(r"$\text{a*b}$", name).startswith("![math](")
    chinese = to_markdown(r"$x \text{（单位*米）}$", name)
    assert chinese.endswith(r"（单位\*米）")  # Markdown characters in a text piece stay characters


def test_fenced_blocks_parted_only_by_blank_lines_are_kept_apart():
    from desktop_app.core.tasks.markdown_code import SEPARATOR, fenced_ranges, separate_fenced_blocks

    text = "Run:\n\n```bash\nls\n```\n\n```python\nprint(1)\n```\nthen\n\n```\nz\n```"
    parted = separate_fenced_blocks(text)
    assert parted.count(SEPARATOR) == 1  # between bash and python; "then" parts the last two already
    assert parted.replace("\n" + SEPARATOR + "\n\n", "") == text
    assert [parted[a:b].split("\n")[0] for a, b in fenced_ranges(parted)] == ["```bash", "```python", "```"]
    assert separate_fenced_blocks("no code") == "no code"
