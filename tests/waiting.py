"""One way for a test without an event loop to wait for something: poll a condition until it holds or a
deadline passes (tests with a window use qtbot.waitUntil / waitSignal instead)."""

from __future__ import annotations

import time


def wait_for(predicate, timeout: float = 300, interval: float = 0.1, what: str = "condition"):
    """predicate()'s first true value, polled every `interval` s; an AssertionError naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")
