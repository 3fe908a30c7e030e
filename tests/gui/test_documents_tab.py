"""The Documents tab with the real embedding model: background indexing with progress, ETA and Cancel, files that
cannot be indexed named in the list, search, Chinese names; the window's process never imports torch."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
    qtbot.waitUntil(lambda: 0 < tab.files.topLevelItemCount() < 89, timeout=10_000)  # finished files are kept
    assert "torch" not in sys.modules  # the embeddings ran in the engine process

    with qtbot.waitSignal(tab.indexing_finished, timeout=LOAD_TIMEOUT_MS * 3) as done:
        tab.add_paths([corpus])  # resumes: the files already done are skipped
    report = done.args[0]
    assert report.unchanged > 0 and len(report.indexed) + report.unchanged + len(report.errors) == 89
    assert "empty.md is empty." in tab.notice.label.text()
    qtbot.waitUntil(lambda: tab.files.topLevelItemCount() == 89, timeout=10_000)
    statuses = {tab.files.topLevelItem(i).text(0): tab.files.topLevelItem(i).text(2)
                for i in range(tab.files.topLevelItemCount())}
    assert statuses["empty.md"] == "empty.md is empty." and statuses["火锅.md"] == "indexed"

    tab.query.setText("熊猫一天吃多少竹子")
    tab.run_search()
    wait_job(qtbot, tab.search_job)
    assert tab.results.item(0).text().startswith("大熊猫.md")
    tab.query.setText("What is the boiling point of liquid nitrogen?")
    tab.run_search()
    wait_job(qtbot, tab.search_job)
    assert tab.results.item(0).text() == "Nothing in this collection matches."
