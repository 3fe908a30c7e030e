"""The engine sends streamed chunks a few at a time when they come fast (core/engine/coalesce.py)."""

import threading

import pytest

from desktop_app.core.engine.coalesce import ChunkSender
from desktop_app.core.engine.types import Chunk


def test_the_first_chunk_goes_at_once_and_what_comes_meanwhile_goes_together_in_order():
    sent: list[Chunk] = []
    first_sent = threading.Event()

    def send(chunk: Chunk) -> None:
        sent.append(chunk)
        first_sent.set()

    sender = ChunkSender(send, every_s=60.0)  # nothing after the first is sent before close
    sender.put(Chunk(text="Hel", prompt_tokens=7, completion_tokens=1))
    assert first_sent.wait(5)
    for i, piece in enumerate(["lo", ", ", "世界"], start=2):
        sender.put(Chunk(text=piece, prompt_tokens=7, completion_tokens=i, reasoning="r" if i == 2 else ""))
    sender.put(Chunk(text="", prompt_tokens=7, completion_tokens=4, finish_reason="stop", threads=2))
    sender.close()
    assert [c.text for c in sent] == ["Hel", "lo, 世界"]
    last = sent[-1]
    assert (last.completion_tokens, last.finish_reason, last.threads, last.reasoning) == (4, "stop", 2, "r")


def test_chunks_further_apart_than_the_interval_go_one_by_one():
    sent: list[str] = []
    arrived = threading.Semaphore(0)

    def send(chunk: Chunk) -> None:
        sent.append(chunk.text)
        arrived.release()

    sender = ChunkSender(send, every_s=0.0)
    for piece in ["a", "b", "c"]:
        sender.put(Chunk(text=piece))
        assert arrived.acquire(timeout=5)  # sent before the next one comes: a slow model's tokens
    sender.close()
    assert sent == ["a", "b", "c"]


def test_a_connection_that_fails_stops_the_stream_with_its_error():
    def send(chunk: Chunk) -> None:
        raise OSError("the window is gone")

    sender = ChunkSender(send)
    sender.put(Chunk(text="a"))
    with pytest.raises(OSError, match="window is gone"):
        sender.close()
