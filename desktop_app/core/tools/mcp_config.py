"""`mcp.json`: the MCP servers the user configured, in the `mcpServers` format LM Studio, Claude Desktop and Cursor
share, so a file copied from one of them works here as is:

    {"mcpServers": {
        "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/notes"],
                  "env": {"KEY": "value"}},
        "search": {"url": "http://127.0.0.1:8000/mcp", "headers": {"Authorization": "Bearer ..."}}}}

A `command` means a stdio server (a process we start); a `url` a streamable-HTTP server. Our own settings ride in
keys the others ignore, named as Cline and Cursor name them: `disabled`, `trusted` (its calls need no approval),
`alwaysAllow` (tools the user allowed for good) and `timeout` (seconds per call). Keys we do not know are kept
when the file is written back. The file lives in the app's data folder.

A file that is not valid JSON is never overwritten silently: loading says why in one sentence; saving first moves
it aside (mcp.json.broken-<time>) so nothing the user wrote is lost.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase
from desktop_app.core.storage import paths

FILE_NAME = "mcp.json"
DEFAULT_TIMEOUT_S = 30.0


class McpConfigError(DesktopAppError):
    """mcp.json cannot be read or holds something unusable; the message says what, in a sentence."""


@dataclass(frozen=True)
class McpServerConfig:
    name: str
    command: str = ""
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    cwd: str = ""
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    enabled: bool = True
    trusted: bool = False
    always_allow: tuple[str, ...] = ()
    timeout_s: float = DEFAULT_TIMEOUT_S
    extra: dict[str, Any] = field(default_factory=dict)  # keys we do not use, written back unchanged

    @property
    def transport(self) -> str:
        return "http" if self.url else "stdio"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        if self.url:
            out["url"] = self.url
            if self.headers:
                out["headers"] = dict(self.headers)
        else:
            out["command"] = self.command
            out["args"] = list(self.args)
            if self.env:
                out["env"] = dict(self.env)
            if self.cwd:
                out["cwd"] = self.cwd
        if not self.enabled:
            out["disabled"] = True
        if self.trusted:
            out["trusted"] = True
        if self.always_allow:
            out["alwaysAllow"] = list(self.always_allow)
        if self.timeout_s != DEFAULT_TIMEOUT_S:
            out["timeout"] = self.timeout_s
        return out


_KNOWN = {"command", "args", "env", "cwd", "url", "headers", "disabled", "trusted", "alwaysAllow", "timeout", "type"}


def _strings(value: Any, what: str, name: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise McpConfigError(phrase("The MCP server '{name}' has {what} that are not text values.", name=name, what=what))
    return {str(k): v for k, v in value.items()}


def server_from_json(name: str, data: Any) -> McpServerConfig:
    """One `mcpServers` entry; raises McpConfigError with a sentence naming the server when it is unusable."""
    if not isinstance(data, dict):
        raise McpConfigError(phrase("The MCP server '{name}' is not described by an object.", name=name))
    url, command = data.get("url") or data.get("serverUrl") or "", data.get("command") or ""
    if not isinstance(url, str) or not isinstance(command, str):
        raise McpConfigError(phrase("The MCP server '{name}' has a command or url that is not text.", name=name))
    if not url and not command:
        raise McpConfigError(phrase("The MCP server '{name}' needs a \"command\" (stdio) or a \"url\" (HTTP).", name=name))
    if url and not url.startswith(("http://", "https://")):
        raise McpConfigError(phrase("The MCP server '{name}' has a url that is not http:// or https://.", name=name))
    args = data.get("args") or []
    if not isinstance(args, list) or not all(isinstance(a, (str, int, float)) for a in args):
        raise McpConfigError(phrase("The MCP server '{name}' has \"args\" that are not a list of text.", name=name))
    timeout = data.get("timeout", DEFAULT_TIMEOUT_S)
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
        timeout = DEFAULT_TIMEOUT_S
    allow = data.get("alwaysAllow") or []
    return McpServerConfig(
        name=name,
        command=command,
        args=tuple(str(a) for a in args),
        env=_strings(data.get("env"), "environment variables", name),
        cwd=str(data.get("cwd") or ""),
        url=url,
        headers=_strings(data.get("headers"), "headers", name),
        enabled=not bool(data.get("disabled", False)),
        trusted=bool(data.get("trusted", False)),
        always_allow=tuple(str(t) for t in allow if isinstance(t, str)) if isinstance(allow, list) else (),
        timeout_s=float(timeout),
        extra={k: v for k, v in data.items() if k not in _KNOWN},
    )


@dataclass
class McpConfig:
    servers: list[McpServerConfig] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one sentence per entry that was left out
    extra: dict[str, Any] = field(default_factory=dict)  # top-level keys other than mcpServers

    def get(self, name: str) -> McpServerConfig | None:
        return next((s for s in self.servers if s.name == name), None)

    def put(self, server: McpServerConfig) -> None:
        """Add a server, or replace the one with the same name (in place, keeping the order)."""
        for i, s in enumerate(self.servers):
            if s.name == server.name:
                self.servers[i] = server
                return
        self.servers.append(server)

    def remove(self, name: str) -> None:
        self.servers = [s for s in self.servers if s.name != name]

    def allow_always(self, name: str, tool: str) -> None:
        server = self.get(name)
        if server is not None and tool not in server.always_allow:
            self.put(replace(server, always_allow=(*server.always_allow, tool)))

    def to_json(self) -> dict[str, Any]:
        return {**self.extra, "mcpServers": {s.name: s.to_json() for s in self.servers}}


def config_path() -> Path:
    return paths.data_dir() / FILE_NAME


def load_config(path: Path | None = None) -> McpConfig:
    """The configured servers. A missing file is an empty list; a file that is not JSON (or not an object with
    mcpServers) raises McpConfigError; a bad entry is left out with a sentence in `problems`."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return McpConfig()
    except OSError as exc:
        raise McpConfigError(phrase("{name} could not be read: {error}.", name=path.name, error=exc.strerror or exc)) from exc
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise McpConfigError(phrase("{name} is not valid JSON (line {line}): fix it or remove it; saving from the Tools page keeps a copy of it.", name=path.name, line=getattr(exc, 'lineno', '?'))) from exc
    if not isinstance(data, dict):
        raise McpConfigError(phrase("{name} should hold a JSON object with \"mcpServers\".", name=path.name))
    servers = data.get("mcpServers", {})
    if not isinstance(servers, dict):
        raise McpConfigError(phrase("\"mcpServers\" in {name} should be an object of named servers.", name=path.name))
    config = McpConfig(extra={k: v for k, v in data.items() if k != "mcpServers"})
    for name, entry in servers.items():
        try:
            config.servers.append(server_from_json(str(name), entry))
        except McpConfigError as exc:
            config.problems.append(str(exc))
    return config


def save_config(config: McpConfig, path: Path | None = None) -> Path:
    """Write atomically. A file there that is not valid JSON is first kept aside as mcp.json.broken-<time>."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        try:
            json.loads(path.read_text(encoding="utf-8") or "{}")
        except (ValueError, OSError):
            path.replace(path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}"))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(config.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
