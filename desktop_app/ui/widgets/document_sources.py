"""The Chat's documents side panel: which collections are attached, the sources of the last answer, the chosen
passage highlighted with Open File, and "Why these sources?" (BM25 rank, embedding rank, fused score, and what was
left out for lack of context)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.documents.context import DocumentContext, Source
from desktop_app.ui import theme


class DocumentSourcesPanel(QWidget):
    attached_changed = Signal(list)  # the names of the attached collections

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.context: DocumentContext | None = None
        self.attach_button = QPushButton(self.tr("Attach Collections"))  # keeps room for its menu's arrow
        self.menu = QMenu(self)
        self.attach_button.setMenu(self.menu)
        self.status = QLabel(self.tr("No collections attached."))
        self.status.setWordWrap(True)
        self.sources = QListWidget()
        self.sources.setAccessibleName(self.tr("Sources of the answer"))
        self.sources.currentRowChanged.connect(self.show_source)
        theme.on_change(self, self._render_again, immediate=False)  # the highlight's colours follow the theme
        self.passage = QTextBrowser()
        self.passage.setAccessibleName(self.tr("Passage"))
        self.open_button = QPushButton(self.tr("Open File"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_file)
        self.why_button = QPushButton(self.tr("Why these sources?"))
        self.why_button.setCheckable(True)
        self.why = QTreeWidget()
        self.why.setHeaderLabels([self.tr("Source"), self.tr("BM25 rank"), self.tr("Embedding rank"),
                                  self.tr("Fused score"), self.tr("Used")])
        self.why.setRootIsDecorated(False)
        self.why.setAccessibleName(self.tr("Why these sources?"))
        self.why.setVisible(False)
        self.why_button.toggled.connect(self.why.setVisible)
        layout = QVBoxLayout(self)
        layout.addWidget(self.attach_button)
        layout.addWidget(self.status)
        layout.addWidget(self.sources, 1)
        layout.addWidget(self.passage, 2)
        layout.addWidget(self.open_button)
        layout.addWidget(self.why_button)
        layout.addWidget(self.why, 1)

    # -- attaching ------------------------------------------------------------------------------------------------
    def set_collections(self, names: list[str]) -> None:
        """The collections that exist; attached ones that still exist stay attached."""
        keep = set(self.attached())
        self.menu.clear()
        if not names:
            action = self.menu.addAction(self.tr("No collections yet: add files in the Documents tab."))
            action.setEnabled(False)
        for name in names:
            action = self.menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name in keep)
            action.toggled.connect(self._on_toggled)
        self._on_toggled()

    def has_collections(self) -> bool:
        """False until the collections are listed (attachments read before then would all look gone)."""
        return any(a.isCheckable() for a in self.menu.actions())

    def attached(self) -> list[str]:
        return [a.text() for a in self.menu.actions() if a.isCheckable() and a.isChecked()]

    def set_attached(self, names: list[str]) -> None:
        for action in self.menu.actions():
            if action.isCheckable():
                action.setChecked(action.text() in names)

    def _on_toggled(self, *_args) -> None:
        names = self.attached()
        self.status.setText(self.tr("Attached: {names}").format(names=", ".join(names)) if names
                            else self.tr("No collections attached."))
        self.attached_changed.emit(names)

    # -- sources of an answer -------------------------------------------------------------------------------------
    def show_context(self, context: DocumentContext) -> None:
        self.context = context
        self.sources.clear()
        self.why.clear()
        self.passage.clear()
        if context.mode == "nothing":
            self.status.setText(self.tr("Nothing in the attached collections matches this question; the model was "
                                        "told so."))
        elif context.mode == "too_small":
            self.status.setText(self.tr("Not even one passage fits in the model's context; the model was told so."))
        elif context.mode == "whole":
            self.status.setText(self.tr("The attached documents fit in the context and were given whole."))
        else:
            self.status.setText(self.tr("{n} passages were given to the model; {m} did not fit.").format(
                n=len(context.sources), m=len(context.left_out)))
        if context.also:  # documents in another language: say what else was searched
            self.status.setText(self.status.text() + " " + self.tr("Also searched as: {queries}").format(
                queries=" · ".join(f"“{q}”" for q in context.also)))
        for s in context.sources:
            item = QListWidgetItem(f"[{s.number}] {s.label}")
            item.setToolTip(s.file)
            self.sources.addItem(item)
        for s, used in [(s, True) for s in context.sources] + [(s, False) for s in context.left_out]:
            hit = s.hit
            row = QTreeWidgetItem([
                f"[{s.number}] {s.label}" if used else s.label,
                str(hit.bm25_rank) if hit and hit.bm25_rank else "–",
                str(hit.dense_rank) if hit and hit.dense_rank else "–",
                f"{hit.score:.4f}" if hit else "–",
                self.tr("yes") if used else self.tr("left out: no room in the context"),
            ])
            self.why.addTopLevelItem(row)
        if context.sources:
            self.sources.setCurrentRow(0)

    def source(self, number: int) -> Source | None:
        if self.context is None:
            return None
        return next((s for s in self.context.sources if s.number == number), None)

    def show_source(self, row: int) -> None:
        """The passage, highlighted, with where it is in its file."""
        src = self.context.sources[row] if self.context and 0 <= row < len(self.context.sources) else None
        self.open_button.setEnabled(src is not None)
        if src is None:
            return
        where = self.tr("page {page}").format(page=src.page) if src.page else ""
        span = self.tr("characters {start}–{end}").format(start=src.start, end=src.end) if src.start >= 0 else ""
        head = html.escape(" · ".join(x for x in (Path(src.file).name, where, span) if x))
        body = html.escape(src.text).replace("\n", "<br>")
        mark = f"background-color:{theme.color('mark_bg')};color:{theme.color('mark_fg')}"
        self.passage.setHtml(f"<p><b>[{src.number}]</b> {head}</p><p><span style='{mark}'>{body}</span></p>")

    def _render_again(self) -> None:
        self.show_source(self.sources.currentRow())

    def open_source(self, number: int) -> None:
        """Show source [number] (a citation clicked in the answer)."""
        if self.context is not None:
            for row, s in enumerate(self.context.sources):
                if s.number == number:
                    self.sources.setCurrentRow(row)

    def open_file(self) -> None:
        row = self.sources.currentRow()
        if self.context and 0 <= row < len(self.context.sources):
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.context.sources[row].file))
