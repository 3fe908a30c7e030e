"""The llama.cpp vision path with a real (tiny, random) model and projector: llama-cpp-python's mtmd handlers,
no mocks. The replies are random text, so the tests check structure: captions come back, tokens are counted,
Stop works, seeds repeat, the KV cache keeps an image across turns, and every bad input has its sentence."""

from __future__ import annotations

import shutil
import threading

import pytest
from PIL import Image

from desktop_app.core.backends.base import Capability, GenerationParams, LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.backends.llama_vision_messages import (
    DEFAULT_DESCRIBE_PROMPT,
    choose_handler,
    template_takes_parts,
)
from desktop_app.core.errors import ImageFileError, ModelFileError, ModelLoadError, UnsupportedTaskError
from desktop_app.core.models.metadata import read_gguf_record
from desktop_app.core.models.registry import known_models, spec_for_path
from desktop_app.core.models.resolve import resolve_task_model
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.chat import collect, stream_chat_turn
from tests.fixtures.tiny_gguf_vision import (
    IMAGE_SIZE,
    PATCH,
    VISION_CHATML_TEMPLATE,
    build_tiny_language_model,
    build_tiny_mmproj,
    build_tiny_vision_pair,
)

GREEDY = GenerationParams(temperature=0.0, max_tokens=12, seed=0)
OPTIONS = LoadOptions(n_ctx=512, n_threads=2)
IMAGE_POSITIONS = (IMAGE_SIZE // PATCH) ** 2


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    return build_tiny_vision_pair(tmp_path_factory.mktemp("tiny_vlm"))


def _load(model, mmproj=None, **extra) -> LlamaCppBackend:
    spec = ModelSpec.from_path(model)
    if mmproj is not None:
        spec.extra["mmproj"] = str(mmproj)
    spec.extra.update(extra)
    b = LlamaCppBackend()
    b.load(spec, OPTIONS)
    return b


@pytest.fixture(scope="module")
def vlm(pair):
    b = _load(*pair)
    yield b
    b.unload()


@pytest.fixture(scope="module")
def text_only(pair):
    b = _load(pair[0])
    yield b
    b.unload()


def _image(color=(200, 40, 40), size=(64, 48)) -> Image.Image:
    im = Image.new("RGB", size, color)
    for x in range(0, size[0], 8):
        im.putpixel((x, x * size[1] // size[0]), (255, 255, 255))
    return im


def _stream(backend, image, prompt="", params=GREEDY, cancel=None):
    return list(backend.describe_stream(image, prompt, params, cancel or threading.Event()))


def _text(chunks) -> str:
    return "".join(c.text for c in chunks)


# -- loading -------------------------------------------------------------------------------------------------
def test_a_projector_makes_the_model_see(vlm, text_only):
    assert vlm.capabilities == {Capability.CHAT, Capability.VISION, Capability.CAPTIONER}
    assert vlm.info.vision.mmproj == "mmproj-tiny-vlm-f32.gguf"
    assert vlm.info.vision.handler == "MTMDChatHandler"  # its template takes image parts
    assert text_only.capabilities == {Capability.CHAT}
    assert LlamaCppBackend.capabilities == {Capability.CHAT}  # per instance, the class default is untouched


def test_model_without_template_gets_the_generic_llava_handler(tmp_path, pair):
    model = build_tiny_language_model(tmp_path / "plain.gguf", chat_template=None)
    b = _load(model, pair[1])
    try:
        assert b.info.vision.handler == "Llava15ChatHandler"
        chunks = _stream(b, _image())
        assert chunks[-1].finish_reason in ("stop", "length") and chunks[-1].prompt_tokens > IMAGE_POSITIONS
    finally:
        b.unload()
    assert b.capabilities == {Capability.CHAT}


def test_handler_choice():
    assert choose_handler("qwen2.5vl_merger", "qwen2vl", "Qwen2.5-VL-3B", "") == "Qwen25VLChatHandler"
    assert choose_handler("resampler", "qwen2", "MiniCPM-V-2.6", "") == "MiniCPMv26ChatHandler"
    assert choose_handler("mlp", "phi2", "moondream2", "") == "MoondreamChatHandler"
    assert choose_handler("gemma3", "gemma3", "gemma-3-4b", VISION_CHATML_TEMPLATE) == "MTMDChatHandler"
    assert choose_handler("mlp", "llama", "llava-v1.6", "", has_pinpoints=True) == "Llava16ChatHandler"
    assert choose_handler("mlp", "llama", "llava-v1.5-7b", "") == "Llava15ChatHandler"
    string_only = "{% for m in messages %}<|im_start|>{{ m['role'] + '\n' + m['content'] }}<|im_end|>{% endfor %}"
    assert not template_takes_parts(string_only) and template_takes_parts(VISION_CHATML_TEMPLATE)


# -- describe ------------------------------------------------------------------------------------------------
def test_describe_gives_one_caption_per_image(vlm):
    captions = vlm.describe([_image(), _image((10, 120, 250), (40, 90)), _image(size=(1, 1))], "", GREEDY)
    assert len(captions) == 3 and all(isinstance(c, str) for c in captions)
    assert all(c == c.strip() for c in captions)


def test_describe_stream_counts_tokens_and_honours_max_tokens(vlm):
    chunks = _stream(vlm, _image(), params=GenerationParams(temperature=0.0, max_tokens=5, seed=0))
    last = chunks[-1]
    assert [c.finish_reason for c in chunks[:-1]] == [None] * (len(chunks) - 1)
    assert last.finish_reason in ("stop", "length")
    assert last.prompt_tokens > IMAGE_POSITIONS  # the image's positions and the prompt's tokens
    assert 0 < last.completion_tokens <= 5 and (last.finish_reason == "stop" or last.completion_tokens == 5)
    assert not _text(chunks[:1]).startswith((" ", "\n"))


def test_empty_prompt_means_describe_this_image(vlm):
    default = _stream(vlm, _image(), "")
    explicit = _stream(vlm, _image(), DEFAULT_DESCRIBE_PROMPT)
    other = _stream(vlm, _image(), "请用中文描述这张图片。")
    assert default[-1].prompt_tokens == explicit[-1].prompt_tokens != other[-1].prompt_tokens
    assert _text(default) == _text(explicit)


def test_seed_and_greedy_repeat(vlm):
    sampled = GenerationParams(temperature=0.9, top_k=0, top_p=1.0, min_p=0.0, max_tokens=12, seed=123)
    assert _text(_stream(vlm, _image(), params=sampled)) == _text(_stream(vlm, _image(), params=sampled))
    first = _text(_stream(vlm, _image((0, 0, 0)), "Describe."))
    _stream(vlm, _image((255, 255, 0)), "Something else entirely.")  # the cache now holds another prompt
    assert _text(_stream(vlm, _image((0, 0, 0)), "Describe.")) == first


def test_the_same_image_is_not_encoded_twice(vlm):
    _stream(vlm, _image((1, 2, 3)), "First question?")
    _stream(vlm, _image((1, 2, 3)), "Second question?")
    assert vlm.last_reused_tokens >= IMAGE_POSITIONS  # the image came from the KV cache
    _stream(vlm, _image((3, 2, 1)), "Second question?")
    assert vlm.last_reused_tokens < IMAGE_POSITIONS  # another image: encoded afresh


def test_cancel_before_and_during_a_caption(vlm):
    stop = threading.Event()
    stop.set()
    chunks = _stream(vlm, _image(), cancel=stop)
    assert chunks[-1].finish_reason == "cancelled" and chunks[-1].completion_tokens == 0
    with pytest.raises(Exception, match="Cancelled"):
        vlm.describe([_image()], "", GREEDY, stop)

    stop = threading.Event()
    got = []
    for chunk in vlm.describe_stream(_image(), "", GenerationParams(temperature=0.0, max_tokens=200), stop):
        got.append(chunk)
        if chunk.completion_tokens >= 2:
            stop.set()
    assert got[-1].finish_reason == "cancelled" and got[-1].completion_tokens < 10


def test_stop_strings_end_the_caption(vlm):
    free = _text(_stream(vlm, _image(), params=GenerationParams(temperature=0.0, max_tokens=30, seed=0)))
    cut = free.strip()[2:4]
    if not cut:
        pytest.skip("the random model produced too little text to cut")
    params = GenerationParams(temperature=0.0, max_tokens=30, seed=0, stop=(cut,))
    chunks = _stream(vlm, _image(), params=params)
    assert chunks[-1].finish_reason == "stop" and cut not in _text(chunks)


# -- chat with images ----------------------------------------------------------------------------------------
def test_chat_with_an_image_file_then_a_follow_up(vlm, tmp_path):
    path = tmp_path / "photo.png"
    _image((30, 200, 30), (80, 60)).save(path)
    history = [{"role": "user", "content": "What is in this picture?", "images": [str(path)]}]
    n = vlm.count_chat_tokens(history)
    text_alone = vlm.count_chat_tokens([{"role": "user", "content": "What is in this picture?"}])
    assert n > text_alone + IMAGE_POSITIONS - 4  # the image's positions are estimated, not left out
    first = collect(stream_chat_turn(vlm, history, GREEDY, threading.Event()))
    assert first.finish_reason in ("stop", "length") and first.prompt_tokens > IMAGE_POSITIONS
    assert first.completion_tokens > 0
    history += [{"role": "assistant", "content": first.text}, {"role": "user", "content": "And the colours?"}]
    second = collect(stream_chat_turn(vlm, history, GREEDY, threading.Event()))
    assert second.finish_reason in ("stop", "length") and second.prompt_tokens > first.prompt_tokens
    assert vlm.last_reused_tokens >= IMAGE_POSITIONS  # the first turn's image stayed in the cache


def test_text_chat_on_a_vision_model_keeps_the_text_path(vlm):
    messages = [{"role": "user", "content": "Hello there"}]
    unseeded = GenerationParams(temperature=0.0, max_tokens=12, seed=-1)  # the fast way: the whole prefix reused
    result = collect(stream_chat_turn(vlm, messages, unseeded, threading.Event()))
    assert result.finish_reason in ("stop", "length") and result.prompt_tokens == vlm.count_chat_tokens(messages)
    again = collect(stream_chat_turn(vlm, messages, unseeded, threading.Event()))
    assert again.text == result.text and vlm.last_reused_tokens == result.prompt_tokens - 1


def test_a_missing_image_file_says_so(vlm, tmp_path):
    gone = tmp_path / "gone.jpg"
    messages = [{"role": "user", "content": "Look", "images": [str(gone)]}]
    assert vlm.count_chat_tokens(messages) > IMAGE_POSITIONS  # counting does not open the file
    with pytest.raises(ImageFileError, match="gone.jpg no longer exists"):
        list(vlm.chat_stream(messages, GREEDY, threading.Event()))
    stop = threading.Event()
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image at all")
    with pytest.raises(ImageFileError, match="broken.png is not an image"):
        list(vlm.chat_stream([{"role": "user", "content": "?", "images": [str(broken)]}], GREEDY, stop))


def test_a_text_model_refuses_images_clearly(text_only, tmp_path):
    with pytest.raises(UnsupportedTaskError, match="cannot describe images"):
        text_only.describe([_image()], "", GREEDY)
    with pytest.raises(UnsupportedTaskError, match="cannot describe images"):
        list(text_only.describe_stream(_image(), "", GREEDY, threading.Event()))
    path = tmp_path / "photo.png"
    _image().save(path)
    messages = [{"role": "user", "content": "What is it?", "images": [str(path)]}]
    without = [{"role": "user", "content": "What is it?"}]
    assert text_only.count_chat_tokens(messages) == text_only.count_chat_tokens(without)
    with pytest.raises(UnsupportedTaskError, match="look at images"):
        list(text_only.chat_stream(messages, GREEDY, threading.Event()))


# -- bad projectors ------------------------------------------------------------------------------------------
def test_a_truncated_projector_is_refused_before_loading(pair, tmp_path):
    cut = tmp_path / "mmproj-cut.gguf"
    cut.write_bytes(pair[1].read_bytes()[:5000])
    with pytest.raises(ModelFileError, match="vision projector.*truncated"):
        _load(pair[0], cut)


def test_a_projector_that_is_not_one(pair, tmp_path):
    junk = tmp_path / "mmproj-junk.gguf"
    junk.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    with pytest.raises(ModelFileError, match="not a GGUF"):
        _load(pair[0], junk)
    with pytest.raises(ModelFileError, match="not a vision projector"):
        _load(pair[0], pair[0])  # the language model itself given as its projector


def test_a_mismatched_projector_says_why(pair, tmp_path):
    wrong = build_tiny_mmproj(tmp_path / "mmproj-wrong.gguf", n_embd_out=32)
    with pytest.raises(ModelLoadError, match=r"mmproj-wrong.gguf.*mismatch.*n_embd = 64.*n_embd = 32"):
        _load(pair[0], wrong)


# -- pairing -------------------------------------------------------------------------------------------------
def test_a_projector_next_to_the_model_is_paired(pair, tmp_path):
    model, mmproj = pair
    for spec in (spec_for_path(model, tmp_path), resolve_task_model(str(model), tmp_path)):
        assert spec.extra["mmproj"] == str(mmproj) and spec.extra["mmproj_auto"]
    listed = {s.path: s for s in known_models(model.parent)}
    assert mmproj not in listed  # a projector is part of a model, not a model
    assert listed[model].extra["mmproj"] == str(mmproj)
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(model, alone / model.name)
    assert "mmproj" not in spec_for_path(alone / model.name, tmp_path).extra


def test_library_records_carry_their_projector(pair):
    model, mmproj = pair
    spec = read_gguf_record(model).with_mmproj(mmproj).to_spec()
    b = LlamaCppBackend()
    b.load(spec, OPTIONS)
    try:
        assert Capability.VISION in b.capabilities and len(b.describe([_image()], "", GREEDY)) == 1
    finally:
        b.unload()


def test_a_wrong_guess_still_loads_the_model_for_text(pair, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    model = shutil.copy(pair[0], folder / "tiny-vlm.gguf")
    build_tiny_mmproj(folder / "mmproj-other-model.gguf", n_embd_out=32)
    spec = spec_for_path(model, tmp_path)
    assert spec.extra["mmproj_auto"]
    b = LlamaCppBackend()
    b.load(spec, OPTIONS)
    try:
        assert b.capabilities == {Capability.CHAT} and "mismatch" in b.info.vision.error
        result = collect(stream_chat_turn(b, [{"role": "user", "content": "Hi"}], GREEDY, threading.Event()))
        assert result.finish_reason in ("stop", "length")
    finally:
        b.unload()
