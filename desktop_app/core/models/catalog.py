"""The curated model catalogue shipped with the app (catalog.json), loaded, validated and matched to this machine.

Why a data file: the list of models we recommend is reviewed like code but changes more often, and the Discover
page, the tabs' in-place recommendations and `desktop-app models --catalog` must all read the same list.

The sizes in the file are approximate (from the model cards) and only order and filter the list. No checksum is
written in the catalogue: each download is checked against the SHA-256 the hub publishes for the file when it is
fetched (core/models/downloader.py `_fetch`), so a number nobody read from a real file can never reject a good download.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop_app.core.messages import phrase
from desktop_app.core.models.hub import estimate_ram_bytes, parse_quant

CATALOG_PATH = Path(__file__).with_name("catalog.json")
TASKS = ("chat", "reasoning", "describe", "captioner", "translate", "summarize", "sentiment", "embeddings")
LANGUAGES = ("zh", "en")
TIERS = ("tiny", "small", "medium", "large", "xlarge")
KINDS = ("gguf", "folder")
# The catalogue's tabs that share a setting with another (AppSettings.task_models keys).
_SETTINGS_KEY = {"reasoning": "chat", "captioner": "describe", "embeddings": "documents"}
MB = 1_000_000
# A PyTorch folder on the CPU: float32 weights as shipped, plus activations and the runtime (rough, for warnings).
FOLDER_OVERHEAD_FACTOR = 1.3
FOLDER_OVERHEAD_BYTES = 300 * MB
# Bits per weight of llama.cpp quantizations, to order an entry's files and check their sizes against each other.
QUANT_BITS = {
    "Q2_K": 2.6, "Q3_K_M": 3.9, "IQ4_XS": 4.25, "Q4_0": 4.5, "Q4_K_S": 4.6, "Q4_K_M": 4.85, "Q5_0": 5.5,
    "Q5_K_S": 5.5, "Q5_K_M": 5.7, "Q6_K": 6.6, "Q8_0": 8.5, "BF16": 16.0, "F16": 16.0, "F32": 32.0,
}


class CatalogError(ValueError):
    """catalog.json is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class CatalogFile:
    filename: str
    size_bytes: int  # approximate
    quant: str | None = None


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    tasks: tuple[str, ...]
    languages: tuple[str, ...]
    tier: str
    good_at: str
    license: str
    kind: str  # "gguf" (one file + optional mmproj) or "folder" (a transformers repository)
    repo: str
    quants: tuple[CatalogFile, ...] = ()  # gguf: smallest first
    mmproj: CatalogFile | None = None  # gguf vision models: the projector that must land beside the model
    folder_size_bytes: int = 0  # folder: the weights in the repository (approximate)
    modelscope_repo: str | None = None  # the same files on ModelScope, when published there
    params_b: float | None = None
    note: str = ""
    good_at_zh: str = ""  # what it is good at, for Chinese users

    def good_at_in(self, language: str) -> str:
        """The description in the interface's language ("zh..." or anything else for English)."""
        return self.good_at_zh if language.startswith("zh") and self.good_at_zh else self.good_at

    @property
    def is_vision(self) -> bool:
        return self.mmproj is not None or "captioner" in self.tasks

    def default_quant(self) -> CatalogFile | None:
        """Q4_K_M when offered (small and good), else the smallest file."""
        for f in self.quants:
            if f.quant == "Q4_K_M":
                return f
        return self.quants[0] if self.quants else None

    def quant(self, name: str | None) -> CatalogFile | None:
        if name is None:
            return self.default_quant()
        return next((f for f in self.quants if f.quant == name), None)

    def download_files(self, quant: str | None = None) -> tuple[CatalogFile, ...]:
        """The files one click fetches: the chosen quantization and its projector (gguf); () means a whole folder."""
        if self.kind != "gguf":
            return ()
        chosen = self.quant(quant)
        if chosen is None:
            raise CatalogError(phrase("{name} has no {quant} file.", name=self.name, quant=quant))
        return (chosen, self.mmproj) if self.mmproj is not None else (chosen,)

    def download_bytes(self, quant: str | None = None) -> int:
        if self.kind != "gguf":
            return self.folder_size_bytes
        return sum(f.size_bytes for f in self.download_files(quant))

    def ram_bytes(self, quant: str | None = None, n_ctx: int = 4096) -> int:
        """A rough memory need before anything is downloaded (the same estimate the Hub picker shows)."""
        if self.kind != "gguf":
            return int(self.folder_size_bytes * FOLDER_OVERHEAD_FACTOR) + FOLDER_OVERHEAD_BYTES
        chosen = self.quant(quant)
        need = estimate_ram_bytes(chosen.size_bytes if chosen else 0, n_ctx)
        return need + (self.mmproj.size_bytes if self.mmproj else 0)


@dataclass(frozen=True)
class Fit:
    """What the Discover page and the CLI print for one entry on this machine."""

    entry: CatalogEntry
    quant: str | None
    ram_bytes: int
    available_bytes: int

    @property
    def fits(self) -> bool:
        return self.ram_bytes <= self.available_bytes

    def text(self) -> str:
        need = self.ram_bytes / 1e9
        have = self.available_bytes / 1e9
        if self.fits:
            return f"fits: needs about {need:.1f} GB, {have:.1f} GB free"
        return f"too big: needs about {need:.1f} GB, {have:.1f} GB free"


SpeedText = Callable[[CatalogEntry, str | None], str]  # the speed predictor, wired in when it lands


def settings_key(task: str) -> str:
    """The AppSettings.task_models key a catalogue tab sets ("captioner" models serve Describe Image)."""
    return _SETTINGS_KEY.get(task, task)


# -- loading and validation -----------------------------------------------------------------------------------------
def _file(raw: dict, where: str) -> CatalogFile:
    name = raw.get("file")
    size = raw.get("size_mb")
    if not isinstance(name, str) or not name:
        raise CatalogError(phrase("{where}: a file has no name.", where=where))
    if not isinstance(size, (int, float)) or size <= 0:
        raise CatalogError(phrase("{where}: {name} has no size.", where=where, name=name))
    quant = raw.get("quant")
    if quant is not None and parse_quant(name) != quant:
        raise CatalogError(phrase("{where}: {name} does not carry the quantization {quant} in its name.", where=where, name=name, quant=quant))
    return CatalogFile(filename=name, size_bytes=int(size * MB), quant=quant)


def _entry(raw: dict) -> CatalogEntry:
    eid = raw.get("id")
    if not isinstance(eid, str) or not eid:
        raise CatalogError(phrase("An entry has no id."))
    for key in ("name", "tier", "good_at", "license", "kind", "repo"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise CatalogError(phrase("{entry}: {key} is missing.", entry=eid, key=key))
    tasks, langs = tuple(raw.get("tasks") or ()), tuple(raw.get("languages") or ())
    if not tasks or set(tasks) - set(TASKS):
        raise CatalogError(phrase("{entry}: tasks must be among {items}.", entry=eid, items=', '.join(TASKS)))
    if not langs or set(langs) - set(LANGUAGES):
        raise CatalogError(phrase("{entry}: languages must be among {items}.", entry=eid, items=', '.join(LANGUAGES)))
    if raw["tier"] not in TIERS or raw["kind"] not in KINDS:
        raise CatalogError(phrase("{entry}: unknown tier or kind.", entry=eid))
    if raw["repo"].count("/") != 1:
        raise CatalogError(phrase("{entry}: repo must be owner/name.", entry=eid))
    quants: tuple[CatalogFile, ...] = ()
    mmproj = None
    folder_size = 0
    if raw["kind"] == "gguf":
        quants = tuple(_file(q, eid) for q in raw.get("quants") or ())
        if not quants or any(q.quant not in QUANT_BITS for q in quants):
            raise CatalogError(phrase("{entry}: a GGUF entry needs files with known quantizations.", entry=eid))
        quants = tuple(sorted(quants, key=lambda f: QUANT_BITS[f.quant or ""]))
        if raw.get("mmproj") is not None:
            mmproj = _file(raw["mmproj"], eid)
        if {"describe", "captioner"} & set(tasks) and mmproj is None:
            raise CatalogError(phrase("{entry}: a vision GGUF needs its mmproj file.", entry=eid))
    else:
        size = raw.get("size_mb")
        if not isinstance(size, (int, float)) or size <= 0:
            raise CatalogError(phrase("{entry}: a folder entry needs size_mb.", entry=eid))
        folder_size = int(size * MB)
    return CatalogEntry(
        id=eid, name=raw["name"], tasks=tasks, languages=langs, tier=raw["tier"], good_at=raw["good_at"],
        license=raw["license"], kind=raw["kind"], repo=raw["repo"], quants=quants, mmproj=mmproj,
        folder_size_bytes=folder_size, modelscope_repo=raw.get("modelscope_repo"),
        params_b=raw.get("params_b"), note=raw.get("note") or "", good_at_zh=raw.get("good_at_zh") or "",
    )


def parse_catalog(doc: dict) -> tuple[CatalogEntry, ...]:
    """Validate a catalogue document (the shape of catalog.json); raises CatalogError on the first problem."""
    if doc.get("version") != 1:
        raise CatalogError(phrase("Unknown catalogue version."))
    entries = tuple(_entry(raw) for raw in doc.get("entries") or ())
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise CatalogError(phrase("{id}: the id is used twice.", id=e.id))
        seen.add(e.id)
    return entries


def load_catalog(path: Path | None = None) -> tuple[CatalogEntry, ...]:
    """The shipped catalogue (CATALOG_PATH, read at call time so a test can point it at its own file), parsed once."""
    return _load(path or CATALOG_PATH)


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[CatalogEntry, ...]:
    return parse_catalog(json.loads(path.read_text(encoding="utf-8")))


def by_id(entry_id: str, entries: Iterable[CatalogEntry] | None = None) -> CatalogEntry | None:
    return next((e for e in (entries or load_catalog()) if e.id == entry_id), None)


# -- matching to a tab and this machine -----------------------------------------------------------------------------
def entries_for(
    task: str | None = None, language: str | None = None, entries: Iterable[CatalogEntry] | None = None
) -> list[CatalogEntry]:
    """The entries for a tab (and language), smallest tier first; within a tier, in the catalogue's order (the
    reviewed preference: the model listed first is the one to recommend)."""
    found = [
        e for e in (entries or load_catalog())
        if (task is None or task in e.tasks) and (language is None or language in e.languages)
    ]
    return sorted(found, key=lambda e: TIERS.index(e.tier))


def fit(entry: CatalogEntry, available_bytes: int, quant: str | None = None, n_ctx: int = 4096) -> Fit:
    return Fit(entry, quant, entry.ram_bytes(quant, n_ctx), available_bytes)


def best_fit(
    task: str, available_bytes: int, language: str | None = None, entries: Iterable[CatalogEntry] | None = None,
    max_tier: str = TIERS[-1],
) -> CatalogEntry | None:
    """The largest tier that fits in the memory free now: what a tab offers when its model is missing or weak.
    `max_tier` keeps an unasked-for recommendation modest: memory alone says nothing of speed, and a 14B model
    that fits may still crawl on a CPU (until the speed predictor is wired in)."""
    top = TIERS.index(max_tier)
    fitting = [e for e in entries_for(task, language, entries)
               if TIERS.index(e.tier) <= top and fit(e, available_bytes).fits]
    if not fitting:
        return None
    top_found = max(TIERS.index(e.tier) for e in fitting)
    return next(e for e in fitting if TIERS.index(e.tier) == top_found)
