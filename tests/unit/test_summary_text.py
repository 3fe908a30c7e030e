"""The deterministic parts of summary quality: boilerplate out, length from the source, whole sentences only."""

from __future__ import annotations

from desktop_app.core.tasks.summary_text import (
    SentenceStream,
    is_boilerplate,
    max_chars,
    output_tokens,
    size_hint,
    strip_boilerplate,
    strip_boilerplate_sentences,
    strip_copied_headings,
)


def test_bylines_credits_and_sign_offs_are_boilerplate_in_both_languages():
    for line in ("By Staff Reporter | Riverton Daily Ledger", "Reporting by Amina Yusuf; editing by John Carter.",
                 "Copyright 2024 Riverton Daily Ledger. All rights reserved.", "本报记者 李明 报道",
                 "（责任编辑：王芳）本文版权归本报所有，未经授权不得转载。", "记者：张伟、刘洋",
                 "作为一名从事软件开发和教学工作二十多年的作者，我衷心希望这篇文章能对你有所帮助。"):
        assert is_boilerplate(line), line
    for line in ("The bridge was built in 1931.", "By March the bridge will close to cars, the council said.",
                 "记者会上，市长宣布了新的计划。", "北京是中国的首都。"):
        assert not is_boilerplate(line), line


def test_strip_boilerplate_keeps_the_content_and_never_empties_a_text():
    text = "By Staff Reporter | Ledger\n\nThe council voted to close the bridge.\n\nAll rights reserved."
    assert strip_boilerplate(text) == "The council voted to close the bridge."
    assert strip_boilerplate("All rights reserved.") == "All rights reserved."
    summary = "市议会决定关闭旧桥。本文版权归本报所有，未经授权不得转载。"
    assert strip_boilerplate_sentences(summary) == "市议会决定关闭旧桥。"


def test_the_length_follows_the_source_within_the_cap():
    assert output_tokens("short", 1000, 160) == 100
    assert output_tokens("long", 10_000, 640) == 640
    assert output_tokens("medium", 50, 320) == 24  # at least one short sentence
    assert max_chars("short", 1293) == 129 and max_chars("long", 1000) == 350
    assert size_hint(100, "en") == 50 and size_hint(100, "zh") == 90


def stream(pieces: list[str], limit: int) -> tuple[str, str]:
    fit = SentenceStream(limit)
    shown = "".join(fit.feed(p) for p in pieces) + fit.finish()
    return shown, fit.sent


def test_a_summary_streams_whole_sentences_within_its_budget():
    pieces = ["The council", " closed the bridge. Drivers", " take a detour. Shops", " worry about trade."]
    assert stream(pieces, 60) == ("The council closed the bridge. Drivers take a detour.",) * 2
    assert stream(pieces, 10)[0] == "The council closed the bridge."  # never less than one whole sentence
    assert stream(pieces, 500)[0] == "".join(pieces)
    assert stream(["One. Two is cu", "t off"], 500)[0] == "One."  # the cut-off end is dropped
    assert stream(["第一句。第二", "句。第三句没有写"], 500)[0] == "第一句。第二句。"
    assert stream(["no sentence end"], 500)[0] == "no sentence end"  # rather than nothing
    assert stream(["- one\n- two\n", "- three"], 500)[0] == "- one\n- two\n- three"
    assert stream(["Version 2.5 is out. It is fast."], 500)[0] == "Version 2.5 is out. It is fast."
    # a numbered list cut after an item's number: no bare "2." at the end; the numbers stay with their items
    assert stream(["1. The bridge opened.\n2.", " "], 500)[0] == "1. The bridge opened.\n"
    assert stream(["1. The bridge opened.\n2. Tra", "ffic fell"], 500)[0] == "1. The bridge opened.\n"
    assert stream(["1.", " 桥通车了。\n", "2) 集市更热闹了。"], 500)[0] == "1. 桥通车了。\n2) 集市更热闹了。"


def test_headings_copied_from_the_source_are_dropped_from_a_summary():
    source = "Annual Report on the Lakeside Water System\n\nSummary of the year\n\nThe system serves 240,000 people."
    summary = "Annual Report on the Lakeside Water System\n\n## Summary of the year\n\nIt serves 240,000 people."
    assert strip_copied_headings(summary, source) == "It serves 240,000 people."
    # a sentence of the source is not a heading, a line of the model's own stays, nothing is ever emptied
    assert strip_copied_headings("The system serves 240,000 people.", source) == "The system serves 240,000 people."
    assert strip_copied_headings("Key points\nIt serves many.", source) == "Key points\nIt serves many."
    assert strip_copied_headings("Summary of the year", source) == "Summary of the year"
