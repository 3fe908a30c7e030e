"""Discovery over real layouts: HF cache, LM Studio, Ollama, user folders; big, changing and broken folders."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from desktop_app.core.models import discovery
from desktop_app.core.models.discovery import Reader, ScanSources, discover
from desktop_app.core.models.metadata import ModelRecord
from tests.library.conftest import GHOST_HEX, OLLAMA_HEX, TINY_PARAMS, link, write_hf_model


def scan(**kw) -> dict[str, ModelRecord]:
    return {r.name: r for r in discover(ScanSources.only(**kw))}


def test_hf_cache_layout(stores):
    recs = scan(hf_cache=True, hf_cache_dir=stores["hf"])
    assert set(recs) == {"acme/tiny-llama", "smol-q4"}
    tiny = recs["acme/tiny-llama"]
    assert tiny.ok and tiny.source == "hf-cache" and tiny.format == "hf" and tiny.n_params == TINY_PARAMS
    assert "snapshots" in tiny.path.parts and tiny.path.name != "0ld"  # the revision refs/main names
    gguf = recs["smol-q4"]
    assert gguf.ok and gguf.source == "hf-cache" and gguf.note == "acme/smol-GGUF" and gguf.architecture == "llama"


def test_hf_cache_location_from_the_environment(stores, monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_CACHE", str(stores["hf"]))
    assert "acme/tiny-llama" in scan(hf_cache=True)
    monkeypatch.delenv("HF_HUB_CACHE")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hfhome"))
    assert discovery.default_hf_cache_dir() == tmp_path / "hfhome" / "hub"
    monkeypatch.delenv("HF_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert discovery.default_hf_cache_dir() == tmp_path / ".cache" / "huggingface" / "hub"


def test_lmstudio_folder(stores):
    recs = scan(lmstudio=True, lmstudio_dirs=(stores["lmstudio"], stores["lmstudio"].parent / "absent"))
    assert list(recs) == ["SmolLM2-Q4_1"] and recs["SmolLM2-Q4_1"].source == "lmstudio"


def test_ollama_store(stores, monkeypatch):
    monkeypatch.setenv("OLLAMA_MODELS", str(stores["ollama"]))
    recs = scan(ollama=True)
    smol = recs["smol:latest"]
    assert smol.ok and smol.source == "ollama" and smol.path.name == f"sha256-{OLLAMA_HEX}"
    assert smol.architecture == "llama" and smol.capabilities == {"chat"}
    ghost = recs["ghost:7b"]
    assert not ghost.ok and "missing" in ghost.error and "ollama pull ghost:7b" in ghost.error
    assert ghost.path.name == f"sha256-{GHOST_HEX}"


def test_builtin_and_app_folder_without_duplicates(app_home, smollm2):
    from desktop_app.core.storage import paths

    link(smollm2, paths.models_dir() / "copy-of-smol.gguf")
    recs = list(discover(ScanSources.only(builtin=True, app=True)))
    builtin = [r for r in recs if r.builtin]
    assert any(r.path == smollm2 and r.name.startswith("SmolLM2") and r.source == "app" for r in builtin)
    assert [r.name for r in recs if not r.builtin] == ["copy-of-smol"]
    assert len({r.path for r in recs}) == len(recs)


def test_thousands_of_non_model_files_scan_fast(tmp_path, smollm2):
    root = tmp_path / "photos"
    for d in range(40):
        sub = root / f"album{d}"
        sub.mkdir(parents=True)
        for i in range(100):
            (sub / f"IMG_{i:04d}.jpg").write_bytes(b"x")
    link(smollm2, root / "album7" / "model.gguf")
    link(smollm2, root / "node_modules" / "pkg" / "skipped.gguf")
    link(smollm2, root / ".git" / "skipped.gguf")
    link(smollm2, root / ".hidden" / "skipped.gguf")
    start = time.perf_counter()
    recs = scan(user=True, user_folders=(root,))
    elapsed = time.perf_counter() - start
    assert list(recs) == ["model"]
    assert elapsed < 2.0, f"4,000 files took {elapsed:.2f}s"


def test_folder_deleted_during_the_scan(tmp_path, smollm2):
    root = tmp_path / "user"
    for name in ("a", "b", "c"):
        link(smollm2, root / name / f"{name}.gguf")
    write_hf_model(root / "d" / "hfmodel")
    seen: list[Path] = []

    def on_dir(folder: Path) -> None:
        seen.append(folder)
        if folder.name == "a":  # b, c and d are listed but not walked yet: pull them away
            shutil.rmtree(root / "c")
            shutil.rmtree(root / "d")

    recs = [r.name for r in discover(ScanSources.only(user=True, user_folders=(root,)), on_dir=on_dir)]
    assert recs == ["a", "b"]  # no crash, and nothing from the deleted folders
    assert seen[:2] == [root, root / "a"] and not (root / "c").exists()


def test_file_vanishing_between_listing_and_reading_is_skipped(tmp_path, smollm2):
    root = tmp_path / "user"
    link(smollm2, root / "gone.gguf")
    link(smollm2, root / "kept.gguf")

    class Deleting(Reader):
        def gguf(self, path: Path) -> ModelRecord:
            if path.name == "gone.gguf":
                path.unlink()
            return super().gguf(path)

    recs = list(discover(ScanSources.only(user=True, user_folders=(root,)), reader=Deleting()))
    assert [r.name for r in recs] == ["kept"]


def test_missing_and_unreadable_roots(tmp_path):
    assert scan(user=True, user_folders=(tmp_path / "nope",), hf_cache=True, hf_cache_dir=tmp_path / "x",
                ollama=True, ollama_dir=tmp_path / "y", lmstudio=True, lmstudio_dirs=(tmp_path / "z",)) == {}  # fmt: skip


def test_depth_limit_and_cancel(tmp_path, smollm2):
    root = tmp_path / "deep"
    link(smollm2, root / "1" / "2" / "3" / "deep.gguf")
    link(smollm2, root / "shallow.gguf")
    shallow = list(discover(ScanSources.only(user=True, user_folders=(root,), max_depth=2)))
    assert [r.name for r in shallow] == ["shallow"]
    assert len(list(discover(ScanSources.only(user=True, user_folders=(root,), max_depth=3)))) == 2

    cancel = threading.Event()
    cancel.set()
    assert list(discover(ScanSources.only(user=True, user_folders=(root,)), cancel=cancel)) == []


def test_symlink_loop_and_overlapping_folders(tmp_path, smollm2):
    root = tmp_path / "loop"
    link(smollm2, root / "sub" / "m.gguf")
    (root / "sub" / "back").symlink_to(root)
    recs = list(discover(ScanSources.only(user=True, user_folders=(root, root / "sub"))))
    assert [r.name for r in recs] == ["m"]


def test_hf_folders_in_user_folders(tmp_path):
    root = tmp_path / "models"
    write_hf_model(root / "good")
    write_hf_model(root / "noconf").joinpath("config.json").unlink()
    write_hf_model(root / "badconf").joinpath("config.json").write_text("{oops")
    write_hf_model(root / "alien", {"architectures": ["AlienformerModel"]})
    lora = write_hf_model(root / "lora")
    (lora / "config.json").unlink()
    (lora / "adapter_config.json").write_text("{}")
    recs = scan(user=True, user_folders=(root,))
    assert set(recs) == {"good", "noconf", "badconf", "alien"}  # an adapter is not a model
    assert recs["good"].ok
    assert "no config.json" in recs["noconf"].error
    assert "cannot be read" in recs["badconf"].error
    assert "AlienformerModel" in recs["alien"].error


def test_split_gguf_is_one_entry(tmp_path, smollm2):
    root = tmp_path / "split"
    link(smollm2, root / "big-00001-of-00002.gguf")
    link(smollm2, root / "big-00002-of-00002.gguf")
    link(smollm2, root / "half-00001-of-00002.gguf")
    recs = scan(user=True, user_folders=(root,))
    assert recs["big"].ok and recs["big"].size_bytes == 2 * smollm2.stat().st_size
    assert "missing" in recs["half"].error
