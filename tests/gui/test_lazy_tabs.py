"""Tabs built when first shown (ui/lazy_tabs.py) and the main window that uses them for a quick first paint."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QTabWidget

from desktop_app.ui.lazy_tabs import LazyTabs
from tests.gui.helpers import open_window, run_window_script


def _tabs(qtbot) -> tuple[QTabWidget, LazyTabs, dict[str, int]]:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    lazy = LazyTabs(tabs)
    made: dict[str, int] = {}

    def factory(name: str):
        def make() -> QLabel:
            made[name] = made.get(name, 0) + 1
            return QLabel(f"{name} 页面")

        return make

    lazy.add_built("first", QLabel("first"), "First")
    for name in ("second", "third"):
        lazy.add(name, name.title(), factory(name))
    return tabs, lazy, made


def test_a_tab_is_built_once_when_first_clicked_and_keeps_its_place(qtbot):
    tabs, lazy, made = _tabs(qtbot)
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.red)
    tabs.setTabIcon(2, QIcon(pixmap))
    tabs.setTabToolTip(2, "第三个")
    seen = []
    tabs.currentChanged.connect(lambda i: seen.append(tabs.widget(i)))
    tabs.show()
    assert made == {} and lazy.built("third") is None

    qtbot.mouseClick(tabs.tabBar(), Qt.LeftButton, pos=tabs.tabBar().tabRect(2).center())
    third = lazy.built("third")
    assert isinstance(third, QLabel) and third.text() == "third 页面"
    assert made == {"third": 1}
    # a listener connected after LazyTabs sees the real page; the swap itself is no change of tab
    assert seen == [third] and tabs.currentWidget() is third and third.isVisible()
    assert tabs.indexOf(third) == 2 and tabs.tabText(2) == "Third" and tabs.tabToolTip(2) == "第三个"
    assert not tabs.tabIcon(2).isNull() and tabs.count() == 3

    tabs.setCurrentIndex(0)
    tabs.setCurrentIndex(2)
    assert made == {"third": 1} and tabs.widget(2) is third  # built once


def test_asking_for_a_tab_builds_it_without_showing_it(qtbot):
    tabs, lazy, made = _tabs(qtbot)
    tabs.show()
    second = lazy.get("second")
    assert made == {"second": 1} and tabs.currentIndex() == 0 and tabs.widget(1) is second
    tabs.setCurrentWidget(second)  # what tests and menus do with window.summarize_tab
    assert tabs.currentIndex() == 1 and lazy.get("second") is second
    assert list(lazy.built_pages("second", "third")) == [second]
    lazy.build_all()
    assert made == {"second": 1, "third": 1} and tabs.currentWidget() is second


def test_a_tab_whose_build_fails_keeps_its_placeholder_and_is_built_on_the_next_try(qtbot):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    lazy = LazyTabs(tabs)
    lazy.add_built("first", QLabel("first"), "First")
    attempts = []

    def flaky() -> QLabel:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk went away")
        return QLabel("ok")

    lazy.add("flaky", "Flaky", flaky)
    with pytest.raises(OSError):
        lazy.get("flaky")
    assert lazy.built("flaky") is None and tabs.count() == 2 and tabs.tabText(1) == "Flaky"
    assert lazy.get("flaky").text() == "ok" and tabs.count() == 2


def test_the_window_builds_only_chat_at_start_and_each_tab_on_its_first_visit(qtbot, use_smollm2):
    w = open_window(qtbot, wait_for_model=False)
    assert [k for k in ("chat", "models", "summarize", "finetune") if w.lazy_tabs.built(k)] == ["chat"]
    w._on_database_restored(None)  # a restore refreshes only the tabs that exist
    assert w._why_not_restore() == ""
    assert w.lazy_tabs.built("summarize") is None and w.lazy_tabs.built("sentiment") is None
    w.tabs.setCurrentIndex(3)  # Ctrl+4 does the same
    sentiment = w.lazy_tabs.built("sentiment")
    assert sentiment is not None and w.tabs.currentWidget() is sentiment and sentiment.isVisible()
    assert w.built_task_tabs() == [sentiment]
    w.tabs.setCurrentIndex(1)  # the Models tab scans on its first visit, as before
    assert w.lazy_tabs.built("models") is not None and w.models_tab.scan_job is not None
    w.close()
    assert w.lazy_tabs.built("finetune") is None  # closing did not build the tabs never shown


def test_start_up_imports_no_plotting_library_and_no_unshown_tab(tmp_path, smollm2):
    """In a fresh process, the window's first paint needs neither pyqtgraph, numpy, matplotlib, pygments (chat's
    formulas are drawn and its code coloured on a worker), superqt nor a tab's module other than Chat's; they load
    when their tab is shown, pyqtgraph on a thread of its own (imported on the GUI thread it froze the window
    0.35-1.3 s)."""
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text(json.dumps({"chat_model_path": str(smollm2)}))
    out = run_window_script(tmp_path, """
        app.processEvents()
        heavy = ("pyqtgraph", "numpy", "matplotlib", "pygments", "superqt", "desktop_app.ui.finetune",
                 "desktop_app.ui.tabs.models_tab", "desktop_app.ui.tabs.summarize_tab",
                 "desktop_app.ui.dialogs.settings_dialog")
        print("AT START", sorted(m for m in sys.modules if m.startswith(heavy)))
        import threading
        importers = []
        sys.addaudithook(lambda event, args: event == "import" and args[0].startswith("pyqtgraph")
                         and importers.append(threading.current_thread().name))
        w.tabs.setCurrentWidget(w.finetune_tab)
        app.processEvents()
        print("FINE-TUNE SHOWN", "desktop_app.ui.finetune.data_page" in sys.modules)
        from desktop_app.ui.widgets import loss_plot
        loss_plot._preload.join(60)
        print("PYQTGRAPH IMPORTED ON", sorted(set(importers)), "pyqtgraph" in sys.modules)
        w.close()
        w.manager.shutdown(2.0)
    """, timeout=120)
    assert "AT START []" in out, out
    assert "FINE-TUNE SHOWN True" in out
    assert "PYQTGRAPH IMPORTED ON ['import pyqtgraph'] True" in out, out
