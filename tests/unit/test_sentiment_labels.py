"""Sentiment label sets: presets, parsing what the user typed, and picking labels from probabilities."""

from __future__ import annotations

import pytest

from desktop_app.core.backends.base import LabelScores
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.tasks.sentiment import (
    POSITIVE_NEGATIVE,
    POSITIVE_NEUTRAL_NEGATIVE,
    PRESETS,
    LabelSetError,
    label_set,
    parse_labels,
    pick_labels,
)


def test_presets_have_english_and_chinese_names():
    assert POSITIVE_NEGATIVE.labels == ("positive", "negative")
    assert POSITIVE_NEGATIVE.names("zh_CN") == ("正面", "负面")
    assert POSITIVE_NEUTRAL_NEGATIVE.labels == ("positive", "neutral", "negative")
    assert POSITIVE_NEUTRAL_NEGATIVE.names("zh") == ("正面", "中性", "负面")
    assert POSITIVE_NEUTRAL_NEGATIVE.names("en_US") == POSITIVE_NEUTRAL_NEGATIVE.labels
    assert POSITIVE_NEUTRAL_NEGATIVE.display("neutral", "zh_CN") == "中性"
    assert POSITIVE_NEUTRAL_NEGATIVE.display("joy", "zh_CN") == "joy"  # a classifier's own label stays as is
    assert set(PRESETS) == {"positive_negative", "positive_neutral_negative"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("joy, anger, sadness", ("joy", "anger", "sadness")),
        ("喜悦，愤怒，悲伤", ("喜悦", "愤怒", "悲伤")),
        ("喜悦、愤怒、悲伤", ("喜悦", "愤怒", "悲伤")),
        ("joy\nanger\r\n\nsadness\n", ("joy", "anger", "sadness")),
        ("  joy ;  anger；fear ", ("joy", "anger", "fear")),
        ('"very positive", "very negative"', ("very positive", "very negative")),
        ("joy, Joy, anger, joy,, ,", ("joy", "anger")),  # duplicates ignoring case: the first spelling is kept
        ("好评，差评\n好评", ("好评", "差评")),
    ],
)
def test_custom_labels_are_split_stripped_and_deduplicated(typed, expected):
    parsed = parse_labels(typed)
    assert parsed.labels == expected and parsed.key == "custom"
    assert parsed.names("zh") == expected  # custom labels show as typed


@pytest.mark.parametrize("typed", ["", "   ", "joy", "joy, JOY", ",,、、\n"])
def test_fewer_than_two_labels_is_a_clear_error(typed):
    with pytest.raises(LabelSetError, match="at least two different labels") as info:
        parse_labels(typed)
    assert isinstance(info.value, DesktopAppError)


def test_label_set_accepts_every_form():
    assert label_set(None) is POSITIVE_NEGATIVE
    assert label_set("positive_neutral_negative") is POSITIVE_NEUTRAL_NEGATIVE
    assert label_set(POSITIVE_NEGATIVE) is POSITIVE_NEGATIVE
    assert label_set("good, bad").labels == ("good", "bad")
    assert label_set(["good ", "bad", "good"]).labels == ("good", "bad")
    with pytest.raises(LabelSetError):
        label_set(["only"])


def test_pick_labels_single_and_multi_label():
    single = LabelScores(["joy", "anger", "fear"], [0.2, 0.5, 0.3])
    assert pick_labels(single) == (("anger",), 0.5)
    multi = LabelScores(["joy", "anger", "fear"], [0.7, 0.4, 0.9], multi_label=True)
    assert pick_labels(multi) == (("fear", "joy"), 0.9)  # every label over 0.5, most likely first
    none_over = LabelScores(["joy", "anger", "fear"], [0.1, 0.4, 0.3], multi_label=True)
    assert pick_labels(none_over) == (("anger",), 0.4)  # none over 0.5: the most likely one
