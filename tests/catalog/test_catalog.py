"""The shipped catalogue: its shape, unique ids, sizes consistent with the quantizations, and the matching rules."""

from __future__ import annotations

import copy
import json
import re

import pytest

from desktop_app.core.models import catalog
from desktop_app.core.models.catalog import QUANT_BITS, CatalogError, parse_catalog

RAW = json.loads(catalog.CATALOG_PATH.read_text(encoding="utf-8"))
ENTRIES = catalog.load_catalog()


def test_catalogue_loads_with_unique_ids_and_covers_every_tab_in_both_languages():
    ids = [e.id for e in ENTRIES]
    assert all(e.good_at_zh and e.good_at_in("zh_CN") == e.good_at_zh and e.good_at_in("en_US") == e.good_at
               for e in ENTRIES)
    assert len(ids) == len(set(ids)) == len(RAW["entries"])
    for task in catalog.TASKS:
        assert catalog.entries_for(task), task
    for task in ("chat", "reasoning", "describe", "translate", "summarize", "sentiment", "embeddings"):
        assert catalog.entries_for(task, "zh"), task
        assert catalog.entries_for(task, "en"), task


def test_the_families_the_issue_names_are_present():
    repos = " ".join(e.repo for e in ENTRIES)
    for family in ("Qwen3-0.6B", "Qwen3-14B", "DeepSeek-R1", "SmolVLM", "Qwen2.5-VL", "gemma-3", "blip",
                   "Florence-2", "opus-mt-zh-en", "opus-mt-en-zh", "nllb", "bart-large-cnn", "sentiment",
                   "bge-m3", "multilingual-e5", "Qwen3-Embedding"):
        assert family.lower() in repos.lower(), family


def test_no_checksum_is_written_in_the_catalogue():
    """The issue forbids checksums not read from a real file: downloads are checked against the hub's SHA-256."""
    text = catalog.CATALOG_PATH.read_text(encoding="utf-8")
    assert not re.search(r"[0-9a-f]{40,}", text)
    assert "sha" not in text.lower().replace("sha-256 the hub publishes", "")


def test_quant_sizes_grow_with_their_bits_and_every_vision_gguf_has_its_mmproj():
    for e in ENTRIES:
        if e.kind == "gguf":
            bits = [QUANT_BITS[f.quant] for f in e.quants]
            sizes = [f.size_bytes for f in e.quants]
            assert bits == sorted(bits) and sizes == sorted(sizes), e.id
            assert all(f.filename.endswith(".gguf") for f in e.quants)
            # Bytes per bit per weight stay within a factor of 1.6 across one model's files (all from one family).
            per_bit = [s / b for s, b in zip(sizes, bits, strict=True)]
            assert max(per_bit) / min(per_bit) < 1.6, e.id
            if {"describe", "captioner"} & set(e.tasks):
                assert e.mmproj is not None and "mmproj" in e.mmproj.filename.lower(), e.id
                assert e.download_files()[-1] == e.mmproj
        else:
            assert e.folder_size_bytes > 0 and not e.quants and e.mmproj is None


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ((0, "id"), "qwen3-1.7b", "used twice"),
        ((0, "tasks"), ["cooking"], "tasks"),
        ((0, "repo"), "no-owner", "owner/name"),
        ((0, "quants", 0, "quant"), "Q4_K_M", "does not carry"),
        ((0, "quants", 0, "size_mb"), 0, "no size"),
    ],
)
def test_malformed_entries_are_refused_with_the_entry_named(path, value, message):
    doc = copy.deepcopy(RAW)
    target = doc["entries"]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(CatalogError, match=message):
        parse_catalog(doc)


def test_a_vision_gguf_without_its_projector_is_refused():
    doc = copy.deepcopy(RAW)
    vision = next(e for e in doc["entries"] if e["id"] == "smolvlm-256m")
    del vision["mmproj"]
    with pytest.raises(CatalogError, match="smolvlm-256m: a vision GGUF needs its mmproj"):
        parse_catalog(doc)


def test_fit_and_best_fit_follow_the_memory_free():
    small, large = catalog.by_id("qwen3-0.6b"), catalog.by_id("qwen3-14b")
    gb = 1_000_000_000
    assert catalog.fit(small, 2 * gb).fits
    verdict = catalog.fit(large, 2 * gb)
    assert not verdict.fits and verdict.text() == "too big: needs about 10.5 GB, 2.0 GB free"
    assert catalog.best_fit("chat", 3 * gb, "zh").id == "qwen3-1.7b"
    assert catalog.best_fit("chat", 64 * gb, "zh").id == "qwen3-14b"
    assert catalog.best_fit("chat", 100 * 1_000_000) is None
    assert catalog.best_fit("chat", 64 * gb, "zh", max_tier="medium").id == "qwen3-4b"
    assert catalog.best_fit("captioner", int(0.7 * gb)).id == "smolvlm-256m"
    assert catalog.best_fit("captioner", 1 * gb).id == "smolvlm-500m"


def test_one_click_fetches_the_default_quant_with_its_projector():
    vl = catalog.by_id("qwen2.5-vl-3b")
    names = [f.filename for f in vl.download_files()]
    assert names == ["Qwen2.5-VL-3B-Instruct-Q4_K_M.gguf", "mmproj-Qwen2.5-VL-3B-Instruct-Q8_0.gguf"]
    assert vl.download_bytes("Q8_0") > vl.download_bytes()
    with pytest.raises(CatalogError, match="has no Q2_K"):
        vl.download_files("Q2_K")


def test_cli_lists_the_catalogue_for_a_task_with_the_fit_here(capsys, monkeypatch):
    from desktop_app import cli
    from desktop_app.core.models import speed_reference

    # The listing measures this machine first (no cached measurement in a fresh app home): one type reference of
    # the eight, as in tests/integration/test_speed_prediction.py, since the subject is the list and its fit, not
    # the types (the eight cost a minute under load).
    monkeypatch.setattr(speed_reference, "REFERENCE_TYPES", ("Q8_0",))
    assert cli.main(["models", "--catalog", "--task", "describe"]) == 0
    out = capsys.readouterr().out
    assert "smolvlm-256m" in out and "qwen2.5-vl-3b" in out and "opus-mt" not in out
    assert ("fits: needs about" in out) or ("too big: needs about" in out)
    assert cli.main(["models", "--catalog", "--task", "cooking"]) == 2
    assert "Unknown task 'cooking'" in capsys.readouterr().err
