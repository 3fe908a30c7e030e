"""Image-text-to-text models in the Chat tab's path: messages with "images" go through the processor's template."""

from __future__ import annotations

import threading

import pytest
import torch

from desktop_app.core.backends.base import Capability, GenerationParams
from desktop_app.core.errors import ImageFileError, UnsupportedTaskError
from desktop_app.core.tasks.chat import collect, stream_chat_turn
from tests.torch.helpers import GREEDY, StopAfterChecks, load


@pytest.fixture(scope="module")
def llava(tiny_llava):
    backend = load(tiny_llava)
    yield backend
    backend.unload()


@pytest.fixture
def photo(tmp_path, sample_image):
    path = tmp_path / "photo.png"
    sample_image.save(path)
    return str(path)


def test_vision_model_chats(llava):
    assert Capability.CHAT in llava.capabilities and Capability.VISION in llava.capabilities


def test_images_in_a_message_reach_the_model_as_pixels(llava, photo, sample_image, no_cancel):
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "What is this?", "images": [photo]},
    ]
    text = llava.format_chat(messages)
    assert text == "system: Be brief.\nuser: <image>\nWhat is this?\nassistant:"
    text_only = llava.count_chat_tokens([{"role": "system", "content": "Be brief."},
                                         {"role": "user", "content": "What is this?"}])
    # 16 image tokens (32 / 8 patches squared) plus the "<image>" slot's own newline.
    assert llava.count_chat_tokens(messages) >= text_only + 16
    params = GenerationParams(max_tokens=6, **GREEDY)
    chunks = list(llava.chat_stream(messages, params, no_cancel))
    reply = "".join(c.text for c in chunks)
    assert chunks[-1].finish_reason in ("length", "stop") and chunks[-1].prompt_tokens == llava.count_chat_tokens(
        messages
    )
    # The same as the processor + generate() by hand: the pixels were really used.
    inputs = llava._processor(images=[sample_image], text=[text], return_tensors="pt")
    with torch.inference_mode():
        out = llava._model.generate(**inputs, max_new_tokens=6, do_sample=False, repetition_penalty=1.0)
    expected = llava._tokenizer.decode(out[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True)
    assert reply == expected


def test_text_only_chat_and_history_fitting(llava, photo, no_cancel):
    params = GenerationParams(max_tokens=5, **GREEDY)
    result = collect(llava.chat_stream([{"role": "user", "content": "Hello!"}], params, no_cancel))
    assert result.finish_reason in ("length", "stop") and result.prompt_tokens > 0
    history = [
        {"role": "user", "content": "What is this?", "images": [photo]},
        {"role": "assistant", "content": "A person."},
        {"role": "user", "content": "And the colours?"},
    ]
    result = collect(stream_chat_turn(llava, history, params, no_cancel))
    assert result.prompt_tokens == llava.count_chat_tokens(history)


def test_cancel_mid_stream(llava, photo):
    messages = [{"role": "user", "content": "Describe it.", "images": [photo]}]
    chunks = list(llava.chat_stream(messages, GenerationParams(max_tokens=200, **GREEDY), StopAfterChecks(3)))
    assert chunks[-1].finish_reason == "cancelled" and chunks[-1].completion_tokens < 200


def test_missing_image_is_a_sentence(llava, tmp_path, no_cancel):
    messages = [{"role": "user", "content": "Hi", "images": [str(tmp_path / "gone.png")]}]
    with pytest.raises(ImageFileError, match="gone.png"):
        list(llava.chat_stream(messages, GenerationParams(max_tokens=3), no_cancel))


def test_text_model_refuses_images(tiny_llama, photo, no_cancel):
    backend = load(tiny_llama)
    with pytest.raises(UnsupportedTaskError, match="cannot see images"):
        backend.count_chat_tokens([{"role": "user", "content": "Hi", "images": [photo]}])
    backend.unload()


def test_cancel_before_start(llava, photo):
    cancel = threading.Event()
    cancel.set()
    chunks = list(llava.chat_stream([{"role": "user", "content": "x", "images": [photo]}],
                                    GenerationParams(max_tokens=20, **GREEDY), cancel))
    assert chunks[-1].finish_reason == "cancelled"
