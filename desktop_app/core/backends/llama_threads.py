"""How many threads llama.cpp decodes with, chosen from the cores other programs leave free.

llama.cpp's threads meet at a barrier after every layer, so a decode runs at the pace of its slowest thread. With
one thread per core (LM Studio's and Ollama's default, and ours before this) a single busy core, a browser tab
waking up, halves the speed: measured here with SmolLM2, quiet 2 threads 86 tok/s and 1 thread 54; with one core
busy in another process, 2 threads 28 tok/s and 1 thread 58.

So when the user left the thread count on automatic:
- A sampler thread in the engine process watches how much CPU the *other* processes use (all CPU time less our
  own), as a moving average, and each reply starts with one thread per core they leave free.
- While the reply is decoded, the tuner now and then tries one thread more or fewer for a short window and keeps
  whichever decoded faster, so a load that starts or stops in the middle of a long reply is followed.
The count in use is reported (`threads`) for the reply's statistics.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psutil

SAMPLE_S = 0.5  # how often the other processes' CPU use is sampled
SMOOTHING = 0.5  # weight of the newest sample in the moving average
PROBE_EVERY = 48  # tokens decoded between two probes of another thread count
PROBE_TOKENS = 16  # tokens decoded with the probed count (the first one after a switch is not timed)
KEEP_MARGIN = 1.05  # a probed count must be this much faster to be kept


class CpuWatch:
    """The number of cores other processes keep busy, averaged over the last few seconds."""

    def __init__(self) -> None:
        self._me = psutil.Process()
        self._cpus = psutil.cpu_count() or 1
        self.others_busy = 0.0
        self._last = self._read()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpu-watch", daemon=True)
        self._thread.start()

    def _read(self) -> tuple[float, float, float]:
        t = psutil.cpu_times()
        busy = t.user + t.system + getattr(t, "nice", 0.0) + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)
        own = self._me.cpu_times()
        return time.monotonic(), busy, own.user + own.system

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            self.sample()

    def sample(self) -> None:
        now = self._read()
        wall = now[0] - self._last[0]
        if wall > 0:
            others = max(0.0, (now[1] - self._last[1]) - (now[2] - self._last[2])) / wall
            self.others_busy = (1 - SMOOTHING) * self.others_busy + SMOOTHING * min(others, self._cpus)
        self._last = now

    def close(self) -> None:
        self._stop.set()


class ThreadTuner:
    """Sets a llama.cpp context's thread count per reply and corrects it while decoding.

    `apply(n)` changes the context's threads (llama_set_n_threads); `fixed` > 0 is the user's own choice, which
    the tuner never changes.
    """

    def __init__(self, apply: Callable[[int], None], cores: int, fixed: int = 0, watch: CpuWatch | None = None):
        self._apply = apply
        self.cores = max(1, cores)
        self.fixed = fixed
        self.watch = watch if fixed <= 0 else None
        self.threads = fixed if fixed > 0 else self.cores
        self._count = 0
        self._window_start = 0.0
        self._window_tokens = 0
        self._base_rate = 0.0
        self._probing = 0  # the thread count being probed, 0 when none
        self._previous = self.threads
        self._probes = 0
        self._probe_timed = False

    def start(self) -> int:
        """Before a reply: one thread per core the other processes leave free (at least one)."""
        if self.fixed <= 0:
            busy = self.watch.others_busy if self.watch is not None else 0.0
            self._set(max(1, min(self.cores, round(self.cores - busy))))
        self._count = 0
        self._probing = 0
        self._window_start = time.perf_counter()
        self._window_tokens = 0
        return self.threads

    def token(self) -> None:
        """After each decoded token: time the current window; start or end a probe."""
        if self.fixed > 0 or self.cores == 1:
            return
        self._count += 1
        if self._count == 1:  # the prompt's evaluation is behind us: decoding speed is timed from here
            self._restart_window()
            return
        self._window_tokens += 1
        if self._probing:
            if not self._probe_timed:  # the first token after a switch pays for waking the threads
                self._probe_timed = True
                self._restart_window()
            elif self._window_tokens >= PROBE_TOKENS:
                rate = self._rate()
                if rate < self._base_rate * KEEP_MARGIN:
                    self._set(self._previous)
                self._probing = 0
                self._restart_window()
            return
        if self._count % PROBE_EVERY == 0 and self._window_tokens > 1:
            self._base_rate = self._rate()
            self._probes += 1
            down = self.threads == self.cores or (self.threads > 1 and self._probes % 2 == 1)
            alternative = self.threads - 1 if down else self.threads + 1
            self._previous = self.threads
            self._probing = alternative
            self._probe_timed = False
            self._set(alternative)

    @property
    def probing(self) -> bool:
        """Trying another thread count right now (it is kept or undone after PROBE_TOKENS tokens)."""
        return bool(self._probing)

    def _rate(self) -> float:
        elapsed = time.perf_counter() - self._window_start
        return self._window_tokens / elapsed if elapsed > 0 else 0.0

    def _restart_window(self) -> None:
        self._window_start = time.perf_counter()
        self._window_tokens = 0

    def _set(self, n: int) -> None:
        if n != self.threads:
            self._apply(n)
            self.threads = n
