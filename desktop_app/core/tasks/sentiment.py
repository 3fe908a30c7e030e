"""Sentiment: label sets, the zero-shot prompt, and classifying a batch of texts progressively.

Two ways to classify, picked from what the loaded model can do:
- a sequence classifier (Capability.CLASSIFIER) gives its own labels (config.id2label), softmax or, for a
  multi-label model, independent sigmoids; the label set the user picked does not apply and results say so;
- a chat model (Capability.CHAT) scores the user's label set zero-shot: `backend.score_labels` gives the
  probability of each label's whole token sequence as the reply to a "classify this text" prompt.

Label words. Presets have English and Chinese names, but the model is always asked, and scored, with the English
words, whatever the text's language; the Chinese names are for display. Measured with Qwen2.5-Coder-0.5B (the
built-in model) on 14 English and 14 Chinese sentences, an English instruction with English labels classified the
Chinese sentences at least as well as a Chinese instruction with 正面/负面/中性: 10/10 either way for
positive/negative (mean probability of the right label 0.963 vs 0.970), 11/14 either way with neutral added
(0.714 vs 0.674), while mixing the two (English instruction, Chinese labels) was worst with neutral (10/14,
0.599). One prompt for every language also lets a batch of mixed texts reuse the instruction's cached prefix.
Custom labels are scored as the user typed them. (With neutral in the set that model got all 20 positive and
negative sentences right but called the 8 plain statements "positive", whatever the order the labels were listed
in: it gives them more "neutral" than emotional texts, 0.15-0.38 against 0.01-0.09, but seldom the most. A larger
model, or a real sentiment classifier, does better there.)

Prompt style. By default ("auto") the chat template is used, as instruct models are trained on it, with the
instruction before the text so that a batch reuses the instruction's cached prefix. A plain completion prompt
("Text: ...\nSentiment (positive, negative):", style "plain") is there too, because it suits very small models
better. On the same sentences, positive/negative: SmolLM2-135M chat 7/10 English, 6/10 Chinese; plain 10/10 and
7/10. Qwen2.5-0.5B chat 10/10 and 10/10; plain 9/10 and 10/10.

Leading space. After a chat template's assistant opening ("<|im_start|>assistant\\n") the reply's first word comes
without a space: SmolLM2 gives "positive" log-probability -0.86 and " positive" -7.2; Qwen -0.22 and -5.6. After
a plain completion prompt ending in "Sentiment:" it is the other way round (SmolLM2: -8.5 vs -4.3). So labels
follow a chat prompt as is, and a plain prompt with a space (`SentimentPrompt.label_prefix`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop_app.core.backends.base import Backend
from desktop_app.core.engine.types import Capability, LabelScores
from desktop_app.core.errors import Cancelled, ContextOverflowError, DesktopAppError, UnsupportedTaskError
from desktop_app.core.messages import phrase

DEFAULT_BATCH = 16
MULTI_LABEL_THRESHOLD = 0.5
LABEL_MARGIN_TOKENS = 8  # room kept after the prompt for the label's own tokens (and rounding)
CLASSIFIER_SPECIAL_TOKENS = 2  # [CLS] ... [SEP] or <s> ... </s> around a classifier's input

INSTRUCTION = "Classify the sentiment of the text below. Answer with exactly one of these labels: {labels}.\n\nText:\n"
PLAIN_TEMPLATE = "Text: {text}\nSentiment ({labels}):"
PROMPT_STYLES = ("auto", "chat", "plain")
MAX_CHARS_PER_TOKEN = 32  # a text over budget x this many characters is cut before counting tokens


class LabelSetError(DesktopAppError):
    """The labels the user typed cannot be used (fewer than two, for instance)."""


# -- label sets ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LabelSet:
    """Labels to classify into. `labels` are the words the model is scored with and results carry; `names_zh`
    are the same labels for a Chinese interface (equal to `labels` for custom sets)."""

    key: str  # "positive_negative", "positive_neutral_negative" or "custom"
    labels: tuple[str, ...]
    names_zh: tuple[str, ...]

    def names(self, language: str = "en") -> tuple[str, ...]:
        """Display names: Chinese for a "zh..." language code, English otherwise."""
        return self.names_zh if language.lower().startswith("zh") else self.labels

    def display(self, label: str, language: str = "en") -> str:
        """One result label in the interface's language (unknown labels, e.g. a classifier's, as they are)."""
        try:
            return self.names(language)[self.labels.index(label)]
        except ValueError:
            return label


POSITIVE_NEGATIVE = LabelSet("positive_negative", ("positive", "negative"), ("正面", "负面"))
POSITIVE_NEUTRAL_NEGATIVE = LabelSet(
    "positive_neutral_negative", ("positive", "neutral", "negative"), ("正面", "中性", "负面")
)
PRESETS: dict[str, LabelSet] = {s.key: s for s in (POSITIVE_NEGATIVE, POSITIVE_NEUTRAL_NEGATIVE)}

_SEPARATORS = re.compile(r"[,，、;；\r\n]+")


def parse_labels(text: str) -> LabelSet:
    """A custom label set from what the user typed: separated by commas (, or ，), 、, semicolons or new lines;
    each label stripped of spaces and quotes, duplicates (ignoring case) dropped, keeping the first spelling."""
    seen: set[str] = set()
    labels: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        label = part.strip().strip("\"'“”‘’").strip()
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            labels.append(label)
    if len(labels) < 2:
        found = f"only {labels[0]!r}" if labels else "none"
        raise LabelSetError(
            phrase("Type at least two different labels, separated by commas or new lines (found {found}).", found=found)
        )
    return LabelSet("custom", tuple(labels), tuple(labels))


def label_set(labels: LabelSet | Sequence[str] | str | None) -> LabelSet:
    """Any accepted form of a label set as a LabelSet: a preset key, a LabelSet, typed text or a list."""
    if labels is None:
        return POSITIVE_NEGATIVE
    if isinstance(labels, LabelSet):
        return labels
    if isinstance(labels, str):
        return PRESETS.get(labels) or parse_labels(labels)
    return parse_labels("\n".join(labels))


# -- the zero-shot prompt ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SentimentPrompt:
    prompt: str
    truncated: bool  # the text was cut (its start kept) to fit the context
    label_prefix: str  # put before each label when scoring: "" after a chat template, " " after a plain prompt


def build_prompt(
    backend: Backend, text: str, labels: LabelSet | Sequence[str], style: str = "auto"
) -> SentimentPrompt:
    """A zero-shot prompt whose next tokens are the label. Style "auto" or "chat": the model's chat template
    when it has one (ending with the assistant's turn), else, or with style "plain", a completion prompt ending
    in "Sentiment (positive, negative):".

    A text too long for the context is cut by tokens, keeping its start, so that the prompt plus the longest
    label fits; the result says so."""
    return PromptBuilder(backend, labels, style).build(text)


class PromptBuilder:
    """Builds the prompts of a whole batch with as few calls to the model as possible: each is a round trip to the
    engine process, and a busy machine makes a round trip slow. The template is rendered once around a marker and
    each text is put in its place (checked against a real rendering of the first text: a template that changes
    the message falls back to rendering each); a text whose UTF-8 bytes fit the token budget is not counted,
    since no token covers less than a byte."""

    MARK = "\x00TEXT\x00"

    def __init__(self, backend: Backend, labels: LabelSet | Sequence[str], style: str = "auto") -> None:
        if style not in PROMPT_STYLES:
            raise ValueError(phrase("Unknown prompt style {style}; use one of {items}.", style=repr(style), items=', '.join(PROMPT_STYLES)))
        self.backend = backend
        words = label_set(labels).labels
        self.listing = ", ".join(words)
        self.chat = style != "plain"
        try:
            empty = self.render("")
        except UnsupportedTaskError:  # no chat template to format with: a plain completion prompt
            self.chat = False
            empty = self.render("")
        overhead = backend.count_tokens(empty)
        longest_label = max(backend.count_tokens(" " + w) for w in words)
        self.budget = backend.n_ctx - overhead - longest_label - LABEL_MARGIN_TOKENS
        if self.budget <= 0:
            raise ContextOverflowError(
                phrase("The model's context ({n_ctx} tokens) is too small for the sentiment instructions.", n_ctx=f"{backend.n_ctx:,}")
            )
        self._around: tuple[str, str] | None = None
        self._checked = False
        marked = self.render(self.MARK)
        if marked.count(self.MARK) == 1:
            head, _, tail = marked.partition(self.MARK)
            self._around = (head, tail)

    def render(self, body: str) -> str:
        if self.chat:
            # thinking "off": a reasoning model's prompt then ends where its answer starts (an empty thinking block
            # closed), so the labels are scored as the answer's first word, not against "<think>"
            return self.backend.format_chat([{"role": "user", "content": INSTRUCTION.format(labels=self.listing)
                                              + body}], thinking="off")
        return PLAIN_TEMPLATE.format(text=body, labels=self.listing)

    def build(self, text: str) -> SentimentPrompt:
        if len(text.encode("utf-8")) + 1 < self.budget:
            body, truncated = text, False
        else:
            body, truncated = truncate_to_tokens(self.backend, text, self.budget)
        return SentimentPrompt(self._fill(body), truncated, "" if self.chat else " ")

    def _fill(self, body: str) -> str:
        if self._around is None:
            return self.render(body)
        filled = self._around[0] + body + self._around[1]
        if not self._checked:
            self._checked = True
            if filled != self.render(body):
                self._around = None
                return self.render(body)
        return filled


def truncate_to_tokens(backend: Backend, text: str, budget: int) -> tuple[str, bool]:
    """The longest start of `text` that is at most `budget` tokens (cut at a character boundary found by bisection
    over the backend's own token count), and whether it was cut."""
    cut = len(text) > budget * MAX_CHARS_PER_TOKEN
    if cut:  # spare the tokenizer a huge text: more than this many characters cannot fit anyway
        text = text[: budget * MAX_CHARS_PER_TOKEN]
    if backend.count_tokens(text) <= budget:
        return text, cut
    low, high = 0, len(text)  # text[:low] fits, text[:high] does not
    while high - low > 1:
        mid = (low + high) // 2
        if backend.count_tokens(text[:mid]) <= budget:
            low = mid
        else:
            high = mid
    return text[:low].rstrip(), True


# -- classifying a batch -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SentimentResult:
    text: str
    label: str  # the best label; for a multi-label classifier every label over 0.5, joined by ", "; "" on error
    score: float  # probability of the best label
    scores: LabelScores | None  # every label's probability (None when the row failed)
    truncated: bool = False  # the text was cut to fit the model's context
    error: str = ""  # why this row has no label (an empty text, say)
    method: str = "zero-shot"  # "classifier" (the model's own labels) or "zero-shot" (the chosen label set)
    labels_ignored: bool = False  # a classifier has its own labels: the label set the user picked was not used
    chosen: tuple[str, ...] = ()  # the labels `label` names (several only for a multi-label classifier)


RowsCallback = Callable[[int, list[SentimentResult]], None]


def classify_texts(
    backend: Backend,
    texts: Sequence[str],
    labels: LabelSet | Sequence[str] | str | None = None,
    cancel: threading.Event | None = None,
    on_rows: RowsCallback | None = None,
    batch_size: int = DEFAULT_BATCH,
    prompt_style: str = "auto",
) -> list[SentimentResult]:
    """Classify every text, reporting each finished batch as on_rows(index of its first row, its results) so a
    table can fill in progressively. A cancel raises Cancelled; every row finished before it was reported.

    A classifier model uses its own labels (results have method "classifier" and, when a label set was given,
    labels_ignored); a chat model scores `labels` (positive/negative by default) zero-shot, with a prompt of
    `prompt_style` (see build_prompt). An empty text gets a row with label "" and an error, not an exception."""
    cancel = cancel or threading.Event()
    batch_size = max(1, batch_size)
    caps = backend.capabilities
    if Capability.CLASSIFIER in caps:
        run = _classifier_batch(backend, labels is not None)
    elif Capability.CHAT in caps:
        run = _zero_shot_batch(backend, label_set(labels), prompt_style)
    else:
        raise UnsupportedTaskError(phrase("This model can neither classify text nor chat, so it cannot rate sentiment."))
    results: list[SentimentResult] = []
    for start in range(0, len(texts), batch_size):
        if cancel.is_set():
            raise Cancelled(phrase("Sentiment analysis cancelled after {start} of {count} texts.", start=f"{start:,}", count=f"{len(texts):,}"))
        done: list[SentimentResult] = []
        try:
            run(texts[start : start + batch_size], cancel, done)
        except Cancelled:
            if done and on_rows is not None:
                on_rows(start, done)  # what finished before Stop is kept
            raise Cancelled(
                phrase("Sentiment analysis cancelled after {value} of {count} texts.", value=f"{start + len(done):,}", count=f"{len(texts):,}")
            ) from None
        results.extend(done)
        if on_rows is not None:
            on_rows(start, done)
    return results


def _empty_row(text: str, method: str, ignored: bool) -> SentimentResult:
    return SentimentResult(text, "", 0.0, None, error="The text is empty.", method=method, labels_ignored=ignored)


def _zero_shot_batch(backend: Backend, labels: LabelSet, style: str):
    """Rows scored zero-shot, a batch at a time: one `score_labels_batch` call for its texts (llama.cpp decodes
    them together), or one `score_labels` each where the backend has no batched scoring."""
    builder = PromptBuilder(backend, labels, style)
    batched = callable(getattr(backend, "score_labels_batch", None))

    def run(batch: Sequence[str], cancel: threading.Event, out: list[SentimentResult]) -> None:
        if cancel.is_set():
            raise Cancelled("cancelled")
        prompts = [builder.build(text) if (text or "").strip() else None for text in batch]
        real = [p for p in prompts if p is not None]
        words = [(real[0].label_prefix if real else "") + w for w in labels.labels]
        if batched and real:
            raws = iter(backend.score_labels_batch([p.prompt for p in real], words))
        else:
            raws = (backend.score_labels(p.prompt, words) for p in real if not cancel.is_set())
        for text, prompt in zip(batch, prompts, strict=True):
            if prompt is None:
                out.append(_empty_row(text or "", "zero-shot", False))
                continue
            raw = next(raws, None)
            if raw is None:
                raise Cancelled("cancelled")
            scores = LabelScores(list(labels.labels), raw.probabilities)
            chosen, best = pick_labels(scores)
            out.append(SentimentResult(text, chosen[0], best, scores, prompt.truncated, chosen=chosen))

    return run


def _classifier_batch(backend: Backend, labels_given: bool):
    limit = max(1, backend.n_ctx - CLASSIFIER_SPECIAL_TOKENS)

    def run(batch: Sequence[str], cancel: threading.Event, out: list[SentimentResult]) -> None:
        filled = [t for t in batch if (t or "").strip()]
        scored = iter(backend.classify(filled, cancel) if filled else [])
        for text in batch:
            if not (text or "").strip():
                out.append(_empty_row(text or "", "classifier", labels_given))
                continue
            scores = next(scored)
            chosen, best = pick_labels(scores)
            out.append(
                SentimentResult(
                    text,
                    ", ".join(chosen),
                    best,
                    scores,
                    truncated=backend.count_tokens(text) > limit,
                    method="classifier",
                    labels_ignored=labels_given,
                    chosen=chosen,
                )
            )

    return run


def pick_labels(scores: LabelScores) -> tuple[tuple[str, ...], float]:
    """The labels to show and the best one's probability: the most likely label, or for a multi-label model
    every label over 0.5 (most likely first), falling back to the most likely one when none is over 0.5."""
    order = sorted(range(len(scores.labels)), key=scores.probabilities.__getitem__, reverse=True)
    best = scores.probabilities[order[0]]
    if scores.multi_label:
        over = tuple(scores.labels[i] for i in order if scores.probabilities[i] > MULTI_LABEL_THRESHOLD)
        if over:
            return over, best
    return (scores.labels[order[0]],), best
