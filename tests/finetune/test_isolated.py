"""Fine-tuning work outside a loaded model (tokenizing a dataset, merging, exporting) runs in an engine process of
its own through run_isolated: the window never imports transformers, and a crash there is a sentence."""

from __future__ import annotations

import os
import signal
import threading

import psutil
import pytest

from desktop_app.core.engine.client import run_isolated
from desktop_app.core.errors import Cancelled, DesktopAppError, EngineCrashedError
from desktop_app.core.finetune.datasets import Example
from desktop_app.core.finetune.tokens import folder_token_lengths

ROWS = [Example(line=i + 1, format="text", text=f"Row number {i}: the quick brown fox, 快速的狐狸。" * (1 + i % 3))
        for i in range(600)]


def _engine_children() -> list[psutil.Process]:
    found = []
    for p in psutil.Process().children():
        try:
            if p.status() != psutil.STATUS_ZOMBIE and "desktop_app.engine" in " ".join(p.cmdline()):
                found.append(p)
        except psutil.Error:  # ended meanwhile
            pass
    return found


def test_token_lengths_in_an_engine_process_equal_the_same_call_here(minilm_folder):
    progress: list[tuple[int, int]] = []
    lengths = run_isolated("desktop_app.core.finetune.tokens:folder_token_lengths", minilm_folder, ROWS,
                           label="Tokenizer", on_progress=lambda d, t: progress.append((d, t)))
    assert lengths == folder_token_lengths(minilm_folder, ROWS)
    assert progress[-1] == (600, 600) and len(progress) == 3
    assert not _engine_children()  # the process ended with the call


def test_a_crash_in_isolated_work_is_a_sentence(minilm_folder):
    def kill_engine(done: int, total: int) -> None:
        for p in _engine_children():
            os.kill(p.pid, signal.SIGKILL)

    with pytest.raises(EngineCrashedError) as caught:
        run_isolated("desktop_app.core.finetune.tokens:folder_token_lengths", minilm_folder, ROWS,
                     label="Tokenizer", doing="measuring the rows in tokens", on_progress=kill_engine)
    assert "Tokenizer engine stopped unexpectedly while measuring the rows in tokens (killed by SIGKILL)" in str(
        caught.value)


def test_cancel_reaches_isolated_work(minilm_folder):
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        run_isolated("desktop_app.core.finetune.tokens:folder_token_lengths", minilm_folder, ROWS * 20,
                     label="Tokenizer", cancel=cancel, on_progress=lambda d, t: cancel.set())


def test_only_functions_of_the_app_core_run_by_name():
    with pytest.raises(DesktopAppError, match="cannot be run"):
        run_isolated("os:getcwd", label="x")
