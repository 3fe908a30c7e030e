"""ThreadTuner (core/backends/cpu_threads.py): the thread count follows the cores other programs leave free,
at the start of each reply and while it is decoded."""

from __future__ import annotations

from desktop_app.core.backends.cpu_threads import RECHECK_EVERY, CpuWatch, ThreadTuner
from tests.cpu_load import FakeCpuWatch


def test_a_reply_starts_with_one_thread_per_free_core():
    applied: list[int] = []
    watch = FakeCpuWatch(busy=0.0)
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
    watch = FakeCpuWatch(busy=0.0)
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


class FakeClock:
    """What CpuWatch reads: the time, the machine's CPU seconds and this process's, advanced by hand."""

    def __init__(self) -> None:
        self.now, self.machine, self.own = 0.0, 0.0, 0.0

    def read(self) -> tuple[float, float, float]:
        return self.now, self.machine, self.own

    def run(self, seconds: float, others: float, own: float = 0.0) -> None:
        self.now += seconds
        self.machine += (others + own) * seconds
        self.own += own * seconds


def test_a_load_takes_a_few_samples_to_count_and_is_forgotten_at_once():
    clock = FakeClock()
    watch = CpuWatch(read=clock.read, cpus=2, background=False)
    clock.run(0.25, others=1.0, own=1.0)  # our own use is left out
    watch.sample()
    assert 0.4 < watch.others_busy < 0.6  # one sample of a new load: half of it
    for _ in range(4):
        clock.run(0.25, others=1.0)
        watch.sample()
    assert watch.others_busy > 0.95
    clock.run(0.25, others=0.0, own=2.0)  # the other program has finished
    watch.sample()
    assert watch.others_busy == 0.0


def test_a_reply_starts_from_a_fresh_look():
    """Another program ran until just before the reply (the raw side of bench/generation.py, a build): the reply
    gets every core, not one for the half second an average would remember it."""
    clock = FakeClock()
    watch = CpuWatch(read=clock.read, cpus=2, background=False)
    for _ in range(8):
        clock.run(0.25, others=2.0)
        watch.sample()
    applied: list[int] = []
    tuner = ThreadTuner(applied.append, cores=2, watch=watch)
    clock.run(0.01, others=2.0)  # too recent to look again: still busy
    assert tuner.start() == 1
    clock.run(0.1, others=0.0)
    assert tuner.start() == 2 and applied == [1, 2]


def test_our_own_processes_are_not_other_programs():
    """The engine's parent (the window, the API server) streams our tokens: its CPU use is ours, not a competing
    program's. A process of ours that ended is dropped from the count."""
    import os

    import psutil

    from desktop_app.core.backends.cpu_threads import our_processes, read_cpu_times

    ours = our_processes()
    assert [p.pid for p in ours] == [os.getpid(), os.getppid()]

    class Ended:
        def cpu_times(self):
            raise psutil.NoSuchProcess(0)

    mixed = [ours[0], Ended()]
    _t, machine, own = read_cpu_times(mixed)
    assert len(mixed) == 1 and 0 < own <= machine
