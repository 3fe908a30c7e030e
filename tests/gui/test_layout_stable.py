"""Issue 15 item 10: loading a model, or a long status line, never moves the window's panels or widens it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QScrollArea

from tests.conftest import write_settings
from tests.gui.helpers import open_window

LONG_EN = "Preparing the built-in model (first run only)… " + "assembling part 3 of 7 of Qwen2.5-Coder " * 3
LONG_ZH = "正在准备内置模型（仅首次运行）…" * 6


def _widths(w) -> tuple[int, ...]:
    QCoreApplication.processEvents()
    tab = w.chat_tab
    return w.width(), tab.conversations.width(), tab.pane.width(), tab.settings_panel.width()


def test_panels_keep_their_widths_while_the_model_loads(qtbot, app_home):
    # A chat model that is missing: its load fails at once, so the window is idle and nothing heavy runs.
    write_settings(app_home, chat_model_path=str(app_home / "gone.gguf"))
    w = open_window(qtbot, wait_for_model=False)
    bar = w.chat_tab.model_bar
    qtbot.waitUntil(lambda: not bar.load_row.isVisible(), timeout=10_000)
    w.resize(1200, 780)  # the default size (an earlier test's saved geometry may differ)
    QCoreApplication.processEvents()
    assert w.width() == 1200  # it fits the chat tab's minimum
    idle = _widths(w)
    scroll = w.chat_tab.settings_panel.findChild(QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible()  # the settings' fields are not cut

    for text in (LONG_EN, LONG_ZH):  # what the model's session reports while it prepares and loads
        bar.session.status.emit(text)
        bar.session.progress.emit(3, 10)
        assert bar.load_row.isVisible() and bar.load_progress.value() == 300
        assert _widths(w) == idle
        assert bar.load_status.is_elided() and bar.load_status.toolTip() == text  # "…", the whole text on hover
        assert not scroll.horizontalScrollBar().isVisible()
    bar.session.busy_changed.emit(False)
    assert not bar.load_row.isVisible() and _widths(w) == idle

    # A reply's stats line beside the Send row: as a plain QLabel it raised the pane's minimum after the first
    # reply, and the splitter squeezed the settings panel until its fields were cut (seen in the README's shot).
    stats = w.chat_tab.pane.input.stats_label
    for text in ("16 tokens · 40.3 tok/s · first token 0.08 s · 2 threads · " * 3, "已生成 16 个词元 · 首个词元 0.08 秒 · " * 4):
        stats.setText(text)
        assert _widths(w) == idle
        assert stats.toolTip() == text
        assert not scroll.horizontalScrollBar().isVisible()

    summarize = w.lazy_tabs.get("summarize")
    w.tabs.setCurrentWidget(summarize)
    summarize.engine.busy_row.show()  # as during a run (the status line shows only then)
    QCoreApplication.processEvents()
    for text in (LONG_EN, LONG_ZH):  # a task tab's status line ("Summarizing chunk 1 of 3…") widened it to 1212
        summarize.engine.session.status.emit(text)
        QCoreApplication.processEvents()
        assert summarize.engine.status.isVisible() and summarize.engine.status.text() == text
        assert w.width() == 1200
