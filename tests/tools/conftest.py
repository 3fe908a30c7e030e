"""MCP test servers: stdio ones are started by the client under test; the HTTP one runs for the module."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.tools.mcp_config import McpServerConfig
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]


def stdio_server(name: str = "local", mode: str = "stdio", **kw) -> McpServerConfig:
    return McpServerConfig(name=name, command=sys.executable, args=("-m", "tests.fixtures.mcp_servers", mode),
                           cwd=str(ROOT), **kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def http_server():
    """The test server over streamable HTTP on 127.0.0.1; yields its config."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tests.fixtures.mcp_servers", "http", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def listening() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            assert proc.poll() is None, "the HTTP test server exited"
            return False

    wait_for(listening, 30, what="the HTTP test server")
    try:
        yield McpServerConfig(name="remote", url=f"http://127.0.0.1:{port}/mcp", timeout_s=20)
    finally:
        proc.terminate()
        proc.wait(10)
