"""The penalty on copying a source word for word: it follows the run being copied and lowers only the token that
would carry it past the limit, more the longer the run; short quotes and fresh words stay free."""

from __future__ import annotations

import numpy as np

from desktop_app.core.backends.llama_copy_penalty import (
    STRENGTHS,
    CopyPenalty,
    WordCopyPenalty,
    copy_penalty_for,
    is_fact,
)

# Token ids stand for words of 4 characters each: a run of 3 tokens is 12 characters.
SOURCE = [1, 2, 3, 4, 5, 1, 2, 9]


def _penalty(limit: int = 12) -> CopyPenalty:
    return CopyPenalty(SOURCE, lambda _t: 4, limit_chars=limit, penalty=4.0)


def test_only_the_token_that_carries_a_copied_run_past_the_limit_is_lowered():
    p = _penalty()
    assert p(None, np.zeros(12, dtype=np.float32)).tolist() == [0.0] * 12  # nothing copied yet
    p.accept(1)
    assert p.continuations() == {}  # "1 2" would be 8 characters: a short quote is free
    p.accept(2)
    # "1 2" occurs twice in the source: it goes on with 3 or with 9, and either would make 12 characters
    scores = p(None, np.zeros(12, dtype=np.float32))
    assert scores[3] < 0 and scores[9] < 0 and scores[4] == 0 and scores[2] == 0


def test_the_penalty_grows_with_the_run_and_ends_with_it():
    p = _penalty()
    p.accept(1)
    p.accept(2)
    first = p.continuations()[3]
    p.accept(3)  # the model copied on anyway
    assert p.continuations()[4] > first
    p.accept(7)  # a word of its own: the run is over
    assert p.continuations() == {}
    p.accept(4)  # a new run starts inside the source
    assert p.continuations() == {}  # two tokens would make 8 characters, under the limit
    p.accept(5)
    assert set(p.continuations()) == {1}


def test_a_token_outside_the_vocabulary_of_the_scores_is_left_alone():
    p = CopyPenalty([1, 50], lambda _t: 20, limit_chars=12)
    p.accept(1)
    scores = p(None, np.zeros(10, dtype=np.float32))
    assert scores.tolist() == [0.0] * 10


# -- words mode (English): tokens stand for their text --------------------------------------------------------------
WORDS = {1: " two", 2: " steel", 3: " supports", 4: " had", 5: " lost", 6: " rust", 7: " Tuesday", 8: "s",
         10: " support", 11: " supported", 12: " beams", 13: " sup", 14: "-", 15: " Supports", 16: " the",
         17: "supports", 18: " million", 19: "管道"}


def _words(limit: int = 3) -> WordCopyPenalty:
    # "two steel supports had lost rust" / "the Tuesday supports": a content word, a function word, a name
    return WordCopyPenalty([1, 2, 3, 4, 5, 6, 16, 7, 3], lambda t: WORDS.get(t, ""), limit_words=limit, penalty=4.0)


def test_words_mode_counts_a_run_in_words_and_only_a_content_word_that_starts_a_word_pays():
    p = _words()
    p.accept(1)
    assert p.continuations() == {}  # " steel" would make a run of two words: free
    p.accept(2)
    assert set(p.continuations()) == {3}  # " supports" would make three: it pays
    p.accept(3)  # the model copied on anyway
    assert p.continuations() == {}  # " had" is a function word: it never pays
    p.accept(4)
    assert set(p.continuations()) == {5}  # " lost" would make the run five words long: it pays


def test_words_mode_never_makes_the_rest_of_a_word_or_a_name_pay():
    p = WordCopyPenalty([1, 2, 3, 8, 16, 7], lambda t: WORDS.get(t, ""), limit_words=2)
    p.accept(1)
    p.accept(2)
    p.accept(3)
    assert p.continuations() == {}  # "s" ends the word " supports": cutting it would give a wrong form
    p.accept(8)
    p.accept(16)
    assert p.continuations() == {}  # " Tuesday" is a fact: changing it would be a wrong one


def test_words_mode_makes_the_likeliest_other_forms_of_a_paying_word_pay_too():
    p = _words(limit=2)
    p.accept(1)
    p.accept(2)  # " supports" would make three words: it pays, and so do " support", " Supports", " sup", "-"
    scores = np.zeros(20, dtype=np.float32)
    scores[[3, 10, 11, 12, 13, 14, 15, 17]] = 5.0  # the candidates the model is weighing
    out = p(None, scores.copy())
    assert out[3] < 5.0 and out[10] < 5.0 and out[11] < 5.0 and out[13] < 5.0 and out[14] < 5.0 and out[15] < 5.0
    assert out[17] < 5.0  # glued to the word before ("steelsupports")
    assert out[12] == 5.0  # " beams" is another word: the way out


def test_words_mode_leaves_number_words_free_and_makes_a_switch_to_chinese_pay():
    p = WordCopyPenalty([1, 2, 18, 3], lambda t: WORDS.get(t, ""), limit_words=2)
    p.accept(1)
    assert p.continuations() == {2: 4.0 * 1.25}  # " two steel": " steel" pays...
    p.accept(2)
    assert p.continuations() == {}  # ...but " million" is a number, a fact like 92
    p = _words(limit=2)
    p.accept(1)
    scores = np.zeros(20, dtype=np.float32)
    scores[[2, 19]] = 5.0
    out = p(None, scores.copy())
    assert out[2] < 5.0 and out[19] < 5.0  # " steel" pays, and so does writing it in Chinese


def test_the_source_script_chooses_the_mode():
    class Llm:  # tokenizes one token per character, as the real one is asked (bytes in, ids out)
        def tokenize(self, data: bytes, add_bos: bool, special: bool) -> list[int]:
            return [ord(c) for c in data.decode("utf-8")]

        def detokenize(self, tokens: list[int]) -> bytes:
            return "".join(chr(t) for t in tokens).encode("utf-8")

    assert isinstance(copy_penalty_for(Llm(), "The council voted to close the bridge."), WordCopyPenalty)
    chinese = copy_penalty_for(Llm(), "市议会周二投票决定关闭这座桥。")
    assert type(chinese) is CopyPenalty


def test_numbers_are_facts_in_chinese_too():
    """A Chinese summary paid for copying "三十万" and wrote "约为 thirty万人次": numerals are facts, as digits are."""
    assert all(is_fact(t) for t in ("三十", "万", "亿", "两", "2021", " 92", "Tuesday"))
    assert not any(is_fact(t) for t in ("大桥", "通车", "万人", " bridge", "，"))


def test_a_stronger_penalty_makes_function_words_pay_but_never_names_or_numbers():
    """Strength 1: a copied run went on for free through "to" and "the"; now they pay too, facts still do not."""
    source = [1, 2, 3, 4, 16, 7, 18]  # "two steel supports had the Tuesday million"
    weak = WordCopyPenalty(source, lambda t: WORDS.get(t, ""))
    strong = WordCopyPenalty(source, lambda t: WORDS.get(t, ""), function_words_pay=True)
    for p in (weak, strong):
        for token in (1, 2, 3):
            p.accept(token)
    assert weak.continuations() == {} and set(strong.continuations()) == {4}  # " had"
    strong.accept(4)
    strong.accept(16)
    assert strong.continuations() == {}  # " Tuesday" is a fact
    strong.accept(7)
    assert set(strong.continuations()) == {18}  # " million" is a number word: it pays when function words do


def test_the_strength_reaches_the_words_mode_penalty():
    class Llm:
        def tokenize(self, data: bytes, add_bos: bool, special: bool) -> list[int]:
            return list(range(len(data.split())))

        def detokenize(self, tokens: list[int]) -> bytes:
            return b" the" if tokens[0] % 2 else b" council"

    text = "The council voted to close the bridge."
    for strength, (limit, penalty, function_words_pay) in STRENGTHS.items():
        p = copy_penalty_for(Llm(), text, strength)
        assert isinstance(p, WordCopyPenalty) and p.limit_chars == limit and p.penalty == penalty
        assert (1 in p._exempt) is not function_words_pay  # " the" pays only when function words do
    assert copy_penalty_for(Llm(), text, 9).limit_chars == STRENGTHS[0][0]  # an unknown strength: the default
