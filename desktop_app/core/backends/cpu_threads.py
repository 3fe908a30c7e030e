"""How many threads llama.cpp and PyTorch compute with on the CPU, chosen from the cores other programs leave free.

llama.cpp's threads meet at a barrier after every layer, and PyTorch's intra-op threads at the end of every
operation, so the work runs at the pace of the slowest thread. With one thread per core (LM Studio's and Ollama's
default, PyTorch's own, and ours before this) a single busy core, a browser tab waking up, halves the speed:
measured here with SmolLM2, quiet 2 threads 86 tok/s and 1 thread 54; with one core busy in another process,
2 threads 28 tok/s and 1 thread 58. A PyTorch training step (an MLP of SmolLM2's width, AdamW) did the same:
quiet 2 threads 9.6 steps/s and 1 thread 5.1; with one core busy, 2 threads 3.0 and 1 thread 5.1.

So when the user left the thread count on automatic:
- A sampler thread in the engine (or fine-tune worker) process watches how much CPU the *other* processes use (all
  CPU time less our own and our parent's: the window or server streaming our tokens, the window plotting the loss),
  as a moving average that rises slowly and falls at once, and each reply (each training step) starts with one
  thread per core they leave free, from a fresh look. Why falls at once: a burst that has ended costs nothing more, while the
  average would keep a reply on one thread for half a second after it (measured: 10 % of a quiet reply's speed
  when another program had just finished, bench/generation.py); a load that starts must last a few samples
  before it takes a thread away.
- While the reply is decoded, the count is set again from the same watch every RECHECK_EVERY tokens (our own use
  left out), so a load that starts or stops in the middle of a long reply is followed.
The count in use is reported (`threads`) for the reply's statistics.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psutil

SAMPLE_S = 0.25  # how often the other processes' CPU use is sampled (a burst is forgotten within about 0.5 s)
SMOOTHING = 0.5  # weight of the newest sample in the moving average (when the load rises)
FRESH_S = 0.05  # a reply's start samples again when the last look is older than this
RECHECK_EVERY = 16  # tokens decoded between two looks at the CPU watch during a reply


def read_cpu_times(ours: list[psutil.Process]) -> tuple[float, float, float]:
    """(monotonic time, CPU seconds of the whole machine, CPU seconds of `ours`). A process of ours that ended
    counts for nothing from then on."""
    t = psutil.cpu_times()
    busy = t.user + t.system + getattr(t, "nice", 0.0) + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)
    own = 0.0
    for proc in list(ours):
        try:
            c = proc.cpu_times()
            own += c.user + c.system
        except psutil.Error:
            ours.remove(proc)
    return time.monotonic(), busy, own


def our_processes() -> list[psutil.Process]:
    """This engine process and the one that started it (the window, the API server or the CLI): the parent reads
    our tokens and shows or sends them, so its CPU use grows with our speed. Counted as another program's, it took
    a core from the reply it was streaming (bench/server_throughput.py: 0.91 of raw with automatic threads, 0.95
    with two fixed)."""
    me = psutil.Process()
    try:
        parent = me.parent()
    except psutil.Error:
        parent = None
    return [me] + ([parent] if parent is not None and parent.pid > 1 else [])


class CpuWatch:
    """The number of cores other processes keep busy: a moving average over the last second or so when it rises,
    the newest sample when it falls (see the module's docstring)."""

    def __init__(self, read: Callable[[], tuple[float, float, float]] | None = None, cpus: int = 0,
                 background: bool = True) -> None:
        ours = our_processes()
        self._read = read or (lambda: read_cpu_times(ours))
        self._cpus = cpus or psutil.cpu_count() or 1
        self.others_busy = 0.0
        self._lock = threading.Lock()  # the sampler thread and a reply's start both sample
        self._last = self._read()
        self._stop = threading.Event()
        if background:
            threading.Thread(target=self._run, name="cpu-watch", daemon=True).start()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            self.sample()

    def sample(self, min_wall: float = 0.0) -> None:
        """Fold in the CPU use since the last sample, if at least `min_wall` seconds have passed."""
        with self._lock:
            now = self._read()
            wall = now[0] - self._last[0]
            if wall <= max(0.0, min_wall):
                return
            others = min(max(0.0, (now[1] - self._last[1]) - (now[2] - self._last[2])) / wall, self._cpus)
            if others < self.others_busy:
                self.others_busy = others  # a load that has stopped frees its cores at once
            else:
                self.others_busy = (1 - SMOOTHING) * self.others_busy + SMOOTHING * others
            self._last = now

    def fresh(self) -> None:
        """Look again now, unless the last look is recent: called as a reply starts."""
        self.sample(min_wall=FRESH_S)

    def close(self) -> None:
        self._stop.set()


class ThreadTuner:
    """Sets a llama.cpp context's thread count per reply and corrects it while decoding.

    `apply(n)` changes the context's threads (llama_set_n_threads); `fixed` > 0 is the user's own choice, which
    the tuner never changes. While a reply is decoded, every RECHECK_EVERY tokens the count is set again from the
    CPU watch (which leaves our own use out), so a load that starts or stops mid-reply is followed.

    An earlier version probed one thread more or fewer for a few tokens and kept the faster: on a quiet machine
    those probes alone cost 10-15 % (a third of the time at 60 % speed), so the watch decides alone.
    """

    def __init__(self, apply: Callable[[int], None], cores: int, fixed: int = 0, watch: CpuWatch | None = None):
        self._apply = apply
        self.cores = max(1, cores)
        self.fixed = fixed
        self.watch = watch if fixed <= 0 else None
        self.threads = fixed if fixed > 0 else self.cores
        self._count = 0

    def target(self) -> int:
        """One thread per core the other processes leave free, at least one."""
        busy = self.watch.others_busy if self.watch is not None else 0.0
        return max(1, min(self.cores, round(self.cores - busy)))

    def start(self) -> int:
        """Before a reply."""
        if self.fixed <= 0:
            fresh = getattr(self.watch, "fresh", None)
            if fresh is not None:
                fresh()
            self._set(self.target())
        self._count = 0
        return self.threads

    def token(self) -> None:
        """After each decoded token."""
        if self.fixed > 0:
            return
        self._count += 1
        if self._count % RECHECK_EVERY == 0:
            self._set(self.target())

    def _set(self, n: int) -> None:
        if n != self.threads:
            self._apply(n)
            self.threads = n


_cpu_watch: CpuWatch | None = None  # one per engine process, started by the first model with automatic threads


def shared_cpu_watch() -> CpuWatch:
    """The one CpuWatch of this engine process, started by the first model loaded with automatic threads."""
    global _cpu_watch
    if _cpu_watch is None:
        _cpu_watch = CpuWatch()
    return _cpu_watch
