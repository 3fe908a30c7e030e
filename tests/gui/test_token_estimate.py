"""The token count under a document: an estimate at the built-in tokenizer's rates before a model is loaded, the
model's own count when one is, and for a text past EXACT_COUNT_CHARS a counted sample scaled to the whole."""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui.widgets import document_input as di
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager

BENCH = Path(__file__).resolve().parents[2] / "bench" / "data"
# Token counts of these files by Qwen2.5-Coder-0.5B's tokenizer (llama.cpp, measured once; the files are fixed).
QWEN_COUNTS = {"summaries/en_long_report_water.txt": 748, "summaries/en_tech_caching.txt": 388,
               "summaries/zh_long_essay_learning.txt": 482, "summaries/zh_tech_database_index.txt": 325,
               "translation/en.txt": 542, "translation/zh.txt": 393}


def test_the_estimate_is_within_a_fifth_of_the_built_in_tokenizer():
    for name, tokens in QWEN_COUNTS.items():
        estimate = di.estimate_tokens((BENCH / name).read_text(encoding="utf-8"))
        assert abs(estimate - tokens) <= 0.2 * tokens, (name, estimate, tokens)


def test_a_long_text_is_counted_on_a_sample_and_scaled(qtbot, monkeypatch):
    monkeypatch.setattr(di, "EXACT_COUNT_CHARS", 1000)
    widget = di.DocumentInput(ModelManager(), "")
    qtbot.addWidget(widget)
    asked: list[int] = []

    def counter(text: str, connect) -> Job:  # two characters a token, counted on the spot
        asked.append(len(text))
        job = Job(lambda _j: len(text) // 2, "count")
        connect(job)
        job.run()
        return job

    widget.token_counter = counter
    widget.set_text("字" * 800)
    assert widget.counts.text() == "800 characters · 400 tokens"  # exact: the whole text was counted
    widget.set_text("字" * 5000)
    assert asked[-1] == 1000 and widget.counts.text() == "5,000 characters · ≈2,500 tokens"
