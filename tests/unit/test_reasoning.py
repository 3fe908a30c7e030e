"""Thinking told apart from the answer, streamed piece by piece, in every form we meet (core/tasks/reasoning.py)."""

from __future__ import annotations

import pytest

from desktop_app.core.engine.types import Chunk
from desktop_app.core.tasks.chat import build_messages, collect
from desktop_app.core.tasks.reasoning import (
    ReasoningSplitter,
    answer_only,
    apply_thinking,
    opened_tag,
    soft_switch,
    split_reasoning,
    split_stream,
    template_kwargs,
)


def stream(text: str, opened: str | None = None, size: int = 1) -> tuple[str, str, list[tuple[str, str]]]:
    """Feed `text` in pieces of `size` characters; the thinking, the answer and every (thinking, answer) step."""
    s = ReasoningSplitter(opened)
    steps = [s.feed(text[i : i + size]) for i in range(0, len(text), size)]
    steps.append(s.finish())
    return "".join(t for t, _ in steps), "".join(a for _, a in steps), steps


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
@pytest.mark.parametrize(
    "reply, thinking, answer",
    [
        ("<think>Two plus two.</think>\n\nIt is 4.", "Two plus two.", "It is 4."),
        ("\n<think>\n先想一想。\n</think>\n\n答案是四。", "\n先想一想。\n", "答案是四。"),
        ("<seed:think>hm</seed:think>Yes.", "hm", "Yes."),
        ("<unused94>thought\nThe patient…<unused95>Rest and fluids.", "\nThe patient…", "Rest and fluids."),
        ("<|START_THINKING|>a<|END_THINKING|>b", "a", "b"),
        ("[THINK]x[/THINK]y", "x", "y"),
        ("◁think▷想◁/think▷好", "想", "好"),
        ("<think>look</think><answer>42</answer>", "look", "42"),  # GLM-4.1V-Thinking
        ("No thinking here, <think> quoted later.", "", "No thinking here, <think> quoted later."),
        ("<html>not a tag</html>", "", "<html>not a tag</html>"),
        ("<think>cut off by max_tokens", "cut off by max_tokens", ""),
    ],
)
def test_streamed_pieces_of_any_size_split_the_same(reply, thinking, answer, size):
    got_thinking, got_answer, _ = stream(reply, size=size)
    assert (got_thinking, got_answer) == (thinking, answer)


def test_template_opened_tag_the_model_writes_only_the_closing_one():
    reply = "The user greets me.\n</think>\n\nHello!"
    assert stream(reply, opened="<think>", size=2)[:2] == ("The user greets me.\n", "Hello!")
    # Without knowing the prompt, a whole reply is still split (stored replies, servers that do not parse)
    assert split_reasoning(reply) == ("The user greets me.", "Hello!")
    assert answer_only(reply) == "Hello!"


def test_answer_streams_at_once_and_thinking_live():
    _, _, steps = stream("<think>abc</think>Hello world", size=1)
    thinking_steps = [t for t, _ in steps if t]
    assert thinking_steps == ["a", "b", "c"]  # each character of thinking shows as it comes
    answer_steps = [a for _, a in steps if a]
    assert "".join(answer_steps) == "Hello world" and len(answer_steps) == len("Hello world")


def test_split_stream_keeps_counts_and_passes_server_reasoning_through():
    chunks = [
        Chunk(text="<thi", prompt_tokens=5, completion_tokens=1),
        Chunk(text="nk>why</th", prompt_tokens=5, completion_tokens=2),
        Chunk(text="ink>because", prompt_tokens=5, completion_tokens=3),
        Chunk(reasoning="(server)", prompt_tokens=5, completion_tokens=4),
        Chunk(text="", prompt_tokens=5, completion_tokens=4, finish_reason="stop"),
    ]
    out = list(split_stream(iter(chunks)))
    assert "".join(c.text for c in out) == "because"
    assert "".join(c.reasoning for c in out) == "why(server)"
    assert [c.completion_tokens for c in out] == [1, 2, 3, 4, 4] and out[-1].finish_reason == "stop"
    result = collect(iter(out))
    assert (result.text, result.reasoning) == ("because", "why(server)")
    assert result.thinking_s >= 0 and result.completion_tokens == 4


def test_history_sent_back_leaves_thinking_out():
    history = [
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": "<think>easy</think>\n\n4"},
        {"role": "user", "content": "和 3+3 呢？"},
    ]
    sent = build_messages("", history)
    assert [m["content"] for m in sent] == ["2+2?", "4", "和 3+3 呢？"]


QWEN3_LIKE = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% if enable_thinking is defined and enable_thinking is "
    "false %}<think>\n\n</think>\n\n{% endif %}{% endif %}"
)
R1_LIKE = "{% for m in messages %}{{ m.content }}{% endfor %}<｜Assistant｜><think>\n"


def test_thinking_switch_for_each_kind_of_template():
    assert template_kwargs(QWEN3_LIKE, "off") == {"enable_thinking": False}
    assert template_kwargs(QWEN3_LIKE, "on") == {"enable_thinking": True}
    assert template_kwargs(QWEN3_LIKE, "auto") == {}
    # DeepSeek-R1 distills open <think> themselves: off closes it at once, on and auto leave it open
    prompt = "2+2?<｜Assistant｜><think>\n"
    assert opened_tag(prompt) == "<think>"
    assert apply_thinking(prompt, R1_LIKE, "off") == "2+2?<｜Assistant｜><think>\n\n</think>\n\n"
    assert opened_tag(apply_thinking(prompt, R1_LIKE, "off")) is None
    assert apply_thinking(prompt, R1_LIKE, "on") == prompt
    # a template that only knows the soft switch gets it in the last user message
    soft = "{{ messages }} /no_think /think"
    msgs = soft_switch([{"role": "user", "content": "a"}, {"role": "user", "content": "b"}], soft, "off")
    assert [m["content"] for m in msgs] == ["a", "b /no_think"]
    assert soft_switch([{"role": "user", "content": "b"}], QWEN3_LIKE, "off")[0]["content"] == "b"
    # a model that does not think is left alone
    assert apply_thinking("<|im_start|>assistant\n", "{{ messages }}", "off") == "<|im_start|>assistant\n"


def test_opening_tag_written_again_after_the_template_opened_it():
    for size in (1, 3, 100):
        assert stream("<think>\nhm</think>ok", opened="<think>", size=size)[:2] == ("\nhm", "ok")
        assert stream("\n<thi", opened="<think>", size=size)[:2] == ("\n<thi", "")  # cut off: kept as thinking


def test_an_empty_thinking_block_is_no_thinking():
    result = collect(split_stream(iter([Chunk(text="<think>\n\n</think>\n\nHi"), Chunk(finish_reason="stop")])))
    assert (result.reasoning, result.text) == ("", "Hi")


def test_a_reply_ends_at_its_last_chunk_not_when_the_backend_is_done_preparing_the_next_turn():
    """llama.cpp evaluates the next turn's opening after the last chunk (LlamaCppBackend._warm_next_turn); that time
    is not the reply's, so tokens per second leave it out."""
    import time as clock

    def chunks():
        yield Chunk(text="a", completion_tokens=1)
        yield Chunk(text="b", completion_tokens=2, finish_reason="stop")
        clock.sleep(0.3)  # the warm-up after the reply

    result = collect(chunks())
    assert result.text == "ab" and result.elapsed_s < 0.25
