"""`chat --thinking on|off|auto` reaches the model's chat template (issue 16): a Qwen3-style template closes an
empty thinking block in the prompt when thinking is off, so the prompt is longer by exactly that block, through
the real llama.cpp path with a tiny seeded model. Thinking goes to stderr, the answer alone to stdout."""

from __future__ import annotations

import re

import pytest

from desktop_app.cli import main
from tests.fixtures.tiny_reasoning import build_reasoning_model


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_reasoning_model(tmp_path_factory.mktemp("cli_thinking") / "tiny-qwen3.gguf")


def _prompt_tokens(capsys, model, mode: str) -> int:
    code = main(["chat", "Hello 你好", "--model", str(model), "--max-tokens", "1", "--ctx", "256", "--seed", "1",
                 "--thinking", mode, "-v"])
    err = capsys.readouterr().err
    assert code == 0, err
    return int(re.search(r"\[(\d+) prompt tokens", err).group(1))


def test_thinking_off_closes_the_block_in_the_prompt(capsys, app_home, tiny):
    on, auto, off = (_prompt_tokens(capsys, tiny, mode) for mode in ("on", "auto", "off"))
    assert on == auto and off > on  # "<think>\n\n</think>\n\n" is in the prompt only when thinking is off


def test_a_wrong_thinking_value_is_a_usage_error(capsys, app_home, tiny):
    with pytest.raises(SystemExit) as exc:
        main(["chat", "Hi", "--model", str(tiny), "--thinking", "maybe"])
    assert exc.value.code == 2 and "invalid choice: 'maybe'" in capsys.readouterr().err


def test_thinking_budget_option(capsys, app_home, tiny):
    """The option reaches the params (its effect on a model: tests/integration/test_thinking_budget.py)."""
    from desktop_app.chat_cli import chat_settings as _chat_settings
    from desktop_app.cli import build_parser

    args = build_parser().parse_args(["chat", "Hi", "--thinking", "on", "--thinking-budget", "64"])
    assert (_chat_settings(args).params.thinking, _chat_settings(args).params.thinking_budget) == ("on", 64)
    assert main(["chat", "Hi", "--model", str(tiny), "--max-tokens", "1", "--thinking-budget", "4"]) == 0
