"""Translation with a real chat LLM: the built-in Qwen2.5-Coder-0.5B through llama.cpp (SmolLM2 knows no Chinese)."""

from __future__ import annotations

import re

import pytest

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.chunking import is_mostly_chinese
from desktop_app.core.tasks.translate import translate


@pytest.fixture(scope="module")
def qwen_backend(qwen):
    backend = LlamaCppBackend()
    backend.load(ModelSpec.from_path(qwen), LoadOptions(n_ctx=2048))
    yield backend
    backend.unload()


def test_english_paragraph_to_chinese(qwen_backend):
    text = (
        "The weather is nice today. We are going to the park for a walk, "
        "and then we will have lunch together by the lake."
    )
    pieces = []
    result = translate(qwen_backend, text, "en", "zh", on_text=pieces.append)
    assert is_mostly_chinese(result.text), result.text
    assert "\ufffd" not in result.text and "```" not in result.text
    assert "".join(pieces) == result.text
    assert len([p for p in pieces if p]) > 3  # streamed as it was generated, not handed over in one piece
    assert (result.method, result.source, result.paragraphs, result.truncated) == ("chat", "en", 1, False)


def test_two_chinese_paragraphs_to_english_keep_the_blank_line(qwen_backend):
    text = "今天天气很好。我们去公园散步。\n\n下午我们一起吃午饭，然后回家休息。"
    progress = []
    result = translate(qwen_backend, text, "auto", "en", on_progress=lambda d, t: progress.append((d, t)))
    assert result.detected is not None and result.detected[0] == "zh" and result.source == "zh"
    assert result.text.count("\n") == 2
    first, second = result.text.split("\n\n")
    for paragraph in (first, second):
        assert not is_mostly_chinese(paragraph), result.text
        assert len(re.findall(r"[A-Za-z]+", paragraph)) >= 4, result.text
    assert progress == [(0, 2), (1, 2), (2, 2)]
