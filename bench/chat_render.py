"""Opening a long conversation full of code and formulas: what drawing formulas and colouring code cost the GUI
thread, against the same view drawing neither.

The conversation: MESSAGES messages, every reply holding three formulas ($x^2$, a display fraction, a boxed answer)
and three 30-line Python blocks, as a coding chat with Qwen2.5-Coder reads. Both sides are the app's MessageView,
shown at 720x560 offscreen:
- app: with its MathImageCache and CodeHighlighter (formulas drawn and code lexed on the utility thread; the view
  places stand-ins, code headers and pictures on the GUI thread),
- baseline: the same view with neither, so LaTeX and code are Markdown only (what the view did before).

Measured: the GUI thread's time in show_messages, ROUNDS rounds alternating which side goes first, each on a fresh
view; then the time until every formula is drawn and every block coloured (the work off the GUI thread, done while
the window answers). Medians.

Last line: RESULT open_app_s=.. open_base_s=.. open_ratio=.. settled_s=.. formulas=.. blocks=.. load=..
(target: open_ratio <= 1.3: formulas and colours cost the GUI thread under a third more)
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
import statistics
import sys
import tempfile
import time

from PySide6.QtWidgets import QApplication

os.environ.setdefault("DESKTOP_APP_HOME", tempfile.mkdtemp(prefix="bench-chat-render-"))

from desktop_app.core.storage.records import Message  # noqa: E402
from desktop_app.ui.widgets.code_highlight import CodeHighlighter  # noqa: E402
from desktop_app.ui.widgets.message_code import CODE_HEADER  # noqa: E402
from desktop_app.ui.widgets.message_math import MathImageCache  # noqa: E402
from desktop_app.ui.widgets.message_view import MessageView  # noqa: E402
from desktop_app.workers.model_manager import ModelManager  # noqa: E402

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "120"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CODE = "```python\n" + "\n".join(f"total_{i} = compute({i}, step={i * 2})  # line {i}" for i in range(30)) + "\n```"
REPLY = (r"So $x^2 - 5x + 6 = 0$ gives" + "\n\n" + r"$$x = \frac{5 \pm 1}{2}$$" + "\n\n" + CODE + "\n\n"
         + CODE + "\n\n" + CODE + "\n\n" + r"Answer: $\boxed{3}$.")


def conversation() -> list[Message]:
    fields = {f.name for f in dataclasses.fields(Message)}

    def message(i: int, role: str, content: str) -> Message:
        values = {"id": i, "conversation_id": 1, "role": role, "content": content}
        return Message(**{k: v for k, v in values.items() if k in fields})

    return [message(i, "user" if i % 2 == 0 else "assistant", "Next step?" if i % 2 == 0 else REPLY)
            for i in range(MESSAGES)]


def coloured_blocks(view: MessageView) -> tuple[int, int]:
    """(fenced blocks, of those with colours on their first line)."""
    total = coloured = 0
    block = view.document().begin()
    while block.isValid():
        if block.blockFormat().hasProperty(CODE_HEADER):
            total += 1
            coloured += bool(block.next().layout().formats())
        block = block.next()
    return total, coloured


def open_once(app: QApplication, manager: ModelManager, messages: list[Message], rendered: bool):
    view = MessageView()
    view.resize(720, 560)
    view.show()
    if rendered:
        view.math.set_cache(MathImageCache(manager.run_background, view))
        view.code.set_highlighter(CodeHighlighter(manager.run_background, view))
    app.processEvents()
    start = time.perf_counter()
    view.show_messages(messages)
    opened = time.perf_counter() - start
    settled = 0.0
    if rendered:
        deadline = start + 300
        while time.perf_counter() < deadline:
            app.processEvents()
            states = set(view.math.state().values())
            total, coloured = coloured_blocks(view)
            if "waiting" not in states and coloured == total:
                break
            time.sleep(0.005)
        settled = time.perf_counter() - start
    counts = (len(view.math.state()), coloured_blocks(view)[0])
    view.close()
    view.deleteLater()
    app.processEvents()
    return opened, settled, counts


def main() -> int:
    app = QApplication(sys.argv[:1])
    manager = ModelManager()
    messages = conversation()
    open_once(app, manager, messages, True)  # warm-up: matplotlib and pygments imported, font caches built
    app_times, base_times, settled_times, counts = [], [], [], (0, 0)
    for r in range(ROUNDS):
        for rendered in ((True, False) if r % 2 == 0 else (False, True)):
            opened, settled, seen = open_once(app, manager, messages, rendered)
            (app_times if rendered else base_times).append(opened)
            if rendered:
                settled_times.append(settled)
                counts = seen
            print(f"round {r + 1} {'app ' if rendered else 'base'}: open {opened:.3f} s"
                  + (f", all drawn and coloured after {settled:.2f} s" if rendered else ""), flush=True)
    manager.shutdown(2.0)
    app_s, base_s = statistics.median(app_times), statistics.median(base_times)
    print(f"RESULT open_app_s={app_s:.3f} open_base_s={base_s:.3f} open_ratio={app_s / base_s:.2f} "
          f"settled_s={statistics.median(settled_times):.2f} formulas={counts[0]} blocks={counts[1]} "
          f"load={os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
