"""label_steps (llama_scoring.py): which label tokens batched zero-shot scoring evaluates after each prompt. Every
prefix a label continues must be evaluated (its logits score the next token), each once, and a label's new tokens
in one step."""

from __future__ import annotations

import random

from desktop_app.core.backends.llama_scoring import label_steps


def run(label_rows: list[list[int]]) -> tuple[set[tuple[int, ...]], int]:
    """Apply the steps to a model of one sequence: the prefixes whose logits were produced, and tokens evaluated."""
    path: list[int] = []
    produced: set[tuple[int, ...]] = set()
    evaluated = 0
    for keep, tokens in label_steps(label_rows):
        assert 0 <= keep <= len(path) and tokens
        path = path[:keep] + tokens
        produced.update(tuple(path[:k]) for k in range(keep + 1, len(path) + 1))
        evaluated += len(tokens)
    return produced, evaluated


def needed(label_rows: list[list[int]]) -> set[tuple[int, ...]]:
    return {tuple(r[:k]) for r in label_rows for k in range(1, len(r))}


def test_one_token_labels_need_nothing_after_the_prompt():
    assert label_steps([[17728], [30627], [16185]]) == []


def test_a_shared_first_token_is_evaluated_once():
    # "very positive", "very negative", "neutral": "very" once (it was evaluated once per label)
    assert label_steps([[5, 1], [5, 2], [9]]) == [(0, [5])]


def test_a_long_label_is_one_step_and_shared_starts_are_kept():
    rows = [[1, 2, 3], [1, 5, 6], [1, 2, 4]]
    assert label_steps(rows) == [(0, [1, 2]), (1, [5])]  # 3 tokens, not 2 + 2 + 2 in six one-token decodes


def test_a_label_that_starts_another_and_duplicates():
    assert label_steps([[1, 2], [1], [1, 2]]) == [(0, [1])]


def test_random_label_sets_produce_every_needed_prefix_once():
    rnd = random.Random(7)
    for _ in range(500):
        rows = [[rnd.randint(1, 4) for _ in range(rnd.randint(1, 5))] for _ in range(rnd.randint(1, 6))]
        produced, evaluated = run(rows)
        assert needed(rows) <= produced
        assert evaluated == len(needed(rows))  # the least possible: one token per distinct prefix
