"""Sentences core shows to users, written as templates so that the interface can translate them.

Core has no Qt and so no tr(): it raises and returns plain English (the CLI, the server and the model need that),
but every such sentence is built by `phrase("{name} cannot describe images.", name=...)`. The first argument is a
string literal; scripts/update_translations.py finds each one in core/ (an AST walk), lists it in
ui/core_strings.py for lupdate (context "core") and checks that it is translated. The window keeps only the English
text (errors cross the engine's pipe, tool results are stored, jobs emit str(exc)), and ui/core_text.py matches that
text against the listed templates, translates the template and puts the fields back, themselves translated when
they are core phrases too.

    phrase("Cannot connect to {endpoint}: check your internet connection.", endpoint=url)   # a sentence
    WHAT = phrase("the search for {query}")   # only marks a template (QT_TRANSLATE_NOOP-like): returned as is
    phrase(WHAT, query="'qwen'")              # ...formatted later (its literal was found where it was marked)

Fields are names, paths, numbers or other phrases, never bits of English grammar: a sentence that changes with a
field ("is"/"are", "while loading") is written as two templates.
"""

from __future__ import annotations

import re
import string

FIELD = re.compile(r"\{(\w+)\}")


def fields_of(template: str) -> list[str]:
    """The named fields of a template, in order ("{a} and {b}" → ["a", "b"])."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def phrase(template: str, **fields: object) -> str:
    """The English sentence: `template` with its named fields filled in. Without fields, the template itself, so a
    template can be marked where it is written and formatted where it is used."""
    if not fields:
        return template
    return template.format_map(fields)


class PhraseProblem(ValueError):
    """A phrase() call the translation tools cannot use: its template is not a literal, says too little, or its
    fields differ from the template's."""


def _literal_words(template: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", FIELD.sub(" ", template))


def templates_in(source: str, where: str = "") -> list[str]:
    """The templates of the phrase() calls in one Python source, in order; raises PhraseProblem for a call whose
    template is not a string literal (unless it formats a name marked elsewhere), whose keywords differ from its
    fields, or that has no word of its own to be told apart from other text (a template of only "{error}")."""
    import ast

    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name != "phrase":
            continue
        first = node.args[0]
        at = f"{where}:{node.lineno}"
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            if node.keywords:
                continue  # formats a template marked where it was written
            raise PhraseProblem(f"{at}: phrase() needs a string literal")
        template = first.value
        parsed = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
        if any(not re.fullmatch(r"\w+", f) or spec or conv for f, spec, conv in parsed):
            raise PhraseProblem(f"{at}: {template!r}: fields are plain names (format numbers before)")
        if "}{" in template:
            raise PhraseProblem(f"{at}: {template!r}: two fields side by side cannot be told apart")
        given = {k.arg for k in node.keywords}
        if given and None not in given and given != set(fields_of(template)):  # None: **fields, checked at run time
            raise PhraseProblem(f"{at}: fields {sorted(given)} given for {template!r}")
        if not any(len(w) >= 3 for w in _literal_words(template)):
            raise PhraseProblem(f"{at}: {template!r} has no word of its own to be recognised by")
        found.append(template)
    return found


def core_templates(package_dir: str) -> list[str]:
    """Every phrase() template under a package folder (desktop_app), each once, in file order."""
    from pathlib import Path

    out: list[str] = []
    root = Path(package_dir)
    for path in sorted(root.rglob("*.py")):
        out += templates_in(path.read_text(encoding="utf-8"), str(path.relative_to(root.parent)))
    return list(dict.fromkeys(out))
