"""Which requests a summary makes, per language (bench/summary_quality.py chose them): English is summarized from the
source itself, after one worked example of a summary in other words, and pays the penalty on copying the source
only when asked (`avoid_copying="on"`: the 0.5B model then changed facts), or, where CHECKED_STRENGTHS turns it on,
from its strongest, kept only when the summary's facts check out; Chinese notes the facts first and writes the
summary from the notes, with the penalty. The subject is the request plan, so the model is a recording stand-in."""

from __future__ import annotations

import pytest

from desktop_app.core.engine.types import Capability, Chunk
from desktop_app.core.tasks import summarize as summarize_module
from desktop_app.core.tasks.summarize import EXAMPLES, summarize
from desktop_app.core.tasks.summary_options import SummarizeOptions

ENGLISH = ("The Riverton city council voted 7 to 2 on Tuesday night to close the Old Mill Bridge to cars from March, "
           "after engineers found that two of its four steel supports had lost almost a third of their thickness.")
CHINESE = "河口镇议会周二投票决定从三月起禁止汽车通过老磨坊桥，因为工程师发现桥的四根钢支柱中有两根严重锈蚀。"


class RecordingBackend:
    capabilities = frozenset({Capability.CHAT})
    n_ctx = 4096
    info = None

    def __init__(self, replies: list[str] | None = None) -> None:
        self.requests: list[tuple[list[dict[str, str]], str]] = []
        self.strengths: list[int] = []
        self.replies = replies or []  # English replies in turn (then the default one)

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 3)

    def count_chat_tokens(self, messages) -> int:
        return sum(self.count_tokens(m["content"]) for m in messages) + 8

    def chat_stream(self, messages, params, cancel):
        self.requests.append((messages, params.avoid_copying))
        self.strengths.append(params.copy_strength)
        english = self.replies.pop(0) if self.replies else "The council closed the bridge."
        yield Chunk(text=english if "Text" in messages[-1]["content"] else "桥被关闭了。")
        yield Chunk(finish_reason="stop")


def test_english_is_summarized_from_the_source_after_a_worked_example_and_pays_for_copying_when_asked():
    backend = RecordingBackend()
    result = summarize(backend, ENGLISH, SummarizeOptions(length="medium"))
    assert result.text == "The council closed the bridge."
    assert len(backend.requests) == 1  # no notes step: from its notes the small model wrote wrong facts
    messages, avoid = backend.requests[0]
    assert avoid == ""  # "auto": the penalty made the 0.5B model change English facts (CHECKED_STRENGTHS: none)
    asked = RecordingBackend()
    summarize(asked, ENGLISH, SummarizeOptions(length="medium", avoid_copying="on"))
    assert [a for _m, a in asked.requests] == [ENGLISH] and asked.strengths == [0]  # unchecked, as asked
    example_text, example_summary = EXAMPLES["en"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert example_text in messages[1]["content"] and messages[2]["content"] == example_summary
    assert ENGLISH in messages[3]["content"]


def test_chinese_notes_the_facts_first_and_pays_for_copying_in_the_final_step_only():
    backend = RecordingBackend()
    summarize(backend, CHINESE, SummarizeOptions(length="medium"))
    (notes, notes_avoid), (final, final_avoid) = backend.requests
    assert notes_avoid == "" and final_avoid == CHINESE
    assert [m["role"] for m in final] == ["system", "user"]  # no worked example in Chinese
    assert "笔记" in final[-1]["content"]


def test_without_the_penalty_no_request_carries_the_source_to_avoid():
    backend = RecordingBackend()
    summarize(backend, CHINESE, SummarizeOptions(length="short", avoid_copying="off"))
    assert [avoid for _m, avoid in backend.requests] == ["", ""]


def test_a_summary_in_another_language_than_its_source_notes_the_facts_first():
    backend = RecordingBackend()
    summarize(backend, CHINESE, SummarizeOptions(length="short", language="en"))
    assert len(backend.requests) == 2  # straight from the Chinese text, the small model copied it
    assert "notes above" in backend.requests[1][0][-1]["content"]


def test_a_small_context_leaves_the_worked_example_out_instead_of_failing():
    """The example costs a few hundred tokens of every request: with a 1,024-token context it left no room for
    any text ("leaves no room for text to summarize")."""
    backend = RecordingBackend()
    backend.n_ctx = 1024
    result = summarize(backend, ENGLISH, SummarizeOptions(length="short"))
    assert result.text == "The council closed the bridge."
    for messages, _avoid in backend.requests:  # the penalised attempts and the last one alike
        assert [m["role"] for m in messages] == ["system", "user"] and ENGLISH in messages[-1]["content"]


@pytest.fixture
def checked(monkeypatch):
    """English summaries under "auto" try the strengths (2, 1) with the facts check, as {"en": (2, 1)} turns on."""
    monkeypatch.setattr(summarize_module, "CHECKED_STRENGTHS", {"en": (2, 1)})
    return (2, 1)


def test_a_checked_penalty_refuses_summaries_without_the_facts_and_writes_one_without_it(checked):
    """"The council closed the bridge." keeps none of the facts (7 to 2, Tuesday, Old Mill Bridge...): each penalised
    attempt is refused, and the summary is written again without the penalty."""
    backend = RecordingBackend()
    result = summarize(backend, ENGLISH, SummarizeOptions(length="medium"))
    assert result.text == "The council closed the bridge."
    assert [a for _m, a in backend.requests] == [ENGLISH, ENGLISH, ""]
    assert backend.strengths == [*checked, 0]
    off = RecordingBackend()
    summarize(off, ENGLISH, SummarizeOptions(length="medium", avoid_copying="off"))
    assert [a for _m, a in off.requests] == [""]


def test_an_english_summary_whose_facts_check_out_is_kept_and_only_what_is_kept_is_shown(checked):
    changed = "On Tuesday the Riverton council voted 7 to 2 to shut the Old Mill Bridge, having lost a quarter of it."
    kept = "Rust ate two of the four supports, so on Tuesday Riverton's council voted 7 to 2 to shut the bridge."
    backend = RecordingBackend([changed, kept])
    streamed: list[str] = []
    work: list[tuple[int, int]] = []
    result = summarize(backend, ENGLISH, SummarizeOptions(length="long"), on_text=streamed.append,
                       on_work=lambda d, t: work.append((d, t)))
    assert result.text == kept  # "a quarter" is not the source's "a third": the lighter penalty's summary wins
    assert backend.strengths == list(checked)  # no third request
    assert streamed == [kept]  # the refused attempt never showed; the kept one shows whole once checked
    assert work[-1][0] == work[-1][1] and work[-1][1] > work[0][1]  # the retry's work joined the bar's total


def test_the_summary_written_without_the_penalty_at_last_streams_as_it_is_written(checked):
    backend = RecordingBackend(["The council closed it. It was old.", "It closed.", "The bridge shut. Cars go round."])
    streamed: list[str] = []
    result = summarize(backend, ENGLISH, SummarizeOptions(length="long"), on_text=streamed.append)
    assert result.text == "The bridge shut. Cars go round." and "".join(streamed).strip() == result.text
    assert not any("council" in piece or "It closed" in piece for piece in streamed)  # refused: never shown
