"""The main window: tabs, menus with shortcuts, and a status bar with the model, device and memory in use.

Building each tab and the hand-offs between tabs (send to Chat, use a model, train on chats) are in
window_tabs.py; this module lays the window out and owns its menus, status bar, settings and shutdown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget

from desktop_app import APP_DISPLAY_NAME
from desktop_app.core.models.memory import human_size
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui import theme
from desktop_app.ui.dialogs.about_dialog import show_about
from desktop_app.ui.lazy_tabs import LazyTabs
from desktop_app.ui.tabs.chat_documents import ChatDocuments
from desktop_app.ui.tabs.chat_tab import ChatTab
from desktop_app.ui.window_tabs import WindowTabs
from desktop_app.workers.backup_service import BackupService
from desktop_app.workers.document_service import DocumentService
from desktop_app.workers.model_manager import ModelManager

SHUTDOWN_TIMEOUT_S = 1.5


def _format_bytes(n: int) -> str:
    return human_size(n)  # decimal MB/GB, as everywhere in the app


class MainWindow(WindowTabs, QMainWindow):
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
        self.app_settings = app_settings
        self.manager = manager
        self.db = db
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.resize(1200, 780)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.models_dir = models_dir
        # Only Chat, the tab shown at start, is built now; the others (and what they import) when first shown.
        self.lazy_tabs = LazyTabs(self.tabs)
        self.chat_tab = ChatTab(manager, db, app_settings, save_app_settings, models_dir)
        self.chat_tab.recommend.get_model.connect(self.get_catalog_model)
        self.lazy_tabs.add_built("chat", self.chat_tab, self.tr("Chat"))
        self.lazy_tabs.add("models", self.tr("Models"), self._make_models_tab)
        self.lazy_tabs.add("summarize", self.tr("Summarize"), self._make_summarize_tab)
        self.lazy_tabs.add("sentiment", self.tr("Sentiment"), self._make_sentiment_tab)
        self.lazy_tabs.add("translate", self.tr("Translate"), self._make_translate_tab)
        self.lazy_tabs.add("describe", self.tr("Describe Image"), self._make_describe_tab)
        self.lazy_tabs.add("finetune", self.tr("Fine-tune"), self._make_finetune_tab)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.chat_tab.transfer.dataset_ready.connect(self._train_on_chats)
        self.documents = DocumentService(manager, parent=self)  # collections: the Documents tab and Chat's sources
        self.documents.use_embedding_path(self.app_settings.task_models.get("documents", ""), self.chat_tab.models_dir)
        self.lazy_tabs.add("documents", self.tr("Documents"), self._make_documents_tab)
        self.chat_documents = ChatDocuments(self.chat_tab, self.documents)
        self.setCentralWidget(self.tabs)
        self.backups = BackupService(manager, db, self)
        self.backups.blockers.append(self._why_not_restore)
        self.backups.restored.connect(self._on_database_restored)
        self.backups.start_daily()  # off the GUI thread; today's backup if there is none yet
        self._build_status_bar()
        self._build_menus()
        self.chat_tab.model_changed.connect(self._update_status)
        manager.engine_event.connect(self._on_engine_event)
        self.chat_tab.view.copied.connect(self._say_copied)
        self.chat_tab.view.code_copied.connect(self._say_code_copied)
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
        self.new_chat_action = self._action(
            self.tr("&New Chat"), QKeySequence.New, self.chat_tab.new_conversation, "new-chat"
        )
        self.open_model_action = self._action(
            self.tr("&Open Model…"), QKeySequence.Open, self.chat_tab.browse_model, "open"
        )
        file_menu.addAction(self.new_chat_action)
        file_menu.addAction(self.open_model_action)
        file_menu.addAction(
            self._action(
                self.tr("&Models…"), QKeySequence("Ctrl+M"), lambda: self.tabs.setCurrentWidget(self.models_tab), "models"
            )
        )
        file_menu.addSeparator()
        self.export_action = self._action(
            self.tr("&Export Conversations…"), QKeySequence("Ctrl+Shift+E"),
            lambda: self.chat_tab.transfer.ask_export(self.chat_tab.conversations.selected_ids() or None), "download",
        )
        self.import_action = self._action(
            self.tr("&Import Conversations…"), QKeySequence("Ctrl+Shift+I"), self.chat_tab.transfer.ask_import, "open"
        )
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        self.settings_action = self._action(self.tr("&Settings…"), QKeySequence("Ctrl+,"), self.open_settings, "settings")
        self.settings_action.setMenuRole(QAction.PreferencesRole)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), QKeySequence("Ctrl+Q"), self.quit, "quit"))  # also on Windows
        chat_menu = self.menuBar().addMenu(self.tr("&Chat"))
        chat_menu.addAction(self._action(self.tr("&Stop"), QKeySequence("Ctrl+."), self.chat_tab.stop, "stop"))
        chat_menu.addAction(
            self._action(self.tr("&Regenerate"), QKeySequence("Ctrl+R"), self.chat_tab.regenerate_last, "regenerate")
        )
        chat_menu.addAction(self.chat_tab.attach_action)  # Ctrl+Shift+A while the Chat tab has focus
        chat_menu.addSeparator()
        self.train_action = self._action(
            self.tr("Use Conversations as Training Data"), QKeySequence(),
            lambda: self.chat_tab.transfer.send_to_training(self.chat_tab.conversations.selected_ids() or None),
            "finetune",
        )
        self.train_action.setToolTip(
            self.tr("Send the selected conversations (or all) to the Fine-tune wizard as a chat dataset")
        )
        chat_menu.addAction(self.train_action)
        chat_menu.addAction(
            self._action(
                self.tr("Rename Conversation…"), QKeySequence("F2"),
                lambda: self.chat_tab.conversations.ask_rename(self.chat_tab.conversation_id), "rename",
            )
        )
        chat_menu.addAction(
            self._action(
                self.tr("Move Conversation to Trash"), QKeySequence("Ctrl+Shift+Delete"),
                lambda: self.chat_tab.conversations.ask_delete(self.chat_tab.conversation_id), "delete",
            )
        )
        chat_menu.addAction(
            self._action(
                self.tr("Find Conversation"), QKeySequence.Find, self.chat_tab.conversations.search.setFocus, "search"
            )
        )
        self._build_view_menu()
        tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        self.server_action = self._action(self.tr("Local API &Server…"), QKeySequence(), self._show_server_dialog)
        tools_menu.addAction(self.server_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(
            self._action(self.tr("&Keyboard Shortcuts"), QKeySequence("Ctrl+/"), self.show_shortcuts, "keyboard")
        )
        help_menu.addAction(self._action(self.tr("Show &Logs"), QKeySequence("Ctrl+Shift+L"), self.show_logs, "logs"))
        help_menu.addSeparator()
        help_menu.addAction(self._action(self.tr("&About"), QKeySequence("F1"), lambda: show_about(self), "about"))

    def _show_server_dialog(self) -> None:
        # The server's code (starlette, uvicorn) loads on first use.
        from desktop_app.ui.dialogs.server_dialog import show_server_dialog

        show_server_dialog(self)

    def _action(self, text: str, shortcut, slot, icon: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(slot)
        if icon:
            theme.set_icon(action, icon)
        return action

    # -- look and feel, settings, help (the dialogs live in ui/dialogs) -----------------------------------------
    def _build_view_menu(self) -> None:
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        theme.set_icon(theme_menu.menuAction(), "theme")
        self.theme_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for mode, label in (("system", self.tr("&System")), ("light", self.tr("&Light")), ("dark", self.tr("&Dark"))):
            action = self._action(label, QKeySequence(), lambda _c=False, m=mode: self.set_theme_mode(m))
            action.setCheckable(True)
            action.setChecked(mode == (self.app_settings.theme if self.app_settings.theme in theme.MODES else "system"))
            group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[mode] = action
        view_menu.addSeparator()
        for i in range(self.tabs.count()):
            text = self.tabs.tabText(i)
            view_menu.addAction(
                self._action(
                    self.tr("Go to {tab}").format(tab=text), QKeySequence(f"Ctrl+{i + 1}"),
                    lambda _c=False, n=i: self.tabs.setCurrentIndex(n),
                )
            )
        self._apply_icons()

    def _apply_icons(self) -> None:
        for i, name in enumerate(("chat", "models", "summarize", "sentiment", "translate", "describe", "finetune",
                                       "folder")):
            if i < self.tabs.count():
                theme.watch(self.tabs, lambda tabs, n=i, icon=name: tabs.setTabIcon(n, theme.icon(icon)), tag=f"tab{i}")
        chat = self.chat_tab
        for widget, name in (
            (chat.send_button, "send"), (chat.stop_button, "stop"), (chat.regenerate_button, "regenerate"),
            (chat.input.attach_button, "attach"), (chat.attach_action, "attach"), (chat.model_bar.browse_button, "open"),
            (chat.settings_button, "settings"),
        ):
            theme.set_icon(widget, name)

    def set_theme_mode(self, mode: str) -> None:
        """View → Theme and Settings: apply at once and remember."""
        if self.app_settings.theme != mode:
            self.app_settings.theme = mode
            self.save_settings()
        theme.install(mode)
        if mode in self.theme_actions:
            self.theme_actions[mode].setChecked(True)

    def open_settings(self):
        from desktop_app.ui.dialogs.settings_dialog import SettingsDialog

        if getattr(self, "settings_dialog", None) is not None:
            self.settings_dialog.deleteLater()  # one at a time: it reads the settings afresh each time
        dialog = SettingsDialog(self.app_settings, self.save_settings, self, self.backups)
        dialog.saved.connect(self._on_settings_saved)
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def _on_settings_saved(self, changed: set) -> None:
        if "theme" in changed:
            self.theme_actions.get(self.app_settings.theme, self.theme_actions["system"]).setChecked(True)
        models_tab = self.lazy_tabs.built("models")
        if "folders" in changed and models_tab is not None and models_tab.scan_job is not None:
            models_tab.rescan()
        if changed & {"threads", "device"} and self.chat_tab.conversation_id is None and not self.chat_tab.is_generating():
            self.chat_tab.new_conversation()  # a new conversation starts from the new defaults

    def _why_not_restore(self) -> str:
        if self.chat_tab.is_generating() or any(tab.is_running() for tab in self.built_task_tabs()):
            return self.tr("Stop the reply or task under way first: it is writing to the conversation database.")
        if self.chat_tab.transfer.is_busy():
            return self.tr("Wait for the export or import to finish: it has the conversation database open.")
        return ""

    def _on_database_restored(self, _replaced) -> None:
        """Every view reads the restored database afresh."""
        self.chat_tab.database_replaced()
        for tab in self.lazy_tabs.built_pages("summarize", "sentiment", "translate"):
            tab.history.refresh()

    def show_shortcuts(self):
        from desktop_app.ui.dialogs.shortcuts_dialog import ShortcutsDialog

        self.lazy_tabs.build_all()  # the overview lists every tab's shortcuts, read from the live widgets
        dialog = ShortcutsDialog(self)
        dialog.show()
        return dialog

    def show_logs(self):
        from desktop_app.core.crash import log_file
        from desktop_app.ui.dialogs.log_viewer import LogViewer

        dialog = LogViewer(log_file(), self)
        dialog.show()
        return dialog

    def _update_status(self) -> None:
        model = self.chat_tab.model
        if model is not None and model.info is not None:
            info = model.info
            self.model_label.setText(self.tr("Model: {name}").format(name=model.spec.name))
            self.model_label.setToolTip(
                f"{model.spec.path}\n"
                + self.tr("{arch} · {quant} · context {ctx:,} · {size}").format(
                    arch=info.architecture, quant=info.quantization, ctx=info.n_ctx,
                    size=_format_bytes(model.memory_bytes),
                )
            )
            threads = info.threads
            device = info.device
            if threads and info.device == "CPU":
                device += " · " + self.tr("%n thread(s)", "", threads)  # Qt's plural forms: "1 thread"
            self.device_label.setText(self.tr("Device: {device}").format(device=device))
        else:
            self.model_label.setText(self.tr("No model loaded"))
            self.device_label.setText("")
        self._update_memory()

    def _on_engine_event(self, _model_id: str, event: str, text: str) -> None:
        """An engine that died or was restarted is told in the status bar; the window itself carries on."""
        if event in ("crashed", "restarted") and text:
            self.statusBar().showMessage(text, 20000)
        elif event == "reloading":
            self.statusBar().showMessage(self.tr("Reloading the model after its engine stopped…"), 20000)
        self._update_memory()

    def _say_copied(self, _message_id: int) -> None:
        self.statusBar().showMessage(self.tr("Copied to the clipboard."), 3000)

    def _say_code_copied(self, _ident: str) -> None:
        self.statusBar().showMessage(self.tr("Code copied to the clipboard."), 3000)

    def _update_memory(self) -> None:
        # The whole app's: this window's process and every model's engine (the Models page's "Models:" counts the
        # engines alone), so the label says so and its tooltip splits it.
        window, engines = self.manager.memory_parts()
        self.memory_label.setText(self.tr("App memory: {mem}").format(mem=_format_bytes(window + engines)))
        self.memory_label.setToolTip(self.tr("This window {window} + models {models}").format(
            window=_format_bytes(window), models=_format_bytes(engines)))

    def quit(self) -> None:
        """File → Quit: as closing the window, with the same question while the API server is running."""
        if self.server_may_stop():
            self.close()  # not spontaneous: closeEvent does not ask again

    def server_may_stop(self) -> bool:
        """True unless the API server is running and the user, asked, keeps the app open: quitting stops the
        server, and the programs using it lose their connection without warning."""
        dialog = getattr(self, "server_dialog", None)
        if dialog is None or not dialog.is_running():
            return True
        answer = QMessageBox.question(
            self, self.tr("Quit"),
            self.tr("The API server is running at {url}; quitting stops it for the programs that use it. Quit "
                    "anyway?").format(url=dialog.server.base_url),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        """Keep the partial reply, cancel jobs and wait for threads, bounded, so closing never hangs. The user's
        own close (the window's close button: a spontaneous event) asks first while the API server runs; a close
        by the program (a test, the session ending) does not wait on a question."""
        if event.spontaneous() and not self.server_may_stop():
            event.ignore()
            return
        self._memory_timer.stop()
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.chat_tab.shutdown()
        for tab in self.built_task_tabs():
            tab.shutdown()
        for tab in self.lazy_tabs.built_pages("finetune"):
            tab.shutdown()  # stops following runs; training processes go on
        self.save_settings()
        self.clean_shutdown = self.manager.shutdown(SHUTDOWN_TIMEOUT_S)
        super().closeEvent(event)
