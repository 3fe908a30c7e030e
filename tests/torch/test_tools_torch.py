"""Tools reach a PyTorch model's chat template too: the tokenizer's template renders GenerationParams.tools (here
Qwen2.5's own template, read from its GGUF, on a tiny seeded Llama), and a reply with tools offered streams."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.errors import ContextOverflowError
from desktop_app.core.models.gguf_check import read_gguf_info
from desktop_app.core.tasks.chat import collect, stream_chat_turn
from desktop_app.core.tools.builtin import definitions
from desktop_app.core.tools.calls import ToolCall, assistant_message, tool_message, tools_json
from tests.torch.helpers import GREEDY, load


@pytest.fixture(scope="module")
def llama_with_tools_template(tiny_llama, qwen):
    backend = load(tiny_llama, n_ctx=512)
    backend._tokenizer.chat_template = read_gguf_info(qwen).chat_template
    yield backend
    backend.unload()


def test_tools_are_rendered_by_the_tokenizer_template(llama_with_tools_template):
    backend = llama_with_tools_template
    call = ToolCall("calculator", {"expression": "2*3"}, "call_1")
    messages = [{"role": "user", "content": "2*3?"}, assistant_message("", [call]), tool_message(call, "6")]
    text = backend._chat_text(messages, tools=tools_json(definitions()))
    assert "# Tools" in text and '"name": "calculator"' in text
    assert '<tool_call>\n{"name": "calculator", "arguments": {"expression": "2*3"}}\n</tool_call>' in text
    assert "<tool_response>\n6\n</tool_response>" in text
    assert "# Tools" not in backend._chat_text(messages)  # no tools offered: the template's plain form


def test_a_reply_streams_with_tools_offered(llama_with_tools_template):
    tiny = [{"type": "function", "function": {"name": "t", "parameters": {}}}]  # the tiny model's context is small
    params = GenerationParams(max_tokens=8, tools=tools_json(tiny), **GREEDY)
    result = collect(stream_chat_turn(llama_with_tools_template, [{"role": "user", "content": "hi"}], params,
                                      threading.Event()))
    assert result.completion_tokens == 8 and result.finish_reason == "length"
    plain = llama_with_tools_template.count_chat_tokens([{"role": "user", "content": "hi"}])
    assert result.prompt_tokens > plain + 50  # the prompt held the tools section


def test_tools_that_do_not_fit_get_a_sentence(llama_with_tools_template):
    """Fitting the history counts the tools section (estimated in the model's tokens): too many tools for the
    context is the usual sentence, before any generation."""
    params = GenerationParams(max_tokens=8, tools=tools_json(definitions()), **GREEDY)
    with pytest.raises(ContextOverflowError, match="the model's context holds 512"):
        collect(stream_chat_turn(llama_with_tools_template, [{"role": "user", "content": "hi"}], params,
                                 threading.Event()))
