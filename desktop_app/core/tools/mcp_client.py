"""The MCP client: connections to the configured servers (stdio and streamable HTTP) through the `mcp` package.

The `mcp` Client is asyncio; the rest of the app is threads. `McpHub` runs one asyncio loop in a daemon thread and
offers blocking calls that take a timeout and a cancel Event, for the tools worker thread (never the GUI thread):
- one connection per server, opened on first use and kept (an npx server takes seconds to start). Its owner task
  enters and leaves the Client's context (anyio requires one task to do both); calls run as their own tasks;
- a call that outlives its timeout or is cancelled is abandoned (its task cancelled), the caller gets a sentence,
  and the connection stays for the next call;
- a server that dies ends its connection: a call waiting on it fails at once with a sentence carrying the server's
  last stderr line (kept in logs/mcp-<name>.log), and the next call starts the server again;
- a result longer than MAX_RESULT_CHARS is cut, and the outcome says so (a 10 MB answer would fill any context).
The `mcp` package is imported lazily, on first connection: opening the app never pays for it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import Cancelled
from desktop_app.core.messages import phrase
from desktop_app.core.storage import paths
from desktop_app.core.tools.builtin import ToolError
from desktop_app.core.tools.mcp_config import McpServerConfig

log = logging.getLogger(__name__)

MAX_RESULT_CHARS = 16_000  # of one tool result given to the model
CONNECT_TIMEOUT_S = 30.0
CLOSE_TIMEOUT_S = 6.0  # for a server to end once asked (the `mcp` transport waits 2 s, then terminates, then kills)


@dataclass(frozen=True)
class McpTool:
    server: str
    name: str
    description: str
    input_schema: dict[str, Any]

    def definition(self) -> dict[str, Any]:
        """OpenAI's `tools` shape, which chat templates render."""
        schema = dict(self.input_schema) if isinstance(self.input_schema, dict) else {}
        schema.pop("title", None)  # "addArguments": small models take it for the tool's name
        return {"type": "function", "function": {"name": self.name, "description": self.description,
                                                 "parameters": schema or {"type": "object", "properties": {}}}}


@dataclass(frozen=True)
class ToolOutcome:
    text: str  # what the model is given
    is_error: bool = False
    note: str = ""  # a sentence for the user (the result was cut)


def _size_words(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} KB" if n >= 1000 else f"{n} bytes"


def cap_result(text: str, tool: str, limit: int = MAX_RESULT_CHARS) -> tuple[str, str]:
    """`text` cut to `limit` characters, and a sentence saying so (empty when it fits)."""
    if len(text) <= limit:
        return text, ""
    size = _size_words(len(text.encode("utf-8", errors="replace")))
    note = f"{tool} returned {size}; the model was given only its first {limit:,} characters."
    return text[:limit] + f"\n[... cut: the result was {size}]", note


def result_text(result: Any) -> str:
    """A CallToolResult's content blocks as text (images and binary resources are named, not inlined)."""
    parts = []
    for block in getattr(result, "content", None) or []:
        kind = getattr(block, "type", "")
        if kind == "text":
            parts.append(block.text)
        elif kind in ("image", "audio"):
            parts.append(f"[{kind}: {getattr(block, 'mime_type', '')}, {_size_words(len(block.data or ''))}]")
        elif kind == "resource":
            resource = block.resource
            parts.append(getattr(resource, "text", None) or f"[resource {resource.uri}]")
        elif kind == "resource_link":
            parts.append(f"[resource {block.uri}]")
    if not parts and getattr(result, "structured_content", None) is not None:
        import json

        parts.append(json.dumps(result.structured_content, ensure_ascii=False))
    return "\n".join(parts)


def _root_cause(exc: BaseException) -> BaseException:
    """The first leaf of an anyio exception group (the `mcp` transports raise groups)."""
    while getattr(exc, "exceptions", None):  # BaseExceptionGroup (its backport on Python 3.10)
        exc = exc.exceptions[0]
    return exc


class ServerStoppedError(ToolError):
    """The server's process or connection ended; the next call starts it again."""


class _Connection:
    """One server: an owner task holds the Client open until close() or until the server goes away."""

    def __init__(self, config: McpServerConfig, log_path: Path):
        self.config = config
        self.log_path = log_path
        self.client: Any = None
        self.error: BaseException | None = None
        self._ready: asyncio.Future | None = None
        self._stop: asyncio.Event | None = None
        self._ended: asyncio.Event | None = None
        self._task: asyncio.Task | None = None

    @property
    def open(self) -> bool:
        return self._task is not None and not self._task.done() and self.client is not None

    async def ensure(self) -> Any:
        if self._task is None or self._task.done():
            loop = asyncio.get_running_loop()
            self._ready, self._stop, self._ended = loop.create_future(), asyncio.Event(), asyncio.Event()
            self.error = None
            self._task = asyncio.create_task(self._own())
        return await asyncio.shield(self._ready)

    def _transport(self, errlog: Any) -> Any:
        if self.config.transport == "http":
            from mcp.client.streamable_http import streamable_http_client
            from mcp.shared._httpx_utils import create_mcp_http_client

            http = create_mcp_http_client(headers=self.config.headers or None)
            return streamable_http_client(self.config.url, http_client=http, max_sse_event_size=None)
        from mcp import StdioServerParameters
        from mcp.client.stdio import stdio_client

        params = StdioServerParameters(command=self.config.command, args=list(self.config.args),
                                       env=self.config.env or None, cwd=self.config.cwd or None,
                                       encoding_error_handler="replace")
        return stdio_client(params, errlog=errlog)

    async def _own(self) -> None:
        from mcp import Client

        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "a", encoding="utf-8", errors="replace") as errlog:
                async with Client(self._transport(errlog), client_info=None) as client:
                    self.client = client
                    self._ready.set_result(client)
                    await self._stop.wait()
        except BaseException as exc:  # noqa: B902 - every way the server can fail ends here, as a sentence later
            self.error = _root_cause(exc)
            if not self._ready.done():
                self._ready.set_exception(self.error)
            if isinstance(exc, asyncio.CancelledError):
                raise
        finally:
            self.client = None
            self._ended.set()
            if not self._ready.done():
                self._ready.set_exception(ConnectionError("closed"))

    async def call(self, coro: Callable[[Any], Coroutine[Any, Any, Any]]) -> Any:
        """Run `coro(client)`, failing at once if the connection ends while it waits."""
        client = await self.ensure()
        work = asyncio.ensure_future(coro(client))
        ended = asyncio.ensure_future(self._ended.wait())
        try:
            done, _ = await asyncio.wait({work, ended}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            ended.cancel()
            if not work.done():
                work.cancel()
        if work in done:
            return work.result()
        raise ConnectionError(phrase("the server went away"))

    async def close(self) -> None:
        """Leave the Client's context (the `mcp` transport ends a stdio server: stdin closed, then terminate, then
        kill). A connection still starting is cancelled at once: a server that never answered is ended too."""
        task = self._task
        if task is None or task.done():
            return
        if self._stop is not None:
            self._stop.set()
        if self.client is None:
            task.cancel()
        try:
            await asyncio.wait_for(asyncio.shield(task), CLOSE_TIMEOUT_S)
        except (asyncio.TimeoutError, asyncio.CancelledError, Exception):
            task.cancel()
            await asyncio.wait({task}, timeout=CLOSE_TIMEOUT_S)


def _endpoint(config: McpServerConfig) -> tuple:
    return (config.command, config.args, tuple(sorted(config.env.items())), config.cwd, config.url,
            tuple(sorted(config.headers.items())))


class McpHub:
    """Every MCP connection, driven from one asyncio loop thread; the methods block the calling (worker) thread."""

    def __init__(self, log_dir: Path | None = None):
        self._log_dir = log_dir
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._connections: dict[str, _Connection] = {}
        self._closing: list[concurrent.futures.Future] = []  # connections being ended on the loop
        self._lock = threading.Lock()

    # -- the loop ------------------------------------------------------------------------------------------------
    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=loop.run_forever, name="mcp", daemon=True)
                self._thread.start()
                self._loop = loop
            return self._loop

    def _connection(self, config: McpServerConfig) -> _Connection:
        """The server's connection; a new one when how to reach it changed (trust or timeouts do not count)."""
        stale = None
        with self._lock:
            conn = self._connections.get(config.name)
            if conn is not None and _endpoint(conn.config) != _endpoint(config):
                stale, conn = conn, None
            if conn is None:
                log_dir = self._log_dir or paths.log_dir()
                safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", config.name) or "server"
                conn = self._connections[config.name] = _Connection(config, log_dir / f"mcp-{safe}.log")
            conn.config = config
        if stale is not None:  # the user changed the server: the old connection is closed
            self._closing.append(self._submit(stale.close()))
        return conn

    def _submit(self, coro: Coroutine[Any, Any, Any]) -> concurrent.futures.Future:
        return asyncio.run_coroutine_threadsafe(coro, self._ensure_loop())

    def _wait(self, future: concurrent.futures.Future, timeout: float, cancel: threading.Event | None) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return future.result(timeout=0.05)
            except concurrent.futures.TimeoutError:
                if cancel is not None and cancel.is_set():
                    future.cancel()
                    raise Cancelled(phrase("The tool call was cancelled.")) from None
                if time.monotonic() >= deadline:
                    future.cancel()
                    raise TimeoutError from None

    def _last_stderr(self, conn: _Connection) -> str:
        try:
            lines = [ln.strip() for ln in conn.log_path.read_text(encoding="utf-8", errors="replace").splitlines()]
        except OSError:
            return ""
        lines = [ln for ln in lines if ln]
        return lines[-1][:300] if lines else ""

    def _explain(self, conn: _Connection, exc: BaseException, doing: str) -> ToolError:
        """One sentence for why talking to a server failed."""
        name = conn.config.name
        exc = _root_cause(exc)
        if isinstance(exc, TimeoutError):
            return ToolError(phrase("The MCP server '{name}' did not answer within {timeout_s} s while {doing}; the call was abandoned.", name=name, timeout_s=f"{conn.config.timeout_s:g}", doing=doing))
        if isinstance(exc, FileNotFoundError) or (isinstance(exc, OSError) and conn.config.transport == "stdio"
                                                  and conn.client is None and conn.error is exc):
            return ToolError(phrase("The MCP server '{name}' could not be started: {command} was not found.", name=name, command=conn.config.command))
        if isinstance(exc, ConnectionError) or conn.error is not None or "connection closed" in str(exc).lower():
            why = self._last_stderr(conn) if conn.config.transport == "stdio" else ""
            cause = conn.error or exc
            detail = why or (str(cause) if str(cause).lower() not in ("", "closed", "the server went away",
                                                                      "connection closed") else "")
            return ServerStoppedError(f"The MCP server '{name}' stopped while {doing}"
                                      + (f": {detail}" if detail else "."))
        text = str(exc) or type(exc).__name__
        if "connect" in type(exc).__name__.lower():
            return ToolError(phrase("The MCP server '{name}' at {url} cannot be reached: {text}.", name=name, url=conn.config.url, text=text))
        return ToolError(phrase("The MCP server '{name}' failed while {doing}: {text}", name=name, doing=doing, text=text))

    def _run(self, config: McpServerConfig, doing: str, fn: Callable[[Any], Coroutine[Any, Any, Any]],
             cancel: threading.Event | None, timeout: float | None) -> Any:
        conn = self._connection(config)
        future = self._submit(conn.call(fn))
        try:
            return self._wait(future, timeout or config.timeout_s, cancel)
        except Cancelled:
            raise
        except ToolError:
            raise
        except BaseException as exc:  # noqa: B902 - transport errors arrive as groups and library types
            error = self._explain(conn, exc, doing)
            if isinstance(error, ServerStoppedError) or not conn.open:  # dead, or never answered: ended, and
                self._forget(config.name)  # the next call starts it again
            raise error from exc

    # -- what callers use ----------------------------------------------------------------------------------------
    def list_tools(self, config: McpServerConfig, cancel: threading.Event | None = None,
                   timeout: float | None = None) -> list[McpTool]:
        async def fetch(client: Any) -> list[McpTool]:
            tools, cursor = [], None
            for _page in range(50):  # a server paginating forever cannot hang us
                listing = await client.list_tools(cursor=cursor)
                tools += [McpTool(config.name, t.name, t.description or "", dict(t.input_schema or {}))
                          for t in listing.tools]
                cursor = listing.next_cursor
                if not cursor:
                    break
            return tools

        return self._run(config, phrase("listing its tools"), fetch, cancel, timeout or min(config.timeout_s,
                                                                                      CONNECT_TIMEOUT_S))

    def call_tool(self, config: McpServerConfig, tool: str, arguments: dict[str, Any],
                  cancel: threading.Event | None = None, timeout: float | None = None) -> ToolOutcome:
        async def call(client: Any) -> Any:
            return await client.call_tool(tool, arguments)

        result = self._run(config, phrase("running {tool}", tool=tool), call, cancel, timeout)
        text, note = cap_result(result_text(result), tool)
        return ToolOutcome(text, bool(getattr(result, "is_error", False)), note)

    def is_open(self, name: str) -> bool:
        conn = self._connections.get(name)
        return conn is not None and conn.open

    def _forget(self, name: str) -> concurrent.futures.Future | None:
        """Drop a connection and end it on the loop, without waiting."""
        with self._lock:
            conn = self._connections.pop(name, None)
        if conn is None or self._loop is None:
            return None
        future = self._submit(conn.close())
        self._closing = [f for f in self._closing if not f.done()] + [future]
        return future

    def close(self, name: str, timeout: float = 2 * CLOSE_TIMEOUT_S) -> None:
        future = self._forget(name)
        if future is not None:
            try:
                future.result(timeout)
            except Exception as exc:  # closing a dead server's connection cannot fail the caller
                log.debug("closing MCP server %s: %s", name, exc)

    def shutdown(self, timeout: float = 2 * CLOSE_TIMEOUT_S) -> None:
        """End every connection at once (stdio servers are ended) and stop the loop, within about `timeout`."""
        for name in list(self._connections):
            self._forget(name)
        concurrent.futures.wait(self._closing, timeout)  # also those ended earlier and still closing
        self._closing = []
        loop, self._loop = self._loop, None
        if loop is not None:
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(timeout)
