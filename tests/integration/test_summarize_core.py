"""summarize() on the real built-in models: one-shot, map-reduce over chunks, cancel, Chinese in → Chinese out."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.errors import Cancelled, ContextOverflowError
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.chunking import is_mostly_chinese
from desktop_app.core.tasks.summarize import summarize
from desktop_app.core.tasks.summary_options import SummarizeOptions
from desktop_app.core.tasks.textio import InputError

REPORT = "\n\n".join(
    f"In {1950 + i}, the town of Millbrook opened its {i + 1}th public library. It held {1000 * (i + 1)} books "
    f"and was run by {i + 2} volunteers. Children came every Saturday for reading hours."
    for i in range(14)
)
CHINESE_REPORT = "\n\n".join(
    f"{2000 + i}年，河口镇修建了第{i + 1}座桥。这座桥长{100 + i * 10}米，花费了{i + 3}百万元。"
    "桥建成后，两岸居民往来更加方便，小镇的集市也越来越热闹。"
    for i in range(12)
)


@pytest.fixture(scope="module")
def smol(smollm2):
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=2048))
    yield b
    b.unload()


def test_short_text_is_summarized_in_one_pass_and_streams(smol):
    pieces: list[str] = []
    stages: list[str] = []
    text = "\n\n".join(REPORT.split("\n\n")[:3])
    work: list[tuple[int, int]] = []
    result = summarize(smol, text, SummarizeOptions(length="short"), None, lambda d, n, s: stages.append(s),
                       pieces.append, lambda d, n: work.append((d, n)))
    assert result.engine == "llm" and result.language == "en"
    assert result.chunks == 1 and result.rounds == 0
    # the summary streams a whole sentence at a time, and what streamed is the result; the work moved per token
    assert pieces and "".join(pieces).strip() == result.text
    assert len({d for d, _n in work}) > 10 and work[-1][0] <= work[-1][1]
    assert result.text and result.text != text
    assert stages[-1] == "final"


LONG = SummarizeOptions(length="short", chunk_tokens=250)


@pytest.fixture(scope="module")
def long_summary(smol):
    """REPORT summarized once with its progress and streamed text recorded: the chunking test reads it, and the
    reproducibility test compares a second run with it (a map-reduce summary is the module's dearest call)."""
    progress: list[tuple[int, int, str]] = []
    streamed: list[str] = []
    result = summarize(smol, REPORT, LONG, None, lambda d, n, s: progress.append((d, n, s)), streamed.append)
    return result, progress, streamed


def test_long_text_is_chunked_then_combined(long_summary):
    result, progress, streamed = long_summary
    assert result.input_tokens > 600
    assert result.chunks >= 3 and result.rounds >= 1
    chunk_steps = [(d, n) for d, n, s in progress if s == "chunks"]
    assert chunk_steps[0] == (0, result.chunks) and chunk_steps[-1] == (result.chunks, result.chunks)
    assert [d for d, _n in chunk_steps] == sorted(d for d, _n in chunk_steps)
    assert progress[-1][2] == "final"
    assert "".join(streamed).strip() == result.text and result.text


def test_same_input_same_summary(smol, long_summary):
    assert summarize(smol, REPORT, LONG).text == long_summary[0].text


def test_cancel_between_chunks(smol):
    cancel = threading.Event()

    def progress(done, total, stage):
        if stage == "chunks" and done == 1:
            cancel.set()

    with pytest.raises(Cancelled):
        summarize(smol, REPORT, SummarizeOptions(chunk_tokens=250), cancel, progress)
    # the model still works after a cancelled run
    assert summarize(smol, "Cats sleep a lot. They also play.", SummarizeOptions(length="short")).text


def test_empty_input_and_tiny_context(smol):
    with pytest.raises(InputError):
        summarize(smol, "   ")
    with pytest.raises(ContextOverflowError, match="no room"):
        summarize(smol, REPORT, SummarizeOptions(chunk_tokens=10))


def test_chinese_text_gets_a_chinese_summary(qwen):
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(qwen), LoadOptions(n_ctx=2048))
    try:
        result = summarize(b, CHINESE_REPORT, SummarizeOptions(length="short", chunk_tokens=350))
        assert result.language == "zh" and result.chunks >= 2
        assert is_mostly_chinese(result.text), result.text
        english = summarize(b, CHINESE_REPORT[:300], SummarizeOptions(length="short", language="en"))
        assert not is_mostly_chinese(english.text), english.text
    finally:
        b.unload()
