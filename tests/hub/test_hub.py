"""Hub search, file listing and downloads, against a local fake Hub on 127.0.0.1 (never the real one)."""

from __future__ import annotations

import shutil
import socket
import threading
from collections import namedtuple
from pathlib import Path

import gguf
import numpy as np
import pytest

from desktop_app.core.errors import Cancelled, DesktopAppError
from desktop_app.core.models import downloader, hub
from desktop_app.core.models.gguf_check import read_gguf_info
from tests.hub.fake_hub import COMMIT, FakeFile, FakeHub, FakeRepo, Hold

GGUF_NAME = "tiny-llama.Q4_K_M.gguf"


def _tiny_gguf(tmp: Path) -> bytes:
    """A real, loadable-looking GGUF (valid header, llama architecture) of about 1 MB."""
    path = tmp / "tiny.gguf"
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_context_length(256)
    rng = np.random.default_rng(0)
    w.add_tensor("token_embd.weight", rng.standard_normal((256, 1024), dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path.read_bytes()


@pytest.fixture(scope="module")
def gguf_bytes(tmp_path_factory) -> bytes:
    return _tiny_gguf(tmp_path_factory.mktemp("gguf"))


@pytest.fixture
def fake_hub(gguf_bytes, tmp_path, monkeypatch):
    repos = [
        FakeRepo(
            "test-org/tiny-llama-GGUF",
            {
                "README.md": FakeFile(b"# tiny llama\n"),
                GGUF_NAME: FakeFile(gguf_bytes, lfs=True),
                "tiny-llama.Q8_0.gguf": FakeFile(gguf_bytes + b"\0" * 1000, lfs=True),
                "split/tiny-llama.F16-00001-of-00002.gguf": FakeFile(b"GGUF" + b"\1" * 3000, lfs=True),
                "split/tiny-llama.F16-00002-of-00002.gguf": FakeFile(b"\2" * 2000, lfs=True),
                "mmproj-tiny-f16.gguf": FakeFile(b"GGUF" + b"\3" * 500, lfs=True),
            },
            tags=["gguf", "llama", "text-generation"],
            downloads=500,
            likes=7,
        ),
        FakeRepo(
            "test-org/tiny-bert",
            {
                "config.json": FakeFile(b'{"model_type": "bert"}'),
                "model.safetensors": FakeFile(b"x" * 4096, lfs=True),
            },
            tags=["transformers", "bert"],
            pipeline_tag="text-classification",
            downloads=900,
        ),
        FakeRepo("test-org/gated-llama", {"a.gguf": FakeFile(b"GGUF")}, tags=["gguf"], gated=True),
    ]
    server = FakeHub(repos).start()
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.delenv("HF_TOKEN", raising=False)
    import huggingface_hub.constants

    # huggingface_hub reads HF_HUB_OFFLINE once at import; another test may have imported it offline.
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    yield server
    server.stop()


# -- search and listing ------------------------------------------------------------------------------------------
def test_search_returns_models_with_gguf_flag(fake_hub):
    results = hub.search_models("tiny")
    assert [r.repo_id for r in results] == ["test-org/tiny-bert", "test-org/tiny-llama-GGUF"]  # by downloads
    bert, llama = results
    assert llama.has_gguf and not bert.has_gguf
    assert llama.downloads == 500 and llama.likes == 7 and "llama" in llama.tags
    assert bert.pipeline_tag == "text-classification"


def test_search_filters(fake_hub):
    assert [r.repo_id for r in hub.search_models("", gguf_only=True)] == [
        "test-org/tiny-llama-GGUF",
        "test-org/gated-llama",
    ]
    assert [r.repo_id for r in hub.search_models("tiny", filter_task="text-classification")] == [
        "test-org/tiny-bert"
    ]
    assert len(hub.search_models("", limit=1)) == 1


def test_list_files_sizes_and_quant_choices(fake_hub, gguf_bytes):
    files = {f.filename: f for f in hub.list_files("test-org/tiny-llama-GGUF")}
    assert files["README.md"].size == len(b"# tiny llama\n") and files["README.md"].quant is None
    main = files[GGUF_NAME]
    assert main.size == len(gguf_bytes) and main.quant == "Q4_K_M" and main.sha256 is not None

    choices = hub.quant_choices(files.values(), n_ctx=2048)
    by_quant = {c.quant: c for c in choices if not c.is_projector}
    assert set(by_quant) == {"Q4_K_M", "Q8_0", "F16"}
    f16 = by_quant["F16"]
    assert f16.filenames == (
        "split/tiny-llama.F16-00001-of-00002.gguf",
        "split/tiny-llama.F16-00002-of-00002.gguf",
    )
    assert f16.size == 3004 + 2000
    q4 = by_quant["Q4_K_M"]
    assert q4.ram_bytes == hub.estimate_ram_bytes(q4.size, 2048) > q4.size
    assert choices[-1].is_projector and choices[-1].filenames == ("mmproj-tiny-f16.gguf",)  # projectors last
    assert [c.size for c in choices[:-1]] == sorted(c.size for c in choices[:-1])


@pytest.mark.parametrize(
    ("name", "quant"),
    [
        ("Llama-3.2-1B-Instruct-Q4_K_M.gguf", "Q4_K_M"),
        ("qwen2.5-0.5b-instruct-q8_0.gguf", "Q8_0"),
        ("model.IQ4_XS.gguf", "IQ4_XS"),
        ("phi-3-mini-4k-instruct-fp16.gguf", "F16"),
        ("gemma-2b.BF16-00001-of-00003.gguf", "BF16"),
        ("SmolLM2-135M-Instruct.Q4_1.gguf", "Q4_1"),
        ("ggml-model.gguf", None),
    ],
)
def test_parse_quant(name, quant):
    assert hub.parse_quant(name) == quant


def test_ram_estimate_grows_with_context():
    size = 4_000_000_000
    small, big = hub.estimate_ram_bytes(size, 2048), hub.estimate_ram_bytes(size, 32768)
    assert size < small < big
    # 4 GB of weights: 128 KiB per token of KV cache.
    assert big - small == (32768 - 2048) * 128 * 1024


# -- downloads ---------------------------------------------------------------------------------------------------
def _recorder():
    calls: list[tuple[int, int, float, float]] = []
    return calls, lambda done, total, speed, eta: calls.append((done, total, speed, eta))


def test_download_into_hf_cache_layout(fake_hub, gguf_bytes, tmp_path):
    from huggingface_hub import scan_cache_dir, try_to_load_from_cache

    calls, progress = _recorder()
    result = downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME, "README.md"], "hf-cache", progress)
    cache = tmp_path / "hf-cache"
    assert result.commit == COMMIT
    assert result.paths[0] == cache / "models--test-org--tiny-llama-GGUF" / "snapshots" / COMMIT / GGUF_NAME
    assert result.paths[0].read_bytes() == gguf_bytes
    # huggingface_hub itself finds the files where we put them.
    found = try_to_load_from_cache("test-org/tiny-llama-GGUF", GGUF_NAME, cache_dir=cache)
    assert found is not None and Path(found).read_bytes() == gguf_bytes
    assert Path(
        try_to_load_from_cache("test-org/tiny-llama-GGUF", "README.md", cache_dir=cache)
    ).read_bytes() == (b"# tiny llama\n")
    info = scan_cache_dir(cache)
    assert [r.repo_id for r in info.repos] == ["test-org/tiny-llama-GGUF"] and not info.warnings
    assert read_gguf_info(result.paths[0]).architecture == "llama"
    assert not list(cache.rglob("*.incomplete"))

    total = len(gguf_bytes) + len(b"# tiny llama\n")
    done = [c[0] for c in calls]
    assert done == sorted(done) and all(c[1] == total for c in calls)
    assert calls[-1][0] == total and calls[-1][3] == 0.0
    # The big file came from the "CDN" host, without the token; the small one from the Hub itself.
    assert any(g["path"].startswith("/cdn/") for g in fake_hub.gets)


def test_download_into_models_folder_and_skip_when_complete(fake_hub, gguf_bytes, app_home):
    models = app_home / "data" / "models"
    result = downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME], models)
    assert result.paths == [models / GGUF_NAME]
    assert (models / GGUF_NAME).read_bytes() == gguf_bytes
    assert result.fetched_bytes == len(gguf_bytes)
    # The app's own library lists it.
    from desktop_app.core.models.registry import known_models

    assert models / GGUF_NAME in [s.path for s in known_models(models)]
    # Non-GGUF files keep the repository's layout, in a folder named after the repo.
    result = downloader.download("test-org/tiny-bert", None, models)
    assert sorted(result.paths) == [
        models / "test-org--tiny-bert" / "config.json",
        models / "test-org--tiny-bert" / "model.safetensors",
    ]
    # A second call finds everything complete and transfers nothing.
    n = len(fake_hub.gets)
    again = downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME], models)
    assert again.fetched_bytes == 0 and len(fake_hub.gets) == n


@pytest.mark.parametrize("dest_kind", ["folder", "hf-cache"])
def test_cancel_mid_download_then_resume_fetches_only_the_rest(fake_hub, gguf_bytes, tmp_path, dest_kind):
    dest = tmp_path / "models" if dest_kind == "folder" else "hf-cache"
    hold = Hold(after=300_000)
    fake_hub.holds[GGUF_NAME] = hold
    cancel = threading.Event()
    calls: list[int] = []

    def progress(done, total, speed, eta):
        calls.append(done)
        if done > 0:
            cancel.set()  # the server is holding the rest back: cancel must not wait for it

    with pytest.raises(Cancelled):
        downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME], dest, progress, cancel)
    hold.release.set()

    if dest_kind == "folder":
        final, part = tmp_path / "models" / GGUF_NAME, tmp_path / "models" / (GGUF_NAME + ".part")
        assert not final.exists() and part.is_file()
    else:
        blobs = tmp_path / "hf-cache" / "models--test-org--tiny-llama-GGUF" / "blobs"
        assert not (tmp_path / "hf-cache" / "models--test-org--tiny-llama-GGUF" / "snapshots").exists()
        (part,) = blobs.glob("*.incomplete")
        assert [p.name for p in blobs.iterdir()] == [part.name]  # no final blob
    have = part.stat().st_size
    assert 0 < have <= hold.after and part.read_bytes() == gguf_bytes[:have]

    fake_hub.holds.clear()
    first_gets = len(fake_hub.gets)
    calls2, progress2 = _recorder()
    result = downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME], dest, progress2)
    assert result.paths[0].read_bytes() == gguf_bytes
    assert result.fetched_bytes == len(gguf_bytes) - have
    (resume_get,) = fake_hub.gets[first_gets:]
    assert resume_get["range"] == f"bytes={have}-" and resume_get["sent"] == len(gguf_bytes) - have
    assert calls2[0][0] >= have and calls2[-1][0] == calls2[-1][1] == len(gguf_bytes)
    assert not part.exists()


def test_corrupted_resume_is_detected(fake_hub, gguf_bytes, tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    (models / (GGUF_NAME + ".part")).write_bytes(b"X" * 1000)  # not the file's first bytes
    with pytest.raises(hub.DownloadError, match="corrupted"):
        downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME], models)
    assert not (models / GGUF_NAME).exists() and not (models / (GGUF_NAME + ".part")).exists()
    # The next attempt starts clean and succeeds.
    assert downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME], models).paths[0].read_bytes() == gguf_bytes


def test_not_enough_disk_space_is_refused(fake_hub, tmp_path, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 1000, 1000))
    n = len(fake_hub.gets)
    with pytest.raises(hub.DownloadError, match="Not enough disk space"):
        downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME], tmp_path / "models")
    assert len(fake_hub.gets) == n and not (tmp_path / "models").exists()


# -- errors ------------------------------------------------------------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_down_gives_clear_errors(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    for call in (
        lambda: hub.search_models("llama"),
        lambda: hub.list_files("test-org/x"),
        lambda: downloader.download("test-org/x", ["a.gguf"], tmp_path / "m"),
    ):
        with pytest.raises(hub.DownloadError, match="Cannot connect to http://127.0.0.1") as err:
            call()
        assert isinstance(err.value, DesktopAppError)


def test_missing_repo_file_gated_and_server_error(fake_hub, tmp_path):
    with pytest.raises(hub.DownloadError, match="test-org/nope was not found"):
        hub.list_files("test-org/nope")
    with pytest.raises(hub.DownloadError, match="test-org/nope/a.gguf was not found"):
        downloader.download("test-org/nope", ["a.gguf"], tmp_path)
    with pytest.raises(hub.DownloadError, match="missing.gguf does not exist"):
        downloader.download("test-org/tiny-llama-GGUF", ["missing.gguf"], tmp_path)
    with pytest.raises(hub.DownloadError, match="gated"):
        downloader.download("test-org/gated-llama", ["a.gguf"], tmp_path)
    fake_hub.fail_status = 500
    with pytest.raises(hub.DownloadError, match="server error \\(HTTP 500\\)"):
        hub.search_models("tiny")
    with pytest.raises(hub.DownloadError, match="server error \\(HTTP 500\\)"):
        downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME], tmp_path)
    assert not list(tmp_path.glob("*.gguf*"))


def test_offline_mode_is_explained(fake_hub, monkeypatch):
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(hub.DownloadError, match="offline mode"):
        hub.search_models("tiny")


def test_token_goes_to_the_hub_but_not_to_the_cdn(fake_hub, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_test_token")
    downloader.download("test-org/tiny-llama-GGUF", [GGUF_NAME, "README.md"], tmp_path / "m")
    auth = {g["path"].split("/")[1]: g["auth"] for g in fake_hub.gets}
    assert auth["cdn"] is None  # the signed "CDN" link on another host never sees the token
    assert auth["test-org"] == "Bearer hf_test_token"
