"""PyTorch models on the CPU with threads on automatic set torch's thread count before each call from the cores
other programs leave free (core/backends/cpu_threads.py, TorchBackend._compute); a count the user set stays.
A CPU watch that reports the other programs' load stands in for the machine's, so the test does not depend on
what else runs here."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.backends.pytorch import base as torch_base
from desktop_app.core.engine.types import physical_cores
from tests.cpu_load import FakeCpuWatch
from tests.torch.helpers import load


@pytest.fixture
def torch_threads():
    import torch

    before = torch.get_num_threads()
    yield torch
    torch.set_num_threads(before)


def test_automatic_threads_follow_the_free_cores_at_each_call(tiny_classifier, tiny_gpt2, monkeypatch, torch_threads):
    watch = FakeCpuWatch(busy=physical_cores() - 1)  # every core but one busy elsewhere
    monkeypatch.setattr(torch_base, "shared_cpu_watch", lambda: watch)
    torch_threads.set_num_threads(physical_cores())
    classifier = load(tiny_classifier, n_threads=0)
    assert classifier.classify(["a fine day"], threading.Event())
    assert torch_threads.get_num_threads() == 1 and watch.looks == 1
    watch.others_busy = 0.0  # the other program ended: the next call takes every core again
    classifier.classify(["another day"], threading.Event())
    assert torch_threads.get_num_threads() == physical_cores() and watch.looks == 2
    generator = load(tiny_gpt2, n_threads=0)
    watch.others_busy = physical_cores() - 1
    from desktop_app.core.engine.types import GenerationParams

    list(generator.complete_stream("Hello", GenerationParams(max_tokens=3, temperature=0.0), threading.Event()))
    assert torch_threads.get_num_threads() == 1 and watch.looks == 3


def test_a_thread_count_the_user_set_is_kept(tiny_classifier, monkeypatch, torch_threads):
    watch = FakeCpuWatch(busy=physical_cores())
    monkeypatch.setattr(torch_base, "shared_cpu_watch", lambda: watch)
    classifier = load(tiny_classifier, n_threads=1)
    classifier.classify(["a fine day"], threading.Event())
    assert torch_threads.get_num_threads() == 1 and watch.looks == 0
