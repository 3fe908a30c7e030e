"""What a summary is asked for and what comes back: the options the Summarize tab saves and the CLI reads, and the
result. Apart from summarize.py so that the tab reads them without the summarizer's machinery."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

LENGTHS = ("short", "medium", "long", "bullets")


@dataclass(frozen=True)
class SummarizeOptions:
    length: str = "medium"  # short / medium / long / bullets
    language: str = "auto"  # auto (the input's language) / en / zh
    temperature: float = 0.0  # greedy by default: the same text gives the same summary in the tab and the CLI
    repeat_penalty: float = 1.1
    seed: int = 0
    chunk_tokens: int = 0  # 0: as much as the model's context allows
    # LLMs, Chinese (summarize.NOTES_FIRST): note the facts first, then write the summary from the notes.
    rewrite: bool = True
    # LLMs on llama.cpp: the final summary pays a penalty for each token that carries a run copied from the source
    # to a dozen characters (Chinese) or to a few words (English) (core/backends/llama_copy_penalty.py;
    # bench/summary_quality.py). "auto": Chinese summaries, where it cut copying from 95 % to 16-32 % with the
    # meaning kept (and languages in summarize.CHECKED_STRENGTHS, checked: none yet); in English it cut copying
    # from 85 % to 59 %, but the 0.5B model then changed facts ("six weeks" became "six months", invented a
    # year), so English asks for it ("on": the plain penalty in every language, unchecked); "off" nowhere.
    avoid_copying: str = "auto"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SummarizeOptions:
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        clean = {
            f.name: data[f.name]
            for f in fields(cls)
            if f.name in data and isinstance(data[f.name], type(getattr(defaults, f.name)))
        }
        result = replace(defaults, **clean)
        return result if result.length in LENGTHS else replace(result, length="medium")


@dataclass
class SummaryResult:
    text: str
    engine: str  # "llm" or "seq2seq"
    language: str
    chunks: int  # chunks of the input in the first round (1: it fit at once)
    rounds: int  # map-reduce rounds before the final summary
    input_tokens: int
    finish_reason: str = "stop"
