"""core/messages.py: core's sentences are phrase() templates that the translation tools find and check, and
ui/core_strings.py (what lupdate and ui/core_text.py read) lists every one of them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from desktop_app.core.messages import PhraseProblem, core_templates, fields_of, phrase, templates_in

ROOT = Path(__file__).resolve().parents[2]


def test_phrase_fills_named_fields_and_marks_a_template_without_them():
    assert phrase("Cannot connect to {endpoint}: check it.", endpoint="http://x") == "Cannot connect to http://x: check it."
    assert phrase("{name} cannot chat.") == "{name} cannot chat."  # marked here, formatted where it is used
    assert fields_of("{a} and {b} and {a}") == ["a", "b", "a"]


@pytest.mark.parametrize("source, why", [
    ("phrase(text)", "string literal"),
    ('phrase("{name} cannot chat.", nme=1)', "fields"),
    ('phrase("{size:.1f} MB is too big.", size=2)', "plain names"),
    ('phrase("{error}.", error=1)', "no word"),
])
def test_the_extractor_refuses_templates_it_could_not_translate(source, why):
    with pytest.raises(PhraseProblem, match=why):
        templates_in(source)


def test_the_extractor_finds_literals_and_lets_marked_templates_be_formatted_later():
    source = 'A = phrase("{name} cannot see.")\nraise E(phrase(A, name=n))\nphrase("Division by zero.")\n'
    assert templates_in(source) == ["{name} cannot see.", "Division by zero."]


def test_core_strings_lists_every_template_of_the_code():
    """A phrase() added without running scripts/update_translations.py would stay English in the Chinese window."""
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)  # type: ignore[union-attr]
    written = (ROOT / "desktop_app" / "ui" / "core_strings.py").read_text(encoding="utf-8")
    assert written == script.core_strings_text(), "run scripts/update_translations.py"
    templates = core_templates(str(ROOT / "desktop_app"))
    assert "The user denied this tool call." in templates and "{name} cannot describe images." in templates
