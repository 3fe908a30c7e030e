"""Tokenizing a chat prompt that starts like an earlier one: only the new part goes through the tokenizer.

Turn 20 of a chat renders the whole history again, and tokenizing ~600 tokens of it cost 1.5-5 ms of the turn's
time to first token (turn 1: 0.3 ms), growing with every turn. But the new prompt starts with the text of the
previous one (or of the next-turn opening `_warm_next_turn` tokenized after the last reply), so its tokens up to
that point are already known.

Where it is safe to cut: just before a control token (`<|im_start|>`). llama.cpp's tokenizer first splits the text
at special tokens and then tokenizes each piece of plain text on its own (BPE, SentencePiece, Unigram alike; a
SentencePiece piece after a special token gets its leading space either way), so the tokens before a control token
do not depend on what follows it, and the control token plus everything after it can be tokenized alone. Cutting
before the token rather than after it also keeps the token's own whitespace stripping (`rstrip` attributes) with
the text it strips. The cut is trusted only when every occurrence of the token's text in the earlier prompt became
that token. Models whose tokenizer appends a token at the end (add_eos, add_sep) are tokenized whole.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

KEEP = 6  # earlier prompts remembered: the last turns' prompts and next-turn openings, for a few chats
SCAN = 64  # tokens looked back from a prompt's end for its last control token


@dataclass(frozen=True)
class _Prefix:
    text: str  # an earlier prompt's text up to its last control token
    tokens: list[int]  # that text's tokens
    special: str  # the control token's text, which the new prompt must continue with
    add_bos: bool


class PrefixTokenizer:
    """`tokenize(text, add_bos)` as Llama.tokenize(special=True) gives it, reusing earlier prompts' tokens."""

    def __init__(self, llm: Any) -> None:
        import llama_cpp

        self._llm = llm
        vocab = llm._model.vocab
        self._is_control = lambda token: bool(llama_cpp.llama_vocab_is_control(vocab, token))
        self.usable = not (llama_cpp.llama_vocab_get_add_eos(vocab) or llama_cpp.llama_vocab_get_add_sep(vocab))
        self._prefixes: deque[_Prefix] = deque(maxlen=KEEP)
        self._lock = threading.Lock()  # token counts (light thread) and replies (model thread) come at once
        self.reused = 0  # tokens taken from an earlier prompt by the last tokenize(): for the tests

    def tokenize(self, text: str, add_bos: bool, remember: bool = True) -> list[int]:
        """The tokens of `text`; `remember` keeps them for later prompts that start the same way."""
        best = None
        if self.usable:
            with self._lock:
                for p in self._prefixes:
                    if (p.add_bos == add_bos and (best is None or len(p.text) > len(best.text))
                            and text.startswith(p.text) and text.startswith(p.special, len(p.text))):
                        best = p
        if best is not None:
            rest = self._llm.tokenize(text[len(best.text):].encode("utf-8"), add_bos=False, special=True)
            tokens = best.tokens + rest
        else:
            tokens = self._llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)
        self.reused = len(best.tokens) if best is not None else 0
        if remember and self.usable:
            self._remember(text, tokens, add_bos)
        return tokens

    def _remember(self, text: str, tokens: list[int], add_bos: bool) -> None:
        last = next((i for i in range(len(tokens) - 1, max(-1, len(tokens) - 1 - SCAN), -1)
                     if self._is_control(tokens[i])), None)
        if last is None or last == 0:
            return
        special_id = tokens[last]
        special = self._llm.detokenize([special_id], special=True).decode("utf-8", errors="replace")
        cut = text.rfind(special) if special else -1
        # Every occurrence of the token's text became the token: then the last one in the text is this one.
        if cut <= 0 or text.count(special) != tokens.count(special_id):
            return
        prefix = _Prefix(text[:cut], tokens[:last], special, add_bos)
        with self._lock:
            if any(p.text == prefix.text and p.add_bos == add_bos for p in self._prefixes):
                return
            self._prefixes.append(prefix)
