"""What a chat model is given from attached collections: the whole text when it fits, else the top passages.

GPT4All chops a document that would fit into fragments anyway, and Open WebUI truncates context silently; here the
rule is explicit. `build_context` measures the attached text against the token budget the caller leaves for it
(the model's context minus the conversation and the reply). If everything fits it goes in whole, one numbered
source per file. Otherwise hybrid search picks passages, best first, until the budget is spent; the ones that did
not fit are kept in `left_out` so the user can see them. When nothing relevant is found, the model is told so in
its instructions and `nothing_found` is set for the user, never a silent empty context.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.documents.chunking import estimate_tokens
from desktop_app.core.documents.embedder import Embedder
from desktop_app.core.documents.search import Hit, search
from desktop_app.core.documents.store import DocumentStore

TOP_PASSAGES = 8
INSTRUCTIONS = (
    "Answer the user's question using the numbered sources below. After each fact, cite its source number in "
    "square brackets, like [1] or [2]. If the sources do not contain the answer, say that they do not."
)
NOTHING_FOUND = (
    "The user attached documents, but no passage in them is relevant to this question. Tell the user that their "
    "documents do not cover it; if you answer from general knowledge, say clearly that it is not from their "
    "documents."
)
TOO_SMALL = (
    "The user attached documents, but not even one passage of them fits in what is left of the context. Tell the "
    "user so, and that a larger context or a shorter conversation would let the documents in."
)


@dataclass(frozen=True)
class Source:
    number: int
    collection: str
    file: str
    page: int
    start: int  # offsets in the file's text (page text for PDFs); -1 for a whole file
    end: int
    text: str
    tokens: int
    hit: Hit | None = None  # the ranks and fused score, when search chose it

    @property
    def label(self) -> str:
        where = f", page {self.page}" if self.page else ""
        return f"{Path(self.file).name}{where}"


@dataclass
class DocumentContext:
    mode: str  # "whole", "passages", "nothing" (no relevant passage) or "too_small" (none fits the context)
    sources: list[Source] = field(default_factory=list)
    left_out: list[Source] = field(default_factory=list)
    instructions: str = ""
    also: tuple[str, ...] = ()  # the question's translations that were searched too (crosslang.py)

    @property
    def nothing_found(self) -> bool:
        return self.mode in ("nothing", "too_small")

    def system_text(self) -> str:
        """The system prompt part: instructions and numbered sources."""
        if self.nothing_found:
            return TOO_SMALL if self.mode == "too_small" else NOTHING_FOUND
        blocks = [f"[{s.number}] ({s.label})\n{s.text}" for s in self.sources]
        return INSTRUCTIONS + "\n\n" + "\n\n".join(blocks)


def _whole_files(stores: list[DocumentStore]) -> list[Source]:
    sources: list[Source] = []
    for store in stores:
        by_file: dict[str, list] = {}
        for p in store.all_passages():
            by_file.setdefault(p.file, []).append(p)
        for file, passages in by_file.items():
            text = "\n\n".join(p.text for p in passages)
            sources.append(Source(len(sources) + 1, store.name, file, 0, -1, -1, text, sum(p.tokens for p in passages)))
    return sources


def build_context(
    stores: list[DocumentStore],
    question: str,
    embedder: Embedder | None,
    budget_tokens: int,
    count_tokens: Callable[[str], int] = estimate_tokens,
    cancel: threading.Event | None = None,
    also: tuple[str, ...] | list[str] = (),
) -> DocumentContext:
    """Choose what of the attached collections goes to the model for `question` within `budget_tokens`."""
    overhead = count_tokens(INSTRUCTIONS) + 16
    total = sum(store.total_tokens() for store in stores)
    if total and total + overhead + 12 * sum(s.stats()["indexed"] for s in stores) <= budget_tokens:
        whole = _whole_files(stores)
        used = overhead + sum(count_tokens(s.text) + 12 for s in whole)
        if used <= budget_tokens:
            return DocumentContext("whole", whole, [], INSTRUCTIONS)
    result = search(stores, question, embedder, top_k=TOP_PASSAGES, cancel=cancel, also=also)
    if result.nothing_relevant:
        return DocumentContext("nothing", instructions=NOTHING_FOUND, also=tuple(also))
    ctx = DocumentContext("passages", instructions=INSTRUCTIONS, also=tuple(also))
    used = overhead
    for hit in result.hits:
        p = hit.passage
        cost = count_tokens(p.text) + 12
        source = Source(0, hit.collection, p.file, p.page, p.start, p.end, p.text, p.tokens, hit)
        if used + cost <= budget_tokens:
            used += cost
            ctx.sources.append(Source(len(ctx.sources) + 1, *_fields(source)))
        else:
            ctx.left_out.append(source)
    if not ctx.sources:  # not even the best passage fits: say so rather than send nothing
        ctx.mode = "too_small"
        ctx.instructions = TOO_SMALL
    return ctx


def _fields(s: Source) -> tuple:
    return (s.collection, s.file, s.page, s.start, s.end, s.text, s.tokens, s.hit)
