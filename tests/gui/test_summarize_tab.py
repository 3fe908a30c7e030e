"""The Summarize tab driven through its real widgets, with the real built-in model (SmolLM2 in a fresh home)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer

from tests.conftest import write_settings
from tests.fixtures.documents import write_pdf
from tests.gui.helpers import open_window

RUN_TIMEOUT_MS = 240_000
ARTICLE = "\n\n".join(
    f"In {1950 + i}, the town of Millbrook opened its {i + 1}th public library. It held {1000 * (i + 1)} books "
    f"and was run by {i + 2} volunteers. Children came every Saturday for reading hours."
    for i in range(14)
)


def summarize_tab(qtbot, app_home, **settings):
    write_settings(app_home, **settings)
    window = open_window(qtbot, wait_for_model=False)
    window.tabs.setCurrentWidget(window.summarize_tab)
    return window, window.summarize_tab


def run(qtbot, tab, expect="finished", timeout=RUN_TIMEOUT_MS):
    with qtbot.waitSignal(tab.run_ended, timeout=timeout) as blocker:
        tab.run_button.click()
    assert blocker.args == [expect], tab.notice.text()


def test_summary_streams_and_is_kept_in_history(qtbot, app_home):
    window, tab = summarize_tab(qtbot, app_home)
    tab.input.set_text("\n\n".join(ARTICLE.split("\n\n")[:3]))
    tab.length.setCurrentIndex(tab.length.findData("short"))
    chunks = []
    tab.engine.job_started.connect(lambda job: job.chunk.connect(chunks.append))
    run(qtbot, tab)
    summary = tab.output.toPlainText()
    # The summary streams a whole sentence at a time (summary_text.SentenceStream): what arrives is never half a
    # sentence, and all of it is what the output shows.
    assert summary.strip() and chunks and all(c.rstrip()[-1] in ".!?。！？" for c in chunks if c.strip())
    assert "".join(chunks).strip() == summary.strip()
    assert "".join(chunks).strip() == summary.strip()
    assert tab.copy_button.isEnabled() and tab.save_button.isEnabled()
    assert tab.history.list.count() == 1
    window.close()

    # a new window (a restart) shows the run, and reopening it restores input, output and settings
    window, tab = summarize_tab(qtbot, app_home, task_settings={"summarize": {"length": "short"}})
    assert tab.history.list.count() == 1
    assert tab.length.currentData() == "short"
    tab.history.list.setCurrentRow(0)
    tab.history.open_button.click()
    assert tab.output.toPlainText() == summary
    assert "Millbrook" in tab.input.text()
    window.close()


def test_long_document_is_chunked_cancelled_midway_and_rerun(qtbot, app_home):
    window, tab = summarize_tab(qtbot, app_home, task_settings={"summarize": {"chunk_tokens": 250}})
    tab.input.set_text(ARTICLE)
    statuses = []
    tab.engine.progress.valueChanged.connect(lambda _v: statuses.append(tab.engine.status.text()))

    def cancel_at_second_chunk():
        if "chunk 2 of" in tab.engine.status.text():
            tab.engine.cancel_button.click()
        elif tab.is_running():
            QTimer.singleShot(20, cancel_at_second_chunk)

    with qtbot.waitSignal(tab.run_ended, timeout=RUN_TIMEOUT_MS) as blocker:
        tab.run_button.click()
        QTimer.singleShot(20, cancel_at_second_chunk)
    assert blocker.args == ["cancelled"]
    assert "cancelled" in tab.notice.text()
    assert any("chunk 1 of" in s for s in statuses)
    assert tab.run_button.isEnabled() and not tab.engine.cancel_button.isVisible()

    results = []
    tab.summary_finished.connect(results.append)
    run(qtbot, tab)
    assert results[0].chunks >= 3 and results[0].rounds >= 1
    assert tab.output.toPlainText().strip() == results[0].text.strip()
    assert "chunks" in tab.result_label.text()
    window.close()


def test_save_as_markdown_and_send_to_chat(qtbot, app_home, tmp_path):
    window, tab = summarize_tab(qtbot, app_home)
    tab.input.set_text("Bees make honey. Honey keeps for years because it has little water.")
    run(qtbot, tab)
    out = tmp_path / "summary.md"
    assert tab.save_markdown(str(out))
    assert out.read_text(encoding="utf-8").strip() == tab.output.toPlainText().strip()
    tab.chat_button.click()
    assert window.tabs.currentWidget() is window.chat_tab
    assert window.chat_tab.composer.toPlainText() == tab.output.toPlainText()
    window.close()


def test_empty_input_is_refused_clearly(qtbot, app_home):
    window, tab = summarize_tab(qtbot, app_home)
    tab.input.set_text("   \n  ")
    tab.run_button.click()
    assert tab.notice.kind == "warning" and "no text" in tab.notice.text()
    assert not tab.is_running()
    window.close()


@pytest.mark.parametrize(
    "name, content, kind, message",
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "error", "binary file"),
        ("empty.md", b"", "error", "is empty"),
        ("legacy.txt", "第一段：今天天气很好。\n\n第二段：我们去公园。".encode("gb18030") * 20, "info", "gb18030"),
    ],
)
def test_bad_and_odd_files(qtbot, app_home, tmp_path, name, content, kind, message):
    window, tab = summarize_tab(qtbot, app_home)
    path = tmp_path / name
    path.write_bytes(content)
    with qtbot.waitSignal(tab.input.loaded if kind == "info" else tab.input.failed, timeout=60_000):
        tab.input.open_file(str(path))
    assert tab.notice.kind == kind and message in tab.notice.text()
    if kind == "info":
        assert tab.input.text().startswith("第一段：今天天气很好。")
    window.close()


def test_pdf_with_and_without_text_layer(qtbot, app_home, tmp_path):
    window, tab = summarize_tab(qtbot, app_home)
    scan = write_pdf(tmp_path / "scan.pdf", ["A page that is only a picture."], as_image=True)
    with qtbot.waitSignal(tab.input.failed, timeout=60_000):
        tab.input.open_file(str(scan))
    assert "no text layer" in tab.notice.text()
    doc = write_pdf(tmp_path / "doc.pdf", ["Rivers carry water to the sea.", "Bridges cross the rivers."])
    with qtbot.waitSignal(tab.input.loaded, timeout=60_000):
        tab.input.open_file(str(doc))
    assert "Rivers carry water" in tab.input.text() and "Bridges" in tab.input.text()
    window.close()


def test_ten_megabyte_text_stays_responsive_shows_chunk_progress_and_cancels(qtbot, app_home, tmp_path):
    window, tab = summarize_tab(qtbot, app_home)
    paragraph = "The committee met again to discuss the budget, the roads and the new school. " * 6
    big = tmp_path / "big.txt"
    big.write_text((paragraph + "\n\n") * (10_000_000 // (len(paragraph) + 2)), encoding="utf-8")
    assert big.stat().st_size > 9_900_000

    # the UI thread keeps ticking while the file is read and the text counted and chunked on workers
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    with qtbot.waitSignal(tab.input.loaded, timeout=120_000):
        tab.input.open_file(str(big))
    assert len(tab.input.text()) > 9_900_000
    assert tab.input.edit.isReadOnly(), "a huge document is shown as a read-only preview"
    assert "9,9" in tab.input.counts.text() or "10,0" in tab.input.counts.text()

    tab.run_button.click()
    qtbot.waitUntil(lambda: " of " in tab.engine.status.text(), timeout=RUN_TIMEOUT_MS)
    status = tab.engine.status.text()
    total = int(status.split(" of ")[1].rstrip("…").replace(",", ""))
    assert total > 100, status
    with qtbot.waitSignal(tab.run_ended, timeout=RUN_TIMEOUT_MS) as blocker:
        tab.engine.cancel_button.click()
    assert blocker.args == ["cancelled"]
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert max(gaps) < 1.0, f"the UI thread stalled for {max(gaps):.2f} s"
    window.close()
