"""How a fine-tuning run's state reads in the interface, in the interface's language: the Train page's status
line and the Runs list say it the same way.

The worker (core/finetune/worker.py, no Qt) writes an English sentence with each status; where the status also
carries the numbers (state, step, total steps) the words are built here from translated templates instead, so the
Chinese interface shows no English and the state is not said twice ("Training · Training: step 2 of 30.").
The worker's sentence is kept where it says more than the numbers do (why a run failed, what a stop saved).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

STATE_NAMES = {
    "starting": QT_TRANSLATE_NOOP("TrainPage", "Starting"), "running": QT_TRANSLATE_NOOP("TrainPage", "Training"),
    "paused": QT_TRANSLATE_NOOP("TrainPage", "Paused"), "stopping": QT_TRANSLATE_NOOP("TrainPage", "Stopping"),
    "finished": QT_TRANSLATE_NOOP("TrainPage", "Finished"), "failed": QT_TRANSLATE_NOOP("TrainPage", "Failed"),
    "stopped": QT_TRANSLATE_NOOP("TrainPage", "Stopped"), "unknown": QT_TRANSLATE_NOOP("TrainPage", "Unknown"),
}


def state_name(state: str) -> str:
    return QCoreApplication.translate("TrainPage", STATE_NAMES.get(state, state))


def step_words(state: str, step: int, total: int) -> str:
    """"step 2 of 30" while training, "at step 8" when paused, "30 of 30 steps" when done; "" without a step."""
    if not step:
        return ""
    if state == "paused":
        return QCoreApplication.translate("TrainPage", "at step {step}").format(step=f"{step:,}")
    if total:
        return QCoreApplication.translate("TrainPage", "step {step} of {total}").format(step=f"{step:,}", total=f"{total:,}")
    return QCoreApplication.translate("TrainPage", "step {step}").format(step=f"{step:,}")


def status_text(status: dict[str, Any]) -> str:
    """The state's name, then the step in words, or the worker's sentence where it tells more (failed, stopped,
    starting, stopping)."""
    state = str(status.get("state", "unknown"))
    text = state_name(state)
    if state in ("running", "paused", "finished"):
        detail = step_words(state, int(status.get("step") or 0), int(status.get("total_steps") or 0))
    else:
        detail = str(status.get("message") or "")
    return f"{text} · {detail}" if detail else text
