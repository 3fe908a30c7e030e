"""Paragraph, sentence and token-budget splitting, with a real tokenizer (SmolLM2's, through llama.cpp)."""

from __future__ import annotations

import re

import pytest

from desktop_app.core.tasks.chunking import (
    chunk_text,
    cjk_ratio,
    is_mostly_chinese,
    split_blocks,
    split_sentences,
)

LAYOUTS = [
    "",
    "one line",
    "First paragraph.\n\nSecond paragraph.",
    "\n\n  Leading blank lines and indentation.\n\n\n\nFour newlines before this one.\n",
    "A paragraph\nwith single line breaks\ninside it.\n \t\nAnd a whitespace-only line between.   ",
    "Windows\r\n\r\nline ends\r\nhere\r\n",
    "只有中文。\n\n第二段。\n\n\n第三段，后面有空格。  \n\n",
    "   \n\n  ",
]


@pytest.mark.parametrize("text", LAYOUTS)
def test_split_blocks_round_trip(text):
    blocks = split_blocks(text)
    assert "".join(b.text + b.separator for b in blocks) == text
    for b in blocks[:-1]:
        assert b.separator.count("\n") >= 2 and not b.separator.strip()


def test_split_blocks_paragraphs_and_separators():
    blocks = split_blocks("First.\n\nSecond\nstill second.\n\n\n  Third.")
    assert [b.text for b in blocks] == ["First.", "Second\nstill second.", "Third."]
    assert [b.separator for b in blocks] == ["\n\n", "\n\n\n  ", ""]


def test_split_blocks_windows_line_ends():
    blocks = split_blocks("One.\r\n\r\nTwo\r\nlines.\r\n\r\nThree.")
    assert [b.text for b in blocks] == ["One.", "Two\r\nlines.", "Three."]
    assert [b.separator for b in blocks] == ["\r\n\r\n", "\r\n\r\n", ""]


def test_chinese_sentence_ends():
    text = "今天天气很好。我们去公园吧！你来吗？好的；明天见"
    assert split_sentences(text) == ["今天天气很好。", "我们去公园吧！", "你来吗？", "好的；", "明天见"]


def test_runs_of_end_marks_and_closing_quotes_stay_with_their_sentence():
    assert split_sentences("真的吗？！太好了……“走吧！”他说。") == ["真的吗？！", "太好了……", "“走吧！”", "他说。"]


def test_english_sentences_keep_their_spaces_and_decimals():
    text = "Pi is 3.14 today. Is it? Yes! Done"
    pieces = split_sentences(text)
    assert pieces == ["Pi is 3.14 today. ", "Is it? ", "Yes! ", "Done"]
    assert "".join(pieces) == text


@pytest.fixture(scope="module")
def count_tokens(smollm2):
    """SmolLM2's real BPE: an English word is about one token, a Chinese character one to three."""
    from llama_cpp import Llama

    llm = Llama(model_path=str(smollm2), vocab_only=True, verbose=False)
    yield lambda text: len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))
    llm.close()


ENGLISH = (
    "Machine learning is a branch of artificial intelligence. It builds models from data. "
    "Those models then make predictions about new data they have never seen before.\n\n"
    "Training needs a lot of examples. Evaluation needs examples the model did not see. "
    "Both matter, and neither is enough alone."
)
CHINESE = (
    "机器学习是人工智能的一个分支。它从数据中建立模型。这些模型再对从未见过的新数据做出预测。\n\n"
    "训练需要大量的例子；评估需要模型没见过的例子。两者都重要，缺一不可。"
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("text", [ENGLISH, CHINESE, ENGLISH + "\n\n" + CHINESE])
@pytest.mark.parametrize("budget", [12, 30, 80])
def test_chunk_text_respects_the_budget_and_keeps_all_text(text, budget, count_tokens):
    chunks = chunk_text(text, budget, count_tokens)
    assert all(count_tokens(c) <= budget for c in chunks), [(count_tokens(c), c) for c in chunks]
    assert _squash("".join(chunks)) == _squash(text)
    assert len(chunks) >= count_tokens(text) // budget


def test_chunks_end_at_sentence_ends_when_sentences_fit(count_tokens):
    chunks = chunk_text(CHINESE, 40, count_tokens)
    assert len(chunks) > 1
    assert all(c.endswith(("。", "；")) for c in chunks), chunks


def test_whole_paragraphs_when_they_fit(count_tokens):
    chunks = chunk_text(ENGLISH, 200, count_tokens)
    assert chunks == [ENGLISH.strip()]
    paragraphs = chunk_text(ENGLISH, 45, count_tokens)
    assert paragraphs == [p.strip() for p in ENGLISH.split("\n\n")]


def test_a_sentence_with_no_edges_is_cut_anyway(count_tokens):
    run_on = "数据" * 200
    chunks = chunk_text(run_on, 25, count_tokens)
    assert all(count_tokens(c) <= 25 for c in chunks)
    assert "".join(chunks) == run_on


def test_chunk_text_edge_cases(count_tokens):
    assert chunk_text("   \n\n ", 10, count_tokens) == []
    with pytest.raises(ValueError):
        chunk_text("text", 0, count_tokens)


def test_mostly_chinese():
    assert is_mostly_chinese("今天天气很好，我们去公园散步。")
    assert is_mostly_chinese("我用Python写代码")
    assert not is_mostly_chinese("The weather is nice today, let's go for a walk.")
    assert not is_mostly_chinese("")
    assert 0 < cjk_ratio("The word 你好 means hello in Chinese.") < 0.5
