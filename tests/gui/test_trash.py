"""The Trash in the Chat tab, through real widgets over a real database file: Delete moves a conversation to the
Trash with an Undo bar, Undo also works after a restart (Restore in the Trash view), Delete forever and Empty Trash
ask first, and search covers the Trash."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.storage import paths
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.tabs.chat_tab import ChatTab
from desktop_app.workers.model_manager import ModelManager


@pytest.fixture
def manager():
    m = ModelManager()
    yield m
    m.shutdown(2.0)


def make_tab(qtbot, manager, db) -> ChatTab:
    tab = ChatTab(manager, db, AppSettings(), lambda: None, paths.models_dir())
    qtbot.addWidget(tab)
    tab.show()
    return tab


def seed(db: Database) -> tuple[int, int]:
    a = db.create_conversation("上海旅游计划")
    db.add_message(a, "user", "我想去上海看外滩")
    db.add_message(a, "assistant", "外滩夜景很美。")
    b = db.create_conversation("Apple pie")
    db.add_message(b, "user", "How do I bake an apple pie?")
    return a, b


def select(tab: ChatTab, conversation_id: int) -> None:
    lst = tab.conversations.list
    item = next(lst.item(i) for i in range(lst.count()) if lst.item(i).data(Qt.UserRole) == conversation_id)
    lst.setCurrentItem(item)


def test_delete_key_moves_to_trash_and_undo_brings_it_back(qtbot, manager):
    db = Database(paths.database_path())
    a, b = seed(db)
    tab = make_tab(qtbot, manager, db)
    select(tab, a)
    assert tab.conversation_id == a and "外滩夜景" in tab.view.toPlainText()

    QTest.keyClick(tab.conversations.list, Qt.Key_Backspace)  # a stray Backspace costs nothing
    assert tab.conversations.titles() == ["Apple pie", "上海旅游计划"]

    QTest.keyClick(tab.conversations.list, Qt.Key_Delete)
    assert tab.conversations.titles() == ["Apple pie"]
    assert tab.conversation_id is None and tab.view.toPlainText() == ""
    assert tab.undo_bar.isVisible() and "上海旅游计划" in tab.undo_bar.label.text()
    assert tab.conversations.trash_button.text() == "Trash (1)"
    assert [m.content for m in db.messages(a)][0] == "我想去上海看外滩"  # nothing is gone yet

    tab.undo_bar.undo_button.click()
    assert not tab.undo_bar.isVisible()
    assert set(tab.conversations.titles()) == {"Apple pie", "上海旅游计划"}
    assert tab.conversation_id == a and "外滩夜景" in tab.view.toPlainText()  # back on screen
    assert db.trash_count() == 0


def test_undo_after_a_restart_is_restore_from_the_trash_and_search_covers_it(qtbot, manager):
    db = Database(paths.database_path())
    a, b = seed(db)
    tab = make_tab(qtbot, manager, db)
    select(tab, b)
    tab.conversations.ask_delete(b)  # Chat → Move Conversation to Trash (Ctrl+Shift+Delete)
    select(tab, a)
    QTest.keyClick(tab.conversations.list, Qt.Key_Delete)
    assert tab.conversations.titles() == []
    tab.close()
    db.close()

    db = Database(paths.database_path())  # the app again
    tab = make_tab(qtbot, manager, db)
    assert tab.conversations.titles() == [] and not tab.undo_bar.isVisible()
    tab.conversations.trash_button.click()
    assert tab.conversations.in_trash() and tab.conversations.titles() == ["上海旅游计划", "Apple pie"]
    tab.conversations.search.setText("外滩")  # message text, Chinese
    qtbot.waitUntil(lambda: tab.conversations.titles() == ["上海旅游计划"], timeout=3000)
    tab.conversations.search.setText("APPLE")
    qtbot.waitUntil(lambda: tab.conversations.titles() == ["Apple pie"], timeout=3000)
    tab.conversations.search.clear()
    qtbot.waitUntil(lambda: len(tab.conversations.titles()) == 2, timeout=3000)

    select(tab, a)
    assert tab.conversation_id is None  # a conversation in the Trash is not opened
    assert tab.conversations.restore_button.isEnabled()
    tab.conversations.restore_button.click()
    assert tab.conversations.titles() == ["Apple pie"]
    tab.conversations.trash_button.click()
    assert tab.conversations.titles() == ["上海旅游计划"]
    assert [m.content for m in db.messages(a)] == ["我想去上海看外滩", "外滩夜景很美。"]


def test_delete_forever_and_empty_trash_ask_first(qtbot, manager, monkeypatch):
    db = Database(paths.database_path())
    a, b = seed(db)
    c = db.create_conversation("Third")
    for cid in (a, b, c):
        db.trash_conversation(cid)
    tab = make_tab(qtbot, manager, db)
    tab.conversations.show_trash(True)
    assert len(tab.conversations.titles()) == 3

    asked: list[str] = []

    def answer(reply):
        def question(_parent, _title, text, *_a, **_k):
            asked.append(text)
            return reply
        return question

    select(tab, a)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.No))
    QTest.keyClick(tab.conversations.list, Qt.Key_Delete)  # in the Trash: Delete forever…, which asks
    assert "for ever" in asked[-1] and len(tab.conversations.titles()) == 3
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.Yes))
    tab.conversations.purge_button.click()
    assert "上海旅游计划" not in tab.conversations.titles() and db.conversation(a) is None

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.No))
    tab.conversations.empty_button.click()
    assert "2 conversations" in asked[-1] and len(tab.conversations.titles()) == 2
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.Yes))
    tab.conversations.empty_button.click()
    assert tab.conversations.titles() == [] and db.trash_count() == 0
    assert db.conversation(b) is None and db.conversation(c) is None
    assert not tab.conversations.empty_button.isEnabled()


def test_several_selected_go_to_the_trash_together_and_one_undo_brings_them_all(qtbot, manager):
    db = Database(paths.database_path())
    a, b = seed(db)
    keep = db.create_conversation("Keep")
    tab = make_tab(qtbot, manager, db)
    select(tab, a)
    lst = tab.conversations.list
    for i in range(lst.count()):
        lst.item(i).setSelected(lst.item(i).data(Qt.UserRole) in (a, b))
    QTest.keyClick(lst, Qt.Key_Delete)
    assert tab.conversations.titles() == ["Keep"] and db.trash_count() == 2
    assert "Moved 2 conversations to the Trash" in tab.undo_bar.label.text()
    tab.undo_bar.undo_button.click()
    assert set(tab.conversations.titles()) == {"Keep", "Apple pie", "上海旅游计划"} and db.trash_count() == 0
    assert tab.conversation_id == a  # the one that was open is open again
    assert db.conversation(keep).deleted_at is None
