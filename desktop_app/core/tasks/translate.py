"""Translate a text with a dedicated translation model (Marian, NLLB, M2M100, T5) or with a chat LLM.

Either way the text is cut into paragraphs (chunking.split_blocks) and put back with exactly the same separators;
blank paragraphs pass through untouched. A paragraph longer than the model can take is split at sentence edges
within a token budget (chunking.chunk_text): the model's input length for seq2seq models, and for LLMs a quarter
of the context left after the prompt, so the translation has room to come out.

- Dedicated models: paragraphs are translated line by line (so line breaks survive; a paragraph that is one
  sentence hard-wrapped over several lines, as text from a PDF is, is joined first), several at a time in one
  `seq2seq` batch, and each paragraph is handed to `on_text` with its separator as soon as its batch is done.
- LLMs: one chat request per paragraph (or piece of one), streamed to `on_text` as tokens arrive. A preamble such
  as "Here is the translation:" at the start of a reply is dropped.

`check_pair` tells, before any work, whether a model can translate a pair, in words a user understands.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.core.engine.types import Capability, GenerationParams, ModelInfo
from desktop_app.core.errors import Cancelled, UnsupportedTaskError
from desktop_app.core.messages import phrase
from desktop_app.core.tasks import languages
from desktop_app.core.tasks.chunking import Block, chunk_text, split_blocks
from desktop_app.core.tasks.markdown_code import fenced_ranges
from desktop_app.core.tasks.translate_reply import ReplyCleaner
from desktop_app.core.tasks.translate_units import paragraph_units

AUTO = "auto"
# Near-greedy: a translation has one right answer; the small repeat penalty stops small LLMs looping.
TRANSLATION_PARAMS = GenerationParams(
    temperature=0.1, top_p=0.9, top_k=40, min_p=0.05, repeat_penalty=1.05, max_tokens=2048, seed=0
)
SEQ2SEQ_BATCH = 8  # pieces per seq2seq call
# Marian and NLLB were trained on sentences: past a few hundred tokens they start dropping text, whatever
# their position limit. The budget is the smaller of this and the model's input length.
SEQ2SEQ_PIECE_TOKENS = 256
SEQ2SEQ_OVERHEAD = 16  # language tokens, </s>, a T5 task prefix
LLM_OUTPUT_FACTOR = 3  # room for a translation up to 3x the tokens of its source (English from Chinese: ~2x)

ProgressFn = Callable[[int, int], None]
TextFn = Callable[[str], None]


@dataclass
class TranslationResult:
    text: str
    source: str | None  # app language code translated from; None when unknown (an LLM was not told)
    target: str
    detected: tuple[str, float] | None = None  # (code, confidence) when the source was "auto"
    paragraphs: int = 0  # paragraphs translated (blank ones not counted)
    pieces: int = 0  # model requests
    method: str = ""  # "seq2seq" or "chat"
    truncated: bool = False  # some piece hit the token limit before its end

    def detected_note(self, ui_language: str = "en") -> str:
        """"Detected: English (97%)" when the source was detected, else ""."""
        if not self.detected:
            return ""
        code, conf = self.detected
        name = languages.display_name(code, ui_language)
        if ui_language.lower().startswith("zh"):
            return f"检测到的语言：{name}（{conf:.0%}）"
        return f"Detected: {name} ({conf:.0%})"


# -- checking a pair ------------------------------------------------------------------------------------------------
def _names(codes: Sequence[str]) -> str:
    names = [languages.display_name(c) for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _resolve(code: str | None, role: str) -> str | None:
    if code is None or code == "" or code.lower() == AUTO:
        return None
    lang = languages.lookup(code)
    if lang is None:
        raise UnsupportedTaskError(phrase("Unknown {role} language {code}.", role=role, code=repr(code)))
    return lang.code


def check_pair(backend_or_info: Any, source: str | None, target: str | None) -> tuple[str | None, str]:
    """Raise UnsupportedTaskError, with a sentence a user understands, when the model cannot translate
    `source` → `target`; else return both as app codes (source None for "auto"/unknown, not checked).

    Takes a loaded backend or its ModelInfo, so the UI can check a pair before it starts anything."""
    if isinstance(backend_or_info, ModelInfo):
        info, caps = backend_or_info, None
    else:
        info, caps = getattr(backend_or_info, "info", None), getattr(backend_or_info, "capabilities", None)
    name = info.name if info and info.name else "This model"
    src = _resolve(source, "source")
    tgt = _resolve(target, "target")
    if tgt is None:
        raise UnsupportedTaskError(phrase("Choose the language to translate into."))
    if src == tgt:
        raise UnsupportedTaskError(
            phrase("The source and target are both {display_name}; choose a different target language.", display_name=languages.display_name(tgt))
        )
    profile = info.translation if info else None
    if not profile:
        family = (info.family or None) if info else None
        chat = Capability.CHAT in caps if caps is not None else family in (None, "causal-lm", "image-text-to-text")
        if not chat:
            raise UnsupportedTaskError(
                phrase("{name} cannot translate: it is neither a chat model nor a translation model (Marian opus-mt, NLLB, M2M100 or T5) this app knows.", name=name)
            )
        return src, tgt  # an LLM is asked in words: any pair
    sources, targets = list(profile.get("sources") or []), list(profile.get("targets") or [])
    pairs = [tuple(p) for p in profile.get("pairs") or []]
    wanted = f"{languages.display_name(src) if src else 'this text'} → {languages.display_name(tgt)}"
    if pairs:
        ok = (src, tgt) in pairs if src else any(t == tgt for _, t in pairs)
        if not ok:
            by_source = {s: [t for s2, t in pairs if s2 == s] for s, _ in pairs}
            can = "; ".join(f"{_names([s])} → {_names(ts)}" for s, ts in by_source.items())
            raise UnsupportedTaskError(phrase("{name} translates {can} only; pick another model for {wanted}.", name=name, can=can, wanted=wanted))
        return src, tgt
    if targets and tgt not in targets:
        if tgt in sources:  # M2M100 reads Traditional Chinese but writes only Simplified
            raise UnsupportedTaskError(
                phrase("{name} can read {display_name} but cannot write it; pick another model for {wanted}.", name=name, display_name=languages.display_name(tgt), wanted=wanted)
            )
        raise UnsupportedTaskError(
            phrase("{name} cannot translate into {display_name}; pick another model for {wanted}.", name=name, display_name=languages.display_name(tgt), wanted=wanted)
        )
    if src and sources and src not in sources:
        raise UnsupportedTaskError(
            phrase("{name} cannot translate from {display_name}; pick another model for {wanted}.", name=name, display_name=languages.display_name(src), wanted=wanted)
        )
    return src, tgt


# -- the task ---------------------------------------------------------------------------------------------------------
def translate(
    backend: Any,
    text: str,
    source: str | None,
    target: str,
    params: GenerationParams | None = None,
    cancel: threading.Event | None = None,
    on_progress: ProgressFn | None = None,
    on_text: TextFn | None = None,
) -> TranslationResult:
    """Translate `text` from `source` ("auto" to detect it) into `target` (app language codes or names).

    `on_text` receives the translation in order, piece by piece; joined, the pieces are `result.text`.
    `on_progress(done, total)` counts non-blank paragraphs. Cancelling raises Cancelled, whose `partial_text`
    holds what was translated so far."""
    cancel = cancel if cancel is not None else threading.Event()
    params = params or TRANSLATION_PARAMS
    caps = backend.capabilities
    if Capability.CHAT in caps:
        method = "chat"
    elif Capability.SEQ2SEQ in caps:
        method = "seq2seq"
    else:
        check_pair(backend, None, target)  # raises the plain "cannot translate" message
        raise UnsupportedTaskError(phrase("This model cannot translate."))

    detected = None
    src = _resolve(source, "source")
    tgt = _resolve(target, "target")
    if not text.strip():  # nothing to translate: the whitespace comes back as it was
        check_pair(backend, src, target)
        if on_progress:
            on_progress(0, 0)
        if text and on_text:
            on_text(text)
        return TranslationResult(text=text, source=src, target=tgt or target, method=method)
    if src is None:
        detected = languages.detect_language(text)
        if detected and languages.lookup(detected[0]):
            src = languages.get(detected[0]).code
    if src is None and method == "seq2seq":
        profile = (backend.info.translation if backend.info else None) or {}
        only = profile.get("sources") or []
        if len(only) != 1:
            raise UnsupportedTaskError(phrase("Could not tell which language the text is in; choose the source language."))
        src = only[0]
    if detected and src == tgt:
        raise UnsupportedTaskError(
            phrase("The text already looks like {display_name}; choose a different target language.", display_name=languages.display_name(tgt))
        )
    src, tgt = check_pair(backend, src, target)
    result = TranslationResult(text="", source=src, target=tgt, detected=detected, method=method)
    out: list[str] = []

    def emit(piece: str) -> None:
        if piece:
            out.append(piece)
            if on_text:
                on_text(piece)

    blocks = _code_verbatim(text, split_blocks(text))
    total = sum(1 for b in blocks if b.text.strip() and not b.verbatim)
    if on_progress:
        on_progress(0, total)
    try:
        if method == "seq2seq":
            _translate_seq2seq(backend, blocks, src, tgt, params, cancel, emit, on_progress, total, result)
        else:
            _translate_chat(backend, blocks, src, tgt, params, cancel, emit, on_progress, total, result)
    except Cancelled as exc:
        exc.partial_text = "".join(out)  # type: ignore[attr-defined]
        raise
    result.text = "".join(out)
    return result


def _code_verbatim(text: str, blocks: list[Block]) -> list[Block]:
    """Fenced code (``` or ~~~, fences included) comes back as it was: translated, a README's commands broke
    ("pip 安装 -e ."), as neither DeepL nor a person would do. A paragraph that runs into a fence is cut there;
    a code block holding blank lines is several paragraphs, each kept."""
    fenced = fenced_ranges(text)
    if not fenced:
        return blocks
    cuts = sorted({edge for start, end in fenced for edge in (start, end)})
    out, pos = [], 0
    for block in blocks:
        end = pos + len(block.text)
        inner = [c - pos for c in cuts if pos < c < end]  # a fence that starts or ends inside this paragraph
        parts = [block.text[a:b] for a, b in zip([0, *inner], [*inner, len(block.text)], strict=True)]
        start = pos
        for i, part in enumerate(parts):
            code = any(a <= start < b for a, b in fenced) and bool(part.strip())
            out.append(Block(part, block.separator if i == len(parts) - 1 else "", verbatim=code))
            start += len(part)
        pos = end + len(block.separator)
    return out


def _pieces(core: str, budget: int, count_tokens: Callable[[str], int]) -> list[str]:
    return [core] if count_tokens(core) <= budget else chunk_text(core, budget, count_tokens)


class _Seq2SeqBlock:
    """A paragraph planned for seq2seq: literal pieces (whitespace, line breaks) and translation jobs."""

    def __init__(self, block: Block, jobs: list[str], budget: int, count_tokens: Callable[[str], int]):
        self.block = block
        self.parts: list[str | list[int]] = []  # str: literal; list: job indices joined into one translation
        self.translatable = bool(block.text.strip()) and not block.verbatim
        for lead, core, trail in paragraph_units(block.text) if self.translatable else [(block.text, "", "")]:
            self.parts.append(lead)
            if not core:
                continue
            pieces = _pieces(core, budget, count_tokens)
            self.parts.append(list(range(len(jobs), len(jobs) + len(pieces))))
            jobs.extend(pieces)
            self.parts.append(trail)

    def render(self, results: list[str], joiner: str) -> str:
        return "".join(p if isinstance(p, str) else joiner.join(results[i] for i in p) for p in self.parts)


def _translate_seq2seq(backend, blocks, src, tgt, params, cancel, emit, on_progress, total, result) -> None:
    budget = max(4, min(backend.n_ctx, SEQ2SEQ_PIECE_TOKENS) - SEQ2SEQ_OVERHEAD)
    joiner = "" if languages.get(tgt).cjk else " "
    done = 0
    pending: list[_Seq2SeqBlock] = []
    jobs: list[str] = []

    def flush() -> None:
        nonlocal done, jobs
        if cancel.is_set():
            raise Cancelled(phrase("Translation cancelled."))
        results = (
            backend.seq2seq(jobs, params, cancel, source_lang=src, target_lang=tgt) if jobs else []
        )
        result.pieces += len(jobs)
        for planned in pending:
            emit(planned.render(results, joiner) + planned.block.separator)
            if planned.translatable:
                done += 1
                result.paragraphs += 1
                if on_progress:
                    on_progress(done, total)
        pending.clear()
        jobs = []

    for block in blocks:
        pending.append(_Seq2SeqBlock(block, jobs, budget, backend.count_tokens))
        if len(jobs) >= SEQ2SEQ_BATCH:
            flush()
    flush()


# -- the LLM path -----------------------------------------------------------------------------------------------------
def language_for_prompt(code: str) -> str:
    """How a prompt names a language: Chinese always with its script, which small models otherwise mix."""
    if code == "zh":
        return "Simplified Chinese (简体中文)"
    if code == "zh-Hant":
        return "Traditional Chinese (繁體中文)"
    return languages.get(code).english


SYSTEM_PROMPT = (
    "You are a translation engine. Translate the user's text faithfully. Reply with the translation only: "
    "no explanations, no notes, no quotation marks around it. Keep names, numbers, URLs and code as they are, "
    "and keep the line breaks."
)


# Into Chinese the small model left English words in place ("宇宙空间 Telescope， launched于…"): it is told
# outright, after the text, that every word must be in Chinese characters (bench/translation_quality.py).
SCRIPT_RULE = {
    "zh": "Write every word in Chinese characters (简体中文); keep only names, numbers and code as they are.",
    "zh-Hant": "Write every word in Chinese characters (繁體中文); keep only names, numbers and code as they are.",
}


def build_messages(text: str, source: str | None, target: str) -> list[dict[str, str]]:
    """The request for one piece. The text is fenced: without the fence, Qwen2.5-0.5B answered "What is the
    capital of France?" ("巴黎") instead of translating it; fenced, all six of our probes came back translated."""
    src = f" from {language_for_prompt(source)}" if source else ""
    rule = SCRIPT_RULE.get(target, "")
    user = (f"Translate the text between the ``` marks{src} into {language_for_prompt(target)}. Reply with the "
            f"translation only, no notes.{' ' + rule if rule else ''}\n\n```\n{text}\n```")
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def _translate_chat(backend, blocks, src, tgt, params, cancel, emit, on_progress, total, result) -> None:
    overhead = backend.count_chat_tokens(build_messages("", src, tgt))
    budget = max(16, (backend.n_ctx - overhead) // (1 + LLM_OUTPUT_FACTOR))
    joiner = "" if languages.get(tgt).cjk else " "
    done = 0
    for block in blocks:
        if cancel.is_set():
            raise Cancelled(phrase("Translation cancelled."))
        if not block.text.strip() or block.verbatim:
            emit(block.text + block.separator)
            continue
        for lead, core, trail in paragraph_units(block.text):
            emit(lead)
            for i, piece in enumerate(_pieces(core, budget, backend.count_tokens) if core else []):
                if i:
                    emit(joiner)
                _stream_piece(backend, piece, src, tgt, params, cancel, emit, result)
            emit(trail)
        emit(block.separator)
        done += 1
        result.paragraphs += 1
        if on_progress:
            on_progress(done, total)


def _stream_piece(backend, piece, src, tgt, params, cancel, emit, result) -> None:
    messages = build_messages(piece, src, tgt)
    limit = LLM_OUTPUT_FACTOR * backend.count_tokens(piece) + 64
    # A translation never shows thinking: a reasoning model is asked not to think (and any it writes is split off)
    run = replace(params, max_tokens=min(params.max_tokens, limit) if params.max_tokens > 0 else limit,
                  thinking="off")
    cleaner = ReplyCleaner(single_line="\n" not in piece)
    finish = None
    for chunk in backend.chat_stream(messages, run, cancel):
        emit(cleaner.feed(chunk.text))
        if chunk.finish_reason:
            finish = chunk.finish_reason
    if finish == "cancelled" or cancel.is_set():
        raise Cancelled(phrase("Translation cancelled."))
    emit(cleaner.finish())
    result.pieces += 1
    result.truncated = result.truncated or finish == "length"
