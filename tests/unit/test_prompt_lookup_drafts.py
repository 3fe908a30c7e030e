"""The draft guesses of prompt-lookup decoding (core/backends/llama_drafts.py), without a model."""

from desktop_app.core.backends.llama_drafts import (
    MAX_DRAFT,
    PRIOR_PER_TOKEN,
    REST_STEPS,
    BatchCosts,
    Drafter,
    NgramIndex,
)


def test_the_continuation_of_the_longest_matching_ngram_is_the_draft():
    index = NgramIndex()
    index.extend([1, 2, 3, 4, 5, 6, 9, 3, 4, 7, 8])
    index.extend([2, 3, 4])  # ends in 2 3 4: the trigram points at 5 6 (the bigram 3 4 would say 7 8)
    assert index.draft(3) == [5, 6, 9]


def test_the_most_recent_occurrence_wins_and_no_match_gives_nothing():
    index = NgramIndex()
    index.extend([5, 6, 1, 5, 6, 2, 0, 5, 6])
    assert index.draft(1) == [2]  # 5 6 was followed by 1, then by 2: the copy goes on from the latest
    index.extend([42])
    assert index.draft(4) == []  # 6 42 never occurred before
    assert NgramIndex().draft(4) == []


def test_the_first_draft_is_a_one_token_probe_and_drafts_grow_while_they_are_accepted():
    drafter = Drafter([1, 2, 3, 4, 5, 6, 7, 8, 9] * 4 + [1, 2], timed=False)
    assert drafter.next_draft(room=100) == [3]  # nothing known yet: the cheapest draft
    lengths = []
    for _ in range(8):
        draft = drafter.next_draft(room=100)
        lengths.append(len(draft))
        drafter.record(len(draft), len(draft))
    assert lengths == sorted(lengths) and lengths[-1] >= 8, lengths  # a reply that copies drafts long runs
    assert drafter.next_draft(room=2) == drafter.index.draft(2)  # never more than the batch has room for
    assert (drafter.stats.drafted, drafter.stats.accepted) == (sum(lengths), sum(lengths))


def test_a_reply_whose_drafts_fail_stops_drafting_and_probes_with_one_token_after_longer_and_longer_rests():
    drafter = Drafter([1, 2, 3, 1, 2], timed=False)
    rests = []
    for _ in range(4):
        draft = drafter.next_draft(room=100)
        assert len(draft) == 1  # the first draft and every probe after a rest: one token
        drafter.record(1, 0)
        steps = 0
        while drafter.next_draft(room=100) == []:
            steps += 1
        rests.append(steps)
    assert rests == [REST_STEPS, 2 * REST_STEPS, 4 * REST_STEPS, 8 * REST_STEPS]
    assert drafter.stats.rests == 4 and drafter.stats.drafted == 4 and drafter.stats.accepted == 0


def test_the_cost_of_a_batch_is_fitted_from_its_timings():
    costs = BatchCosts()
    costs.single(0.010)
    for _ in range(30):  # a batch of k + 1 costs 10 ms * (1 + 0.2 + 0.5 k)
        for k in (1, 4, 16):
            costs.batch(k, 0.010 * (1.2 + 0.5 * k))
    assert abs(costs.fixed - 0.2) < 0.01 and abs(costs.per_token - 0.5) < 0.01


def test_where_batches_cost_as_much_as_their_tokens_even_accepted_drafts_are_not_sent():
    """A busy or compute-bound CPU: a batch of five takes five one-token steps. Drafting cannot pay there."""
    costs = BatchCosts()
    drafter = Drafter([1, 2, 3, 4, 5, 6, 7, 8, 9] * 4 + [1, 2], costs=costs)
    drafter.record(0, 0, seconds=0.010)
    draft = drafter.next_draft(room=100)
    drafter.record(len(draft), len(draft), seconds=0.010 * (1 + len(draft)) * 1.1)
    for _ in range(40):
        draft = drafter.next_draft(room=100)
        if draft:
            drafter.record(len(draft), len(draft), seconds=0.010 * (1 + len(draft)) * 1.1)
        else:
            drafter.record(0, 0, seconds=0.010)
    assert costs.relative(1) > 1.9  # measured: a batch of two costs 2.2 one-token steps
    assert drafter.stats.drafted < 10 and drafter.stats.rests > 0
    # The same copying reply where batches are cheap (memory-bound): long drafts.
    cheap = Drafter(list(range(100)) + [0, 1])  # 0 1 was followed by 98 tokens
    cheap.record(0, 0, seconds=0.010)
    for _ in range(10):
        draft = cheap.next_draft(room=100)
        cheap.record(len(draft), len(draft), seconds=0.010 * (1.1 + 0.05 * len(draft)))
    assert len(cheap.next_draft(room=100)) == MAX_DRAFT


def test_a_reproducible_reply_does_not_look_at_the_clock():
    costs = BatchCosts()
    drafter = Drafter([1, 2, 3, 1, 2], timed=False, costs=costs)
    drafter.record(0, 0, seconds=0.010)
    drafter.record(1, 1, seconds=0.500)
    assert costs.single_s == 0.0 and drafter.costs is not costs and drafter.costs.per_token == PRIOR_PER_TOKEN
