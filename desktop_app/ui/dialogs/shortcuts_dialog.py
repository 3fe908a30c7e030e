"""Help → Keyboard Shortcuts: every shortcut the window really has, read from it each time the dialog opens.

Nothing here is a hand-kept list that could drift: the menus' QActions, other QActions and QShortcuts in the
window (a tab's Attach Image…, the Describe tab's Paste), buttons with a shortcut (Ctrl+Enter runs a tab) and the
keys a widget handles itself and declares in a `KEY_HINTS` class attribute (the composer's Enter / Shift+Enter)
are all collected, each with where it works.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ShortcutEntry:
    action: str  # what it does, as the menu or button says it
    keys: str  # portable text ("Ctrl+Shift+A"), comma-separated when there are several
    display: str  # the same as this platform writes it (⌘ on macOS)
    where: str  # "File menu", "Chat tab", ...


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _keys(sequences) -> tuple[str, str]:
    seqs = [QKeySequence(s) for s in sequences if not QKeySequence(s).isEmpty()]
    portable = ", ".join(s.toString(QKeySequence.PortableText) for s in seqs)
    native = ", ".join(s.toString(QKeySequence.NativeText) for s in seqs)
    return portable, native


def _main_tabs(window: QWidget) -> QTabWidget | None:
    tabs = getattr(window, "tabs", None)
    return tabs if isinstance(tabs, QTabWidget) else window.findChild(QTabWidget)


def _where_tab(window: QWidget, tab_text: str) -> str:
    return QCoreApplication.translate("ShortcutsDialog", "{tab} tab").format(tab=_clean(tab_text))


def _tab_of(window: QWidget, widget: QWidget | None) -> str:
    tabs = _main_tabs(window)
    if tabs is None or widget is None:
        return ""
    for i in range(tabs.count()):
        page = tabs.widget(i)
        if page is widget or page.isAncestorOf(widget):
            return _where_tab(window, tabs.tabText(i))
    return ""


def _where(window: QWidget, owner) -> str:
    widget = owner if isinstance(owner, QWidget) else None
    tab = _tab_of(window, widget)
    if tab:
        return tab
    if widget is not None and widget.window() is not window:
        return _clean(widget.window().windowTitle())
    return QCoreApplication.translate("ShortcutsDialog", "Window")


def _menu_actions(menu: QMenu, path: str, seen: set[int], out: list[ShortcutEntry]) -> None:
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        if sub is not None:
            _menu_actions(sub, f"{path} › {_clean(action.text())}", seen, out)
            continue
        seen.add(id(action))
        portable, native = _keys(action.shortcuts())
        if portable:
            out.append(ShortcutEntry(_clean(action.text()), portable, native, path))


def collect_shortcuts(window: QWidget) -> list[ShortcutEntry]:
    """Every keyboard shortcut in `window` (menus first, then each tab's), read from the live widgets."""
    out: list[ShortcutEntry] = []
    seen: set[int] = set()
    if isinstance(window, QMainWindow):
        for top in window.menuBar().actions():
            if top.menu() is not None:
                _menu_actions(top.menu(), QCoreApplication.translate("ShortcutsDialog", "{menu} menu").format(menu=_clean(top.text())), seen, out)
    menus = {e.where for e in out}
    for action in window.findChildren(QAction):
        if id(action) in seen or not action.isVisible():
            continue
        portable, native = _keys(action.shortcuts())
        if portable:
            owner = action.parent()
            out.append(ShortcutEntry(_clean(action.text()), portable, native, _where(window, owner)))
    for shortcut in window.findChildren(QShortcut):
        portable, native = _keys(shortcut.keys())
        if portable and shortcut.isEnabled():
            text = shortcut.whatsThis() or native
            out.append(ShortcutEntry(_clean(text), portable, native, _where(window, shortcut.parent())))
    for button in window.findChildren(QAbstractButton):
        portable, native = _keys([button.shortcut()])
        if portable:
            text = _clean(button.text()) or button.accessibleName() or button.toolTip()
            out.append(ShortcutEntry(text, portable, native, _where(window, button)))
    declared: set[tuple[str, type]] = set()
    for widget in window.findChildren(QWidget):
        hints = getattr(type(widget), "KEY_HINTS", None)
        if not hints:
            continue
        where = _where(window, widget)
        if (where, type(widget)) in declared:
            continue
        declared.add((where, type(widget)))
        for keys, text in hints:
            seq = QKeySequence(keys)
            out.append(ShortcutEntry(widget.tr(text), keys, seq.toString(QKeySequence.NativeText) or keys, where))
    return _ordered(window, out, menus)


def _ordered(window: QWidget, entries: list[ShortcutEntry], menus: set[str]) -> list[ShortcutEntry]:
    """Menus in menu-bar order, then tabs in tab order, then the rest; duplicates dropped."""
    tabs = _main_tabs(window)
    tab_names = [_where_tab(window, tabs.tabText(i)) for i in range(tabs.count())] if tabs is not None else []
    first_seen: dict[str, int] = {}
    for i, e in enumerate(entries):
        first_seen.setdefault(e.where, i)

    def rank(e: ShortcutEntry) -> tuple[int, int]:
        if e.where in menus:
            return (0, first_seen[e.where])
        if e.where in tab_names:
            return (1, tab_names.index(e.where))
        return (2, first_seen[e.where])

    unique: list[ShortcutEntry] = []
    for e in sorted(entries, key=rank):  # stable: each group keeps the order it was found in
        if e not in unique:
            unique.append(e)
    return unique


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.resize(620, 560)
        self.entries = collect_shortcuts(window)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter, e.g. “regenerate” or “Ctrl+R”"))
        self.filter.setAccessibleName(self.tr("Filter shortcuts"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        groups: dict[str, QTreeWidgetItem] = {}
        for e in self.entries:
            group = groups.get(e.where)
            if group is None:
                group = QTreeWidgetItem(self.tree, [e.where])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemIsEnabled)
                groups[e.where] = group
            item = QTreeWidgetItem(group, [e.action, e.display])
            item.setData(1, Qt.UserRole, e.keys)
            item.setToolTip(0, f"{e.action} — {e.where}")
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                item = group.child(j)
                hay = f"{item.text(0)} {item.text(1)} {item.data(1, Qt.UserRole)} {group.text(0)}".lower()
                hide = bool(needle) and needle not in hay
                item.setHidden(hide)
                shown += not hide
            group.setHidden(shown == 0)

    def listed(self) -> list[tuple[str, str]]:
        """(action, portable keys) of every row: for tests and for the lead's checks."""
        return [(e.action, e.keys) for e in self.entries]
