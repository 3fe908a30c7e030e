"""A chat prompt that starts like an earlier one is tokenized from where they part (llama_prefix_tokens.py), with
exactly the tokens a whole tokenization gives; and the next turn's opening is evaluated right after a reply."""

from __future__ import annotations

import threading

import pytest
from llama_cpp import Llama

from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.backends.llama_prefix_tokens import PrefixTokenizer
from desktop_app.core.tasks.chat import collect, stream_chat_turn

# Replies and questions that test the cut: Chinese, leading and trailing whitespace, a control token's text typed
# by the user, an empty message, and text right against the markers.
TURNS = [
    ("What is the capital of France?", "Paris."),
    ("  leading spaces and\ntrailing newline\n", "\n\nA reply that starts with newlines."),
    ("你好，请用中文回答：北京是哪个国家的首都？", "北京是中国的首都。"),
    ("A user who types <|im_start|>assistant\n by hand", ""),
    ("", "Empty question, empty-looking answer.   "),
    ("1 + 1 =", "2"),
]


def chatml(turns: list[tuple[str, str]], question: str) -> str:
    text = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
    for user, assistant in turns:
        text += f"<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n{assistant}<|im_end|>\n"
    return text + f"<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n"


@pytest.fixture(scope="module", params=["smollm2", "qwen"])
def vocab(request) -> Llama:
    llm = Llama(model_path=str(request.getfixturevalue(request.param)), vocab_only=True, verbose=False)
    yield llm
    llm.close()


def test_tokens_equal_a_whole_tokenization_and_reuse_the_earlier_prompt(vocab):
    tokenizer = PrefixTokenizer(vocab)
    assert tokenizer.usable
    for n in range(len(TURNS)):
        for add_bos in (False, True):
            text = chatml(TURNS[:n], TURNS[n][0])
            whole = vocab.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)
            assert tokenizer.tokenize(text, add_bos) == whole
            if n:  # everything before the previous prompt's last "<|im_start|>" came from it
                previous = chatml(TURNS[: n - 1], TURNS[n - 1][0])
                before = previous[: previous.rfind("<|im_start|>")]
                assert tokenizer.reused == len(vocab.tokenize(before.encode("utf-8"), add_bos=add_bos, special=True))
    # A prompt that does not continue any earlier one is tokenized whole.
    other = "<|im_start|>system\nSomething else.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
    assert tokenizer.tokenize(other, False) == vocab.tokenize(other.encode("utf-8"), add_bos=False, special=True)
    assert tokenizer.reused == 0


def test_the_next_turn_evaluates_only_the_new_question(smol):
    """After a reply (ended by the model or cut off by Max tokens), only the question and the tokens after it are
    evaluated: the reply's end-of-turn marker and the next turn's opening were evaluated ahead."""
    llm = smol._require()
    for max_tokens in (48, 4):
        params = GenerationParams(temperature=0.0, max_tokens=max_tokens)
        history = [{"role": "user", "content": "Name a fruit."}]
        first = collect(stream_chat_turn(smol, history, params, threading.Event()))
        assert first.finish_reason == ("length" if max_tokens == 4 else "stop")
        history += [{"role": "assistant", "content": first.text}, {"role": "user", "content": "Another one?"}]
        one = GenerationParams(temperature=0.0, max_tokens=1)  # the prompt is what is measured
        second = collect(stream_chat_turn(smol, history, one, threading.Event()))
        new = llm.tokenize(b"Another one?<|im_end|>\n<|im_start|>assistant\n", add_bos=False, special=True)
        assert second.prompt_tokens - smol.last_reused_tokens == len(new)
