"""ThreadTuner (core/backends/llama_threads.py): the thread count follows the cores other programs leave free,
and a probe during a reply keeps whichever count decodes faster. Time is a fake clock driven by the test."""

from __future__ import annotations

import pytest

from desktop_app.core.backends import llama_threads
from desktop_app.core.backends.llama_threads import PROBE_EVERY, PROBE_TOKENS, ThreadTuner


class FakeWatch:
    def __init__(self, busy: float) -> None:
        self.others_busy = busy


@pytest.fixture
def clock(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(llama_threads.time, "perf_counter", lambda: now[0])
    return now


def decode(tuner: ThreadTuner, clock, tokens: int, seconds_per_token: dict[int, float]) -> list[int]:
    """Decode `tokens` tokens, each taking the time the current thread count takes, and then to the end of a
    probe under way; the counts used, in order."""
    used = []
    while tokens > 0 or tuner.probing:
        tokens -= 1
        clock[0] += seconds_per_token[tuner.threads]
        used.append(tuner.threads)
        tuner.token()
    return used


def test_a_reply_starts_with_one_thread_per_free_core():
    applied: list[int] = []
    watch = FakeWatch(busy=0.0)
    tuner = ThreadTuner(applied.append, cores=4, watch=watch)
    assert tuner.start() == 4 and applied == []  # quiet: every core, as before
    watch.others_busy = 1.1  # a browser keeps about one core busy
    assert tuner.start() == 3 and applied == [3]
    watch.others_busy = 6.0  # everything busy: still one thread
    assert tuner.start() == 1
    watch.others_busy = 0.2
    assert tuner.start() == 4


def test_a_probe_keeps_the_faster_count_and_drops_the_slower(clock):
    applied: list[int] = []
    tuner = ThreadTuner(applied.append, cores=2, watch=FakeWatch(busy=0.0))
    tuner.start()
    # One core became busy after the reply started: two threads now wait for each other (28 vs 58 tok/s).
    used = decode(tuner, clock, PROBE_EVERY + PROBE_TOKENS + 40, {2: 1 / 28, 1: 1 / 58})
    assert used[0] == 2 and tuner.threads == 1 and applied[0] == 1
    after_first_probe = used[PROBE_EVERY + PROBE_TOKENS + 1 :]
    assert after_first_probe.count(2) <= PROBE_TOKENS + 1  # two threads again only while a probe tried them
    # The load goes away: two threads are faster again, and the next probe that tries them keeps them.
    decode(tuner, clock, 2 * (PROBE_EVERY + PROBE_TOKENS), {2: 1 / 86, 1: 1 / 54})
    assert tuner.threads == 2 and applied[-1] == 2


def test_a_probe_that_is_slower_is_undone(clock):
    applied: list[int] = []
    tuner = ThreadTuner(applied.append, cores=2, watch=FakeWatch(busy=0.0))
    tuner.start()
    decode(tuner, clock, PROBE_EVERY + PROBE_TOKENS + 5, {2: 1 / 86, 1: 1 / 54})
    assert applied == [1, 2] and tuner.threads == 2


def test_the_users_own_count_is_never_changed(clock):
    applied: list[int] = []
    tuner = ThreadTuner(applied.append, cores=2, fixed=2)
    assert tuner.start() == 2
    decode(tuner, clock, 3 * PROBE_EVERY, {2: 1 / 28, 1: 1 / 58})
    assert applied == [] and tuner.threads == 2
