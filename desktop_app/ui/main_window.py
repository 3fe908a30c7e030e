"""The main window: tabs, menus with shortcuts, and a status bar with the model, device and memory in use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from desktop_app import APP_DISPLAY_NAME
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.dialogs.about_dialog import show_about
from desktop_app.ui.tabs.chat_tab import ChatTab
from desktop_app.ui.tabs.coming_tab import ComingTab
from desktop_app.ui.tabs.describe_tab import DescribeTab
from desktop_app.ui.tabs.models_tab import ModelsTab
from desktop_app.ui.tabs.sentiment_tab import SentimentTab
from desktop_app.ui.tabs.summarize_tab import SummarizeTab
from desktop_app.ui.tabs.translate_tab import TranslateTab
from desktop_app.workers.model_manager import ModelManager

SHUTDOWN_TIMEOUT_S = 1.5


def _format_bytes(n: int) -> str:
    return f"{n / 2**30:.2f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


class MainWindow(QMainWindow):
    def __init__(
        self,
        manager: ModelManager,
        db: Database,
        app_settings: AppSettings,
        save_app_settings,
        models_dir: Path,
        warnings: list[tuple[str, str]] | None = None,
    ):
        super().__init__()
        self.save_settings = save_app_settings
        self.manager = manager
        self.db = db
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.resize(1200, 780)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.chat_tab = ChatTab(manager, db, app_settings, save_app_settings, models_dir)
        self.tabs.addTab(self.chat_tab, self.tr("Chat"))
        self.models_tab = ModelsTab(manager, app_settings, save_app_settings)
        self.models_tab.use_for_chat.connect(self._chat_with)
        self.models_tab.task_model_chosen.connect(self._task_model_chosen)
        self.tabs.addTab(self.models_tab, self.tr("Models"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.summarize_tab = SummarizeTab(manager, db, app_settings, save_app_settings, models_dir)
        self.summarize_tab.send_to_chat.connect(self._send_to_chat)
        self.tabs.addTab(self.summarize_tab, self.tr("Summarize"))
        self.sentiment_tab = SentimentTab(manager, db, app_settings, save_app_settings, models_dir)
        self.tabs.addTab(self.sentiment_tab, self.tr("Sentiment"))
        self.task_tabs = {"summarize": self.summarize_tab, "sentiment": self.sentiment_tab}
        self.translate_tab = TranslateTab(manager, db, app_settings, save_app_settings, models_dir)
        self.tabs.addTab(self.translate_tab, self.tr("Translate"))
        self.task_tabs["translate"] = self.translate_tab
        self.describe_tab = DescribeTab(manager, db, app_settings, save_app_settings, models_dir)
        self.tabs.addTab(self.describe_tab, self.tr("Describe Image"))
        self.task_tabs["describe"] = self.describe_tab
        for title, description in (
            (self.tr("Fine-tune"), self.tr("Teach a model your own data, with live loss curves.")),
        ):
            self.tabs.addTab(ComingTab(title, description), title)
        self.setCentralWidget(self.tabs)
        self._build_status_bar()
        self._build_menus()
        self.chat_tab.model_changed.connect(self._update_status)
        self._memory_timer = QTimer(self)
        self._memory_timer.setInterval(2000)
        self._memory_timer.timeout.connect(self._update_memory)
        self._memory_timer.start()
        self._update_status()
        if warnings:
            rank = {"info": 0, "warning": 1, "error": 2}
            worst = max((kind for _text, kind in warnings), key=lambda k: rank.get(k, 0))
            self.chat_tab.notice.show_message("\n\n".join(text for text, _kind in warnings), worst)
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.models_tab and self.models_tab.scan_job is None:
            self.models_tab.rescan()  # the first visit scans; later ones show the cached library

    def _task_model_chosen(self, task: str, spec) -> None:
        tab = self.task_tabs.get(task)
        if tab is not None:
            tab.engine.set_path(self.models_tab.app_settings.task_models.get(task, ""))
        if task == "chat":
            if spec is None:
                from desktop_app.core.models.resolve import resolve_chat_model

                spec = resolve_chat_model("", self.chat_tab.models_dir)
            self.chat_tab.use_model_spec(spec)

    def _send_to_chat(self, text: str) -> None:
        self.tabs.setCurrentWidget(self.chat_tab)
        self.chat_tab.composer.setPlainText(text)
        self.chat_tab.composer.setFocus()

    def _chat_with(self, spec) -> None:
        self.tabs.setCurrentWidget(self.chat_tab)
        self.chat_tab.use_model_spec(spec)

    def _build_status_bar(self) -> None:
        self.model_label = QLabel()
        self.device_label = QLabel()
        self.memory_label = QLabel()
        self.memory_label.setToolTip(self.tr("Memory this app uses now"))
        bar = self.statusBar()
        bar.addPermanentWidget(self.model_label)
        bar.addPermanentWidget(self.device_label)
        bar.addPermanentWidget(self.memory_label)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_chat_action = self._action(self.tr("&New Chat"), QKeySequence.New, self.chat_tab.new_conversation)
        self.open_model_action = self._action(self.tr("&Open Model…"), QKeySequence.Open, self.chat_tab.browse_model)
        file_menu.addAction(self.new_chat_action)
        file_menu.addAction(self.open_model_action)
        file_menu.addAction(
            self._action(self.tr("&Models…"), QKeySequence("Ctrl+M"), lambda: self.tabs.setCurrentWidget(self.models_tab))
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), QKeySequence.Quit, self.close))
        chat_menu = self.menuBar().addMenu(self.tr("&Chat"))
        chat_menu.addAction(self._action(self.tr("&Stop"), QKeySequence("Ctrl+."), self.chat_tab.stop))
        chat_menu.addAction(self._action(self.tr("&Regenerate"), QKeySequence("Ctrl+R"), self.chat_tab.regenerate_last))
        chat_menu.addAction(
            self._action(
                self.tr("Rename Conversation…"), QKeySequence("F2"),
                lambda: self.chat_tab.conversations.ask_rename(self.chat_tab.conversation_id),
            )
        )
        chat_menu.addAction(
            self._action(
                self.tr("Delete Conversation…"), QKeySequence("Ctrl+Shift+Delete"),
                lambda: self.chat_tab.conversations.ask_delete(self.chat_tab.conversation_id),
            )
        )
        chat_menu.addAction(
            self._action(self.tr("Find Conversation"), QKeySequence.Find, self.chat_tab.conversations.search.setFocus)
        )
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About"), QKeySequence("F1"), lambda: show_about(self)))

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _update_status(self) -> None:
        model = self.chat_tab.model
        if model is not None and model.info is not None:
            info = model.info
            self.model_label.setText(self.tr("Model: {name}").format(name=model.spec.name))
            self.model_label.setToolTip(
                f"{model.spec.path}\n{info.architecture} · {info.extra.get('quantization', '')} · "
                f"context {info.n_ctx:,} · {_format_bytes(model.memory_bytes)}"
            )
            threads = info.extra.get("threads")
            device = info.device + (f" · {threads} threads" if threads and info.device == "CPU" else "")
            self.device_label.setText(self.tr("Device: {device}").format(device=device))
        else:
            self.model_label.setText(self.tr("No model loaded"))
            self.device_label.setText("")
        self._update_memory()

    def _update_memory(self) -> None:
        self.memory_label.setText(self.tr("Memory: {mem}").format(mem=_format_bytes(self.manager.process_memory())))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        """Keep the partial reply, cancel jobs and wait for threads, bounded, so closing never hangs."""
        self._memory_timer.stop()
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.chat_tab.shutdown()
        for tab in self.task_tabs.values():
            tab.shutdown()
        self.save_settings()
        self.clean_shutdown = self.manager.shutdown(SHUTDOWN_TIMEOUT_S)
        super().closeEvent(event)
