"""Base models (a GGUF without a chat template): detected, and the CLI's chat continues their text instead of
wrapping it in ChatML. SmolLM2 (which has a template) forced into completion with --complete."""

from __future__ import annotations

import pytest

from desktop_app.cli import main
from desktop_app.core.models.metadata import read_gguf_record
from tests.fixtures.tiny_gguf_vision import build_tiny_language_model


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    return build_tiny_language_model(tmp_path_factory.mktemp("base") / "tiny-base.gguf", chat_template=None)


def test_a_gguf_without_a_template_is_a_base_model(tiny_base, smollm2, tmp_path):
    assert read_gguf_record(tiny_base).base_model
    assert not read_gguf_record(smollm2).base_model
    chat = build_tiny_language_model(tmp_path / "tiny-chat.gguf")
    assert not read_gguf_record(chat).base_model


def test_cli_chat_continues_a_base_models_text(app_home, tiny_base, capsys):
    rc = main(["chat", "The quick brown fox", "--model", str(tiny_base), "--max-tokens", "8", "--seed", "1",
               "--temperature", "0", "-v"])  # fmt: skip
    out = capsys.readouterr()
    assert rc == 0
    assert "is a base model (no chat template): it continues your text." in out.err
    assert "8 tokens" in out.err  # it generated, streamed, and finished on the token limit


def test_cli_complete_forces_plain_continuation_on_a_chat_model(app_home, smollm2, capsys):
    rc = main(["chat", "The capital of France is", "--model", str(smollm2), "--complete", "--max-tokens", "6",
               "--temperature", "0"])  # fmt: skip
    out = capsys.readouterr()
    assert rc == 0 and "base model" not in out.err
    assert "Paris" in out.out  # the sentence was continued as text
