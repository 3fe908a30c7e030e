"""The main window's tabs: each built the first time it is shown or asked for, and the hand-offs between them.

Only Chat is built at start; the others (and what they import) come when first needed, through LazyTabs. Their
signals are wired here to the window's hand-offs: text sent to Chat, a model used for Chat or a task, a
catalogue model fetched for a tab, chats turned into a training set, a fine-tuned model opened in Chat.
`MainWindow` (main_window.py) mixes `WindowTabs` in and owns the attributes named below; kept apart so
main_window.py reads as the window's layout, menus, status bar and shutdown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QTabWidget, QWidget

from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui import theme
from desktop_app.ui.lazy_tabs import LazyTabs, lazy_page
from desktop_app.ui.tabs.chat_tab import ChatTab
from desktop_app.workers.document_service import DocumentService
from desktop_app.workers.model_manager import ModelManager

TASK_TABS = ("summarize", "sentiment", "translate", "describe")


class WindowTabs:
    """Tab factories and cross-tab hand-offs of MainWindow, which sets these attributes."""

    manager: ModelManager
    db: Database
    app_settings: AppSettings
    save_settings: Callable[[], None]
    models_dir: Path
    tabs: QTabWidget
    lazy_tabs: LazyTabs
    chat_tab: ChatTab
    documents: DocumentService

    models_tab = lazy_page("models")
    summarize_tab = lazy_page("summarize")
    sentiment_tab = lazy_page("sentiment")
    translate_tab = lazy_page("translate")
    describe_tab = lazy_page("describe")
    finetune_tab = lazy_page("finetune")
    documents_tab = lazy_page("documents")

    # -- the tabs, each built when first shown or asked for ----------------------------------------------------------
    def _make_models_tab(self) -> QWidget:
        from desktop_app.ui.tabs.models_tab import ModelsTab

        tab = ModelsTab(self.manager, self.app_settings, self.save_settings)
        tab.use_for_chat.connect(self._chat_with)
        tab.task_model_chosen.connect(self._task_model_chosen)
        return tab

    def _make_summarize_tab(self) -> QWidget:
        from desktop_app.ui.tabs.summarize_tab import SummarizeTab

        tab = SummarizeTab(self.manager, self.db, self.app_settings, self.save_settings, self.models_dir)
        tab.send_to_chat.connect(self._send_to_chat)
        tab.recommend.get_model.connect(self.get_catalog_model)
        return tab

    def _make_sentiment_tab(self) -> QWidget:
        from desktop_app.ui.tabs.sentiment_tab import SentimentTab

        tab = SentimentTab(self.manager, self.db, self.app_settings, self.save_settings, self.models_dir)
        tab.recommend.get_model.connect(self.get_catalog_model)
        return tab

    def _make_translate_tab(self) -> QWidget:
        from desktop_app.ui.tabs.translate_tab import TranslateTab

        tab = TranslateTab(self.manager, self.db, self.app_settings, self.save_settings, self.models_dir)
        tab.recommend.get_model.connect(self.get_catalog_model)
        return tab

    def _make_describe_tab(self) -> QWidget:
        from desktop_app.ui.tabs.describe_tab import DescribeTab

        tab = DescribeTab(self.manager, self.db, self.app_settings, self.save_settings, self.models_dir)
        theme.set_icon(tab.editor.describe_button, "describe")
        tab.recommend.get_model.connect(self.get_catalog_model)
        return tab

    def _make_finetune_tab(self) -> QWidget:
        from desktop_app.ui.tabs.finetune_tab import FinetuneTab

        tab = FinetuneTab(self.manager, lambda: self.models_tab.library.records)
        tab.chat_requested.connect(self._chat_with_path)
        tab.task_model_requested.connect(self._use_task_model)
        return tab

    def _make_documents_tab(self) -> QWidget:
        from desktop_app.ui.tabs.documents_tab import DocumentsTab

        tab = DocumentsTab(self.documents)
        tab.recommend.get_model.connect(self.get_catalog_model)
        return tab

    def built_task_tabs(self) -> list[QWidget]:
        """The task tabs that exist: one never shown has no job, history view or state to touch."""
        return list(self.lazy_tabs.built_pages(*TASK_TABS))

    def _on_tab_changed(self, index: int) -> None:
        models_tab = self.lazy_tabs.built("models")
        if models_tab is not None and self.tabs.widget(index) is models_tab and models_tab.scan_job is None:
            models_tab.rescan()  # the first visit scans; later ones show the cached library

    def _task_model_chosen(self, task: str, spec) -> None:
        if task == "documents":
            self.documents.use_embedding_path(self.app_settings.task_models.get("documents", ""),
                                              self.chat_tab.models_dir)
            return
        tab = self.lazy_tabs.built(task) if task in TASK_TABS else None
        if tab is not None:  # a tab built later reads the setting itself
            tab.engine.set_path(self.app_settings.task_models.get(task, ""))
        if task == "chat":
            if spec is None:
                from desktop_app.core.models.resolve import resolve_chat_model

                spec = resolve_chat_model("", self.chat_tab.models_dir)
            self.chat_tab.use_model_spec(spec)

    def get_catalog_model(self, task: str, entry_id: str) -> None:
        """A tab's "Get a … model": the Models page's Discover, filtered to the tab, with its best match downloading
        (progress, ETA and Cancel there); when it lands it becomes the tab's model."""
        self.tabs.setCurrentWidget(self.models_tab)
        discover = self.models_tab.open_discover(task, entry_id or None)
        if entry_id:
            discover.download_selected()

    def _send_to_chat(self, text: str) -> None:
        self.tabs.setCurrentWidget(self.chat_tab)
        self.chat_tab.composer.setPlainText(text)
        self.chat_tab.composer.setFocus()

    def _chat_with(self, spec) -> None:
        self.tabs.setCurrentWidget(self.chat_tab)
        self.chat_tab.use_model_spec(spec)

    def _chat_with_path(self, path: str) -> None:
        """Fine-tune → Open in Chat: the exported GGUF (or merged folder) loads in a new conversation at once. The
        conversation on screen, the chat model in the settings and a running API server's model stay as they were
        (clients sending the old model's name must not start getting 404s)."""
        from desktop_app.core.models.registry import spec_for_path

        server = getattr(self, "server_dialog", None)
        serving = server is not None and server.pin_served_model()
        self.tabs.setCurrentWidget(self.chat_tab)
        self.chat_tab.open_in_new_conversation(spec_for_path(path, self.chat_tab.models_dir), keep_previous=serving)

    def _use_task_model(self, task: str, path: str) -> None:
        """Fine-tune → Use in Sentiment tab: the task's model becomes the trained classifier; show that tab."""
        self.app_settings.task_models[task] = path
        self.save_settings()
        self._task_model_chosen(task, None)
        if task in TASK_TABS:
            self.tabs.setCurrentWidget(self.lazy_tabs.get(task))

    def _train_on_chats(self, path: str, count: int) -> None:
        """Chat → Use as Training Data: the conversations' JSONL becomes the wizard's dataset; show the wizard."""
        self.tabs.setCurrentWidget(self.finetune_tab)
        self.finetune_tab.use_dataset(path, count)
