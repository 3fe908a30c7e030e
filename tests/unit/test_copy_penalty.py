"""The penalty on copying a source word for word: it follows the run being copied and lowers only the token that
would carry it past the limit, more the longer the run; short quotes and fresh words stay free."""

from __future__ import annotations

import numpy as np

from desktop_app.core.backends.llama_copy_penalty import CopyPenalty

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
