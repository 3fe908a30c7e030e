"""The Models page, driven through the real window: scan, filter, import by drop, fit check, load, unload."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.conftest import write_settings
from tests.gui.helpers import LOAD_TIMEOUT_MS, open_window, wait_job

OFF = {"hf_cache": False, "lmstudio": False, "ollama": False}


def _drop(widget, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    widget.dropEvent(event)
    return event


def _scan(qtbot, tab):
    tab.rescan()
    wait_job(qtbot, tab.scan_job, 60_000)


def _names(tab) -> list[str]:
    return [tab.library_view.proxy.index(r, 0).data() for r in range(tab.library_view.proxy.rowCount())]


def test_library_scan_filter_import_load_and_unload(qtbot, app_home, smollm2, tmp_path):
    folder = tmp_path / "my models"
    folder.mkdir()
    (folder / "tiny-chat.gguf").symlink_to(smollm2)
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF, library_folders=[str(folder)])
    w = open_window(qtbot)
    tab = w.models_tab
    w.tabs.setCurrentWidget(tab)  # the first visit starts a scan
    qtbot.waitUntil(lambda: tab.scan_job is not None, timeout=60_000)
    wait_job(qtbot, tab.scan_job, 60_000)
    names = _names(tab)
    assert any("SmolLM2" in n for n in names) and "tiny-chat" in " ".join(names)
    table = tab.library_view.table  # one line per model: a long path ends in "…" mid-way, whole in its tooltip
    assert not table.wordWrap() and table.textElideMode() == Qt.ElideMiddle
    assert any(str(folder) in (table.model().index(r, 0).data(Qt.ToolTipRole) or "")
               for r in range(table.model().rowCount()))
    tab.library_view.filter_edit.setText("tiny")
    assert len(_names(tab)) == 1
    tab.library_view.filter_edit.clear()
    tab.library_view.capability_combo.setCurrentIndex(tab.library_view.capability_combo.findData("classifier"))
    assert _names(tab) == []
    tab.library_view.capability_combo.setCurrentIndex(0)

    # Import by drop: a .gguf is added where it lies; anything else is refused with a message.
    other = tmp_path / "elsewhere"
    other.mkdir()
    dropped = other / "dropped-model.gguf"
    dropped.symlink_to(smollm2)
    note = other / "notes.txt"
    note.write_text("not a model")
    _drop(tab, [dropped, note])
    assert "Only .gguf files" in tab.notice.text()
    wait_job(qtbot, tab.scan_job, 60_000)
    assert any("dropped-model" in n for n in _names(tab))
    assert str(dropped) in tab.app_settings.imported_models

    # Select, see the fit check, load, see memory, unload.
    assert tab.select_path(dropped)
    assert "needs about" in tab.details_box.fit_label.text() and "free" in tab.details_box.fit_label.text()
    tab.details_box.ctx_spin.setValue(2048)
    job = tab.load_selected()
    wait_job(qtbot, job, LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: tab.loaded_box.loaded_table.rowCount() == 2, timeout=10_000)  # with the chat tab's model
    rows = [tab.loaded_box.loaded_table.item(r, 0).text() for r in range(tab.loaded_box.loaded_table.rowCount())]
    assert "dropped-model" in " ".join(rows)
    assert re.search(r"^\d[\d,]*\.\d (MB|GB)$", tab.loaded_box.loaded_table.item(0, 3).text())  # decimal units
    assert "RAM available" in tab.loaded_box.memory_label.text()
    combo = tab.tasks_box.task_combos["chat"]
    chat_choices = [combo.itemText(i) for i in range(combo.count())]
    assert any("dropped-model" in c for c in chat_choices)
    # Choosing it as the Chat model switches the Chat tab to it, and is remembered.
    combo.setCurrentIndex(next(i for i, c in enumerate(chat_choices) if "dropped-model" in c))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: w.chat_tab.model is not None and w.chat_tab.model.spec.path == dropped, timeout=LOAD_TIMEOUT_MS)
    assert tab.app_settings.task_models["chat"] == str(dropped)
    tab.loaded_box.loaded_table.selectRow(rows.index(next(r for r in rows if "dropped-model" in r)))
    tab.loaded_box.unload_button.click()
    qtbot.waitUntil(lambda: tab.loaded_box.loaded_table.rowCount() == 1, timeout=10_000)


def test_broken_models_are_listed_with_the_reason(qtbot, app_home, smollm2, tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "empty.gguf").write_bytes(b"")
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF, library_folders=[str(folder)])
    w = open_window(qtbot, wait_for_model=False)
    tab = w.models_tab
    _scan(qtbot, tab)
    assert tab.select_path(folder / "empty.gguf")
    assert "empty" in tab.details_box.details.text() and not tab.load_button.isEnabled()


def test_use_in_chat_switches_the_chat_model(qtbot, app_home, smollm2, tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "other-chat.gguf").symlink_to(smollm2)
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF, library_folders=[str(folder)])
    w = open_window(qtbot)
    tab = w.models_tab
    _scan(qtbot, tab)
    assert tab.select_path(folder / "other-chat.gguf")
    tab.details_box.chat_button.click()
    assert w.tabs.currentWidget() is w.chat_tab
    qtbot.waitUntil(
        lambda: w.chat_tab.model is not None and w.chat_tab.model.spec.path == folder / "other-chat.gguf",
        timeout=LOAD_TIMEOUT_MS,
    )
