"""Issue 15, item 10: a long conversation title is elided to the list's width, never a horizontal scrollbar."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt

from desktop_app.ui.widgets.conversation_list import ConversationList

LONG = "A very long conversation title about the history of the Roman empire, its roads and 罗马帝国的道路"


def test_long_titles_are_elided_to_the_list_width(qtbot):
    panel = ConversationList()
    qtbot.addWidget(panel)
    panel.resize(220, 400)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_conversations([SimpleNamespace(id=1, title=LONG, deleted_at=None)], None)
    view = panel.list
    item = view.item(0)
    qtbot.waitUntil(lambda: view.visualItemRect(item).width() <= view.viewport().width())
    assert view.horizontalScrollBar().maximum() == 0 and view.textElideMode() == Qt.ElideRight
    assert item.toolTip() == LONG  # the whole title is one hover away
    panel.resize(400, 400)  # wider: the row follows the list
    qtbot.waitUntil(lambda: view.visualItemRect(item).width() > 300)
