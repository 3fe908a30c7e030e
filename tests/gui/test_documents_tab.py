"""The Documents tab with the real embedding model: background indexing with progress, ETA and Cancel, files that
cannot be indexed named in the list, search, Chinese names; the embedding model runs in its engine process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication

from desktop_app.core.engine.client import EngineBackend
from desktop_app.ui.tabs.documents_tab import DocumentsTab
from desktop_app.workers.document_service import DocumentService
from desktop_app.workers.model_manager import ModelManager
from tests.gui.helpers import LOAD_TIMEOUT_MS, wait_job

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def corpus(tmp_path) -> Path:
    sys.path.insert(0, str(BENCH))
    from retrieval import write_corpus

    folder = tmp_path / "资料"
    folder.mkdir()
    write_corpus(folder)
    (folder / "empty.md").write_text("")
    return folder


@pytest.fixture
def tab(qtbot, tmp_path):
    manager = ModelManager()
    service = DocumentService(manager, tmp_path / "collections")
    tab = DocumentsTab(service)
    qtbot.addWidget(tab)
    tab.show()
    yield tab
    manager.shutdown()


def test_indexing_in_the_background_with_progress_eta_and_cancel(qtbot, tab, corpus):
    name = tab.new_collection("我的资料")
    qtbot.waitUntil(lambda: tab.current_name() == name, timeout=10_000)
    seen: list[tuple[int, int]] = []
    job = tab.add_paths([corpus])
    job.progress.connect(lambda d, t: seen.append((d, t)))
    assert tab.progress.isVisible() and tab.cancel_button.isVisible() and not tab.add_folder_button.isEnabled()
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: "left" in tab.eta.text(), timeout=LOAD_TIMEOUT_MS)  # an ETA once the pace is known
    tab.cancel_button.click()
    wait_job(qtbot, job)
    assert job.state == "cancelled" and "cancelled" in tab.notice.label.text()
    assert not tab.progress.isVisible() and tab.add_folder_button.isEnabled()
    qtbot.waitUntil(lambda: 0 < tab.files.count() < 89, timeout=10_000)  # finished files are kept
    # The embeddings ran in the model's engine process (whether this test process imported torch for another
    # test says nothing: tests/gui/test_engine_crash.py checks the window's own imports in a fresh process).
    embedders = tab.service.manager.loaded_models()
    assert embedders and all(isinstance(m.backend, EngineBackend) for m in embedders)

    # Again, paused after a few more files: the run ends after the current file, what is done stays, and the
    # model's thread is free for a search meanwhile.
    progressed: list[int] = []
    with qtbot.waitSignal(tab.indexing_finished, timeout=LOAD_TIMEOUT_MS * 3) as paused:
        job = tab.add_paths([corpus])
        job.progress.connect(lambda d, _t: progressed.append(d))
        qtbot.waitUntil(lambda: len(progressed) >= 2, timeout=LOAD_TIMEOUT_MS)
        assert tab.pause_button.isVisible()
        tab.pause_button.click()
    first = paused.args[0]
    assert first.paused and 0 < first.files_done < first.files_total == 89
    assert "Indexing paused" in tab.notice.label.text() and f"{first.files_done} of 89" in tab.notice.label.text()
    qtbot.waitUntil(lambda: tab.resume_button.isVisible(), timeout=10_000)
    assert not tab.pause_button.isVisible() and tab.add_folder_button.isEnabled()
    tab.query.setText("熊猫")
    tab.run_search()
    wait_job(qtbot, tab.search_job)
    with qtbot.waitSignal(tab.indexing_finished, timeout=LOAD_TIMEOUT_MS * 3) as done:
        tab.resume_button.click()  # goes on: the files already done are skipped
    report = done.args[0]
    assert not report.paused and report.unchanged >= first.files_done - len(first.errors)
    qtbot.waitUntil(lambda: not tab.resume_button.isVisible(), timeout=10_000)
    assert report.unchanged > 0 and len(report.indexed) + report.unchanged + len(report.errors) == 89
    assert "empty.md is empty." in tab.notice.label.text()
    qtbot.waitUntil(lambda: tab.files.count() == 89, timeout=10_000)
    statuses = {tab.files.text(i, 0): tab.files.text(i, 2) for i in range(tab.files.count())}
    assert statuses["empty.md"] == "empty.md is empty." and statuses["火锅.md"] == "indexed"

    tab.query.setText("熊猫一天吃多少竹子")
    tab.run_search()
    wait_job(qtbot, tab.search_job)
    assert tab.results.item(0).text().startswith("大熊猫.md")
    tab.query.setText("What is the boiling point of liquid nitrogen?")
    tab.run_search()
    wait_job(qtbot, tab.search_job)
    assert tab.results.item(0).text() == "Nothing in this collection matches."


def test_files_added_edited_and_deleted_in_a_watched_folder_are_reindexed(qtbot, tab, tmp_path):
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    (folder / "tea.md").write_text("绿茶不发酵，红茶全发酵。")
    (folder / "sub" / "sleep.md").write_text("REM sleep grows longer toward morning.")
    tab.new_collection("watched")
    qtbot.waitUntil(lambda: tab.current_name() == "watched", timeout=10_000)
    with qtbot.waitSignal(tab.indexing_finished, timeout=LOAD_TIMEOUT_MS * 2):
        tab.add_paths([folder])
    qtbot.waitUntil(lambda: str(folder / "sub") in tab.service.watcher.directories(), timeout=10_000)

    def reindexed(change) -> object:
        with qtbot.waitSignal(tab.service.sync_started, timeout=20_000):
            change()
        with qtbot.waitSignal(tab.indexing_finished, timeout=LOAD_TIMEOUT_MS) as done:
            pass
        return done.args[0]

    report = reindexed(lambda: (folder / "sub" / "tides.md").write_text("Spring tides come at full moon."))
    assert report.indexed == [str(folder / "sub" / "tides.md")] and report.unchanged == 2
    report = reindexed(lambda: (folder / "tea.md").write_text("白茶只萎凋和干燥，不炒不揉。"))
    assert report.indexed == [str(folder / "tea.md")]
    report = reindexed(lambda: (folder / "sub" / "sleep.md").unlink())
    assert report.removed == [str(folder / "sub" / "sleep.md")]
    qtbot.waitUntil(lambda: tab.files.count() == 2, timeout=10_000)
    tab.query.setText("白茶")
    tab.run_search()
    wait_job(qtbot, tab.search_job)
    assert tab.results.item(0).text().startswith("tea.md")


def _drop_on(widget, paths: list[Path]) -> QDropEvent:
    """A drop as a file manager makes it: enter, move, then the drop, through Qt's event delivery."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(40, 40), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QGuiApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QGuiApplication.sendEvent(widget, QDragMoveEvent(QPoint(40, 40), Qt.CopyAction, mime, Qt.LeftButton,
                                                     Qt.NoModifier))
    event = QDropEvent(QPointF(40, 40), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QGuiApplication.sendEvent(widget, event)
    return event


def test_an_empty_tab_says_what_to_do_and_dropped_files_are_indexed(qtbot, tab, tmp_path):
    tab.resize(900, 600)
    shot = tab.files.viewport().grab().toImage()  # empty: the hint is drawn across the middle
    background = shot.pixelColor(2, 2)
    middle = shot.height() // 2
    inked = sum(shot.pixelColor(x, y) != background for x in range(shot.width())
                for y in range(middle - 30, middle + 30))
    assert inked > 100 and "Drop files" in tab.files.empty_text
    one, two = tmp_path / "notes.md", tmp_path / "笔记.txt"
    one.write_text("The lighthouse keeper flashed the lamp to warn the fishing boat off the reef.\n")
    two.write_text("熊猫主要生活在中国四川的山区，以竹子为食。\n")
    with qtbot.waitSignal(tab.indexing_finished, timeout=LOAD_TIMEOUT_MS * 2) as done:
        assert _drop_on(tab, [one, two]).isAccepted()  # no collection yet: "default" is made for them
        assert tab.job is not None
        _drop_on(tab, [one])  # while indexing: a sentence, not a second run
        assert "Wait until the indexing" in tab.notice.label.text()
    assert done.args[0].files_done == 2
    qtbot.waitUntil(lambda: tab.current_name() == "default" and tab.files.count() == 2, timeout=10_000)
