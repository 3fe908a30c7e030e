"""ThreadTuner (core/backends/llama_threads.py): the thread count follows the cores other programs leave free,
at the start of each reply and while it is decoded."""

from __future__ import annotations

from desktop_app.core.backends.llama_threads import RECHECK_EVERY, ThreadTuner


class FakeWatch:
    def __init__(self, busy: float) -> None:
        self.others_busy = busy


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


def test_a_load_that_starts_or_stops_mid_reply_is_followed():
    applied: list[int] = []
    watch = FakeWatch(busy=0.0)
    tuner = ThreadTuner(applied.append, cores=2, watch=watch)
    tuner.start()
    used = []
    for i in range(4 * RECHECK_EVERY):
        if i == RECHECK_EVERY // 2:
            watch.others_busy = 0.9  # another program wakes up
        if i == 5 * RECHECK_EVERY // 2:
            watch.others_busy = 0.0  # and goes quiet again
        used.append(tuner.threads)
        tuner.token()
    assert applied == [1, 2]
    assert used[RECHECK_EVERY // 2 : RECHECK_EVERY].count(2) == RECHECK_EVERY // 2  # noticed at the next look
    assert set(used[RECHECK_EVERY : 3 * RECHECK_EVERY]) == {1} and used[-1] == 2


def test_the_users_own_count_is_never_changed():
    applied: list[int] = []
    tuner = ThreadTuner(applied.append, cores=2, fixed=2)
    assert tuner.start() == 2
    for _ in range(3 * RECHECK_EVERY):
        tuner.token()
    assert applied == [] and tuner.threads == 2
