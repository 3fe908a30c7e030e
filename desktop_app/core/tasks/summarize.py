"""Summarizing texts of any length with a chat LLM (through prompts) or a dedicated seq2seq model.

A text longer than the model can read is split on token boundaries at paragraph or sentence edges, each chunk is
summarized, and the summaries are summarized in turn (map-reduce, as many rounds as needed). Only the last step
streams to the user; the earlier ones report "chunk i of n". The tab and the CLI call the same `summarize()`, with
the same deterministic defaults, so both give the same summary of the same document.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.types import Capability, GenerationParams
from desktop_app.core.errors import Cancelled, ContextOverflowError, UnsupportedTaskError
from desktop_app.core.messages import phrase
from desktop_app.core.tasks.chunking import chunk_text, is_mostly_chinese, split_sentences
from desktop_app.core.tasks.summary_facts import facts_kept
from desktop_app.core.tasks.summary_options import SummarizeOptions, SummaryResult
from desktop_app.core.tasks.summary_prompts import _INSTRUCTIONS, EXAMPLES
from desktop_app.core.tasks.summary_text import (
    SentenceStream,
    ends_sentence,
    max_chars,
    output_tokens,
    size_hint,
    strip_boilerplate,
    strip_boilerplate_sentences,
    strip_copied_headings,
)
from desktop_app.core.tasks.textio import require_text

# Tokens the final summary may take, per length choice (LLM engine / seq2seq engine).
LLM_OUTPUT_TOKENS = {"short": 160, "medium": 320, "long": 640, "bullets": 400}
SEQ2SEQ_OUTPUT_TOKENS = {"short": 60, "medium": 140, "long": 280, "bullets": 200}
PARTIAL_OUTPUT_TOKENS = 200  # at most, per chunk's summary in a map-reduce round (and at most a quarter of a chunk,
# so that each round shrinks the text at least fourfold)
MIN_CHUNK_TOKENS = 64
EXAMPLE_MIN_ROOM = 1024  # the worked example is left out when, with it, less text than this fits in one request
MIN_ROOM_TOKENS = 128  # the final request's room, at least (a tiny text's Short summary had 52: a model that
# thought anyway was cut mid-word, tests/integration/test_llama_reasoning.py)

ProgressCallback = Callable[[int, int, str], None]  # done, total, what is happening ("chunk 2 of 5")
TextCallback = Callable[[str], None]
# Work in tokens, prefill and decode together (done, total): moves within a chunk, so a bar and an ETA can follow it.
WorkCallback = Callable[[int, int], None]
PartialCallback = Callable[[int, int, str], None]  # a first-round chunk's summary: index, chunks, text

# Languages whose summary is written from notes of the facts (extract-then-rewrite) rather than from the source.
# English is not: from its notes the 0.5B model wrote wrong facts ("Two cars from March will still be allowed to
# cross") and the final step copied the notes' copied phrases (bench/summary_quality.py, bridge 76-79 % copied);
# from the source, with the worked example and the penalty, it kept the main facts and copied less.
NOTES_FIRST = frozenset({"zh"})
# Languages whose summary under avoid_copying="auto" tries copy penalty strengths in turn (llama_copy_penalty.
# STRENGTHS), keeping the first summary whose facts check out (summary_facts.py), else the one written without it.
# None yet: for English, (2, 1) cut copying from 97 % to 82 % (bench/summary_quality.py, 11 summaries) with no
# invented number or name, but the summaries kept had wrong facts the check cannot see ("11,000 trucks" for
# "vehicles", cyclists sent on the detour instead of drivers) or said little ("Mara had a lighthouse that was kept
# on Gull Rock, and it had always been the case."). E.g. {"en": (2, 1)} turns it on.
CHECKED_STRENGTHS: dict[str, tuple[int, ...]] = {}


def resolve_language(text: str, language: str) -> str:
    if language in ("en", "zh"):
        return language
    return "zh" if is_mostly_chinese(text) else "en"


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(phrase("Summarizing was cancelled."))


class _Runner:
    """One summarize() call: which engine, the budgets, and the callbacks."""

    def __init__(self, backend: Backend, options: SummarizeOptions, language: str, cancel: threading.Event | None,
                 on_progress: ProgressCallback | None, on_text: TextCallback | None,
                 on_work: WorkCallback | None = None, on_partial: PartialCallback | None = None):
        self.on_work = on_work or (lambda _d, _t: None)
        self.on_partial = on_partial or (lambda _i, _n, _t: None)
        self.work_done = 0
        self.work_total = 0
        self.backend = backend
        self.options = options
        self.language = language
        self.cancel = cancel or threading.Event()
        self.on_progress = on_progress or (lambda *_: None)
        self.on_text = on_text or (lambda _t: None)
        caps = backend.capabilities
        if Capability.CHAT in caps:
            self.engine = "llm"
        elif Capability.SEQ2SEQ in caps:
            self.engine = "seq2seq"
        else:
            raise UnsupportedTaskError(
                phrase("This model cannot summarize: choose a chat model or a summarization (seq2seq) model.")
            )
        self.final_tokens = (LLM_OUTPUT_TOKENS if self.engine == "llm" else SEQ2SEQ_OUTPUT_TOKENS)[options.length]
        # The worked example (EXAMPLES) costs a few hundred tokens of every prompt: a small context keeps them for
        # the text (a 1,024-token context had no room left for any).
        self.use_example = self.engine == "llm" and language in EXAMPLES
        if self.use_example and self._room() < EXAMPLE_MIN_ROOM:
            self.use_example = False
        self.budget = self._chunk_budget()
        self.partial_tokens = max(32, min(PARTIAL_OUTPUT_TOKENS, self.budget // 4))

    # -- budgets ---------------------------------------------------------------------------------------------------
    def _prompt_overhead(self) -> int:
        if self.engine == "seq2seq":
            return self.backend.count_tokens(self._seq2seq_prefix()) + 2
        words = _INSTRUCTIONS[self.language]
        longest = max((words[k] for k in ("long", "bullets", "combine", "partial")), key=len)
        return self.backend.count_chat_tokens(self._messages(longest, "", example=self.use_example)) + 8

    def _room(self) -> int:
        """Tokens of text one request can take."""
        n_ctx = self.backend.n_ctx
        if self.engine == "seq2seq":
            return n_ctx - self._prompt_overhead()  # an encoder-decoder's output does not share the input's room
        return n_ctx - self._prompt_overhead() - max(self.final_tokens, PARTIAL_OUTPUT_TOKENS)

    def _chunk_budget(self) -> int:
        n_ctx = self.backend.n_ctx
        room = self._room()
        if self.options.chunk_tokens > 0:
            room = min(room, self.options.chunk_tokens)
        if room < MIN_CHUNK_TOKENS:
            raise ContextOverflowError(
                phrase("The model's context ({n_ctx} tokens) leaves no room for text to summarize; load it with a longer context.", n_ctx=f"{n_ctx:,}")
            )
        return room

    # -- prompts ---------------------------------------------------------------------------------------------------
    def _messages(self, instruction: str, text: str, example: bool = False) -> list[dict[str, str]]:
        words = _INSTRUCTIONS[self.language]

        # The text first, fenced, then what to do with it: small models follow the last instruction they read.
        # Asked before the text, Qwen2.5-0.5B copied a Chinese text back instead of summarizing it, and answered
        # in Chinese whatever language was requested.
        def ask(body: str) -> dict[str, str]:
            return {"role": "user", "content": f'{words["text"]}:\n"""\n{body}\n"""\n\n{instruction} {words["language"]}'}

        shown = []
        if example and self.language in EXAMPLES:  # one worked example of a summary in other words
            source, summary = EXAMPLES[self.language]
            shown = [ask(source), {"role": "assistant", "content": summary}]
        return [{"role": "system", "content": words["system"]}, *shown, ask(text)]

    def _seq2seq_prefix(self) -> str:
        info = self.backend.info
        arch = (info.architecture if info is not None else "").lower()
        return "summarize: " if "t5" in arch else ""

    def _params(self, max_tokens: int, avoid_copying: str = "", strength: int = 0) -> GenerationParams:
        o = self.options
        return GenerationParams(
            temperature=o.temperature, repeat_penalty=o.repeat_penalty, seed=o.seed, max_tokens=max_tokens,
            top_k=40 if o.temperature > 0 else 1,
            thinking="off",  # a summary never shows thinking (any a model writes anyway is split off by the backend)
            avoid_copying=avoid_copying, copy_strength=strength,
        )

    # -- one call to the model -------------------------------------------------------------------------------------
    def llm(self, instruction: str, text: str, max_tokens: int, stream: bool,
            fit: SentenceStream | None = None, avoid_copying: str = "", example: bool = False,
            strength: int = 0) -> tuple[str, str]:
        """One request; with `fit`, only the whole sentences that fit the length setting stream and are returned.
        `avoid_copying`: the text whose long runs the reply is discouraged from repeating, that hard (`strength`)."""
        parts: list[str] = []
        finish = "stop"
        start = self.work_done
        prefill = self.backend.count_tokens(text)
        params = self._params(max_tokens, avoid_copying, strength)
        for chunk in self.backend.chat_stream(self._messages(instruction, text, example), params, self.cancel):
            # The first piece means the prompt is read; then one unit per token written.
            self._work(start + prefill + (chunk.completion_tokens or len(parts) + 1))
            if chunk.text:
                parts.append(chunk.text)
                shown = fit.feed(chunk.text) if fit is not None else chunk.text
                if stream and shown:
                    self.on_text(shown)
            if chunk.finish_reason:
                finish = chunk.finish_reason
        if finish == "cancelled":
            raise Cancelled(phrase("Summarizing was cancelled."))
        self._work(start + prefill + max_tokens)  # what was not written is work that will not be done
        if fit is not None:
            last = fit.finish()
            if stream and last:
                self.on_text(last)
            return fit.sent.strip(), finish
        return "".join(parts).strip(), finish

    def _work(self, done: int) -> None:
        self.work_done = min(max(done, self.work_done), self.work_total)
        self.on_work(self.work_done, self.work_total)

    def _final_room(self) -> int:
        """Tokens the final request may write: past the size asked for, so the last sentence can end, and never
        under MIN_ROOM_TOKENS: a reasoning model that thinks though asked not to spends part of it on thinking
        (split off by the backend). What shows is cut to the length setting by characters anyway (SentenceStream)."""
        return min(max(int(self.final_tokens * 1.5) + 16, MIN_ROOM_TOKENS), self.budget)

    def _notes_tokens(self) -> int:
        """Room for the notes of extract-then-rewrite: twice the summary's, so a small model cannot ramble on."""
        return min(self.budget, max(64, 2 * self.final_tokens))

    def _strengths(self) -> list[int | None]:
        """The copy penalty's strengths the final summary is written with in turn, None for none
        (SummarizeOptions.avoid_copying); with more than one, each but the last is kept only when its facts check
        out (summary_facts.py)."""
        mode = self.options.avoid_copying
        if mode == "on" or (mode == "auto" and self.language == "zh"):
            return [0]
        if mode == "auto" and self.language in CHECKED_STRENGTHS:
            return [*CHECKED_STRENGTHS[self.language], None]
        return [None]

    def _notes_first(self) -> bool:
        """Whether the final summary is written from notes of the facts (extract-then-rewrite, NOTES_FIRST). A
        summary in another language than its source is, too: straight from a Chinese text, asked for English, the
        0.5B model copied the Chinese (tests/integration/test_summarize_core.py)."""
        o = self.options
        other_language = resolve_language(self.source, "auto") != self.language
        return o.rewrite and (self.language in NOTES_FIRST or other_language) and o.length != "bullets"

    def _plan_work(self, chunks: list[str], count: Callable[[str], int]) -> None:
        """The run's work in tokens: each chunk read and its summary written, then the final summary (its notes
        first, when it rewrites) over what the partial summaries may add up to."""
        final_input = len(chunks) * self.partial_tokens if len(chunks) > 1 else count(chunks[0])
        notes = self._notes_tokens() if self._notes_first() else 0
        final = final_input + notes + notes + self._final_room()
        mapped = sum(count(c) + self.partial_tokens for c in chunks) if len(chunks) > 1 else 0
        self.work_total = max(1, mapped + final)
        self.on_work(0, self.work_total)

    def seq2seq(self, texts: list[str], max_tokens: int) -> list[str]:
        prefix = self._seq2seq_prefix()
        return self.backend.seq2seq([prefix + t for t in texts], self._params(max_tokens), self.cancel)

    # -- the whole document ----------------------------------------------------------------------------------------
    def run(self, text: str) -> SummaryResult:
        count = self.backend.count_tokens
        text = strip_boilerplate(text)  # bylines, credits and sign-offs: the small model copied them verbatim
        input_tokens = count(text)
        self.source = text  # what the length setting's share is of, and what the summary should not copy
        if self.engine == "llm":  # a share of the source, not a fixed size: "Short" of 800 tokens is 80
            self.final_tokens = output_tokens(self.options.length, input_tokens, self.final_tokens)
        self.on_progress(0, 1, "counting")
        chunks = chunk_text(text, self.budget, count) if input_tokens > self.budget else [text.strip()]
        first_round = len(chunks)
        self._plan_work(chunks, count)
        rounds = 0
        while len(chunks) > 1:
            rounds += 1
            summaries = self._map(chunks, rounds)
            joined = "\n\n".join(summaries)
            chunks = chunk_text(joined, self.budget, count) if count(joined) > self.budget else [joined]
            if rounds > 1 and len(chunks) >= len(summaries):
                break  # the summaries no longer shrink (a tiny budget): summarize what there is
        _check(self.cancel)
        self.on_progress(first_round, first_round, "final")
        final = self._final(chunks, combined=rounds > 0)
        return SummaryResult(
            text=final[0], engine=self.engine, language=self.language, chunks=first_round, rounds=rounds,
            input_tokens=input_tokens, finish_reason=final[1],
        )

    def _map(self, chunks: list[str], round_no: int) -> list[str]:
        words = _INSTRUCTIONS[self.language]
        out: list[str] = []
        n = len(chunks)
        stage = f"round {round_no}" if round_no > 1 else "chunks"
        if self.engine == "seq2seq":
            step = 4
            for start in range(0, n, step):
                _check(self.cancel)
                self.on_progress(start, n, stage)
                batch = chunks[start : start + step]
                out.extend(self.seq2seq(batch, self.partial_tokens))
                self._work(self.work_done + sum(self.backend.count_tokens(c) + self.partial_tokens for c in batch))
        else:
            for i, chunk in enumerate(chunks):
                _check(self.cancel)
                self.on_progress(i, n, stage)
                out.append(self.llm(words["partial"], chunk, self.partial_tokens, stream=False)[0])
                if round_no == 1:  # shown as it comes (dimmed in the tab) until the final summary replaces it
                    self.on_partial(i, n, out[-1])
        self.on_progress(n, n, stage)
        return [s for s in out if s.strip()]

    def _checked_summary(self, instruction: str, text: str, room: int) -> tuple[str, str]:
        """The final summary, written with each copy penalty strength in turn (_strengths) until its facts check
        out against what it was written from. What streams is what the result holds: an attempt that may be
        refused is shown whole once its facts check out (the bar moves meanwhile), the last one streams as it is
        written; a retry's work is added to the bar's total."""
        strengths = self._strengths()
        summary, finish = "", "stop"
        for n, strength in enumerate(strengths):
            last = n == len(strengths) - 1
            if n:
                _check(self.cancel)
                self.work_total += self.backend.count_tokens(text) + room
            fit = SentenceStream(max_chars(self.options.length, len(self.source)))
            # Chinese: counted in characters, it cut copying from 95 % to 32 % with the meaning kept; English:
            # counted in words, never on numbers or names (llama_copy_penalty.py), so no wrong word forms
            avoid = self.source if strength is not None else ""
            summary, finish = self.llm(instruction, text, room, stream=last, fit=fit, avoid_copying=avoid,
                                       example=self.use_example, strength=strength or 0)
            summary = strip_copied_headings(strip_boilerplate_sentences(summary), self.source)
            if last:
                break
            if facts_kept(summary, text):
                self.on_text(summary)
                break
        return summary, ("stop" if ends_sentence(summary) else finish)

    def _final(self, chunks: list[str], combined: bool) -> tuple[str, str]:
        words = _INSTRUCTIONS[self.language]
        text = "\n\n".join(chunks)
        if self.engine == "llm":
            hint = size_hint(self.final_tokens, self.language)
            instruction = words[self.options.length].format(n=hint)
            if combined:
                instruction = f"{words['combine']} {instruction}"
            # Room past the size asked for, then cut back to whole sentences within the length setting's share of
            # the source: never a sentence cut in half (the tab shows this text in place of the stream).
            room = self._final_room()
            if self._notes_first():
                # Extract, then rewrite from the notes alone: with the source in view the small model copied its
                # opening sentences (bench/summary_quality.py); from notes it has to write its own.
                notes = self.llm(words["notes"], text, self._notes_tokens(), stream=False)[0]
                instruction = words["rewrite"].format(n=hint)
                text = notes
            return self._checked_summary(instruction, text, room)
        summary = self.seq2seq([text], self.final_tokens)[0]
        if self.options.length == "bullets":
            summary = "\n".join(f"- {s.strip()}" for s in split_sentences(summary) if s.strip())
        self.on_text(summary)
        return summary, "stop"


def summarize(
    backend: Backend,
    text: str,
    options: SummarizeOptions | None = None,
    cancel: threading.Event | None = None,
    on_progress: ProgressCallback | None = None,
    on_text: TextCallback | None = None,
    on_work: WorkCallback | None = None,
    on_partial: PartialCallback | None = None,
) -> SummaryResult:
    """Summarize `text` of any length. `on_text` receives the final summary as it streams; `on_progress` gets
    (done, total, stage) while chunks are summarized (stage "chunks", "round 2"..., then "final"); `on_work` the
    work in tokens (done, total), also within a chunk; `on_partial` each first-round chunk's summary."""
    options = options or SummarizeOptions()
    text = require_text(text)
    language = resolve_language(text, options.language)
    return _Runner(backend, options, language, cancel, on_progress, on_text, on_work, on_partial).run(text)
