"""A reasoning model's thinking, told apart from its answer, and the template switches that turn thinking on or off.

Reasoning models (DeepSeek-R1 distills, Qwen3, QwQ, GLM, Magistral...) write their thinking before the answer,
between tags. Users read the two apart, and the thinking is never sent back to the model in later turns (as the
models' authors specify), so every backend splits its stream here into `Chunk.text` (the answer) and
`Chunk.reasoning` (the thinking).

Forms met in the wild:
- `<think>…</think>answer` (DeepSeek-R1, Qwen3, QwQ, GLM-4.5/Z1, Granite);
- only `…</think>answer`: the template already opened the tag at the end of the prompt (DeepSeek-R1 distills,
  Qwen3 with thinking forced on). The backend sees the rendered prompt and passes the open tag (`opened_tag`); a
  text split afterwards (`split_reasoning`) also takes a closing tag with no opening one as the end of thinking;
- GLM-4.1V-Thinking: `<think>…</think><answer>…</answer>` (the answer tags are dropped);
- Gemma (MedGemma's thinking mode): `<unused94>thought\n…<unused95>`;
- Seed-OSS `<seed:think>`, Command R7B `<|START_THINKING|>`, Magistral `[THINK]`, Kimi `◁think▷`;
- remote servers that parse thinking themselves send it as `reasoning_content` (core/backends/remote.py).

Thinking is recognised only at the start of a reply (after whitespace), so an answer that quotes a tag is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from desktop_app.core.engine.types import ChatMessage, Chunk, GenerationParams

# (opening, closing) tags, most common first
THINK_TAGS: tuple[tuple[str, str], ...] = (
    ("<think>", "</think>"),
    ("<seed:think>", "</seed:think>"),
    ("<unused94>thought", "<unused95>"),
    ("<|START_THINKING|>", "<|END_THINKING|>"),
    ("[THINK]", "[/THINK]"),
    ("◁think▷", "◁/think▷"),
)
ANSWER_TAGS = ("<answer>", "</answer>")  # GLM-4.1V-Thinking wraps its answer in these
THINKING_MODES = ("auto", "on", "off")
_CLOSE_OF = dict(THINK_TAGS)


def _held_prefix(buf: str, tags: Sequence[str]) -> int:
    """How many characters at the end of `buf` could start one of `tags` (held back until the next piece)."""
    hold = 0
    for tag in tags:
        for k in range(min(len(tag) - 1, len(buf)), 0, -1):
            if buf.endswith(tag[:k]):
                hold = max(hold, k)
                break
    return hold


class ReasoningSplitter:
    """Splits a streamed reply into thinking and answer, piece by piece, holding back only what may be a tag.

    `opened`: the opening tag the prompt already ends with (the model then writes only the closing one).
    `feed(text)` returns (thinking, answer) to show now; `finish()` the rest at the end of the stream."""

    def __init__(self, opened: str | None = None) -> None:
        self._buf = ""
        self._close = _CLOSE_OF.get(opened or "", "")
        self._state = "thinking" if self._close else "start"  # start → thinking → after → answer
        self._reopen = opened or ""  # some models write the opening tag again after the template's: dropped
        self._answer_tags = False
        self.saw_thinking = bool(self._close)

    @property
    def thinking(self) -> bool:
        """True while the model is still thinking (or may be about to: nothing decided yet)."""
        return self._state in ("start", "thinking")

    def feed(self, text: str) -> tuple[str, str]:
        self._buf += text
        thought: list[str] = []
        answer: list[str] = []
        while True:
            before = (self._state, len(self._buf))
            self._step(thought, answer)
            if (self._state, len(self._buf)) == before:
                break
        return "".join(thought), "".join(answer)

    def _step(self, thought: list[str], answer: list[str]) -> None:
        buf = self._buf
        if self._state == "start":
            head = buf.lstrip()
            for open_tag, close_tag in THINK_TAGS:
                if head.startswith(open_tag):
                    self._buf = head[len(open_tag):]
                    self._state, self._close, self.saw_thinking = "thinking", close_tag, True
                    return
            if not head or any(t.startswith(head) for t, _ in THINK_TAGS):
                return  # whitespace so far, or what may still become an opening tag
            self._state = "answer"
            return
        if self._state == "thinking":
            if self._reopen:
                head = buf.lstrip()
                if head and self._reopen.startswith(head) and head != self._reopen:
                    return  # may still become the repeated opening tag
                if head.startswith(self._reopen):
                    self._buf = buf = head[len(self._reopen):]
                self._reopen = ""
            cut = buf.find(self._close)
            if cut >= 0:
                thought.append(buf[:cut])
                self._buf = buf[cut + len(self._close):]
                self._state = "after"
                return
            hold = _held_prefix(buf, [self._close])
            thought.append(buf[: len(buf) - hold])
            self._buf = buf[len(buf) - hold:]
            return
        if self._state == "after":  # the blank lines after the thinking, and GLM's <answer>
            head = buf.lstrip()
            if not head or ANSWER_TAGS[0].startswith(head):
                return
            if head.startswith(ANSWER_TAGS[0]):
                head = head[len(ANSWER_TAGS[0]):].lstrip("\n")
                self._answer_tags = True
            self._buf, self._state = head, "answer"
            return
        # answer
        if self._answer_tags:
            cut = buf.find(ANSWER_TAGS[1])
            if cut >= 0:
                buf = buf[:cut] + buf[cut + len(ANSWER_TAGS[1]):]
            hold = _held_prefix(buf, [ANSWER_TAGS[1]])
        else:
            hold = 0
        answer.append(buf[: len(buf) - hold])
        self._buf = buf[len(buf) - hold:]

    def finish(self) -> tuple[str, str]:
        """The text still held at the end of the stream. Thinking cut off before its closing tag stays thinking."""
        buf, self._buf = self._buf, ""
        if self._state == "thinking":
            return buf, ""
        if self._state == "after":
            return "", buf.lstrip()
        return "", buf


def split_reasoning(text: str, opened: str | None = None) -> tuple[str, str]:
    """(thinking, answer) of a whole reply. A closing tag with no opening one before it ends thinking that the
    template had opened (a reply stored or received without knowing the prompt)."""
    if opened is None:
        head = text.lstrip()
        for open_tag, close_tag in THINK_TAGS:
            cut = head.find(close_tag)
            if cut >= 0 and open_tag not in head[:cut] and not any(head.startswith(t) for t, _ in THINK_TAGS):
                opened = open_tag
                text = head
                break
    splitter = ReasoningSplitter(opened)
    thought, answer = splitter.feed(text)
    more_thought, more_answer = splitter.finish()
    return (thought + more_thought).strip(), answer + more_answer


def answer_only(text: str) -> str:
    """The answer of a stored reply, its thinking left out: what goes back to the model in later turns."""
    return split_reasoning(text)[1]


def split_stream(chunks: Iterator[Chunk], opened: str | None = None) -> Iterator[Chunk]:
    """A backend's chunks with their text split into `reasoning` and `text`. Thinking a server already sent apart
    (`reasoning` set) passes through; the token counts and the finish reason are kept as they were."""
    splitter = ReasoningSplitter(opened)
    for chunk in chunks:
        thought, answer = splitter.feed(chunk.text) if chunk.text else ("", "")
        if chunk.finish_reason:
            more_thought, more_answer = splitter.finish()
            thought, answer = thought + more_thought, answer + more_answer
        yield replace(chunk, text=answer, reasoning=chunk.reasoning + thought)


# -- the thinking switch ---------------------------------------------------------------------------------------------
def opened_tag(prompt: str) -> str | None:
    """The opening tag a rendered prompt ends with (its template starts the model's thinking), else None."""
    tail = prompt.rstrip()
    for open_tag, _close in THINK_TAGS:
        if tail.endswith(open_tag):
            return open_tag
    return None


def template_kwargs(template: str, mode: str) -> dict[str, object]:
    """Variables a chat template reads to switch thinking (Qwen3, GLM-4.5 and others: `enable_thinking`)."""
    if mode not in ("on", "off") or not template:
        return {}
    kwargs: dict[str, object] = {}
    if "enable_thinking" in template:
        kwargs["enable_thinking"] = mode == "on"
    if re.search(r"\bthinking\b\s+is\s+(defined|true|false)|if\s+thinking\b", template):
        kwargs["thinking"] = mode == "on"  # DeepSeek-V3.1
    return kwargs


def soft_switch(messages: Sequence[ChatMessage], template: str, mode: str) -> list[ChatMessage]:
    """For a template without a variable to switch thinking but which knows the soft switch (Qwen3's `/no_think`,
    GLM's `/nothink`): the switch added to the last user message."""
    msgs = [dict(m) for m in messages]
    if mode not in ("on", "off") or not template or template_kwargs(template, mode):
        return msgs
    if "/nothink" in template:
        word = "/nothink" if mode == "off" else ""
    elif "/no_think" in template:
        word = "/no_think" if mode == "off" else "/think"
    else:
        return msgs
    for m in reversed(msgs):
        if m.get("role") == "user" and word and isinstance(m.get("content"), str):
            m["content"] = f"{m['content']} {word}"
            break
    return msgs


def apply_thinking(prompt: str, template: str, mode: str) -> str:
    """The rendered prompt with thinking switched off where the template had no way to: a thinking block the
    template opened is closed at once, and a model whose template knows `<think>` starts with an empty one (what
    Qwen3's own template writes for enable_thinking=False)."""
    if mode != "off":
        return prompt
    tag = opened_tag(prompt)
    if tag is not None:
        return prompt.rstrip() + "\n\n" + _CLOSE_OF[tag] + "\n\n"
    if "enable_thinking" in template:
        return prompt  # the template did it
    for open_tag, close_tag in THINK_TAGS:
        if open_tag in template:
            return f"{prompt}{open_tag}\n\n{close_tag}\n\n"
    return prompt


def structured_thinking(params: GenerationParams) -> str:
    """The thinking switch for a reply: a JSON schema's grammar starts at the first token, so a reply held to a
    schema does not think (a raw grammar is the caller's own: it may write the thinking itself)."""
    return "off" if params.json_schema else params.thinking
