"""The Server dialog (Tools → Local API Server…): turn the OpenAI-compatible API on and off, choose what it serves
and where, and watch its requests.

The dialog owns the ApiServer while it runs; closing the dialog only hides it (the server keeps serving), and
closing the main window stops it before the models are unloaded. starlette and uvicorn are imported when the
server is first turned on, not when the app starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import DesktopAppError
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.workers.model_manager import LoadedModel, ModelManager
from desktop_app.workers.server_runner import ManagerRunner

if TYPE_CHECKING:
    from desktop_app.server.api import RequestLogEntry
    from desktop_app.server.server import ApiServer

CHAT_MODEL = ""  # the model combo's data for "whatever the Chat tab uses"
LOG_LINES = 2000


class ServerDialog(QDialog):
    log_received = Signal(object)  # RequestLogEntry, emitted on the server's thread, shown on the GUI thread
    server_state_changed = Signal(bool)  # running

    def __init__(self, manager: ModelManager, chat_tab: QObject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Local API Server"))
        self.manager = manager
        self.chat_tab = chat_tab
        self.runner = ManagerRunner(manager, self)
        self.server: ApiServer | None = None

        self.model_combo = QComboBox()
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(8000)
        self.network_check = QCheckBox(self.tr("Allow other computers on the network to connect"))
        self.host_edit = QLineEdit("127.0.0.1")
        self.host_edit.setEnabled(False)
        self.host_edit.setToolTip(self.tr("The address to listen on: 0.0.0.0 for every network interface"))
        self.parallel_spin = QSpinBox()
        self.parallel_spin.setRange(1, 16)
        settings = getattr(parent, "app_settings", None)
        self.parallel_spin.setValue(max(1, min(16, int(getattr(settings, "server_parallel", 4)))))
        self.parallel_spin.setToolTip(self.tr(
            "Requests to a GGUF model decoded together in one batch. Each answers a little slower, all together "
            "faster. 1: one at a time."))
        self.parallel_spin.valueChanged.connect(self._parallel_changed)
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.key_edit.setPlaceholderText(self.tr("none: any program on this computer may connect"))
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        theme.style(self.warning_label, "color: $warning_text;")
        self.warning_label.hide()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.toggle_button = QPushButton()
        self.toggle_button.setCheckable(True)
        self.log_view = QPlainTextEdit()
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(LOG_LINES)
        self.log_view.setPlaceholderText(self.tr("Requests appear here."))

        form = QFormLayout()
        form.addRow(self.tr("Model:"), self.model_combo)
        form.addRow(self.tr("Port:"), self.port_spin)
        form.addRow("", self.network_check)
        form.addRow(self.tr("Bind address:"), self.host_edit)
        form.addRow(self.tr("API key:"), self.key_edit)
        form.addRow(self.tr("Parallel requests:"), self.parallel_spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.hide)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.toggle_button)
        layout.addWidget(self.status_label)
        layout.addWidget(QLabel(self.tr("Request log:")))
        layout.addWidget(self.log_view, 1)
        layout.addWidget(buttons)
        self.resize(620, 520)

        self.toggle_button.toggled.connect(self._toggled)
        self.network_check.toggled.connect(self._network_toggled)
        self.host_edit.textChanged.connect(self._update_warning)
        self.key_edit.textChanged.connect(self._update_warning)
        self.model_combo.currentIndexChanged.connect(self._update_served)
        self.log_received.connect(self._append_log)
        manager.model_loaded.connect(self._refresh_models)
        manager.model_unloaded.connect(self._refresh_models)
        if hasattr(chat_tab, "model_changed"):
            chat_tab.model_changed.connect(self._refresh_models)
        self._refresh_models()
        self._show_state()

    # -- models -----------------------------------------------------------------------------------------------------
    def _chosen_model(self) -> LoadedModel | None:
        key = self.model_combo.currentData()
        if not key:
            model = getattr(self.chat_tab, "model", None)
            return model if model is not None and model.ready else None
        return self.manager.get(key)

    @Slot()
    def _refresh_models(self, *_args: object) -> None:
        current = self.model_combo.currentData() or CHAT_MODEL
        chat = getattr(self.chat_tab, "model", None)
        chat_name = chat.spec.name if chat is not None else self.tr("not loaded yet")
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItem(self.tr("The Chat tab's model ({name})").format(name=chat_name), CHAT_MODEL)
        for model in self.manager.loaded_models():
            self.model_combo.addItem(model.spec.name, model.id)
        index = self.model_combo.findData(current)
        self.model_combo.setCurrentIndex(max(index, 0))
        self.model_combo.blockSignals(False)
        self._update_served()

    def pin_served_model(self) -> bool:
        """Keep serving the model served now, even if the Chat tab moves to another (Fine-tune → Open in Chat): API
        clients go on getting the model they asked for. True when a running server serves a model, which the caller
        must then leave loaded."""
        served = self.runner.served_model()
        if self.server is None or served is None:
            return False
        index = self.model_combo.findData(served.spec.id)
        if index >= 0 and self.model_combo.currentData() == CHAT_MODEL:
            self.model_combo.setCurrentIndex(index)
        return True

    @Slot()
    def _update_served(self, *_args: object) -> None:
        self.runner.serve(self._chosen_model())
        self._show_state()

    # -- settings ---------------------------------------------------------------------------------------------------
    @Slot(bool)
    def _network_toggled(self, on: bool) -> None:
        self.host_edit.setEnabled(on and not self.is_running())
        self.host_edit.setText("0.0.0.0" if on else "127.0.0.1")
        self._update_warning()

    @Slot(int)
    def _parallel_changed(self, value: int) -> None:
        window = self.parent()
        settings = getattr(window, "app_settings", None)
        if settings is not None and settings.server_parallel != value:
            settings.server_parallel = value
            window.save_settings()

    def host(self) -> str:
        return self.host_edit.text().strip() if self.network_check.isChecked() else "127.0.0.1"

    @Slot()
    def _update_warning(self, *_args: object) -> None:
        from desktop_app.server.server import exposure_warning  # light: no web framework behind it

        text = exposure_warning(self.host(), self.key_edit.text().strip())
        self.warning_label.setText(text)
        self.warning_label.setVisible(bool(text))

    # -- on / off ---------------------------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.server is not None

    @Slot(bool)
    def _toggled(self, on: bool) -> None:
        if on and self.server is None:
            self.start_server()
        elif not on and self.server is not None:
            self.stop_server()

    def start_server(self) -> bool:
        """Bind and serve in a background thread; False (with the reason shown) when the address is unusable."""
        from desktop_app.server.server import ApiServer, ServerOptions

        options = ServerOptions(host=self.host(), port=self.port_spin.value(), api_key=self.key_edit.text().strip(),
                                parallel=self.parallel_spin.value())
        try:
            server = ApiServer(self.runner, options, on_log=self.log_received.emit)
            server.start_in_thread()
        except DesktopAppError as exc:
            self.server = None
            self._show_state(error=core_text(exc))
            return False
        self.server = server
        self._append_text(self.tr("Server started at {url}").format(url=server.base_url))
        self._show_state()
        self.server_state_changed.emit(True)
        return True

    def stop_server(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.stop()
            self._append_text(self.tr("Server stopped."))
            self.server_state_changed.emit(False)
        self._show_state()

    def _show_state(self, error: str = "") -> None:
        running = self.server is not None
        for widget in (self.port_spin, self.network_check, self.key_edit, self.parallel_spin):
            widget.setEnabled(not running)
        self.host_edit.setEnabled(not running and self.network_check.isChecked())
        self.toggle_button.blockSignals(True)
        self.toggle_button.setChecked(running)
        self.toggle_button.blockSignals(False)
        self.toggle_button.setText(self.tr("Stop Server") if running else self.tr("Start Server"))
        served = self.runner.served_model()
        if error:
            self.status_label.setText(self.tr("Not running: {error}").format(error=error))
        elif running and self.server is not None:
            what = served.id if served is not None else self.tr("no model (requests wait for one to load)")
            self.status_label.setText(self.tr("Running at {url} — serving {model}").format(
                url=self.server.base_url, model=what))
        else:
            self.status_label.setText(self.tr("Stopped."))

    # -- log --------------------------------------------------------------------------------------------------------
    @Slot(object)
    def _append_log(self, entry: RequestLogEntry) -> None:
        self._append_text(entry.format())

    def _append_text(self, line: str) -> None:
        self.log_view.appendPlainText(line)

    # -- lifetime ---------------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        """The main window is closing: stop serving before its models are unloaded."""
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.stop_server()
        return super().eventFilter(watched, event)


def show_server_dialog(window: QWidget) -> ServerDialog:
    """Show the main window's Server dialog, creating it the first time (it lives as long as the window)."""
    dialog = getattr(window, "server_dialog", None)
    if dialog is None:
        dialog = ServerDialog(window.manager, window.chat_tab, parent=window)
        window.server_dialog = dialog
        window.installEventFilter(dialog)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
