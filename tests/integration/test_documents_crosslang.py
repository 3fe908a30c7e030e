"""A question in Chinese over English documents: Qwen2.5 translates it through the Translate task's path, and the
translation is searched beside it (core/documents/crosslang.py). BM25 alone here (no embedding model), so what
finds the passage is the translation's words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.documents.collections import open_collection
from desktop_app.core.documents.context import build_context
from desktop_app.core.documents.crosslang import collection_languages, translate_question, translation_targets
from desktop_app.core.documents.embedder import query_language
from desktop_app.core.documents.indexer import Indexer
from desktop_app.core.documents.search import search
from desktop_app.core.models.spec import ModelSpec

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "retrieval"
QUESTION = "蜜蜂是怎样告诉同伴花离蜂巢有多远的？"  # honeybees.md, in English only


@pytest.fixture(scope="module")
def english_notes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notes")
    for file, text in json.loads((DATA / "corpus_en.json").read_text(encoding="utf-8")).items():
        (folder / file).write_text(text, encoding="utf-8")
    store = open_collection("notes", tmp_path_factory.mktemp("idx"))
    Indexer(store, None).add([folder])
    yield store
    store.close()


def test_the_collection_languages_and_the_questions_that_need_a_translation(english_notes, tmp_path):
    assert collection_languages(english_notes) == ["en"]
    assert translation_targets(QUESTION, ["en"]) == ["en"]
    assert translation_targets("How do bees dance?", ["en"]) == []
    assert translation_targets(QUESTION, ["zh", "en", ""]) == []  # a bilingual collection answers as asked
    assert translation_targets(QUESTION, ["en", "ja"]) == ["en", "ja"]
    bilingual = tmp_path / "both"
    bilingual.mkdir()
    for name in ("corpus_en.json", "corpus_zh.json"):
        for file, text in json.loads((DATA / name).read_text(encoding="utf-8")).items():
            (bilingual / file).write_text(text, encoding="utf-8")
    store = open_collection("both", tmp_path / "idx")
    Indexer(store, None).add([bilingual])
    assert sorted(collection_languages(store)) == ["en", "zh"]
    store.close()


def test_a_chinese_question_finds_an_english_passage_through_its_translation(english_notes, qwen):
    asked = search([english_notes], QUESTION, None, top_k=5)
    assert not any(h.passage.file.endswith("honeybees.md") for h in asked.hits)  # no shared word: not found
    backend = LlamaCppBackend()
    backend.load(ModelSpec.from_path(qwen), LoadOptions(n_ctx=1024, n_threads=2))
    try:
        also = translate_question(backend, QUESTION, ["en"])
    finally:
        backend.unload()
    assert len(also) == 1 and query_language(also[0]) == "en" and "bee" in also[0].lower()
    found = search([english_notes], QUESTION, None, top_k=5, also=also)
    assert found.also == tuple(also)
    # Found now, by BM25 alone (no embedder here): near the top, how near depends on the translation's words
    # ("bees" does not match "honeybees"; "far" matches the tides note's "far side").
    assert any(h.passage.file.endswith("honeybees.md") for h in found.hits[:3])
    context = build_context([english_notes], QUESTION, None, 1200, also=also)
    assert context.mode == "passages" and context.also == tuple(also)
    assert any(s.file.endswith("honeybees.md") for s in context.sources)  # what the chat model is given
