"""The llama.cpp backend's prompts: a conversation rendered through the model's chat template and tokenized.

The template comes from the GGUF metadata (ChatML when it has none) and is rendered by llama-cpp-python's
sandboxed Jinja formatter, with the thinking switch and the tools the request offers. Rendering and tokenizing
are memoized for the last few conversations, because fitting the history into the context and then generating
would otherwise do both twice. After a reply, `_warm_next_turn` evaluates the start of the next turn so the next
question finds the whole conversation in the KV cache.

`LlamaCppBackend` (llama_cpp.py) mixes `LlamaChatPrompts` in; kept apart because it is text formatting, while
llama_cpp.py loads the model and drives generation.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import Any

from desktop_app.core.backends.base import ChatMessage
from desktop_app.core.backends.llama_kv import PREFILL_STEP, KvCache
from desktop_app.core.backends.llama_prefix_tokens import PrefixTokenizer
from desktop_app.core.errors import GenerationError
from desktop_app.core.messages import phrase
from desktop_app.core.tasks import reasoning
from desktop_app.core.tools.calls import tool_definitions

# Used only when a GGUF carries no chat template: ChatML, which most small instruct models were trained on.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
NEXT_TURN_MARK = "\ue000"  # a private-use character: never in a real message
# How a next message usually starts (a Latin capital or small letter, a digit, a CJK character): when none of them
# changes the last token of the next turn's opening, that token is evaluated ahead too.
NEXT_TURN_PROBES = ("A", "a", "1", "\u4f60")



class LlamaChatPrompts:
    """Chat-template rendering and token counting for LlamaCppBackend, which sets these attributes."""

    _llm: Any
    _kv: KvCache | None
    _formatter: Any
    _template: str
    _vision: Any
    _lock: threading.Lock
    _token_memo: dict[str, Any]
    _prefix_tokenizer: PrefixTokenizer | None = None
    _prefix_tokenizer_of: Any = None

    def _require(self) -> Any:
        if self._llm is None:
            raise GenerationError(phrase("No model is loaded."))
        return self._llm

    def _render(self, messages: Sequence[ChatMessage], thinking: str = "auto", tools: str = "") -> tuple[str, bool]:
        """The chat template rendered with the thinking switch (`enable_thinking`, `/no_think`, or a closed
        thinking block: core/tasks/reasoning.py) and the tools offered (GenerationParams.tools, rendered by the
        template's tools section), and whether it wrote the special tokens itself."""
        template = self._template
        try:
            result = self._formatter(
                messages=reasoning.soft_switch(messages, template, thinking),
                tools=tool_definitions(tools),
                **reasoning.template_kwargs(template, thinking),
            )
        except Exception as exc:  # a template error is the model's fault, not the user's
            raise GenerationError(phrase("The model's chat template failed: {error}", error=exc)) from exc
        return reasoning.apply_thinking(result.prompt, template, thinking), result.added_special

    def _chat_prompt(self, messages: Sequence[ChatMessage], thinking: str = "auto",
                     tools: str = "") -> tuple[list[int], str | None]:
        """Render the chat template and tokenize, remembering the last few results: fitting the history into the
        context and then generating would otherwise render and tokenize the same conversation twice. Also the
        thinking tag the prompt leaves open (the model then writes only the closing one)."""
        llm = self._require()
        key = json.dumps([list(messages), thinking, tools], ensure_ascii=False)
        with self._lock:
            cached = self._token_memo.get(key)
        if cached is not None:
            return cached
        prompt, added_special = self._render(messages, thinking, tools)
        tokens = self._prefix_tokens(llm).tokenize(prompt, add_bos=not added_special)
        found = (tokens, reasoning.opened_tag(prompt))
        with self._lock:
            if len(self._token_memo) >= 4:
                self._token_memo.pop(next(iter(self._token_memo)))
            self._token_memo[key] = found
        return found

    def _prefix_tokens(self, llm: Any) -> PrefixTokenizer:
        """The loaded model's PrefixTokenizer (llama_prefix_tokens.py), made on first use."""
        with self._lock:
            if self._prefix_tokenizer is None or self._prefix_tokenizer_of is not llm:
                self._prefix_tokenizer, self._prefix_tokenizer_of = PrefixTokenizer(llm), llm
            return self._prefix_tokenizer

    def _chat_tokens(self, messages: Sequence[ChatMessage], thinking: str = "auto", tools: str = "") -> list[int]:
        """The prompt's tokens (see _chat_prompt)."""
        return self._chat_prompt(messages, thinking, tools)[0]

    def count_chat_tokens(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> int:
        """Exact for text. With images, the vision projector estimates their positions without opening them; a
        model without one counts the text only (chat_stream then says it cannot look at images)."""
        from desktop_app.core.backends.llama_vision_messages import has_images

        if has_images(messages):
            self._require()
            if self._vision is not None:
                return self._vision.count_tokens(messages)
            messages = [{k: v for k, v in m.items() if k != "images"} for m in messages]
        return len(self._chat_tokens(messages, thinking))

    def format_chat(self, messages: Sequence[ChatMessage], thinking: str = "auto") -> str:
        """The chat template rendered as text, generation prompt included (what `_chat_tokens` tokenizes)."""
        self._require()
        return self._render(messages, thinking)[0]

    def count_tokens(self, text: str) -> int:
        return len(self._require().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def _warm_next_turn(self, messages: Sequence[ChatMessage], reply: str, thinking: str = "auto",
                        tools: str = "") -> None:
        """Evaluate, right after a reply, the tokens that will start the next turn: the reply's end-of-turn
        marker and the template's opening of the next user message (after a reply cut off by Max tokens, its last
        token too). The next question then starts from a cache that already holds the whole conversation, so
        turn 20 answers about as fast as turn 1.

        The template is rendered with a placeholder user message and cut there, so this works for any template.
        The opening's last token ("\\n" after "user") is kept when the usual first characters of a message do not
        merge with it (NEXT_TURN_PROBES); else it is left for the next turn. A guess that turns out wrong costs
        nothing: the next prompt simply diverges from the cache earlier.
        """
        llm = self._llm
        if llm is None or self._formatter is None:
            return
        follow = [*messages, {"role": "assistant", "content": reply}, {"role": "user", "content": NEXT_TURN_MARK}]
        try:
            prompt, added_special = self._render(follow, thinking, tools)
        except GenerationError:
            return
        cut = prompt.find(NEXT_TURN_MARK)
        if cut <= 0:
            return
        tokenizer = self._prefix_tokens(llm)
        head = tokenizer.tokenize(prompt[:cut], add_bos=not added_special)
        for probe in NEXT_TURN_PROBES:  # cheap: each reuses the tokens of `head` up to its last control token
            if tokenizer.tokenize(prompt[:cut] + probe, add_bos=not added_special, remember=False)[: len(head)] != head:
                head = head[:-1]  # the last token may merge with the user's text once it is known
                break
        self._kv.extend(head, PREFILL_STEP)
