"""The conversations sidebar: New, search (titles and message text), rename, delete to the Trash, the Trash, and
Export… / Import… (the selected conversations, or all when none is selected; see ui/tabs/chat_transfer.py).

Deleting never loses a conversation at one key press: Delete (the key, the menu, Ctrl+Shift+Delete) moves it to the
Trash with an Undo bar; only "Delete forever" and "Empty Trash" in the Trash view remove it, each after a question.
Backspace does nothing here (it deletes text in the composer, and a stray press must not cost a chat).

The Trash is a view of the same list (the Trash button at the bottom): search covers it too, and its items can be
restored or deleted for ever. Items in the Trash are not opened in the chat view.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.storage.database import Conversation
from desktop_app.core.storage.schema import TRASH_DAYS
from desktop_app.ui import theme


class _FitWidthDelegate(QStyledItemDelegate):
    """Rows as wide as the list, no wider: the view then elides a long title instead of laying the row out at the
    title's full width (which only clipped it and grew a horizontal scrollbar)."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt name)
        hint = super().sizeHint(option, index)
        view = self.parent()
        return QSize(min(hint.width(), view.viewport().width()), hint.height())


class ConversationList(QWidget):
    selected = Signal(int)
    new_requested = Signal()
    search_changed = Signal(str)
    rename_requested = Signal(int, str)
    delete_requested = Signal(object)  # a list of ids to move to the Trash (undoable)
    restore_requested = Signal(int)  # out of the Trash
    purge_requested = Signal(int)  # delete for ever (the user confirmed)
    empty_trash_requested = Signal()  # the user confirmed
    trash_toggled = Signal(bool)  # the list now shows the Trash (True) or the conversations
    export_requested = Signal(object)  # a list of conversation ids, or None for all
    import_requested = Signal()
    train_requested = Signal(object)  # conversation ids, or None for all: send them to the Fine-tune wizard

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.new_button = QPushButton(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search conversations…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search conversations"))
        # One search once typing pauses, not one per key. superqt's debouncer is made at the first keystroke:
        # importing superqt (and qtpy with it) would add about 0.15 s to the window's first paint.
        self._search_later = None
        self.search.textChanged.connect(self._on_search_text)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Conversations"))
        # A long title ends in "…" (the whole of it is the tooltip) rather than growing a horizontal scrollbar.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.ElideRight)
        self.list.setItemDelegate(_FitWidthDelegate(self.list))
        self.list.setResizeMode(QListWidget.Adjust)  # laid out again when the list is resized
        self.list.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.list.setContextMenuPolicy(Qt.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemSelectionChanged.connect(self._update_trash_buttons)
        self.list.itemDoubleClicked.connect(self._on_double_click)
        self.list.installEventFilter(self)

        self.trash_button = QPushButton()
        self.trash_button.setCheckable(True)
        self.trash_button.setToolTip(
            self.tr("Show the conversations you deleted; they are deleted for ever after {days} days").format(
                days=TRASH_DAYS
            )
        )
        theme.set_icon(self.trash_button, "delete")
        self.trash_button.toggled.connect(self._on_trash_toggled)
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setToolTip(self.tr("Put the selected conversations back in the list"))
        self.restore_button.clicked.connect(lambda: [self.restore_requested.emit(c) for c in self.selected_ids()])
        self.purge_button = QPushButton(self.tr("Delete forever…"))
        self.purge_button.setToolTip(self.tr("Delete the selected conversations for ever"))
        self.purge_button.clicked.connect(lambda: self.ask_purge(self.selected_ids()))
        self.empty_button = QPushButton(self.tr("Empty Trash…"))
        self.empty_button.setToolTip(self.tr("Delete every conversation in the Trash for ever"))
        self.empty_button.clicked.connect(self.ask_empty_trash)
        self.trash_actions = QWidget()
        row = QHBoxLayout(self.trash_actions)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.restore_button)
        row.addWidget(self.purge_button)
        self.trash_actions.hide()
        self.empty_button.hide()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(
            self.tr("Save the selected conversations (or all, when none is selected) as Markdown, JSON or JSONL")
        )
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.selected_ids() or None))
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(
            self.tr("Add conversations from a file exported by this app, LM Studio, Open WebUI or ChatGPT")
        )
        self.import_button.clicked.connect(self.import_requested)
        self.files_row = QWidget()
        files = QHBoxLayout(self.files_row)
        files.setContentsMargins(0, 0, 0, 0)
        files.addWidget(self.export_button)
        files.addWidget(self.import_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.trash_button, 1)
        bottom.addWidget(self.empty_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.trash_actions)
        layout.addWidget(self.files_row)
        layout.addLayout(bottom)
        self._trash_count = 0
        self._update_trash_button()
        self._update_trash_buttons()

    # -- contents ------------------------------------------------------------------------------------------------
    def in_trash(self) -> bool:
        return self.trash_button.isChecked()

    def show_trash(self, on: bool) -> None:
        self.trash_button.setChecked(on)

    def set_conversations(
        self, conversations: Sequence[Conversation], current_id: int | None, trash_count: int | None = None
    ) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        now = time.time()
        for c in conversations:
            item = QListWidgetItem(c.title)
            item.setData(Qt.UserRole, c.id)
            if c.deleted_at is not None:
                left = max(0, TRASH_DAYS - int((now - c.deleted_at) // 86400))
                item.setToolTip(
                    self.tr("{title}\nDeleted {date}; deleted for ever in {days} days").format(
                        title=c.title, date=time.strftime("%Y-%m-%d %H:%M", time.localtime(c.deleted_at)), days=left
                    )
                )
            else:
                item.setToolTip(c.title)
            self.list.addItem(item)
            if c.id == current_id and not self.in_trash():
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if trash_count is not None:
            self._trash_count = trash_count
            self._update_trash_button()
        self._update_trash_buttons()

    def _update_trash_button(self) -> None:
        self.trash_button.setText(
            self.tr("Back to conversations") if self.in_trash() else self.tr("Trash ({n})").format(n=self._trash_count)
        )

    def _update_trash_buttons(self) -> None:
        has = bool(self.list.selectedItems())
        self.restore_button.setEnabled(has)
        self.purge_button.setEnabled(has)
        self.empty_button.setEnabled(self._trash_count > 0)

    def _on_trash_toggled(self, on: bool) -> None:
        self.trash_actions.setVisible(on)
        self.empty_button.setVisible(on)
        self.new_button.setEnabled(not on)
        self.files_row.setVisible(not on)
        self.list.setAccessibleName(self.tr("Trash") if on else self.tr("Conversations"))
        self._update_trash_button()
        self.trash_toggled.emit(on)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item else None

    def selected_ids(self) -> list[int]:
        return [item.data(Qt.UserRole) for item in self.list.selectedItems()]

    def titles(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _item_for(self, conversation_id: int) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.UserRole) == conversation_id:
                return self.list.item(i)
        return None

    def _on_current(self, item: QListWidgetItem | None, _previous) -> None:
        if item is not None and not self.in_trash():
            self.selected.emit(item.data(Qt.UserRole))

    def _on_double_click(self, item: QListWidgetItem) -> None:
        if self.in_trash():
            self.restore_requested.emit(item.data(Qt.UserRole))
        else:
            self.ask_rename(item.data(Qt.UserRole))

    # -- keys and menus ------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        """Delete: to the Trash (undoable), or in the Trash "Delete forever…" (asks). Backspace: nothing."""
        if watched is self.list and event.type() == QEvent.KeyPress:
            if event.key() == Qt.Key_Delete and event.modifiers() in (Qt.NoModifier, Qt.KeypadModifier):
                ids = self.selected_ids()
                if self.in_trash():
                    self.ask_purge(ids)
                elif ids:
                    self.delete_requested.emit(ids)
                return True
            if event.key() == Qt.Key_Backspace:
                return True
        return super().eventFilter(watched, event)

    def _on_search_text(self, _text: str) -> None:
        if self._search_later is None:
            from superqt.utils import qdebounced

            self._search_later = qdebounced(
                lambda: self.search_changed.emit(self.search.text()), timeout=200, parent=self
            )
        self._search_later()

    def _context_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        cid = item.data(Qt.UserRole)
        ids = self.selected_ids() if cid in self.selected_ids() else [cid]
        menu = QMenu(self)
        if self.in_trash():
            menu.addAction(self.tr("Restore"), lambda: [self.restore_requested.emit(c) for c in ids])
            menu.addAction(self.tr("Delete forever…"), lambda: self.ask_purge(ids))
        else:
            menu.addAction(self.tr("Rename…"), lambda: self.ask_rename(cid))
            menu.addAction(self.tr("Export…"), lambda: self.export_requested.emit(ids))
            menu.addAction(self.tr("Use as Training Data"), lambda: self.train_requested.emit(ids))
            menu.addSeparator()
            menu.addAction(self.tr("Move to Trash"), lambda: self.delete_requested.emit(ids))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def ask_rename(self, conversation_id: int | None) -> None:
        item = self._item_for(conversation_id) if conversation_id is not None else None
        if item is None:
            return
        title, ok = QInputDialog.getText(self, self.tr("Rename conversation"), self.tr("Title:"), text=item.text())
        if ok and title.strip():
            self.rename_requested.emit(conversation_id, title.strip())

    def ask_delete(self, conversation_id: int | None) -> None:
        """Move a conversation to the Trash. No question: the Undo bar and the Trash bring it back."""
        if conversation_id is not None and self._item_for(conversation_id) is not None:
            self.delete_requested.emit([conversation_id])

    def ask_purge(self, ids: Sequence[int]) -> None:
        items = [i for i in (self._item_for(c) for c in ids) if i is not None]
        if not items:
            return
        text = (
            self.tr("Delete “{title}” for ever? This cannot be undone.").format(title=items[0].text())
            if len(items) == 1
            else self.tr("Delete {n} conversations for ever? This cannot be undone.").format(n=len(items))
        )
        answer = QMessageBox.question(
            self, self.tr("Delete forever"), text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No
        )
        if answer == QMessageBox.Yes:
            for item in items:
                self.purge_requested.emit(item.data(Qt.UserRole))

    def ask_empty_trash(self) -> None:
        if self._trash_count == 0:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Empty Trash"),
            self.tr("Delete all {n} conversations in the Trash for ever? This cannot be undone.").format(
                n=self._trash_count
            ),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        if answer == QMessageBox.Yes:
            self.empty_trash_requested.emit()
