"""The real built-in SmolLM2 GGUF as a PyTorch model: dequantized through transformers once, then cached."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.models import gguf_torch_cache
from desktop_app.core.storage.paths import HOME_ENV
from desktop_app.core.tasks.chat import collect
from tests.torch.helpers import GREEDY, load

QUESTION = [{"role": "user", "content": "What is the capital of France? Answer in one sentence."}]


@pytest.fixture(scope="module")
def smol(smollm2, tmp_path_factory):
    """SmolLM2 converted once for this module, in its own app home (the per-test homes come and go)."""
    home = tmp_path_factory.mktemp("gguf_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(HOME_ENV, str(home))
        backend = load(smollm2, n_ctx=2048)
    yield backend, home
    backend.unload()


def test_first_load_converts_and_reports(smol, smollm2):
    backend, home = smol
    info = backend.info
    assert info.extra["gguf_cache"] == "converted"
    assert info.architecture == "LlamaForCausalLM"
    assert info.n_ctx == 2048 and info.n_ctx_train == 8192
    assert 130e6 < info.n_params < 140e6  # SmolLM2-135M
    folder = home / "cache" / gguf_torch_cache.CACHE_SUBDIR / gguf_torch_cache.cache_key(smollm2)
    assert info.extra["folder"] == str(folder)
    assert (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file()
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".tmp-")]  # written atomically


def test_second_load_reads_the_safetensors_cache(smol, smollm2, monkeypatch, no_cancel):
    first, home = smol
    monkeypatch.setenv(HOME_ENV, str(home))
    weights = gguf_torch_cache.cached_folder(smollm2) / "model.safetensors"
    stamp = weights.stat().st_mtime_ns

    def no_conversion(*_args, **_kwargs):
        raise AssertionError("the cached folder should have been used")

    monkeypatch.setattr(gguf_torch_cache, "convert", no_conversion)
    second = load(smollm2, n_ctx=2048)
    try:
        assert second.info.extra["gguf_cache"] == "hit"
        assert second.info.extra["folder"] == first.info.extra["folder"]
        assert weights.stat().st_mtime_ns == stamp
        params = GenerationParams(max_tokens=12, **GREEDY)
        a = collect(first.chat_stream(QUESTION, params, no_cancel)).text
        assert collect(second.chat_stream(QUESTION, params, no_cancel)).text == a
    finally:
        second.unload()


def test_real_model_answers(smol, no_cancel):
    backend, _ = smol
    result = collect(backend.chat_stream(QUESTION, GenerationParams(max_tokens=24, **GREEDY), no_cancel))
    assert "Paris" in result.text
    assert result.finish_reason == "stop"  # it ended its turn with <|im_end|>, which is not counted or shown
    assert "<|im_end|>" not in result.text
    assert result.completion_tokens == backend.count_tokens(result.text)


def test_user_cancel_mid_stream(smol):
    backend, _ = smol
    cancel = threading.Event()
    story = [{"role": "user", "content": "Write a long story about a robot who learns to paint."}]
    chunks = []
    for chunk in backend.chat_stream(story, GenerationParams(max_tokens=200, **GREEDY), cancel):
        chunks.append(chunk)
        if chunk.text:
            cancel.set()  # Stop pressed as soon as the first words show
    assert chunks[-1].finish_reason == "cancelled"
    assert chunks[-1].completion_tokens < 60


def test_zero_shot_scores_on_the_real_model(smol):
    backend, _ = smol
    scores = backend.score_labels("The capital of France is", [" Paris", " London", " Berlin"])
    assert scores.best == " Paris"
    assert sum(scores.probabilities) == pytest.approx(1.0, abs=1e-5)


def test_truncated_gguf_is_refused_before_conversion(smollm2, tmp_path):
    from desktop_app.core.errors import ModelFileError

    cut = tmp_path / "cut.gguf"
    with smollm2.open("rb") as src:
        cut.write_bytes(src.read(4096))
    with pytest.raises(ModelFileError):
        load(cut)
    assert gguf_torch_cache.cached_folder(cut) is None
