"""A real API server on 127.0.0.1 (a free port) over SmolLM2 in a real llama.cpp engine process, shared by the
server tests. Its request log goes into a queue, so tests wait on log entries instead of sleeping."""

from __future__ import annotations

import queue
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import openai
import pytest

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.engine.client import open_backend
from desktop_app.core.models.spec import ModelSpec
from desktop_app.server.api import RequestLogEntry
from desktop_app.server.runner import RunTicket, ServedModel, ThreadRunner, Work
from desktop_app.server.server import ApiServer, ServerOptions

N_CTX = 1024
LOG_TIMEOUT_S = 60


class RecordingRunner(ThreadRunner):
    """ThreadRunner that also reports each submission, so a test can wait until a request is queued."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.submitted: queue.Queue[RunTicket] = queue.Queue()

    def submit(self, model: ServedModel, work: Work, batched: bool = False) -> RunTicket:
        ticket = super().submit(model, work, batched)
        self.submitted.put(ticket)
        return ticket


@dataclass
class LiveServer:
    server: ApiServer
    runner: RecordingRunner
    log: queue.Queue[RequestLogEntry]

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def model_id(self) -> str:
        return self.runner.served_model().id

    def client(self, api_key: str = "unused", **kwargs) -> openai.OpenAI:
        return openai.OpenAI(base_url=self.base_url, api_key=api_key, max_retries=0, timeout=300, **kwargs)

    def drain(self) -> None:
        """Forget what earlier tests left in the log and the submission queue."""
        for q in (self.log, self.runner.submitted):
            while True:
                try:
                    q.get_nowait()
                except queue.Empty:
                    break

    def wait_log(self, predicate, timeout: float = LOG_TIMEOUT_S) -> RequestLogEntry:
        """The next log entry that satisfies `predicate` (blocking on the log queue, bounded)."""
        while True:
            entry = self.log.get(timeout=timeout)
            if predicate(entry):
                return entry


@contextmanager
def serve(model_path) -> Iterator[LiveServer]:
    """A real API server over the model at `model_path`, in its own engine process, until the block ends."""
    spec = ModelSpec.from_path(model_path)
    backend = open_backend(spec)  # in its engine process, as `desktop-app serve` runs it
    # One thread: on a shared 2-core machine llama.cpp's threads wait for each other at every layer whenever
    # anything else runs, and two can be 3x slower than one. The server's behaviour does not depend on it.
    backend.load(spec, LoadOptions(n_ctx=N_CTX, n_threads=1))
    runner = RecordingRunner(spec, backend, backend.n_ctx)
    log: queue.Queue[RequestLogEntry] = queue.Queue()
    server = ApiServer(runner, ServerOptions(port=0, max_queue=32), on_log=log.put)
    server.start_in_thread()
    try:
        yield LiveServer(server, runner, log)
    finally:
        assert server.stop(10.0)
        runner.close()


@pytest.fixture(scope="session")
def live_server(smollm2):
    with serve(smollm2) as live:
        yield live


@pytest.fixture
def live(live_server) -> LiveServer:
    live_server.drain()
    yield live_server
    live_server.server.service.max_queue = 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
