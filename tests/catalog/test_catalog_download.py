"""One-click catalogue downloads against the local fake hub (Hugging Face, a mirror, ModelScope): a vision GGUF and
its mmproj land paired and describe an image; a checksum that does not match deletes the file and says so."""

from __future__ import annotations

import threading

import pytest
from PIL import Image

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.models import catalog, hub, modelscope
from desktop_app.core.models.catalog_download import assign_to_task, download_entry, folder_files
from desktop_app.core.models.hub import DownloadError, HubFile
from desktop_app.core.models.resolve import resolve_task_model
from desktop_app.core.storage.settings import AppSettings
from tests.fixtures.tiny_gguf_vision import build_tiny_vision_pair
from tests.hub.fake_hub import FakeFile, FakeHub, FakeRepo

MODEL = "tiny-vlm-Q8_0.gguf"
MMPROJ = "mmproj-tiny-vlm-f32.gguf"
DOC = {
    "version": 1,
    "entries": [
        {"id": "tiny-vlm", "name": "Tiny VLM", "tasks": ["describe", "captioner"], "languages": ["en"],
         "tier": "tiny", "good_at": "tests", "license": "MIT", "kind": "gguf", "repo": "test-org/tiny-vlm-GGUF",
         "modelscope_repo": "ms-org/tiny-vlm-GGUF", "quants": [{"quant": "Q8_0", "file": MODEL, "size_mb": 1}],
         "mmproj": {"file": MMPROJ, "size_mb": 1}},
        {"id": "tiny-bert", "name": "Tiny BERT", "tasks": ["sentiment"], "languages": ["en"], "tier": "tiny",
         "good_at": "tests", "license": "MIT", "kind": "folder", "repo": "test-org/tiny-bert", "size_mb": 1},
    ],
}
VLM, BERT = catalog.parse_catalog(DOC)


@pytest.fixture(scope="module")
def pair_bytes(tmp_path_factory):
    model, mmproj = build_tiny_vision_pair(tmp_path_factory.mktemp("vlm"))
    return {MODEL: FakeFile(model.read_bytes(), lfs=True), MMPROJ: FakeFile(mmproj.read_bytes(), lfs=True)}


@pytest.fixture
def server(pair_bytes, tmp_path, monkeypatch):
    bert = {
        "config.json": FakeFile(b'{"model_type": "bert"}'),
        "model.safetensors": FakeFile(b"s" * 2048, lfs=True),
        "pytorch_model.bin": FakeFile(b"b" * 2048, lfs=True),
        "tf_model.h5": FakeFile(b"h" * 2048, lfs=True),
    }
    fake = FakeHub([FakeRepo("test-org/tiny-vlm-GGUF", dict(pair_bytes)), FakeRepo("ms-org/tiny-vlm-GGUF",
                   dict(pair_bytes)), FakeRepo("test-org/tiny-bert", bert)]).start()
    for name, value in (("HF_ENDPOINT", fake.url), ("HF_HUB_CACHE", str(tmp_path / "hf")), ("HF_HUB_OFFLINE", "0")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    modelscope.set_endpoint(fake.url)
    yield fake
    hub.set_download_source("huggingface")
    modelscope.set_endpoint("")
    fake.stop()


def _caption(model_path, models_dir) -> list[str]:
    spec = resolve_task_model(str(model_path), models_dir)
    b = LlamaCppBackend()
    b.load(spec, LoadOptions(n_ctx=512, n_threads=2))
    try:
        return b.describe([Image.new("RGB", (40, 30), (200, 40, 40))], "", GenerationParams(temperature=0.0,
                          max_tokens=4, seed=0))
    finally:
        b.unload()


def test_a_vision_gguf_lands_with_its_mmproj_paired_set_for_describe_and_captions(server, tmp_path):
    models = tmp_path / "models"
    seen: list[tuple[int, int]] = []
    done = download_entry(VLM, models, progress=lambda d, t, s, eta: seen.append((d, t)))
    assert done.model_path == models / MODEL and done.projector_path == models / MMPROJ
    assert done.source == "huggingface" and seen[-1][0] == seen[-1][1] > 0
    settings = AppSettings()
    assign_to_task(settings, "describe", done)
    assert settings.task_models["describe"] == str(models / MODEL)
    assert settings.model_projectors[str(models / MODEL)] == str(models / MMPROJ)
    assert resolve_task_model(settings.task_models["describe"], models).extra["mmproj"] == str(models / MMPROJ)
    assert len(_caption(done.model_path, models)) == 1


def test_modelscope_serves_the_entries_it_publishes_with_the_same_checks(server, tmp_path):
    hub.set_download_source("modelscope")
    done = download_entry(VLM, tmp_path / "m")
    assert done.source == "modelscope" and done.projector_path.is_file()
    assert all(g["path"].startswith("/models/ms-org/tiny-vlm-GGUF/resolve/master/") for g in server.gets)
    # A folder entry ModelScope does not publish comes from Hugging Face, without the other frameworks' weights.
    folder = download_entry(BERT, tmp_path / "m")
    assert folder.source == "huggingface"
    assert sorted(p.name for p in folder.model_path.iterdir()) == ["config.json", "model.safetensors"]


def test_a_mirror_url_replaces_the_hub_and_a_bad_one_is_refused(server, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens: only the mirror can answer
    hub.set_download_source("mirror", server.url + "/")
    assert hub.hub_endpoint() == server.url
    assert download_entry(VLM, tmp_path / "m").source == "mirror"
    with pytest.raises(DownloadError, match="must start with http:// or https://"):
        hub.set_download_source("mirror", "hf-mirror.com")
    with pytest.raises(DownloadError, match="Unknown download source"):
        hub.set_download_source("ftp")


@pytest.mark.parametrize("source", ["huggingface", "modelscope"])
def test_a_checksum_mismatch_deletes_the_file_and_says_so(server, tmp_path, source):
    hub.set_download_source(source)
    server.wrong_sha.add(MMPROJ)
    models = tmp_path / "models"
    with pytest.raises(DownloadError, match=r"mmproj-tiny-vlm-f32.gguf arrived corrupted .*download it again\.$"):
        download_entry(VLM, models, cancel=threading.Event())
    assert not (models / MMPROJ).exists() and not (models / (MMPROJ + ".part")).exists()


def test_modelscope_without_a_published_checksum_is_refused(server, tmp_path, monkeypatch):
    monkeypatch.setattr(modelscope, "list_files", lambda repo: [HubFile(MODEL, 10), HubFile(MMPROJ, 10)])
    with pytest.raises(DownloadError, match="publishes no SHA-256"):
        modelscope.download("ms-org/tiny-vlm-GGUF", [MODEL], tmp_path)


def test_folder_files_keep_one_copy_of_the_weights():
    files = [HubFile(n, 1) for n in ("config.json", "model.safetensors", "pytorch_model.bin", "onnx/model.onnx",
                                     "tokenizer.json", "flax_model.msgpack")]
    assert folder_files(files) == ["config.json", "model.safetensors", "tokenizer.json"]
