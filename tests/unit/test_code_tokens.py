"""Which parts of a code block are coloured (core/tasks/code_tokens.py, Pygments)."""

from __future__ import annotations

from desktop_app.core.tasks.code_tokens import code_spans


def _words(code: str, language: str) -> list[list[tuple[str, str]]]:
    lines = code.split("\n")
    return [[(line[a:a + n], kind) for a, n, kind in spans] for line, spans in
            zip(lines, code_spans(language, code), strict=True)]


def test_python_keywords_names_strings_numbers_and_comments():
    code = 'def area(r):\n    """Pi times\n    r squared."""\n    return 3.14 * r ** 2  # 面积\n\nclass Circle: pass'
    assert _words(code, "python") == [
        [("def", "keyword"), ("area", "function")],
        [('"""Pi times', "string")],  # a string over two lines is one string, cut at the line end
        [('    r squared."""', "string")],
        [("return", "keyword"), ("3.14", "number"), ("2", "number"), ("# 面积", "comment")],
        [],
        [("class", "keyword"), ("Circle", "type"), ("pass", "keyword")],
    ]


def test_leading_blank_lines_keep_every_line_in_place_and_other_languages_work():
    assert _words("\n\nlet x = 1; // one", "JavaScript")[2][0] == ("let", "keyword")  # no newline stripped
    rust = _words('fn main() { println!("hi"); }', "rust")[0]
    assert ("fn", "keyword") in rust and ('"hi"', "string") in rust


def test_a_language_pygments_does_not_know_stays_plain():
    assert code_spans("no-such-language", "x = 1") is None
    assert code_spans("", "x = 1") is None
