"""The llama.cpp backend with the real built-in models."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.errors import ContextOverflowError, ModelFileError, UnsupportedArchitectureError
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.chat import collect, stream_chat_turn

GREEDY = GenerationParams(temperature=0.0, max_tokens=48, seed=0)


@pytest.fixture(scope="module")
def smol(smollm2):
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=2048))
    yield b
    b.unload()


@pytest.fixture(scope="module")
def qwen_backend(qwen):
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(qwen), LoadOptions(n_ctx=2048))
    yield b
    b.unload()


def chat(backend, text, params=GREEDY, cancel=None):
    return collect(stream_chat_turn(backend, [{"role": "user", "content": text}], params, cancel or threading.Event()))


def test_english_reply_streams(smol):
    pieces = []
    result = collect(
        # "Answer in one sentence": without it SmolLM2's greedy answer depends on the CPU's rounding (Paris on
        # some, "L'Étoile, la Cité, le Poulet" on others).
        stream_chat_turn(smol, [{"role": "user", "content": "What is the capital of France? Answer in one sentence."}],
                         GREEDY, threading.Event()),
        lambda c: pieces.append(c.text),
    )
    assert "Paris" in result.text
    assert len([p for p in pieces if p]) > 3  # it streamed, not one block
    assert result.finish_reason == "stop" and result.completion_tokens > 3
    assert smol.info.n_ctx == 2048 and smol.info.architecture == "llama"


def test_chinese_reply_has_no_replacement_characters(qwen_backend):
    result = chat(qwen_backend, "请用中文写三句话介绍长城。", GenerationParams(temperature=0.0, max_tokens=120, seed=0))
    assert "\ufffd" not in result.text
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in result.text) > 20


def test_characters_split_across_tokens_stream_whole(qwen_backend):
    """Rare characters are several byte-level tokens in Qwen's vocabulary: each must arrive whole."""
    llm = qwen_backend._llm
    pieces = []
    result = collect(
        stream_chat_turn(
            qwen_backend,
            [{"role": "user", "content": "请原样重复这句话：饕餮、魑魅魍魉、龘、靐、齉、爨。"}],
            GenerationParams(temperature=0.0, max_tokens=60, seed=0),
            threading.Event(),
        ),
        lambda c: pieces.append(c.text),
    )
    assert "\ufffd" not in result.text and all("\ufffd" not in p for p in pieces)
    assert "饕餮" in result.text and "龘" in result.text
    # Prove the case is exercised: some generated tokens are incomplete UTF-8 on their own.
    generated = list(llm.input_ids[result.prompt_tokens : llm.n_tokens])
    partial = 0
    for t in generated:
        try:
            llm.detokenize([t]).decode("utf-8")
        except UnicodeDecodeError:
            partial += 1
    assert partial > 0


def test_cancel_stops_within_a_token(smol):
    cancel = threading.Event()
    seen = []

    def on_chunk(chunk):
        if chunk.text:
            seen.append(chunk.text)
            if len(seen) == 5:
                cancel.set()

    long = GenerationParams(temperature=0.0, max_tokens=400, seed=0)
    result = collect(
        stream_chat_turn(smol, [{"role": "user", "content": "Write a long story about a dragon."}], long, cancel),
        on_chunk,
    )
    assert result.finish_reason == "cancelled"
    assert result.completion_tokens <= 7


def test_stop_strings_and_max_tokens(smol):
    params = GenerationParams(temperature=0.0, max_tokens=64, seed=0, stop=("Paris",))
    result = chat(smol, "What is the capital of France? Answer in one sentence.", params)
    assert "Paris" not in result.text and result.finish_reason == "stop"
    short = chat(smol, "Write a long story about a dragon.", GenerationParams(temperature=0.0, max_tokens=5))
    assert short.completion_tokens == 5 and short.finish_reason == "length"


def test_same_seed_same_reply(smol):
    params = GenerationParams(temperature=1.0, max_tokens=24, seed=1234)
    a = chat(smol, "Tell me a fun fact.", params)
    chat(smol, "Something else entirely.", GenerationParams(temperature=1.0, max_tokens=8, seed=7))
    b = chat(smol, "Tell me a fun fact.", params)
    assert a.text == b.text


def test_next_turn_reuses_the_cached_prefix(smol):
    unseeded = GenerationParams(temperature=0.0, max_tokens=48, seed=-1)  # a seed would ask for whole blocks only
    history = [{"role": "user", "content": "Name a fruit."}]
    first = chat(smol, "Name a fruit.", unseeded)
    first_turn = smol.count_chat_tokens(history) + first.completion_tokens
    history += [{"role": "assistant", "content": first.text}, {"role": "user", "content": "Another one?"}]
    collect(stream_chat_turn(smol, history, unseeded, threading.Event()))
    # The whole first turn, prompt and reply, came from the KV cache; only the new turn was evaluated.
    assert smol.last_reused_tokens >= first_turn
    assert smol.last_reused_tokens < smol.count_chat_tokens(history)


def test_message_longer_than_the_context_is_refused_clearly(smol):
    with pytest.raises(ContextOverflowError, match="context"):
        chat(smol, "word " * 5000)


def test_bad_files_fail_before_llama_cpp(tmp_path):
    b = LlamaCppBackend()
    empty = tmp_path / "empty.gguf"
    empty.write_bytes(b"")
    with pytest.raises(ModelFileError, match="empty"):
        b.load(ModelSpec.from_path(empty), LoadOptions())
    import gguf
    import numpy as np

    alien = tmp_path / "alien.gguf"
    w = gguf.GGUFWriter(str(alien), "alienformer")
    w.add_tensor("x", np.zeros((2, 2), dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    with pytest.raises(UnsupportedArchitectureError):
        b.load(ModelSpec.from_path(alien), LoadOptions())
