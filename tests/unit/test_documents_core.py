"""Documents core without an embedding model: chunking, extraction, the SQLite index, BM25 with jieba, collections."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.core.documents.chunking import chunk_segment, estimate_tokens
from desktop_app.core.documents.collections import (
    delete_collection,
    index_path,
    list_collections,
    open_collection,
)
from desktop_app.core.documents.context import build_context
from desktop_app.core.documents.extract import DocumentError, Segment, extract
from desktop_app.core.documents.indexer import Indexer
from desktop_app.core.documents.search import fuse, search
from desktop_app.core.documents.terms import terms


def test_chunks_end_at_chinese_and_english_sentence_edges_and_keep_offsets():
    zh = "都江堰位于四川。它由李冰修建！至今仍在使用吗？是的。" * 12
    en = "The tide rises twice a day. Why? The Moon pulls the sea! " * 12
    text = zh + "\n\n" + en
    passages = chunk_segment(Segment(3, text), max_tokens=60)
    assert len(passages) > 4
    for p in passages:
        assert text[p.start : p.end] == p.text  # offsets point at the passage
        assert p.page == 3
        assert p.tokens <= 60
        assert p.text[-1] in "。！？.!?", p.text[-20:]  # cut at a sentence end, never mid-sentence
    assert not any(("都江堰" in p.text and "tide" in p.text) for p in passages[:-1] if p.tokens > 55)


def test_whole_paragraphs_stay_together_and_an_endless_sentence_is_split():
    text = "First paragraph is short.\n\nSecond one too.\n\n" + "word " * 500
    passages = chunk_segment(Segment(0, text), max_tokens=100)
    assert passages[0].text.startswith("First paragraph is short.\n\nSecond one too.")
    assert all(p.tokens <= 100 for p in passages)
    assert sum(p.text.count("word") for p in passages) == 500  # nothing lost in the hard split


def test_estimate_counts_chinese_per_character():
    assert estimate_tokens("大熊猫吃竹子") == 6
    assert 4 <= estimate_tokens("the quick brown fox") <= 6


def test_jieba_terms_segment_chinese_and_drop_stopwords():
    words = terms("大熊猫的食物是竹子 and the Bamboo's shoots")
    assert "大熊猫" in words and "竹子" in words and "的" not in words
    assert "bamboo" in words and "the" not in words


def test_rrf_rewards_agreement():
    fused = fuse([[("a", 9.0), ("b", 5.0)], [("b", 0.9), ("c", 0.5)]])
    assert max(fused, key=fused.get) == "b"


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "panda.md").write_text("# 大熊猫\n\n大熊猫每天吃十二到三十八公斤竹子。", encoding="utf-8")
    (d / "tides.txt").write_text("Tides are caused by the Moon's gravity. Spring tides come at full moon.")
    (d / "page.html").write_text("<html><body><h1>Sundials</h1><p>The gnomon points at the pole.</p>"
                                 "<script>var x = 1;</script></body></html>")
    return d


def test_index_search_and_incremental_reindex(folder, tmp_path):
    store = open_collection("notes", tmp_path / "idx")
    report = Indexer(store, None).add([folder])
    assert sorted(p.split("/")[-1] for p in report.indexed) == ["page.html", "panda.md", "tides.txt"]
    hits = search([store], "熊猫吃多少竹子", None).hits
    assert hits and hits[0].passage.file.endswith("panda.md") and hits[0].bm25_rank == 1
    assert search([store], "gnomon", None).hits[0].passage.text.endswith("points at the pole.")
    assert not search([store], "var x", None).hits or "var" not in search([store], "var x", None).hits[0].passage.text
    again = Indexer(store, None).sync()
    assert again.indexed == [] and again.unchanged == 3  # nothing re-read
    (folder / "tides.txt").write_text("Neap tides come at the quarter moons.")
    again = Indexer(store, None).sync()
    assert [p.split("/")[-1] for p in again.indexed] == ["tides.txt"]
    assert not search([store], "spring", None).hits  # the old text left the index with the old version
    (folder / "panda.md").unlink()
    assert Indexer(store, None).sync().removed and not search([store], "熊猫", None).hits
    store.close()


def test_nothing_relevant_is_said_not_hidden(folder, tmp_path):
    store = open_collection("notes", tmp_path / "idx")
    Indexer(store, None).add([folder])
    assert search([store], "quantum chromodynamics", None).nothing_relevant
    ctx = build_context([store], "quantum chromodynamics", None, budget_tokens=20)
    assert ctx.mode == "nothing" and "no passage" in ctx.system_text()
    store.close()


def test_whole_text_when_it_fits_else_top_passages(folder, tmp_path):
    store = open_collection("notes", tmp_path / "idx")
    Indexer(store, None).add([folder])
    whole = build_context([store], "Why are there tides?", None, budget_tokens=4000)
    assert whole.mode == "whole" and len(whole.sources) == 3 and "[1]" in whole.system_text()
    # Room for the instructions (76 estimated tokens) and one passage (34), not the whole folder (~160).
    small = build_context([store], "Which moon brings spring tides? And the gnomon?", None, budget_tokens=115)
    assert small.mode == "passages" and len(small.sources) == 1 and len(small.left_out) == 1
    assert small.sources[0].hit.bm25_rank == 1 and small.left_out[0].hit.bm25_rank == 2
    tiny = build_context([store], "spring tides", None, budget_tokens=80)
    assert tiny.mode == "too_small" and "fits" in tiny.system_text()
    store.close()


def test_deleting_a_collection_deletes_its_index(folder, tmp_path):
    root = tmp_path / "idx"
    store = open_collection("资料 2026", root)
    Indexer(store, None).add([folder])
    store.close()
    assert list_collections(root) == ["资料 2026"]
    delete_collection("资料 2026", root)
    assert list_collections(root) == [] and not list(root.iterdir())
    with pytest.raises(DocumentError, match="no collection"):
        open_collection("资料 2026", root, create=False)
    assert index_path("a/b:c", root).parent == root  # a name never escapes the folder


def test_docx_and_pdf_pages(tmp_path, qapp):
    import docx

    from tests.fixtures.documents import write_pdf

    d = docx.Document()
    d.add_paragraph("指南针由司南发展而来。")
    d.add_paragraph("Magnetic declination was noticed in the Song dynasty.")
    d.save(tmp_path / "compass.docx")
    write_pdf(tmp_path / "book.pdf", ["Page one is about bees.", "Page two is about glaciers and firn."])
    assert "司南" in extract(tmp_path / "compass.docx")[0].text
    pages = extract(tmp_path / "book.pdf")
    assert [s.page for s in pages] == [1, 2] and "firn" in pages[1].text
    store = open_collection("c", tmp_path / "idx")
    Indexer(store, None).add([tmp_path / "compass.docx", tmp_path / "book.pdf"])
    hit = search([store], "glaciers firn", None).hits[0]
    assert hit.passage.page == 2 and hit.passage.file.endswith("book.pdf")
    store.close()


def test_schema_is_consistent_after_writes(folder, tmp_path):
    store = open_collection("c", tmp_path / "idx")
    Indexer(store, None).add([folder])
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_without_the_torch_extra_collections_use_bm25_alone(monkeypatch, folder, app_home):
    import subprocess
    import sys

    from desktop_app.core.documents.embedder import default_embedding_spec

    monkeypatch.setitem(sys.modules, "torch", None)  # as in the lite build
    assert default_embedding_spec() is None
    code = ("import sys; sys.modules['torch'] = None; from desktop_app.cli import main; "
            f"sys.exit(main(['docs', 'add', {str(folder)!r}]))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       env={**__import__("os").environ, "DESKTOP_APP_HOME": str(app_home)})
    assert r.returncode == 0, r.stderr
    assert "BM25 search only" in r.stderr and "3 files indexed" in r.stdout


def test_int8_vectors_keep_cosines_and_rankings():
    import numpy as np

    from desktop_app.core.documents.store import dequantize, quantize

    rng = np.random.default_rng(1)
    mat = rng.standard_normal((500, 384)).astype(np.float32)
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    query = mat[7] + 0.5 * rng.standard_normal(384).astype(np.float32)
    query /= np.linalg.norm(query)
    back = np.stack([dequantize(quantize(v)) for v in mat])
    assert len(quantize(mat[0])) == 388
    assert np.abs(back @ query - mat @ query).max() < 0.01
    assert list(np.argsort(-(back @ query))[:5]) == list(np.argsort(-(mat @ query))[:5])


def _write_epub(path, chapters: dict[str, str], spine: list[str], encrypted: bool = False):
    import zipfile

    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:'
                      'names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" '
                      'media-type="application/oebps-package+xml"/></rootfiles></container>')
        items = "".join(f'<item id="{n}" href="text/{n}.xhtml" media-type="application/xhtml+xml"/>' for n in chapters)
        refs = "".join(f'<itemref idref="{n}"/>' for n in spine)
        book.writestr("OEBPS/content.opf", f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                      f'version="3.0"><manifest>{items}</manifest><spine>{refs}</spine></package>')
        for name, body in chapters.items():
            book.writestr(f"OEBPS/text/{name}.xhtml", f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://'
                          f'www.w3.org/1999/xhtml"><head><title>{name}</title></head><body>{body}</body></html>')
        if encrypted:
            book.writestr("META-INF/encryption.xml", '<encryption><EncryptedData><CipherReference '
                          'URI="OEBPS/text/one.xhtml"/></EncryptedData></encryption>')


def test_epub_chapters_in_spine_order_are_indexed_and_found(tmp_path):
    chapters = {"one": "<h1>第一章</h1><p>活字印刷术由毕昇发明。</p>",
                "two": "<h1>Chapter two</h1><p>Movable type spread to Korea, where metal type was cast.</p>"}
    _write_epub(tmp_path / "book.epub", chapters, spine=["two", "one"])
    text = extract(tmp_path / "book.epub")[0].text
    assert text.index("Chapter two") < text.index("第一章") and "毕昇" in text and "<p>" not in text
    store = open_collection("c", tmp_path / "idx")
    report = Indexer(store, None).add([tmp_path])
    assert report.errors == [] and any(p.endswith("book.epub") for p in report.indexed)
    assert "毕昇" in search([store], "活字印刷 毕昇", None).hits[0].passage.text
    store.close()


def test_a_broken_or_protected_epub_gets_a_sentence(tmp_path):
    (tmp_path / "broken.epub").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError, match="broken.epub is not a readable EPUB book"):
        extract(tmp_path / "broken.epub")
    _write_epub(tmp_path / "drm.epub", {"one": "<p>secret</p>"}, spine=["one"], encrypted=True)
    with pytest.raises(DocumentError, match="drm.epub is protected by DRM"):
        extract(tmp_path / "drm.epub")


def test_passage_text_is_stored_compressed_and_old_plain_rows_still_read(tmp_path):
    (tmp_path / "a.md").write_text("大熊猫每天要吃十几公斤竹子。" * 20, encoding="utf-8")
    (tmp_path / "b.md").write_text("Glaciers move because packed firn turns to ice. " * 20, encoding="utf-8")
    store = open_collection("c", tmp_path / "idx")
    Indexer(store, None).add([tmp_path / "a.md", tmp_path / "b.md"])
    kinds = {row[0] for row in store.db.execute("SELECT typeof(text) FROM passages")}
    assert kinds == {"blob"}
    stored = sum(row[0] for row in store.db.execute("SELECT sum(length(text)) FROM passages"))
    assert stored < 0.5 * sum(len(p.text.encode()) for p in store.all_passages())  # repetitive text: far smaller
    # A row as an index written before compression holds it: plain TEXT, read and deleted the same way.
    pid = store.db.execute("SELECT id FROM passages ORDER BY id LIMIT 1").fetchone()[0]
    plain = store.passages([pid])[pid].text
    store.db.execute("UPDATE passages SET text=? WHERE id=?", (plain, pid))
    assert store.passages([pid])[pid].text == plain and "竹子" in search([store], "竹子", None).hits[0].passage.text
    (tmp_path / "a.md").unlink()
    Indexer(store, None).sync()
    assert search([store], "竹子", None).nothing_relevant and search([store], "firn glaciers", None).hits
    store.close()
