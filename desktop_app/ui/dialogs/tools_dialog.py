"""Chat → Tools…: the MCP servers in mcp.json (add, remove, enable, trust) and the tools each one offers, the built-in
tools, and the files the model may read.

The page edits a copy of the configuration and writes mcp.json on Save (through ToolTurn.save). "Show tools" asks
the server on a background job (McpHub, with its timeout): a server that hangs or dies shows one sentence in the
list, never a frozen dialog.
"""

from __future__ import annotations

import shlex
from dataclasses import replace

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.tools.mcp_config import McpConfig, McpConfigError, config_path, server_from_json
from desktop_app.ui.core_text import core_text
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.tool_turn import ToolTurn


class ToolsDialog(QDialog):
    def __init__(self, turn: ToolTurn, manager: ModelManager, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tools"))
        self.turn = turn
        self.manager = manager
        self.config = McpConfig(list(turn.config.servers), list(turn.config.problems), dict(turn.config.extra))
        self.files = list(turn.chosen_files)
        self.jobs = []

        self.error = QLabel(turn.config_error)
        self.error.setWordWrap(True)
        self.error.setVisible(bool(turn.config_error))
        self.servers = QListWidget()
        self.servers.setAccessibleName(self.tr("MCP servers"))
        self.servers.currentRowChanged.connect(self._show_server)
        self.servers.itemChanged.connect(self._on_item_changed)
        add = QPushButton(self.tr("Add server…"))
        add.clicked.connect(self.ask_add_server)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_current)
        self.list_button = QPushButton(self.tr("Show tools"))
        self.list_button.setToolTip(self.tr("Start the server (or connect to it) and list what it offers"))
        self.list_button.clicked.connect(self.list_current)
        open_file = QPushButton(self.tr("Open mcp.json"))
        open_file.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(config_path()))))
        row = QHBoxLayout()
        for b in (add, self.remove_button, self.list_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(open_file)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.trusted = QCheckBox(self.tr("Trust this server: run its tools without asking"))
        self.trusted.toggled.connect(self._set_trusted)
        self.tools = QListWidget()
        self.tools.setAccessibleName(self.tr("Tools of the server"))
        servers_box = QGroupBox(self.tr("MCP servers (mcp.json, the format of LM Studio and Claude Desktop)"))
        box = QVBoxLayout(servers_box)
        box.addWidget(self.error)
        box.addWidget(self.servers)
        box.addLayout(row)
        box.addWidget(self.detail)
        box.addWidget(self.trusted)
        box.addWidget(self.tools)

        builtin_box = QGroupBox(self.tr("Built-in tools (they need no approval)"))
        form = QFormLayout(builtin_box)
        form.addRow(QLabel(self.tr("current_datetime, calculator, and read_file for the files below")))
        self.file_list = QListWidget()
        self.file_list.setAccessibleName(self.tr("Files the model may read"))
        self.file_list.addItems(self.files)
        add_file = QPushButton(self.tr("Add file…"))
        add_file.clicked.connect(self.ask_add_file)
        remove_file = QPushButton(self.tr("Remove file"))
        remove_file.clicked.connect(self.remove_file)
        file_row = QHBoxLayout()
        file_row.addWidget(add_file)
        file_row.addWidget(remove_file)
        file_row.addStretch(1)
        form.addRow(self.tr("Files the model may read:"), self.file_list)
        form.addRow(file_row)

        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(servers_box, 1)
        layout.addWidget(builtin_box)
        layout.addWidget(buttons)
        self._fill()
        self.resize(620, 640)

    # -- servers -------------------------------------------------------------------------------------------------
    def _fill(self) -> None:
        self.servers.blockSignals(True)
        self.servers.clear()
        for server in self.config.servers:
            item = QListWidgetItem(server.name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if server.enabled else Qt.Unchecked)
            item.setToolTip(self.tr("Checked: its tools are offered to the model"))
            self.servers.addItem(item)
        self.servers.blockSignals(False)
        if self.config.servers:
            self.servers.setCurrentRow(0)
        self._show_server(self.servers.currentRow())

    def current(self):
        row = self.servers.currentRow()
        return self.config.servers[row] if 0 <= row < len(self.config.servers) else None

    def _show_server(self, _row: int) -> None:
        server = self.current()
        for w in (self.remove_button, self.list_button, self.trusted):
            w.setEnabled(server is not None)
        self.tools.clear()
        if server is None:
            self.detail.setText(self.tr("No MCP server yet: add one, or copy an mcp.json from another app."))
            return
        where = server.url if server.url else shlex.join([server.command, *server.args])
        kind = self.tr("HTTP") if server.url else self.tr("stdio")
        self.detail.setText(self.tr("{kind}: {where}").format(kind=kind, where=where))
        self.trusted.blockSignals(True)
        self.trusted.setChecked(server.trusted)
        self.trusted.blockSignals(False)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        row = self.servers.row(item)
        server = self.config.servers[row]
        self.config.put(replace(server, enabled=item.checkState() == Qt.Checked))

    def _set_trusted(self, on: bool) -> None:
        server = self.current()
        if server is not None:
            self.config.put(replace(server, trusted=on))

    def add_server(self, name: str, target: str) -> str:
        """Add a server from a name and a command line or URL; returns a sentence when it cannot ("" when added)."""
        name = name.strip()
        if not name:
            return self.tr("Give the server a name.")
        if self.config.get(name) is not None:
            return self.tr("There is already a server called {name}.").format(name=name)
        target = target.strip()
        try:
            if target.startswith(("http://", "https://")):
                entry = {"url": target}
            else:
                words = shlex.split(target)
                entry = {"command": words[0] if words else "", "args": words[1:]}
            server = server_from_json(name, entry)
        except (ValueError, McpConfigError) as exc:
            return core_text(exc)
        self.config.put(server)
        self._fill()
        self.servers.setCurrentRow(len(self.config.servers) - 1)
        return ""

    def ask_add_server(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add MCP server"), self.tr("Name:"))
        if not ok:
            return
        target, ok = QInputDialog.getText(
            self, self.tr("Add MCP server"),
            self.tr("Command to start it (stdio), or its URL (streamable HTTP):"))
        if ok:
            problem = self.add_server(name, target)
            self.error.setText(problem)
            self.error.setVisible(bool(problem))

    def remove_current(self) -> None:
        server = self.current()
        if server is not None:
            self.config.remove(server.name)
            self._fill()

    def list_current(self) -> None:
        server = self.current()
        if server is None:
            return
        self.tools.clear()
        self.tools.addItem(self.tr("Asking {name}…").format(name=server.name))
        hub = self.turn.hub

        def connect(job) -> None:
            job.finished.connect(lambda tools: self._show_tools(server.name, tools))
            job.failed.connect(lambda exc: self._show_tools(server.name, core_text(exc)))

        self.jobs.append(self.manager.run_background(lambda job: hub.list_tools(server, job.cancel_event),
                                                     f"list tools of {server.name}", connect))

    def _show_tools(self, name: str, tools) -> None:
        current = self.current()
        if current is None or current.name != name:
            return
        self.tools.clear()
        if isinstance(tools, str):
            self.tools.addItem(tools)
            return
        if not tools:
            self.tools.addItem(self.tr("{name} offers no tools.").format(name=name))
        for tool in tools:
            item = QListWidgetItem(f"{tool.name} — {tool.description}" if tool.description else tool.name)
            item.setToolTip(tool.description)
            self.tools.addItem(item)

    # -- files ---------------------------------------------------------------------------------------------------
    def ask_add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("A file the model may read"))
        if path:
            self.add_file(path)

    def add_file(self, path: str) -> None:
        if path not in self.files:
            self.files.append(path)
            self.file_list.addItem(path)

    def remove_file(self) -> None:
        row = self.file_list.currentRow()
        if 0 <= row < len(self.files):
            del self.files[row]
            self.file_list.takeItem(row)

    # -- save ----------------------------------------------------------------------------------------------------
    def accept(self) -> None:
        try:
            self.turn.save(self.config)
        except (OSError, DesktopAppError) as exc:
            self.error.setText(self.tr("mcp.json could not be written: {why}").format(why=exc))
            self.error.setVisible(True)
            return
        self.turn.chosen_files = tuple(self.files)
        for job in self.jobs:
            job.cancel()
        super().accept()

    def reject(self) -> None:
        for job in self.jobs:
            job.cancel()
        super().reject()

