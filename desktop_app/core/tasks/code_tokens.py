"""Which parts of a code block to colour: Pygments' lexer for the block's language, its tokens sorted into the few
kinds a reader tells apart at a glance (keywords, strings, comments, numbers, function and type names).

The whole block is lexed at once, so a string or a comment over several lines is known as one; the tokens are
then cut at line ends, because the conversation view holds each line of a block as a paragraph of its own.
"""

from __future__ import annotations

KINDS = ("keyword", "string", "comment", "number", "function", "type")
Span = tuple[int, int, str]  # start column, length (in characters), kind


def _kind(token) -> str:
    from pygments import token as t

    for kind, types in (
        ("comment", (t.Comment,)),
        ("string", (t.String,)),
        ("number", (t.Number,)),
        ("type", (t.Keyword.Type, t.Name.Class, t.Name.Builtin, t.Name.Decorator, t.Name.Namespace)),
        ("keyword", (t.Keyword, t.Operator.Word)),
        ("function", (t.Name.Function,)),
    ):
        if any(token in parent for parent in types):
            return kind
    return ""


def code_spans(language: str, code: str) -> list[list[Span]] | None:
    """Per line of `code`: the spans worth a colour; None for a language Pygments does not know (no guessing:
    a guess from a few lines is often wrong, and plain code is better than wrongly coloured code)."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        # stripnl/ensurenl off: the tokens must keep every line where it is
        lexer = get_lexer_by_name(language.strip().lower(), stripnl=False, stripall=False, ensurenl=False)
    except ClassNotFound:
        return None
    lines: list[list[Span]] = [[] for _ in code.split("\n")]
    line = column = 0
    for token, value in lexer.get_tokens(code):
        kind = _kind(token)
        for i, part in enumerate(value.split("\n")):
            if i:
                line, column = line + 1, 0
            if part and kind and line < len(lines):
                spans = lines[line]
                if spans and spans[-1][2] == kind and spans[-1][0] + spans[-1][1] == column:  # '"', 'hi', '"'
                    spans[-1] = (spans[-1][0], spans[-1][1] + len(part), kind)
                else:
                    spans.append((column, len(part), kind))
            column += len(part)
    return lines
