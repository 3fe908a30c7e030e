"""Documents with the real embedding model (all-MiniLM-L6-v2 in its engine process) and the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.documents.collections import open_collection
from desktop_app.core.documents.embedder import default_embedding_spec, open_embedder
from desktop_app.core.documents.indexer import Indexer
from desktop_app.core.documents.search import search

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def embedder():
    e = open_embedder()
    yield e
    e.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(BENCH))
    from retrieval import write_corpus

    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder)
    return folder


def test_vectors_are_sentence_transformers_own(embedder):
    from sentence_transformers import SentenceTransformer

    texts = ["A cat sits on the mat.", "Tides are caused by the Moon.", "大熊猫吃竹子。"]
    ours = embedder.embed(texts, threading.Event())
    theirs = SentenceTransformer(str(default_embedding_spec().path), device="cpu").encode(texts)
    assert ours.shape == (3, 384)
    assert np.allclose(ours, theirs, atol=1e-4)
    assert "torch" not in sys.modules or embedder.backend.__class__.__name__ == "EngineBackend"


def test_hybrid_finds_paraphrases_bm25_ranks_low_and_reads_chinese_by_bm25(embedder, corpus, tmp_path):
    store = open_collection("bench", tmp_path / "idx")
    report = Indexer(store, embedder).add([corpus])
    assert report.passages == store.stats()["passages"] >= 88 and not report.errors
    # Neither list alone puts the Fresnel passage first (BM25: 4th, embeddings: 2nd); both agree on it, so the
    # fusion does.
    q = "What optical invention made coastal beacons visible much farther away?"
    for mode in ("bm25", "dense"):
        assert not search([store], q, embedder, top_k=5, mode=mode).hits[0].passage.file.endswith("lighthouses.md")
    top = search([store], q, embedder, top_k=5).hits[0]
    assert top.passage.file.endswith("lighthouses.md") and top.bm25_rank > 1 and top.dense_rank > 1
    zh = search([store], "两千年前的古代灌溉工程是谁主持修建的？", embedder, top_k=5)
    assert zh.unread_language == "zh" and zh.hits[0].passage.file.endswith("都江堰.md")
    assert zh.hits[0].dense_rank is None  # the English-only model did not vote
    none = search([store], "What is the boiling point of liquid nitrogen?", embedder)
    assert none.nothing_relevant and not none.hits
    store.close()


def _cli(args, home, timeout=300):
    env = dict(os.environ, DESKTOP_APP_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_cli_add_list_search_jsonl_ask_and_remove(app_home, corpus, smollm2):
    r = _cli(["docs", "add", str(corpus), "--collection", "知识库"], app_home)
    assert r.returncode == 0, r.stderr
    assert "[88/88]" in r.stderr and "88 files indexed" in r.stdout
    r = _cli(["docs", "list"], app_home)
    assert r.stdout.startswith("知识库\t88 files, 88 passages")
    r = _cli(["docs", "search", "Which cells let a cephalopod change its skin colour?", "--top", "3",
              "--format", "jsonl"], app_home)
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 3 and rows[0]["file"].endswith("octopus.md") and "chromatophores" in rows[0]["text"]
    assert {"file", "text", "score", "bm25_rank", "embedding_rank", "page", "start", "end"} <= set(rows[0])
    r = _cli(["docs", "search", "陶制士兵是怎么被发现的？", "--collection", "知识库"], app_home)
    assert r.stdout.startswith("1. 兵马俑.md") and "BM25 alone" in r.stderr
    r = _cli(["ask", "Where did the 1666 blaze in the English capital start?", "--model", str(smollm2),
              "--seed", "0", "--max-tokens", "60", "--ctx", "2048"], app_home)
    assert r.returncode == 0, r.stderr
    answer, _, sources = r.stdout.partition("\nSources:")
    assert "Pudding Lane" in answer  # read from the passage it was given
    numbered = [line for line in sources.splitlines() if line.startswith("[")]
    assert numbered[0].startswith("[1] ") and any("great_fire.md" in line for line in numbered)
    r = _cli(["docs", "remove", "知识库"], app_home)
    assert r.returncode == 0
    assert not list((app_home / "data" / "documents").iterdir())
    r = _cli(["docs", "search", "octopus"], app_home)
    assert r.returncode == 1 and r.stderr.startswith("error: There are no collections yet")


def test_the_api_server_serves_the_embedding_model(embedder):
    import openai

    from desktop_app.server.runner import ThreadRunner
    from desktop_app.server.server import ApiServer, ServerOptions

    runner = ThreadRunner(default_embedding_spec(), embedder.backend)
    server = ApiServer(runner, ServerOptions(port=0))
    server.start_in_thread()
    try:
        client = openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0)
        got = client.embeddings.create(model="all-MiniLM-L6-v2", input=["Tides follow the Moon.", "潮汐"])
        vectors = np.array([d.embedding for d in got.data], dtype=np.float32)
        expected = embedder.embed(["Tides follow the Moon.", "潮汐"], threading.Event())
        assert vectors.shape == (2, 384) and np.allclose(vectors, expected, atol=1e-5)
        with pytest.raises(openai.BadRequestError):  # an encoder cannot chat: one sentence, not a 500
            client.chat.completions.create(model="all-MiniLM-L6-v2", messages=[{"role": "user", "content": "hi"}])
    finally:
        server.stop()
        runner._pool.shutdown(wait=True)  # the backend belongs to the module's fixture
