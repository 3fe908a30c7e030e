"""The Documents tab with a folder of 10,000 files: how long the GUI thread stalls while they are indexed, listed
and watched (the issue: "the window never stalls, also on a folder of 10,000 files").

10,000 small notes (Chinese and English, ~300 bytes each) in 100 subfolders are added to a collection through the
real DocumentsTab and DocumentService. Indexing runs BM25-only here (the service's embedding model set to none, as
in the lite build) so that 10,000 files index in a minute rather than an hour; the embedding step runs on the
model's thread either way, so the GUI thread's share (progress signals, the refreshed collection list with 10,000
rows, the file watcher's paths) is what it would be with embeddings. A 1 ms heartbeat on the GUI thread records
every gap (bench/ui_latency.py's Heartbeat), from Add Folder until the 10,000 rows are shown, then for a re-index
the file watcher starts after one file is edited. The baseline is the same heartbeat with the tab idle.

Last line: RESULT stall_max_ms=.. stall_p99_ms=.. idle_max_ms=.. files=.. index_s=..  (target: stall max < 50 ms)
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ui_latency import Heartbeat, p99  # noqa: E402

FILES = int(os.environ.get("DOCS_FILES", "10000"))
TIMEOUT_S = 1800.0


def write_notes(folder: Path, n: int) -> None:
    for i in range(n):
        sub = folder / f"part{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = (f"第{i}号笔记：今天在第{i % 37}号实验室测量了样品的温度和湿度。\n\n"
                f"Note {i}: the sample from shelf {i % 53} was weighed twice and logged in the notebook.")
        (sub / f"note{i:05d}.md").write_text(text, encoding="utf-8")


def wait(predicate, timeout_s: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out")
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def main() -> int:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DESKTOP_APP_HOME"] = str(Path(tmp) / "home")
        from desktop_app.ui.tabs.documents_tab import DocumentsTab
        from desktop_app.workers.document_service import DocumentService
        from desktop_app.workers.model_manager import ModelManager

        folder = Path(tmp) / "notes"
        write_notes(folder, FILES)
        manager = ModelManager()
        service = DocumentService(manager, Path(tmp) / "collections")
        service.spec = None  # BM25 only: see the docstring
        tab = DocumentsTab(service)
        tab.resize(1280, 800)
        tab.show()
        tab.new_collection("笔记")
        wait(lambda: tab.current_name() == "笔记")
        beat = Heartbeat(1)
        beat.start()
        idle_loop = QEventLoop()
        QTimer.singleShot(1000, idle_loop.quit)
        idle_loop.exec()
        idle = beat.stop()

        beat.start()
        t0 = time.perf_counter()
        reports = []
        tab.indexing_finished.connect(reports.append)
        tab.add_paths([folder])
        wait(lambda: bool(reports))
        index_s = time.perf_counter() - t0
        wait(lambda: tab.files.count() == FILES)
        first = beat.stop()
        # An edit under the watched folder: the watcher starts a re-index of the collection.
        beat.start()
        (folder / "part000" / "note00000.md").write_text("第0号笔记：已修改。Note 0: edited.", encoding="utf-8")
        wait(lambda: len(reports) >= 2, 120)
        wait(lambda: tab.job is None and tab.files.count() == FILES)
        second = beat.stop()
        manager.shutdown()
    stalls = first + second
    print(f"indexed {FILES} files in {index_s:.1f} s ({reports[0].passages} passages); "
          f"re-index after an edit: {len(reports[1].indexed)} file(s) read, {reports[1].unchanged} unchanged")
    print(f"stalls while indexing and listing: max {max(first):.1f} ms; during the watcher's re-index: "
          f"max {max(second):.1f} ms; idle max {max(idle):.1f} ms")
    print(f"RESULT stall_max_ms={max(stalls):.1f} stall_p99_ms={p99(stalls):.1f} idle_max_ms={max(idle):.1f} "
          f"files={FILES} index_s={index_s:.1f}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
