"""The Documents embedding model chosen on the Models page: a llama.cpp chat GGUF (SmolLM2, mean-pooled in its
engine process) indexes and searches a collection; back on the built-in all-MiniLM-L6-v2, that collection is
searched by BM25 alone (its vectors belong to the other model) and adding files to it says why it cannot."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.core.models.spec import ModelSpec
from desktop_app.ui.models.task_models_box import TaskModelsBox
from desktop_app.workers.document_service import DocumentService
from desktop_app.workers.model_manager import ModelManager
from tests.gui.helpers import LOAD_TIMEOUT_MS, wait_job

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "retrieval"


def _run(qtbot, start):
    jobs = []
    start(jobs.append)
    return wait_job(qtbot, jobs[0], timeout=LOAD_TIMEOUT_MS * 3)


def test_a_chat_gguf_as_the_embedding_model_then_back_to_the_built_in(qtbot, smollm2, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    for file, text in list(json.loads((DATA / "corpus_en.json").read_text("utf-8")).items())[:8]:
        (notes / file).write_text(text, encoding="utf-8")
    manager = ModelManager()
    service = DocumentService(manager, tmp_path / "collections")
    try:
        service.use_embedding_path(str(smollm2), tmp_path / "models")
        assert service.spec.path == smollm2
        service.create("notes")
        job = _run(qtbot, lambda c: service.index("notes", [notes], c))
        assert job.state == "finished" and job.result.passages > 0 and not job.result.errors
        loaded = manager.get(ModelSpec.from_path(smollm2).id)
        assert loaded is not None  # SmolLM2 itself, in its engine process, embedded the passages
        job = _run(qtbot, lambda c: service.search(["notes"], "why do sourdough starters collect hooch", 5, c))
        hits = job.result.hits
        assert job.result.mode == "hybrid" and any(h.dense_rank for h in hits)

        service.use_embedding_model(None)  # the built-in all-MiniLM-L6-v2 again
        assert service.spec.name == "all-MiniLM-L6-v2"
        job = _run(qtbot, lambda c: service.search(["notes"], "sourdough starter", 5, c))
        assert job.state == "finished" and job.result.hits
        assert all(h.dense_rank is None for h in job.result.hits)  # SmolLM2's vectors are not compared
        more = tmp_path / "more.md"
        more.write_text("A note about tea.", encoding="utf-8")
        job = _run(qtbot, lambda c: service.index("notes", [more], c))
        assert job.state == "failed" and "was indexed with SmolLM2" in str(job.error)
    finally:
        manager.shutdown()


def test_the_models_page_offers_embedding_capable_models_for_documents(qtbot, tmp_path):
    from desktop_app.core.storage.settings import AppSettings

    box = TaskModelsBox(ModelManager(), AppSettings(), lambda: None)
    qtbot.addWidget(box)
    box.refresh()
    combo = box.task_combos["documents"]
    assert combo.itemText(0) == "Built-in embedding model (all-MiniLM-L6-v2)" and combo.itemData(0) == ""
    assert box.task_combos["chat"].itemText(0) == "Built-in chat model"
