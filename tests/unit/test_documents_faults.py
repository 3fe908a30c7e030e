"""Bad input and faults while indexing: each is one sentence or a consistent index, never a crash or lost data.

Files are indexed for BM25 only here (the subject is the files, not the embeddings); the killed-run test at the end
indexes with the real embedding model through the real command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from desktop_app.core.documents import indexer as indexer_module
from desktop_app.core.documents.collections import index_path, open_collection
from desktop_app.core.documents.extract import MAX_DOCUMENT_BYTES, DocumentError, NoTextLayerError, extract
from desktop_app.core.documents.indexer import Indexer
from desktop_app.core.documents.search import search


@pytest.fixture
def store(tmp_path):
    s = open_collection("faults", tmp_path / "idx")
    yield s
    s.close()


def _errors(report) -> dict[str, str]:
    return {os.path.basename(p): why for p, why in report.errors}


def test_empty_binary_and_scanned_files_are_named_and_the_rest_indexed(store, tmp_path, qapp):
    from tests.fixtures.documents import write_pdf

    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "blob.txt").write_bytes(bytes(range(256)) * 40)
    write_pdf(d / "scan.pdf", ["This page is only a picture."], as_image=True)
    (d / "good.md").write_text("Glaciers flow downhill under their own weight.")
    report = Indexer(store, None).add([d])
    errors = _errors(report)
    assert errors["empty.txt"] == "empty.txt is empty."
    assert errors["blob.txt"] == "blob.txt is a binary file, not text."
    assert "scan.pdf has no text layer" in errors["scan.pdf"] and "OCR" in errors["scan.pdf"]
    with pytest.raises(NoTextLayerError):
        extract(d / "scan.pdf")
    assert [os.path.basename(p) for p in report.indexed] == ["good.md"]
    assert {f.path.split("/")[-1]: f.status for f in store.files()} == {
        "blob.txt": "error", "empty.txt": "error", "good.md": "ok", "scan.pdf": "error"}
    assert Indexer(store, None).sync().unchanged == 4  # failures are remembered, not retried until they change


def test_non_utf8_chinese_text_is_decoded_and_found(store, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("黄河中游流经黄土高原，泥沙很多。河床抬高，形成地上河。".encode("gb18030"))
    Indexer(store, None).add([path])
    hit = search([store], "地上河", None).hits[0]
    assert "黄土高原" in hit.passage.text


def test_a_50_mb_file_is_refused_in_one_sentence_without_reading_it(store, tmp_path):
    big = tmp_path / "huge.log"
    with big.open("wb") as f:
        f.truncate(50 * 2**20)  # sparse: 50 MB on paper, nothing read
    big_txt = big.rename(tmp_path / "huge.txt")
    assert big_txt.stat().st_size > MAX_DOCUMENT_BYTES
    t0 = time.monotonic()
    report = Indexer(store, None).add([big_txt])
    assert time.monotonic() - t0 < 2
    assert _errors(report)["huge.txt"].startswith("huge.txt is 50 MB; documents over 32 MB are not indexed")


def test_a_file_changed_while_read_is_read_again(store, tmp_path, monkeypatch):
    path = tmp_path / "draft.md"
    path.write_text("The first draft talks about sundials.")
    real = indexer_module.chunk_segments
    calls = []

    def writer_meanwhile(segments, max_tokens):
        calls.append(1)
        if len(calls) == 1:  # another program saves the file while we read it
            path.write_text("The second draft talks about lighthouses and the Fresnel lens.")
            os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
        return real(segments, max_tokens)

    monkeypatch.setattr(indexer_module, "chunk_segments", writer_meanwhile)
    report = Indexer(store, None).add([path])
    assert len(calls) == 2 and report.indexed == [str(path)]
    assert search([store], "Fresnel", None).hits and not search([store], "sundials", None).hits


def test_a_file_that_keeps_changing_is_retried_next_time(store, tmp_path, monkeypatch):
    path = tmp_path / "log.md"
    path.write_text("version 0")
    real = indexer_module.chunk_segments
    n = {"i": 0}

    def always_changing(segments, max_tokens):
        n["i"] += 1
        path.write_text(f"version {n['i']} " * n["i"])
        return real(segments, max_tokens)

    monkeypatch.setattr(indexer_module, "chunk_segments", always_changing)
    report = Indexer(store, None).add([path])
    assert "kept changing while it was indexed" in _errors(report)["log.md"]
    monkeypatch.setattr(indexer_module, "chunk_segments", real)
    assert Indexer(store, None).sync().indexed == [str(path)]


def test_a_file_deleted_while_read_leaves_the_index(store, tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.md").write_text("Alpha passage about bees.")
    (d / "b.md").write_text("Beta passage about tides.")
    real = indexer_module.extract

    def deleting(path):
        segments = real(path)
        if path.name == "a.md":
            path.unlink()
        return segments

    monkeypatch.setattr(indexer_module, "extract", deleting)
    report = Indexer(store, None).add([d])
    assert report.removed == [str(d / "a.md")] and report.indexed == [str(d / "b.md")]
    assert not search([store], "bees", None).hits and search([store], "tides", None).hits


def test_a_folder_that_vanishes_is_reported_and_leaves_the_index(store, tmp_path):
    d = tmp_path / "usb"
    d.mkdir()
    (d / "notes.md").write_text("Composting needs greens and browns.")
    Indexer(store, None).add([d])
    assert search([store], "composting", None).hits
    shutil.rmtree(d)
    report = Indexer(store, None).sync()
    assert report.notes == [f"The folder {d} no longer exists; it was removed from the collection."]
    assert not search([store], "composting", None).hits and store.files() == []
    with pytest.raises(DocumentError, match="does not exist"):
        Indexer(store, None).add([d])


def test_a_full_disk_stops_with_a_sentence_and_keeps_what_was_indexed(store, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_small.md").write_text("Small note about octopus camouflage.")
    (d / "b_large.md").write_text("\n\n".join(f"Paragraph {i} about glaciers and moraines." for i in range(3000)))
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count={pages + 6}")  # SQLite's own 'database or disk is full'
    with pytest.raises(DocumentError, match="The disk is full: indexing of faults stopped"):
        Indexer(store, None).add([d])
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert search([store], "octopus", None).hits  # finished before the disk filled: still searchable
    assert not search([store], "moraines", None).hits  # the file that did not fit is not half there
    store.db.execute("PRAGMA max_page_count=1073741823")  # space freed
    report = Indexer(store, None).sync()
    assert report.indexed == [str(d / "b_large.md")] and search([store], "moraines", None).hits


def _counts(path):
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        files = db.execute("SELECT count(*) FROM files WHERE status='ok'").fetchone()[0]
        declared = db.execute("SELECT coalesce(sum(passages), 0) FROM files").fetchone()[0]
        passages = db.execute("SELECT count(*) FROM passages").fetchone()[0]
        vectors = db.execute("SELECT count(*) FROM vectors").fetchone()[0]
        pending = db.execute("SELECT value FROM meta WHERE key='pending'").fetchone()
        return files, declared, passages, vectors, pending[0] if pending else ""
    finally:
        db.close()


@pytest.mark.slow
def test_killed_mid_indexing_the_index_is_consistent_and_indexing_resumes(app_home, tmp_path):
    sys.path.insert(0, str(os.path.join(os.path.dirname(__file__), "..", "..", "bench")))
    from retrieval import write_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    total = write_corpus(corpus)
    env = dict(os.environ, DESKTOP_APP_HOME=str(app_home))
    cmd = [sys.executable, "-m", "desktop_app", "docs", "add", str(corpus), "--collection", "kill"]
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    path = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = child.stderr.readline()
        if line.startswith("[") and int(line[1:].split("/")[0]) >= 8:  # eight files handled, more to go
            break
    child.kill()
    child.wait()
    path = index_path("kill", app_home / "data" / "documents")
    files, declared, passages, vectors, pending = _counts(path)
    assert 0 < files < total and pending == "1"  # part done, and the index knows a run is due
    assert declared == passages == vectors  # every file all there or not there at all
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"{files} unchanged" in r.stdout  # resumed: the finished files were not read again
    files, declared, passages, vectors, pending = _counts(path)
    assert files == total and declared == passages == vectors and pending == ""


def test_pause_ends_the_run_after_a_file_and_the_next_sync_goes_on(store, tmp_path):
    import threading

    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.md").write_text(f"第{i}篇笔记。Note number {i} about tea.", encoding="utf-8")
    pause = threading.Event()

    def progress(p):
        if p.done == 2:
            pause.set()  # as the user clicks Pause while the third file is read

    first = Indexer(store, None).add([folder], progress, pause=pause)
    assert first.paused and first.files_done == 3 and first.files_total == 6 and len(first.indexed) == 3
    assert store.meta("pending") == "1" and store.stats()["indexed"] == 3
    second = Indexer(store, None).sync()
    assert not second.paused and second.unchanged == 3 and len(second.indexed) == 3
    assert store.meta("pending") == "" and store.stats()["indexed"] == 6
