"""A long document gives feedback while it is summarized: each chunk's summary shows (dimmed) as it is written, the
bar moves within a chunk, the status line gives an ETA, and the final summary replaces the partial ones.

The subject is the tab, so the model is a scripted in-process backend that pauses mid-chunk on a gate; the work is
the real one (workers/task_jobs.summarize_work over core.tasks.summarize), run on a thread as the model's thread
would, its signals queued to the GUI thread."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from desktop_app.core.engine.types import Capability, Chunk
from desktop_app.core.storage.settings import AppSettings
from desktop_app.core.tasks.summary_options import SummarizeOptions
from desktop_app.ui import i18n
from desktop_app.ui.tabs import summarize_tab as tab_module
from desktop_app.ui.tabs.summarize_tab import SummarizeTab
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.task_jobs import SummarizeRequest, summarize_work

SHOTS = Path("/tmp/shots")


class GatedBackend:
    """Writes each reply a word at a time; stops in the middle of the second chunk's summary until released."""

    capabilities = frozenset({Capability.CHAT})
    n_ctx = 1024
    info = None

    def __init__(self, words: list[str], final: str, joiner: str = " "):
        self.joiner = joiner
        self.words = words
        self.final = final
        self.calls = 0
        self.paused = threading.Event()
        self.release = threading.Event()

    def count_tokens(self, text: str) -> int:
        return max(1, len(text) // 4)

    def count_chat_tokens(self, messages) -> int:
        return sum(self.count_tokens(m["content"]) for m in messages) + 8

    def chat_stream(self, messages, params, cancel):
        self.calls += 1
        asks = messages[-1]["content"]
        # the final summary, streamed: the rewrite of the notes (Chinese), or the summaries combined (English)
        final = "notes above" in asks or "上面的笔记" in asks or "Combine them" in asks
        words = self.final.split(" ") if final else self.words
        for i, word in enumerate(words[: params.max_tokens]):
            if self.calls == 2 and i == 3:
                self.paused.set()
                assert self.release.wait(30)
            yield Chunk(text=(self.joiner if i else "") + word, completion_tokens=i + 1)
        yield Chunk(finish_reason="stop")


def make_tab(qtbot, tmp_path) -> SummarizeTab:
    tab = SummarizeTab(ModelManager(), None, AppSettings(), lambda: None, tmp_path)
    qtbot.addWidget(tab)
    tab.resize(1100, 650)
    tab.show()
    return tab


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chunks_show_as_they_finish_with_a_moving_bar_and_an_eta(qtbot, tmp_path, monkeypatch, lang):
    monkeypatch.setattr(tab_module, "ETA_AFTER_S", 0.0)
    if lang == "en":
        document = "\n\n".join(f"Paragraph {i} tells how the town of Millbrook built library number {i}, with "
                               f"{i * 100} books and {i + 2} volunteers who read to children." for i in range(40))
        partial = "Millbrook built a library with many books and volunteers .".split(" ")
        final = "Millbrook built forty libraries, run by volunteers who read to children."
    else:
        document = "\n\n".join(f"第{i}段讲述了米尔布鲁克镇建成第{i}座图书馆的经过，馆里有{i * 100}本书，"
                               f"还有{i + 2}位志愿者给孩子们读书。" for i in range(40))
        partial = "米尔布鲁克 镇 建成 了 一座 有 很多 书 的 图书馆 。".split(" ")
        final = "米尔布鲁克镇 建成了 四十座 图书馆， 由志愿者 给孩子们 读书。"
    backend = GatedBackend(partial, final, " " if lang == "en" else "")
    i18n.install_translator("zh_CN" if lang == "zh" else "en")
    try:
        tab = make_tab(qtbot, tmp_path)
        run_gated(qtbot, tab, backend, document, partial, lang)
    finally:
        i18n.install_translator("en")  # later tests run in English again


def run_gated(qtbot, tab: SummarizeTab, backend: GatedBackend, document: str, partial: list[str], lang: str) -> None:
    part, chunk_2, left = ("Part 1 of", "chunk 2 of", "left") if lang == "en" else ("第 1 /", "第 2 /", "约剩")
    tab.input.set_text(document)
    request = SummarizeRequest(document, SummarizeOptions(length="short", chunk_tokens=300))
    job = Job(lambda j: summarize_work(request)(j, backend), "summarize")
    tab._started = time.monotonic() - 1.0  # as start() does, a second ago
    tab._on_job_started(job)
    tab.engine._set_busy(True, tab.tr("Summarizing…"))  # what EngineBar.run shows for a run it starts
    work: list[int] = []
    job.progress.connect(lambda done, _total: work.append(done))
    worker = threading.Thread(target=job.run, daemon=True)
    worker.start()
    try:
        assert backend.paused.wait(30)
        # chunk 1's summary is on screen, dimmed, while chunk 2 is being written
        qtbot.waitUntil(lambda: part in tab.output.toPlainText() and bool(tab.output.property("dimmed")),
                        timeout=5000)
        assert partial[0] in tab.output.toPlainText()
        # within chunk 2: the bar is past chunk 1's end and short of the end, and the status has an ETA
        qtbot.waitUntil(lambda: chunk_2 in tab.engine.status.text() and left in tab.engine.status.text(),
                        timeout=5000)
        bar = tab.engine.progress
        assert bar.maximum() > 0 and 0 < bar.value() < bar.maximum()
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.grab().save(str(SHOTS / f"quality_summarize_mid_{lang}.png"))
    finally:
        backend.release.set()
    qtbot.waitUntil(job.is_done, timeout=30_000)
    worker.join(5)
    # the final summary took the place of the partial ones, in the normal colour
    qtbot.waitUntil(lambda: not tab.output.property("dimmed") and part not in tab.output.toPlainText(),
                    timeout=5000)
    assert backend.final.split(" ")[0] in tab.output.toPlainText()
    assert len(set(work)) > 3 * backend.calls  # the work moved token by token, not once per chunk
