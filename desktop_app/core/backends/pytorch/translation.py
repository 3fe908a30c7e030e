"""What a seq2seq model can translate, and how to tell it the languages: Marian opus-mt, NLLB, M2M100 and T5.

Each family names languages its own way (a `>>id<<` token, a language token forced first, a task prefix), so the
profile is read once at load, from the config, the tokenizer's vocabulary and the model's name, and the Translate
tab offers only the pairs the loaded model can do. Plain Python over the tokenizer: no torch here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.tasks import languages

# opus-mt-en-zh, opus-mt-tc-big-en-zh, Helsinki-NLP/opus-mt-zh-en...: the pair is in the name.
OPUS_NAME = re.compile(r"opus-mt-(?:tc-(?:big|base)-)?([a-z]{2,3}(?:_[a-z]+)?)-([a-z]{2,3}(?:_[a-z]+)?)(?![a-z])", re.I)
T5_PREFIXES = {  # the only pairs original T5 was trained to translate
    "en>de": "translate English to German: ",
    "en>fr": "translate English to French: ",
    "en>ro": "translate English to Romanian: ",
}


@dataclass(frozen=True)
class Translation:
    """What a loaded seq2seq model can translate, and the model's own names for the languages.

    `sources`/`targets` are app language codes; with `pairs` set, only those (source, target) pairs work,
    else any source to any other target. Empty `sources` (or `targets`) means the model does not say which
    (a Marian folder whose name and tokenizer give no languages): nothing is checked then."""

    kind: str  # "marian", "nllb", "m2m100" or "t5"
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...] = ()
    tokens: dict[str, str] = field(default_factory=dict)  # app code -> language token in the vocabulary
    codes: dict[str, str] = field(default_factory=dict)  # app code -> what tokenizer.src_lang takes
    prefixes: dict[str, str] = field(default_factory=dict)  # "en>de" -> T5 task prefix

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "sources": list(self.sources), "targets": list(self.targets)}
        if self.pairs:
            d["pairs"] = [list(p) for p in self.pairs]
        else:
            d["languages"] = sorted(set(self.sources) | set(self.targets))
        return d


@dataclass(frozen=True)
class TranslationPlan:
    prefix: str = ""  # prepended to each text (T5 task prefix, Marian >>id<< token)
    source_code: str = ""  # for tokenizer.src_lang
    source_id: int | None = None  # NLLB / M2M100 source language token
    forced_bos_id: int | None = None  # NLLB / M2M100 target language token, forced first


def translation_profile(folder: Path, config: dict[str, Any], tokenizer: Any, name: str) -> Translation | None:
    """The translation abilities of a seq2seq model, from its config, tokenizer and name; None for models that
    do not translate (BART, Pegasus summarizers) or that this app cannot drive."""
    model_type = str(config.get("model_type") or "")
    try:
        vocab = set(tokenizer.get_vocab())
    except (AttributeError, NotImplementedError, TypeError):
        vocab = set()
    if model_type == "marian":
        return _marian_profile(folder, config, vocab, name)
    if model_type in ("m2m_100", "nllb-moe"):
        nllb = [lang for lang in languages.LANGUAGES if lang.nllb in vocab]
        if nllb:
            codes = tuple(lang.code for lang in nllb)
            table = {lang.code: lang.nllb for lang in nllb}
            return Translation("nllb", codes, codes, tokens=table, codes=table)
        sources: list[str] = []
        targets: list[str] = []
        tokens: dict[str, str] = {}
        m2m_codes: dict[str, str] = {}
        for lang in languages.LANGUAGES:
            code = lang.m2m100 or ("zh" if lang.code == "zh-Hant" else None)  # reads Traditional, writes Simplified
            if code and f"__{code}__" in vocab:
                sources.append(lang.code)
                tokens[lang.code], m2m_codes[lang.code] = f"__{code}__", code
                if lang.m2m100:
                    targets.append(lang.code)
        if targets:
            return Translation("m2m100", tuple(sources), tuple(targets), tokens=tokens, codes=m2m_codes)
        return None
    if model_type == "t5":
        prefixes = dict(T5_PREFIXES)
        tsp = config.get("task_specific_params")
        if isinstance(tsp, dict):
            for key, value in tsp.items():
                m = re.fullmatch(r"translation_([a-z]+)_to_([a-z]+)", str(key))
                src, tgt = (languages.lookup(m.group(1)), languages.lookup(m.group(2))) if m else (None, None)
                if src and tgt and isinstance(value, dict) and isinstance(value.get("prefix"), str):
                    prefixes[f"{src.code}>{tgt.code}"] = value["prefix"]
        pairs = tuple(tuple(k.split(">")) for k in prefixes)
        return Translation(
            "t5",
            tuple(dict.fromkeys(p[0] for p in pairs)),
            tuple(dict.fromkeys(p[1] for p in pairs)),
            pairs=pairs,  # type: ignore[arg-type]
            prefixes=prefixes,
        )
    return None


def _marian_profile(folder: Path, config: dict[str, Any], vocab: set[str], name: str) -> Translation:
    src = tgt = None
    try:
        tok_cfg = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tok_cfg = {}
    if isinstance(tok_cfg, dict):
        src = languages.lookup(str(tok_cfg.get("source_lang") or ""))
        tgt = languages.lookup(str(tok_cfg.get("target_lang") or ""))
    for candidate in (name, folder.name, str(config.get("_name_or_path") or "")):
        m = OPUS_NAME.search(candidate)
        if m:
            src = src or languages.lookup(m.group(1))
            tgt = tgt or languages.lookup(m.group(2))
            break
    tokens: dict[str, str] = {}
    for lang in languages.LANGUAGES:  # multi-target models: a >>id<< token starts the text
        token = next((t for t in languages.marian_target_tokens(lang) if t in vocab), None)
        if token:
            tokens[lang.code] = token
    targets = tuple(tokens) if tokens else ((tgt.code,) if tgt else ())
    sources = (src.code,) if src else ()
    pairs = tuple((s, t) for s in sources for t in targets if s != t)
    return Translation("marian", sources, targets, pairs=pairs, tokens=tokens)
