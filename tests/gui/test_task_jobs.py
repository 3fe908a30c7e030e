"""Task work lives in workers/task_jobs.py and takes frozen requests; token counts never run on the GUI thread."""

from __future__ import annotations

import threading

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.models.spec import ModelSpec
from desktop_app.ui.widgets.document_input import DocumentInput
from desktop_app.workers.jobs import Job, WorkerThread
from desktop_app.workers.model_manager import ModelManager
from desktop_app.workers.task_jobs import TranslateRequest, translate_work
from tests.fixtures.engine_backends import ScriptedBackend
from tests.gui.helpers import LOAD_TIMEOUT_MS, wait_job

TEXT = "The lighthouse keeper climbed the stairs every evening.\n\n灯塔看守人每天晚上都会爬上楼梯。" * 20


def test_token_counts_are_exact_and_counted_off_the_gui_thread(qtbot, smollm2):
    manager = ModelManager()
    try:
        slot = wait_job(qtbot, manager.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=1024))).result
        threads: list[str] = []
        count = slot.backend.count_tokens

        def recording(text: str) -> int:
            threads.append(threading.current_thread().name)
            return count(text)

        slot.backend.count_tokens = recording
        box = DocumentInput(manager, "")
        qtbot.addWidget(box)
        box.token_counter = lambda text, connect: manager.count_tokens(slot.id, text, before_start=connect)
        box.set_text(TEXT)
        assert "≈" in box.counts.text()  # the estimate at once, the exact count when it arrives
        expected = count(TEXT)
        qtbot.waitUntil(lambda: f"{expected:,} tokens" in box.counts.text() and "≈" not in box.counts.text(),
                        timeout=LOAD_TIMEOUT_MS)
        assert threads and "MainThread" not in threads
    finally:
        manager.shutdown()


def test_a_cancelled_translation_reports_its_partial_text_before_it_ends(qtbot):
    """The partial translation travels as a signal (queued before `cancelled`), never as an attribute set on the
    job from the worker thread."""
    backend = ScriptedBackend()
    backend.load(ModelSpec(path=__file__, name="scripted"), LoadOptions())
    paragraphs = "\n\n".join(f"Paragraph {i} about the sea." for i in range(6))
    work = translate_work(TranslateRequest(paragraphs, "en", "zh"))
    thread = WorkerThread("test model")
    order: list[str] = []
    partial: list[str] = []
    job = Job(lambda j: work(j, backend), name="translate")

    def on_chunk(_text: str) -> None:
        order.append("chunk")
        if order.count("chunk") == 5:
            job.cancel()

    job.chunk.connect(on_chunk)
    job.partial.connect(lambda _start, text: (order.append("partial"), partial.append(text)))
    job.cancelled.connect(lambda: order.append("cancelled"))
    thread.submit(job)
    wait_job(qtbot, job)
    thread.stop()
    assert job.state == "cancelled" and order[-2:] == ["partial", "cancelled"]
    assert partial[0].startswith("Hello, this is")
