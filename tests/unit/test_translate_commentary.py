"""A translation never carries the model's commentary into the result (Copy and Save use it), in both languages."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.engine.types import Capability, Chunk
from desktop_app.core.tasks.translate import build_messages, translate
from desktop_app.core.tasks.translate_reply import ReplyCleaner, is_commentary


def clean(chunks: list[str], single_line: bool = True) -> str:
    cleaner = ReplyCleaner(single_line=single_line)
    return "".join(cleaner.feed(c) for c in chunks) + cleaner.finish()


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        (["宇宙空间望远镜于2021年发射。", "\n\n---\n", "This translation maintains the original meaning."],
         "宇宙空间望远镜于2021年发射。"),
        (["The river flooded.\n", "Note: \"河流\" means river."], "The river flooded."),
        (["今天下雨了。\n\n", "（注：原文为英语。）"], "今天下雨了。"),
        (["他错过了最后一班公交车，\n", "只好走路回家。"], "他错过了最后一班公交车， 只好走路回家。"),
        (["The museum opens at nine.", "\n翻译：博物馆九点开门。"], "The museum opens at nine."),
        (["Hello", " world\n```"], "Hello world"),
    ],
)
def test_commentary_after_a_one_line_translation_is_dropped(chunks, expected):
    assert clean(chunks) == expected


def test_lines_of_a_multi_line_piece_are_kept():
    assert clean(["第一行\n", "第二行"], single_line=False) == "第一行\n第二行"


def test_commentary_lines_are_recognised_and_content_is_not():
    for line in ("---", "Note: the name is kept.", "(Note: literal)", "注：保留了原名。", "This translation keeps…",
                 "翻译：你好", "I have translated the text."):
        assert is_commentary(line), line
    for line in ("Notebooks are on sale.", "注意安全，小心驾驶。", "The translation of poetry is hard."):
        # a sentence that only starts like commentary stays, except "The translation…" which opens a remark
        assert is_commentary(line) == line.startswith("The translation"), line


def test_a_chinese_target_asks_for_chinese_characters_only():
    assert "Chinese characters" in build_messages("Hello", "en", "zh")[-1]["content"]
    assert "Chinese characters" not in build_messages("你好", "zh", "en")[-1]["content"]


class Chatty:
    """A chat backend that answers every request with a translation and a note, in pieces."""

    capabilities = frozenset({Capability.CHAT})
    n_ctx = 4096
    info = None

    def count_tokens(self, text: str) -> int:
        return len(text)

    def count_chat_tokens(self, messages) -> int:
        return sum(len(m["content"]) for m in messages)

    def chat_stream(self, messages, params, cancel: threading.Event):
        for piece in ("詹姆斯·韦伯太空望远镜", "是最大的光学望远镜。", "\n\n---\nThis translation maintains the meaning."):
            yield Chunk(text=piece)
        yield Chunk(finish_reason="stop")


def test_the_result_and_the_stream_hold_the_translation_only():
    streamed: list[str] = []
    text = "The James Webb Space Telescope is the largest optical telescope.\n\nIt was launched in 2021."
    result = translate(Chatty(), text, "en", "zh", on_text=streamed.append)
    expected = "詹姆斯·韦伯太空望远镜是最大的光学望远镜。"
    assert result.text == f"{expected}\n\n{expected}" == "".join(streamed)
