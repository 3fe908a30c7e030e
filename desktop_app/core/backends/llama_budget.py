"""A thinking budget for llama.cpp: once a reasoning model has thought `GenerationParams.thinking_budget` tokens
without closing its `<think>` block, the block is closed for it and it goes on to answer.

Two rounds over the same cache: the first samples at most the budget; when it ends still thinking, the prompt, the
text so far and `\\n</think>\\n\\n` are tokenized again (the cache reuses everything before the new tokens) and the
second samples the answer with what is left of Max tokens. Only the `<think>` form: other forms run unbudgeted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

from desktop_app.core.engine.types import Chunk, GenerationParams
from desktop_app.core.tasks import reasoning

CLOSE = "\n</think>\n\n"
Generate = Callable[[list[int], GenerationParams, threading.Event], Iterator[Chunk]]


def budgeted(generate: Generate, tokenize: Callable[[str], list[int]], tokens: list[int], opened: str | None,
             params: GenerationParams, cancel: threading.Event) -> Iterator[Chunk]:
    """The reply's chunks, thinking split from the answer (as reasoning.split_stream gives them)."""
    budget = params.thinking_budget
    if budget <= 0 or (params.max_tokens > 0 and params.max_tokens <= budget):
        yield from reasoning.split_stream(generate(tokens, params, cancel), opened)
        return
    raw: list[str] = []

    def tap(chunks: Iterator[Chunk]) -> Iterator[Chunk]:
        for chunk in chunks:
            raw.append(chunk.text)
            yield chunk

    answered, last, thought = False, None, False
    for chunk in reasoning.split_stream(tap(generate(tokens, replace(params, max_tokens=budget), cancel)), opened):
        answered = answered or bool(chunk.text)
        thought = thought or bool(chunk.reasoning)
        if chunk.finish_reason:
            last = chunk
            if chunk.text or chunk.reasoning:
                yield replace(chunk, finish_reason=None)
            break
        yield chunk
    text = "".join(raw)
    still_thinking = thought and not answered and (opened == "<think>" or "<think>" in text) and "</think>" not in text
    if last is None or last.finish_reason != "length" or not still_thinking or cancel.is_set():
        if last is not None:
            yield replace(last, text="", reasoning="")
        return
    more = tokenize(text + CLOSE)
    left = params.max_tokens - last.completion_tokens if params.max_tokens > 0 else 0
    for chunk in reasoning.split_stream(generate(tokens + more, replace(params, max_tokens=left), cancel), None):
        yield replace(chunk, prompt_tokens=last.prompt_tokens,
                      completion_tokens=last.completion_tokens + chunk.completion_tokens)
