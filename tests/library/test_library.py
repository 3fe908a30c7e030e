"""The library's cache (unchanged files are not re-read) and its sorting and filtering."""

from __future__ import annotations

import json
import os
import threading

import pytest

from desktop_app.core.models import library as library_mod
from desktop_app.core.models.discovery import ScanSources
from desktop_app.core.models.library import Library, architectures, filter_records, sort_records
from tests.library.conftest import write_hf_model


@pytest.fixture
def sources(stores, tmp_path) -> ScanSources:
    user = tmp_path / "user"
    write_hf_model(user / "tiny")
    write_hf_model(user / "alien", {"architectures": ["AlienformerModel"]})
    return ScanSources.only(user=True, user_folders=(user,), hf_cache=True, hf_cache_dir=stores["hf"],
                            lmstudio=True, lmstudio_dirs=(stores["lmstudio"],), ollama=True,
                            ollama_dir=stores["ollama"])  # fmt: skip


def test_second_scan_reads_nothing_unchanged(sources, app_home, monkeypatch):
    calls = {"gguf": 0, "hf": 0}
    real_gguf, real_hf = library_mod.read_gguf_record, library_mod.read_hf_record

    def counting_gguf(path):
        calls["gguf"] += 1
        return real_gguf(path)

    def counting_hf(path):
        calls["hf"] += 1
        return real_hf(path)

    monkeypatch.setattr(library_mod, "read_gguf_record", counting_gguf)
    monkeypatch.setattr(library_mod, "read_hf_record", counting_hf)
    folders = []
    first = Library().scan(sources, progress=lambda folder, n: folders.append(folder))
    assert folders and calls["gguf"] == 3 and calls["hf"] == 3  # lmstudio, hf gguf, ollama; 2 user + 1 hf folder
    cache_file = app_home / "cache" / "library.json"
    assert json.loads(cache_file.read_text())["version"] == library_mod.CACHE_VERSION

    lib = Library()  # a new app start: the cache comes from disk
    second = lib.scan(sources)
    assert calls == {"gguf": 3, "hf": 3} and lib.stats.read == 0 and lib.stats.cached == 6
    assert [r.to_dict() for r in second] == [r.to_dict() for r in first]

    # Touch one model: only it is read again.
    cfg = sources.user_folders[0] / "tiny" / "config.json"
    cfg.write_text(cfg.read_text().replace('"max_position_embeddings": 256', '"max_position_embeddings": 512'))
    os.utime(cfg, ns=(cfg.stat().st_atime_ns, cfg.stat().st_mtime_ns + 10**9))
    third = {r.name: r for r in lib.scan(sources)}
    assert lib.stats.read == 1 and calls["hf"] == 4 and third["tiny"].context_length == 512


def test_removed_models_leave_the_cache(sources, tmp_path):
    lib = Library(tmp_path / "lib.json")
    assert "tiny" in {r.name for r in lib.scan(sources)}
    import shutil

    shutil.rmtree(sources.user_folders[0] / "tiny")
    assert "tiny" not in {r.name for r in lib.scan(sources)}
    assert not any("tiny" in k and "user" in k for k in json.loads((tmp_path / "lib.json").read_text())["entries"])


def test_broken_cache_file_is_rebuilt(sources, tmp_path):
    path = tmp_path / "lib.json"
    path.write_text("{ half written")
    lib = Library(path)
    recs = lib.scan(sources)
    assert recs and lib.stats.cached == 0
    assert json.loads(path.read_text())["entries"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".library.")]  # no temp file left behind


def test_cancelled_scan_keeps_the_cache(sources, tmp_path):
    lib = Library(tmp_path / "lib.json")
    full = lib.scan(sources)
    cancel = threading.Event()
    partial = lib.scan(sources, progress=lambda folder, n: cancel.set(), cancel=cancel)
    assert lib.stats.cancelled and len(partial) < len(full)
    Library(tmp_path / "lib.json").scan(sources)  # everything still cached
    again = Library(tmp_path / "lib.json")
    again.scan(sources)
    assert again.stats.read == 0


def test_sort_and_filter(sources, tmp_path):
    recs = Library(tmp_path / "lib.json").scan(sources)
    by_name = sort_records(recs, "name")
    usable = [r for r in by_name if r.ok]
    assert [r.name for r in usable] == sorted((r.name for r in usable), key=str.casefold)
    assert not by_name[-1].ok  # broken entries last (the alien and Ollama's missing blob)
    by_size = sort_records(recs, "size", descending=True, broken_last=False)
    assert [r.size_bytes for r in by_size] == sorted((r.size_bytes for r in recs), reverse=True)

    assert {r.source for r in filter_records(recs, source="ollama")} == {"ollama"}
    assert {r.name for r in filter_records(recs, capability="chat", format="hf")} == {"tiny", "acme/tiny-llama"}
    assert {r.name for r in filter_records(recs, query="SMOL q4_1 lmstudio")} == {"SmolLM2-Q4_1"}
    assert all(r.ok for r in filter_records(recs, include_broken=False))
    assert {r.architecture for r in filter_records(recs, architecture="LLAMA")} == {"llama"}
    assert "llama" in architectures(recs) and "LlamaForCausalLM" in architectures(recs)
    with pytest.raises(ValueError, match="Unknown sort key"):
        sort_records(recs, "colour")
