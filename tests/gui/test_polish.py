"""Look and feel, and usability polish, through the real window: themes, shortcuts, settings, the crash handler,
the log viewer and an accessibility audit of every tab."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible, QAction, QGuiApplication, QImageReader, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

from desktop_app.core import crash
from desktop_app.core.storage import paths
from desktop_app.core.storage.settings import load_settings
from desktop_app.ui import i18n, theme
from desktop_app.ui.dialogs.crash_dialog import CrashDialog, install_crash_handler, uninstall_crash_handler
from desktop_app.ui.dialogs.log_viewer import LogViewer
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from desktop_app.ui.locale import ui_language
from tests.gui.helpers import open_window

CONTROLS = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractItemView)
SETTING_INPUTS = (QComboBox, QAbstractSpinBox, QCheckBox, QRadioButton, QSlider)


@pytest.fixture(autouse=True)
def _restore_look():
    """Themes, the language and the resolved data folder are process-wide: put them back for the next test."""
    yield
    m = theme.manager()
    if m is not None:
        m.set_mode("system")
    i18n.install_translator("system")
    paths.reresolve()


@pytest.fixture
def log_to_file():
    path = crash.setup_logging()
    root = logging.getLogger()
    level = root.level
    yield path
    for handler in list(root.handlers):
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path.resolve():
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def _window_lightness(widget: QWidget) -> int:
    return widget.palette().color(QPalette.Window).lightness()


def _top_level(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


# -- themes ---------------------------------------------------------------------------------------------------------
def test_theme_switch_applies_at_once_and_follows_the_system(qtbot, use_smollm2):
    w = open_window(qtbot, wait_for_model=False)
    assert not QApplication.windowIcon().isNull()  # the app icon (resources/icons/app.svg)
    assert w.theme_actions["system"].isChecked() and not theme.is_dark()
    light_muted = w.chat_tab.stats_label.styleSheet()
    w.chat_tab.notice.show_message("hello", "info")

    w.theme_actions["dark"].trigger()  # View → Theme → Dark
    assert theme.is_dark() and QApplication.palette().color(QPalette.Base).lightness() < 60
    qtbot.waitUntil(lambda: _window_lightness(w) < 80, timeout=2000)  # widgets take it on the next event loop turn
    assert theme.manager().style_name == "fusion"
    assert theme.COLORS["dark"]["info_bg"] in w.chat_tab.notice.styleSheet()  # hard-coded colours follow
    assert w.chat_tab.stats_label.styleSheet() != light_muted
    assert load_settings(paths.settings_path()).settings.theme == "dark"

    w.theme_actions["light"].trigger()
    assert theme.COLORS["light"]["info_bg"] in w.chat_tab.notice.styleSheet()
    qtbot.waitUntil(lambda: _window_lightness(w) > 180, timeout=2000)

    w.theme_actions["system"].trigger()  # follow the desktop: simulate it switching to dark and back
    hints = QGuiApplication.styleHints()
    with qtbot.waitSignal(theme.manager().changed, timeout=2000):
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.is_dark()
    qtbot.waitUntil(lambda: _window_lightness(w) < 80, timeout=2000)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not theme.is_dark()
    qtbot.waitUntil(lambda: _window_lightness(w) > 180, timeout=2000)

    w.theme_actions["light"].trigger()  # a manual choice ignores the system
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not theme.is_dark()


def test_icons_are_svg_and_on_the_main_actions(qtbot, use_smollm2):
    w = open_window(qtbot, wait_for_model=False)
    assert "svg" in [bytes(f).decode() for f in QImageReader.supportedImageFormats()]  # QtSvg, in Essentials
    for action in (w.new_chat_action, w.open_model_action, w.settings_action):
        assert not action.icon().isNull()
    for button in (w.chat_tab.send_button, w.chat_tab.stop_button, w.chat_tab.input.attach_button):
        assert not button.icon().isNull()
    # crisp at high DPI: the SVG is rendered at the asked size, not scaled up from a small bitmap
    pm = theme.icon("send").pixmap(96, 96)
    assert pm.width() == 96 and not pm.toImage().isNull()


# -- shortcuts ------------------------------------------------------------------------------------------------------
def test_shortcuts_dialog_lists_every_shortcut_of_the_window(qtbot, use_smollm2):
    w = open_window(qtbot, wait_for_model=False)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=5000)
    qtbot.keyClick(w.tabs, Qt.Key_Slash, Qt.ControlModifier)  # Help → Keyboard Shortcuts, by keyboard
    qtbot.waitUntil(lambda: bool(_top_level(ShortcutsDialog)), timeout=5000)
    dialog = _top_level(ShortcutsDialog)[0]
    keys = {k for _a, k in dialog.listed()}
    for expected in ("Ctrl+N", "Ctrl+O", "Ctrl+R", "Ctrl+Shift+A", "Ctrl+,", "Ctrl+/", "Ctrl+Return", "Enter"):
        assert expected in keys, expected
    listed = set(dialog.listed())
    for action in w.findChildren(QAction):
        shortcut = action.shortcut().toString(QKeySequence.PortableText)
        if shortcut and action.isVisible():
            text = action.text().replace("&", "")
            assert any(a == text and shortcut in k for a, k in listed), (text, shortcut)
    # each entry names where it works, and the filter narrows the list
    assert any(e.where.startswith("Chat") and e.keys == "Ctrl+Shift+A" for e in dialog.entries)
    dialog.filter.setText("regenerate")
    visible = [
        dialog.tree.topLevelItem(i).child(j).text(0)
        for i in range(dialog.tree.topLevelItemCount())
        for j in range(dialog.tree.topLevelItem(i).childCount())
        if not dialog.tree.topLevelItem(i).child(j).isHidden()
    ]
    assert visible and all("regenerate" in t.lower() for t in visible)
    dialog.close()


# -- settings -------------------------------------------------------------------------------------------------------
def test_settings_dialog_saves_reloads_and_the_data_folder_moves_after_restart(qtbot, use_smollm2, tmp_path):
    w = open_window(qtbot, wait_for_model=False)
    old_data = paths.data_dir()
    new_data = tmp_path / "elsewhere"
    extra_models = tmp_path / "more_models"
    extra_models.mkdir()
    d = w.open_settings()  # File → Settings… (Ctrl+,); open(), never exec()
    assert isinstance(d, SettingsDialog) and d.isVisible()
    d.theme_combo.setCurrentIndex(d.theme_combo.findData("dark"))
    d.language_combo.setCurrentIndex(d.language_combo.findData("zh_CN"))
    d.device_combo.setCurrentIndex(d.device_combo.findData("cpu"))
    d.threads_spin.setValue(3)
    d.data_edit.setText(str(new_data))
    d.add_folder(str(extra_models))
    assert "restart" in d.restart_note.text().lower()
    d.buttons.button(QDialogButtonBox.Save).click()
    assert not d.isVisible()

    assert theme.is_dark() and w.theme_actions["dark"].isChecked()  # the theme applies at once
    saved = load_settings(paths.settings_path()).settings
    assert (saved.theme, saved.language, saved.default_device, saved.data_dir) == (
        "dark", "zh_CN", "cpu", str(new_data)
    )
    assert saved.chat_defaults["n_threads"] == 3 and saved.library_folders == [str(extra_models)]
    # the defaults reach the tabs: a new conversation and the task tabs' models load with them
    assert w.chat_tab.chat_settings.n_threads == 3
    options = w.summarize_tab.engine.load_options()
    assert (options.device, options.n_threads) == ("cpu", 3)
    assert paths.data_dir() == old_data  # not while the app runs on the old folder

    again = w.open_settings()  # the dialog reads back what was saved
    assert again.theme_combo.currentData() == "dark" and again.language_combo.currentData() == "zh_CN"
    assert again.device_combo.currentData() == "cpu" and again.threads_spin.value() == 3
    assert again.data_edit.text() == str(new_data) and again.folders.item(0).text() == str(extra_models)
    again.reject()

    w.close()  # "restart": the paths are resolved again, from the settings file
    paths.reresolve()
    assert paths.data_dir() == new_data and paths.models_dir() == new_data / "models"
    w2 = open_window(qtbot, wait_for_model=False)
    assert (new_data / "conversations.sqlite3").exists()
    assert ui_language() == "zh"  # the language chosen is the interface's language after the restart
    assert theme.is_dark() and w2.theme_actions["dark"].isChecked()


# -- crash handler --------------------------------------------------------------------------------------------------
@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_the_crash_dialog_and_the_app_goes_on(qtbot, use_smollm2, log_to_file):
    w = open_window(qtbot, wait_for_model=False)
    install_crash_handler(w)
    try:
        def broken_slot():
            raise ValueError("boom in a slot")

        QTimer.singleShot(0, broken_slot)  # called by Qt's event loop, as a real slot
        qtbot.waitUntil(lambda: bool(_top_level(CrashDialog)), timeout=5000)
        dialog = _top_level(CrashDialog)[0]
        assert not dialog.isModal()
        assert "ValueError: boom in a slot" in dialog.summary.text()
        assert "broken_slot" in dialog.details.toPlainText()
        reports = list(paths.log_dir().glob("crash-*.log"))
        assert len(reports) == 1 and "boom in a slot" in reports[0].read_text(encoding="utf-8")
        assert "boom in a slot" in log_to_file.read_text(encoding="utf-8")

        dialog.copy_button.click()
        assert "boom in a slot" in QGuiApplication.clipboard().text()

        worker = threading.Thread(target=lambda: 1 / 0, name="worker-x")  # from another thread: no second window
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(dialog.reports) == 2, timeout=5000)
        assert len(_top_level(CrashDialog)) == 1
        assert "ZeroDivisionError" in dialog.summary.text() and "worker-x" in dialog.details.toPlainText()

        # the app still works: actions run, the composer sends
        w.new_chat_action.trigger()
        w.chat_tab.composer.setPlainText("still here")
        assert w.chat_tab.send_button.isEnabled()
        w.tabs.setCurrentWidget(w.models_tab)
        assert w.tabs.currentWidget() is w.models_tab
        dialog.close()
        qtbot.waitUntil(lambda: not _top_level(CrashDialog), timeout=5000)
    finally:
        uninstall_crash_handler()


# -- log viewer -----------------------------------------------------------------------------------------------------
def test_log_viewer_shows_and_follows_the_log(qtbot, use_smollm2, log_to_file):
    logging.getLogger("desktop_app").info("first line for the viewer")
    w = open_window(qtbot, wait_for_model=False)
    viewer = w.show_logs()  # Help → Show Logs
    qtbot.addWidget(viewer)
    assert isinstance(viewer, LogViewer) and viewer.path == log_to_file
    assert "first line for the viewer" in viewer.text.toPlainText()
    logging.getLogger("desktop_app").info("second line, 中文 too")
    qtbot.waitUntil(lambda: "second line, 中文 too" in viewer.text.toPlainText(), timeout=5000)
    assert viewer.text.toPlainText().count("first line for the viewer") == 1  # only the new bytes were read
    viewer.copy_button.click()
    assert "second line" in QGuiApplication.clipboard().text()


# -- accessibility audit ----------------------------------------------------------------------------------------------
def _accessible_name(widget: QWidget) -> str:
    """What a screen reader announces: the accessible name, the visible text, or the label that is its buddy."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text()
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Name).strip() if iface is not None else ""


def _audit(root: QWidget, where: str) -> list[str]:
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, CONTROLS + SETTING_INPUTS):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar)) or isinstance(widget, QHeaderView):
            continue  # parts of another control (a combo's line edit, a header)
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own internals (a table's corner button)
        label = f"{where}: {type(widget).__name__} {widget.objectName() or widget.toolTip()[:40]!r}"
        if not _accessible_name(widget):
            problems.append(f"{label} has no accessible name")
        if isinstance(widget, SETTING_INPUTS) and not widget.toolTip().strip():
            problems.append(f"{label} ({_accessible_name(widget)}) has no tooltip")
    return problems


def test_every_control_in_every_tab_and_dialog_is_named(qtbot, use_smollm2):
    w = open_window(qtbot, wait_for_model=False)
    problems = []
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        problems += _audit(w.tabs.widget(i), w.tabs.tabText(i))
    settings = w.open_settings()
    problems += _audit(settings, "Settings")
    settings.reject()
    shortcuts = w.show_shortcuts()
    problems += _audit(shortcuts, "Keyboard Shortcuts")
    shortcuts.close()
    viewer = w.show_logs()
    problems += _audit(viewer, "Log viewer")
    viewer.close()
    crash_dialog = CrashDialog(w)
    crash_dialog.add_report("ValueError: x", "Traceback…")
    crash_dialog.show()
    problems += _audit(crash_dialog, "Crash dialog")
    crash_dialog.close()
    assert not problems, "\n".join(problems)


def test_data_folder_setting_is_read_before_anything_opens(app_home, tmp_path):
    """core.storage.paths reads the chosen folder straight from settings.json (no Qt, no settings module)."""
    target = tmp_path / "portable data"
    (app_home / "config").mkdir(exist_ok=True)
    (app_home / "config" / "settings.json").write_text(json.dumps({"data_dir": str(target)}), encoding="utf-8")
    paths.reresolve()
    assert paths.data_dir() == target and paths.database_path().parent == target
    (app_home / "config" / "settings.json").write_text(json.dumps({"data_dir": "relative/no"}), encoding="utf-8")
    assert paths.data_dir() == target  # resolved once per run: a change waits for the restart
    paths.reresolve()
    assert paths.data_dir() == app_home / "data"  # not an absolute path: ignored
