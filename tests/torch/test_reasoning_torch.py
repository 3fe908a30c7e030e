"""PyTorch causal models and reasoning: the thinking switch reaches the tokenizer's chat template, and a reply held
to a JSON schema is refused with a sentence (no constrained decoding on this engine; llama.cpp has it)."""

from __future__ import annotations

import json
import shutil
import threading

import pytest

from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.errors import UnsupportedTaskError
from desktop_app.core.tasks.chat import collect, stream_chat_turn
from tests.fixtures.tiny_reasoning import QWEN3_TEMPLATE, R1_TEMPLATE
from tests.torch.helpers import GREEDY, load

ASK = [{"role": "user", "content": "2+2?"}]


def _with_template(src, dst, template: str):
    shutil.copytree(src, dst)
    config = dst / "tokenizer_config.json"
    data = json.loads(config.read_text(encoding="utf-8"))
    data["chat_template"] = template
    config.write_text(json.dumps(data), encoding="utf-8")
    (dst / "chat_template.jinja").unlink(missing_ok=True)
    return dst


@pytest.fixture(scope="module")
def qwen3_like(tiny_llama, tmp_path_factory):
    backend = load(_with_template(tiny_llama, tmp_path_factory.mktemp("q3") / "m", QWEN3_TEMPLATE), n_ctx=256)
    yield backend
    backend.unload()


def test_thinking_switch_reaches_the_template(qwen3_like, tiny_llama, tmp_path):
    assert qwen3_like.format_chat(ASK, thinking="off").endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n")
    assert qwen3_like.format_chat(ASK).endswith("<|im_start|>assistant\n")
    assert qwen3_like.count_chat_tokens(ASK, thinking="off") > qwen3_like.count_chat_tokens(ASK)
    r1 = load(_with_template(tiny_llama, tmp_path / "r1", R1_TEMPLATE), n_ctx=256)
    try:
        assert r1.format_chat(ASK).endswith("<think>\n")
        assert r1.format_chat(ASK, thinking="off").endswith("<think>\n\n</think>\n\n")
        # the template opened thinking: everything the model writes is thinking until it closes it
        chunks = list(stream_chat_turn(r1, ASK, GenerationParams(max_tokens=8, **GREEDY), threading.Event()))
        assert "".join(c.reasoning for c in chunks) and "".join(c.text for c in chunks) == ""
        assert chunks[-1].completion_tokens == 8
    finally:
        r1.unload()


def test_json_schema_is_refused_with_a_sentence(qwen3_like):
    params = GenerationParams(max_tokens=8, json_schema='{"type": "object"}', **GREEDY)
    with pytest.raises(UnsupportedTaskError, match="load the model as a GGUF with llama.cpp"):
        collect(stream_chat_turn(qwen3_like, ASK, params, threading.Event()))
    assert collect(stream_chat_turn(qwen3_like, ASK, GenerationParams(max_tokens=4, **GREEDY),
                                    threading.Event())).completion_tokens == 4  # and it still chats
