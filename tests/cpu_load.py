"""A stand-in for core/backends/cpu_threads.CpuWatch: it reports the cores other programs keep busy as the test
sets them, and counts the fresh looks a reply, a call or a training step takes, so thread tests do not depend on
what else the machine runs."""

from __future__ import annotations


class FakeCpuWatch:
    def __init__(self, busy: float) -> None:
        self.others_busy = busy
        self.looks = 0

    def fresh(self) -> None:
        self.looks += 1
