"""Documents in Chat: attach collections to the conversation; each reply then gets their passages (or their whole
text when it fits) as numbered sources, shown in a side panel with "Why these sources?".

Installed by the main window over a ChatTab with small hooks only: a "Documents" toggle beside "Attach image…", the
side panel at the end of the tab's splitter, and `ChatTab.before_reply`, which runs DocumentService.context on the
embedding model's thread and then starts the reply with the sources in its system prompt. When nothing relevant is
found the model is told so and the user sees a notice, never a silent empty context.
"""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import QObject
from PySide6.QtGui import QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPushButton

from desktop_app.core.documents.chunking import estimate_tokens
from desktop_app.core.documents.context import DocumentContext
from desktop_app.core.tasks.chat import ChatSettings
from desktop_app.ui.tabs.chat_tab import ChatTab
from desktop_app.ui.widgets.document_sources import DocumentSourcesPanel
from desktop_app.workers.document_service import DocumentService
from desktop_app.workers.jobs import Job

REPLY_MARGIN = 64  # tokens kept free beside the reply for the template's own markup
PANEL_WIDTH = 380
ROOM_FOR_BOTH = 1400  # conversations ~220 + the conversation ~520 + settings ~280 + this panel 380
_CITATION = re.compile(r"\[(\d{1,3})\]")


class ChatDocuments(QObject):
    def __init__(self, tab: ChatTab, service: DocumentService):
        super().__init__(tab)
        self.tab = tab
        self.service = service
        self.job: Job | None = None  # the context being prepared for a reply
        self._restoring = False  # while the panel is set from a conversation (not the user's ticks)
        self._hid_settings = False  # the settings column was hidden to make room for the panel
        self.panel = DocumentSourcesPanel()
        self.panel.setVisible(False)
        tab.splitter.addWidget(self.panel)
        self.toggle = QPushButton(self.tr("Documents"))
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(self.tr("Attach document collections to this conversation and see the sources"))
        self.toggle.toggled.connect(self._show_panel)
        self._place_toggle()
        self.panel.attached_changed.connect(self._on_attached)
        tab.before_reply = self.before_reply
        self._cited: tuple[int, int] | None = None  # (conversation, reply) the panel's sources belong to
        self._expecting: int | None = None  # the conversation whose reply is being started with sources
        tab.chat.started.connect(self._on_reply_started)
        tab.generation_finished.connect(lambda _result: self.link_citations())
        tab.view.citation_clicked.connect(self.open_citation)
        tab.conversation_changed.connect(self._show_conversation_documents)
        service.collections_changed.connect(self.refresh)
        self.refresh()

    def _place_toggle(self) -> None:
        """Beside "Attach image…", in the input's row of buttons."""
        outer = self.tab.input.layout()
        for i in range(outer.count()):
            row = outer.itemAt(i).layout()
            if row is not None and row.indexOf(self.tab.input.attach_button) >= 0:
                row.insertWidget(row.indexOf(self.tab.input.attach_button) + 1, self.toggle)
                return

    def _show_panel(self, show: bool) -> None:
        """Show or hide the panel, giving it room to read a passage (taken from the conversation, not lost). In a
        window too narrow for the conversation, its settings and the sources side by side (1280 px is), the
        settings column makes way while the panel is open and comes back when it closes."""
        if show and self.tab.settings_button.isChecked() and self.tab.splitter.width() < ROOM_FOR_BOTH:
            self._hid_settings = True
            self.tab.settings_button.setChecked(False)
        elif not show and self._hid_settings:
            self._hid_settings = False
            self.tab.settings_button.setChecked(True)
        self.panel.setVisible(show)
        sizes = self.tab.splitter.sizes()
        index = self.tab.splitter.indexOf(self.panel)
        if show and sizes[index] < PANEL_WIDTH:
            widest = max(range(len(sizes)), key=lambda i: sizes[i] if i != index else -1)
            give = min(PANEL_WIDTH - sizes[index], max(sizes[widest] - 300, 0))
            sizes[widest] -= give
            sizes[index] += give
            self.tab.splitter.setSizes(sizes)

    def refresh(self) -> None:
        def connect(job: Job) -> None:
            job.finished.connect(self._on_listed)

        self.service.list(connect)

    def _on_listed(self, found: list) -> None:
        self._restoring = True  # the list alone changes no conversation's attachments
        try:
            self.panel.set_collections([row[0] for row in found])
        finally:
            self._restoring = False
        self._show_conversation_documents()  # the first list after start: the open conversation's attachments

    def _show_conversation_documents(self) -> None:
        """The shown conversation's attached collections (ChatSettings.documents), ticked in the panel. A collection
        deleted since is dropped from the conversation too, once the list of collections is known."""
        self._restoring = True
        try:
            self.panel.set_attached(list(self.tab.chat_settings.documents))
        finally:
            self._restoring = False
        self._on_attached(self.panel.attached())

    def _on_attached(self, names: list[str]) -> None:
        self.toggle.setText(self.tr("Documents ({n})").format(n=len(names)) if names else self.tr("Documents"))
        if self._restoring or not self.panel.has_collections():
            return
        settings = self.tab.chat_settings
        if tuple(names) != settings.documents:  # kept with the conversation (saved at once, like its settings)
            self.tab.chat_settings = replace(settings, documents=tuple(names))
            if self.tab.conversation_id is not None:
                self.tab.db.update_settings(self.tab.conversation_id, self.tab.chat_settings.to_dict())

    def before_reply(self, conversation_id: int, version_of: int | None) -> bool:
        """Fetch the attached collections' sources for the question, then start the reply with them."""
        names = self.panel.attached()
        model = self.tab.model
        if not names or model is None or self.job is not None:
            return False
        branch = self.tab.db.messages(conversation_id)
        if version_of is not None:
            ids = [m.id for m in branch]
            branch = branch[: ids.index(version_of)] if version_of in ids else branch
        question = next((m.content for m in reversed(branch) if m.role == "user" and m.content), "")
        if not question:
            return False
        conversation = self.tab.db.conversation(conversation_id)
        settings = ChatSettings.from_dict(conversation.settings if conversation else {})
        n_ctx = model.info.n_ctx if model.info else settings.n_ctx
        history = sum(estimate_tokens(m.content) + 8 for m in branch) + estimate_tokens(settings.system_prompt)
        budget = n_ctx - history - settings.params.max_tokens - REPLY_MARGIN

        def connect(job: Job) -> None:
            job.finished.connect(lambda ctx: self._start(conversation_id, version_of, ctx))
            job.failed.connect(lambda exc: self.tab.notice.show_message(str(exc), "error"))
            job.ended.connect(self._on_ended)

        def look(also: list[str]) -> None:
            self.job = self.service.context(names, question, budget, connect, also)

        targets = self.service.translation_targets(names, question)
        if targets:  # documents in another language: the chat model translates the question first
            self.tab.notice.show_message(self.tr("Translating the question for the attached documents…"), "info")

            def connect_translation(job: Job) -> None:
                job.finished.connect(look)
                job.failed.connect(lambda _exc: look([]))  # searched as asked: still better than nothing
                job.cancelled.connect(self._on_ended)

            self.job = self.service.translate_question(model.spec.id, question, targets, connect_translation)
            return True
        self.tab.notice.show_message(self.tr("Looking through the attached documents…"), "info")
        look([])
        return True

    def _start(self, conversation_id: int, version_of: int | None, context: DocumentContext) -> None:
        self.panel.show_context(context)
        self.toggle.setChecked(True)
        if context.mode == "nothing":
            self.tab.notice.show_message(self.tr(
                "Nothing in the attached collections matches this question; the model was told so."), "warning")
        elif context.mode == "too_small":
            self.tab.notice.show_message(self.tr(
                "Not even one passage of the attached documents fits in the model's context; the model was told "
                "so. A larger context or a shorter conversation lets them in."), "warning")
        else:
            self.tab.notice.hide()
        if self.tab.model is not None:
            self._expecting = conversation_id
            switch = self.tab.model_bar.thinking_switch
            self.tab.chat.start(conversation_id, self.tab.model, version_of, switch.mode(),
                                documents=context.system_text(), thinking_budget=switch.budget())

    def _on_reply_started(self, conversation_id: int, message_id: int) -> None:
        """A reply started: if the panel's sources were fetched for it, its [n] will link to them."""
        if self._expecting == conversation_id:
            self._cited = (conversation_id, message_id)
        self._expecting = None

    def link_citations(self) -> None:
        """Turn the [n] of the finished reply into links to source n (only that reply's, only existing numbers:
        an older answer never links to a newer answer's sources)."""
        ctx, cited = self.panel.context, self._cited
        if ctx is None or not ctx.sources or cited is None or cited[0] != self.tab.conversation_id:
            return
        reply = next((m for m in self.tab.db.messages(cited[0]) if m.id == cited[1]), None)
        if reply is None or not reply.content:
            return
        start = self.tab.view.toPlainText().rfind(reply.content)
        if start < 0:
            return
        fmt = QTextCharFormat()
        fmt.setAnchor(True)
        fmt.setFontUnderline(True)
        fmt.setForeground(self.tab.view.palette().color(QPalette.Link))
        for m in _CITATION.finditer(reply.content):
            number = int(m.group(1))
            if self.panel.source(number) is None:
                continue
            cursor = QTextCursor(self.tab.view.document())
            cursor.setPosition(start + m.start())
            cursor.setPosition(start + m.end(), QTextCursor.KeepAnchor)
            fmt.setAnchorHref(f"cite:{number}")
            cursor.mergeCharFormat(fmt)

    def open_citation(self, number: int) -> None:
        self.toggle.setChecked(True)
        self.panel.open_source(number)

    def _on_ended(self) -> None:
        self.job = None
        self.tab._update_buttons()
