"""Summarize with a dedicated seq2seq model (a tiny seeded T5) through the real loading code: the T5 task prefix,
map-reduce over the model's input length, bullets, cancel, and the tab running it as a "dedicated" engine."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.backends import create_backend
from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.errors import Cancelled
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.summarize import summarize
from desktop_app.core.tasks.summary_options import SummarizeOptions
from tests.conftest import write_settings
from tests.gui.helpers import open_window

TEXT = "\n\n".join(
    f"The quick brown fox jumps over the lazy dog number {i}. A photo of a cat sitting on a red sofa." for i in range(40)
)


@pytest.fixture(scope="module")
def t5(tiny_t5):
    backend = create_backend(ModelSpec(path=tiny_t5, name="tiny-t5", backend="transformers"))
    backend.load(ModelSpec(path=tiny_t5, name="tiny-t5", backend="transformers"), LoadOptions(n_ctx=128))
    yield backend
    backend.unload()


def test_seq2seq_engine_chunks_by_the_model_input_length(t5):
    seen: list[str] = []
    original = t5.seq2seq

    def spy(texts, params, cancel=None, **kw):
        seen.extend(texts)
        return original(texts, params, cancel, **kw)

    t5.seq2seq = spy
    try:
        progress = []
        streamed = []
        result = summarize(t5, TEXT, SummarizeOptions(length="short"), None,
                           lambda d, n, s: progress.append((d, n, s)), streamed.append)
    finally:
        del t5.seq2seq
    assert result.engine == "seq2seq"
    assert result.input_tokens > t5.n_ctx and result.chunks > 1 and result.rounds >= 1
    assert all(t.startswith("summarize: ") for t in seen), "T5 gets its task prefix"
    assert all(t5.count_tokens(t) <= t5.n_ctx for t in seen), "no input is longer than the model reads"
    assert progress[-1][2] == "final" and ("chunks" in {s for _d, _n, s in progress})
    assert "".join(streamed) == result.text


def test_seq2seq_bullets_and_cancel(t5):
    result = summarize(t5, TEXT[:600], SummarizeOptions(length="bullets"))
    assert all(line.startswith("- ") for line in result.text.splitlines() if line.strip())
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        summarize(t5, TEXT, SummarizeOptions(), cancel)


def test_summarize_tab_runs_a_dedicated_model(qtbot, app_home, tiny_t5):
    write_settings(app_home, task_models={"summarize": str(tiny_t5)})
    window = open_window(qtbot, wait_for_model=False)
    tab = window.summarize_tab
    assert tab.engine.combo.currentData() == str(tiny_t5)
    tab.input.set_text(TEXT[:800])
    results = []
    tab.summary_finished.connect(results.append)
    with qtbot.waitSignal(tab.run_ended, timeout=120_000) as blocker:
        tab.run_button.click()
    assert blocker.args == ["finished"], tab.notice.text()
    assert results[0].engine == "seq2seq"
    assert "dedicated seq2seq" in tab.engine.kind_label.text()
    assert tab.history.list.count() == 1
    window.close()
