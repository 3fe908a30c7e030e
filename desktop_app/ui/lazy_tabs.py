"""Tabs of a QTabWidget that are built when first shown.

Why: building every tab at start (and importing what each needs: pyqtgraph and numpy for Fine-tune, the model
library for Models, superqt's widgets for the task tabs) cost the window about a second before its first paint.
The tab bar still shows every tab from the start; each tab's page is an empty placeholder until the tab becomes
current or someone asks for it (`LazyTabs.get`, or a `lazy_page` attribute such as `window.summarize_tab`), and
then the real widget takes the placeholder's place at the same index, with the same text, icon and tooltip. So
`tabs.setCurrentWidget(window.summarize_tab)` and `tabs.indexOf(window.summarize_tab)` work as before, and code that
must not build a tab (a refresh after a restore, shutdown) asks `LazyTabs.built`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QSignalBlocker
from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTabs(QObject):
    """Owns the factories of a QTabWidget's lazily built pages; `get(key)` builds one, at most once."""

    def __init__(self, tabs: QTabWidget):
        super().__init__(tabs)
        self.tabs = tabs
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._pages: dict[str, QWidget] = {}
        # Connected before anyone else's slot: by the time they run, the current page is the real widget.
        tabs.currentChanged.connect(self._on_current_changed)

    def add(self, key: str, text: str, factory: Callable[[], QWidget]) -> None:
        """A tab whose widget `factory()` builds when the tab is first shown or asked for."""
        placeholder = QWidget()
        placeholder.setObjectName(f"lazy_tab_{key}")
        self._factories[key] = factory
        self._placeholders[key] = placeholder
        blocker = QSignalBlocker(self.tabs)  # not built from inside addTab's own signal
        self.tabs.addTab(placeholder, text)
        blocker.unblock()
        if self.tabs.currentWidget() is placeholder:  # the first tab is shown at once
            self.get(key)

    def add_built(self, key: str, widget: QWidget, text: str) -> None:
        """A tab built now (the one shown at start)."""
        self._pages[key] = widget
        self.tabs.addTab(widget, text)

    def get(self, key: str) -> QWidget:
        """The tab's widget, built now if it was not yet."""
        page = self._pages.get(key)
        return page if page is not None else self._build(key)

    def built(self, key: str) -> QWidget | None:
        """The tab's widget if it exists, without building it."""
        return self._pages.get(key)

    def built_pages(self, *keys: str) -> Iterator[QWidget]:
        """The widgets already built among `keys` (all tabs when none are named), in tab order."""
        wanted = keys or tuple(self._pages)
        return (self._pages[k] for k in wanted if k in self._pages)

    def build_all(self) -> None:
        """Build every tab (the shortcuts overview reads the live widgets of all of them)."""
        for key in list(self._factories):
            self.get(key)

    def _on_current_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        for key, placeholder in self._placeholders.items():
            if placeholder is page:
                self._build(key)
                return

    def _build(self, key: str) -> QWidget:
        factory = self._factories.pop(key)
        placeholder = self._placeholders.pop(key)
        try:
            widget = factory()
        except BaseException:
            self._factories[key] = factory  # the placeholder stays; the next visit tries again
            self._placeholders[key] = placeholder
            raise
        self._pages[key] = widget
        tabs = self.tabs
        index = tabs.indexOf(placeholder)
        current = tabs.currentIndex()
        icon, text, tip = tabs.tabIcon(index), tabs.tabText(index), tabs.tabToolTip(index)
        blocker = QSignalBlocker(tabs)  # the swap is not a change of tab for anyone listening
        tabs.setUpdatesEnabled(False)
        try:
            tabs.removeTab(index)
            tabs.insertTab(index, widget, icon, text)
            tabs.setTabToolTip(index, tip)
            tabs.setCurrentIndex(current)
        finally:
            tabs.setUpdatesEnabled(True)
            blocker.unblock()
        placeholder.deleteLater()
        return widget


class lazy_page:  # noqa: N801 (used like a property)
    """`summarize_tab = lazy_page("summarize")` on a class with a `lazy_tabs` attribute: reading it builds the tab."""

    def __init__(self, key: str):
        self.key = key

    def __get__(self, obj, owner=None):
        return self if obj is None else obj.lazy_tabs.get(self.key)
