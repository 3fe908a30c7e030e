"""The draft guesses of prompt-lookup decoding (core/backends/llama_decode.py), without a model."""

from desktop_app.core.backends.llama_decode import (
    MAX_DRAFT,
    REST_AFTER,
    REST_STEPS,
    WAKE_STREAK,
    Drafter,
    NgramIndex,
)


def copying(history: list[int]) -> Drafter:
    """A drafter over all of `history` whose guess for its last token came true: the reply is copying."""
    drafter = Drafter(history[:-1])
    drafter.next_draft(room=100)
    drafter.observe(history[-1:], drafted=0)
    return drafter


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


def test_a_draft_is_sent_only_while_the_guesses_come_true():
    drafter = Drafter([1, 2, 3, 4, 1, 2])
    assert drafter.next_draft(room=100) == []  # the history guesses 3, but the reply has not copied anything yet
    drafter.observe([3], drafted=0)  # the guess came true: the reply copies 1 2 3
    assert drafter.next_draft(room=100) == [4, 1, 2, 3]
    drafter.record(4, 1)
    drafter.observe([4, 9], drafted=4)  # it parted from the draft after one token
    assert drafter.next_draft(room=100) == []  # 4 9 was never seen, and the reply no longer copies
    drafter.observe([1], drafted=0)
    drafter.next_draft(room=100)  # 9 1 was never seen: no guess
    drafter.observe([2], drafted=0)
    assert drafter.next_draft(room=100) == []  # 1 2 guesses 3, but the guess before was no guess
    drafter.observe([3], drafted=0)
    assert drafter.next_draft(room=100) == [4, 9]  # a draft accepted whole keeps the reply copying
    drafter.record(2, 2)
    drafter.observe([4, 9, 1], drafted=2)
    assert drafter.next_draft(room=100) == [2, 3, 4, 9]


def test_the_draft_grows_while_it_is_accepted_and_rests_after_misses():
    drafter = copying([1, 2, 3, 4, 1, 2, 3])
    assert drafter.next_draft(room=100) == [4, 1, 2, 3]
    assert drafter.next_draft(room=2) == [4, 1]  # never more than the batch has room for
    drafted = accepted = 0
    for _ in range(10):
        drafted += drafter.length
        accepted += drafter.length
        drafter.record(drafter.length, drafter.length)
    assert drafter.length == MAX_DRAFT
    drafter.record(6, 2)  # two accepted, then a miss: shrink to what worked plus one
    assert drafter.length == 3
    for _ in range(REST_AFTER):
        drafter.record(3, 0)
    assert (drafter.stats.drafted, drafter.stats.accepted) == (drafted + 6 + 3 * REST_AFTER, accepted + 2)
    rested = [drafter.next_draft(room=100) for _ in range(REST_STEPS)]
    assert rested == [[]] * REST_STEPS  # a reply that copies nothing soon stops paying for drafts
    assert drafter.next_draft(room=100) != []


def test_a_rest_after_misses_ends_when_the_reply_copies_again():
    history = [5, 6, 7, 8, 9, 10, 11, 12]
    drafter = copying([*history, 5, 6])
    for _ in range(REST_AFTER):
        drafter.record(3, 0)
    drafter.observe([40], drafted=3)
    for token in (9, 10):  # 40 and 40 9 guess nothing; 9 10 guesses 11
        assert drafter.next_draft(room=100) == []
        drafter.observe([token], drafted=0)
    for token in (11, 12)[:WAKE_STREAK]:  # the reply copies: the guesses come true
        assert drafter.next_draft(room=100) == []
        drafter.observe([token], drafted=0)
    assert drafter.next_draft(room=100) != []  # well before REST_STEPS


def test_drafts_that_cost_more_time_than_they_save_make_drafting_rest_longer_each_time():
    drafter = copying([1, 2, 3, 1, 2, 3, 1, 2])
    drafter.record(0, 0, seconds=0.010)  # a plain one-token step: 100 tokens/s
    assert drafter.single_s == 0.010
    drafter.record(4, 4, seconds=0.020)  # 5 tokens in 20 ms: 250 tokens/s, it pays
    assert drafter.length == 8 and drafter.next_draft(room=100) != []
    rests = []
    for _ in range(3):
        slow_batches = 0
        while drafter.next_draft(room=100) != []:
            drafter.record(4, 4, seconds=0.080)  # all accepted, but 5 tokens in 80 ms: slower than plain
            slow_batches += 1
        steps = 1
        while drafter.next_draft(room=100) == []:
            steps += 1
        rests.append((slow_batches, steps))
    # The moving average needs a few slow batches to fall below plain speed; after that one is enough.
    assert rests[0][0] > 1 and rests[1][0] == rests[2][0] == 1
    assert [steps for _, steps in rests] == [REST_STEPS, 2 * REST_STEPS, 4 * REST_STEPS]


def test_a_rest_for_slow_drafts_lasts_though_the_guesses_come_true():
    drafter = copying([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2])
    drafter.record(0, 0, seconds=0.010)
    drafter.record(4, 4, seconds=0.080)  # accepted, but slower than plain steps
    steps = 0
    while drafter.next_draft(room=100) == []:
        steps += 1
        drafter.observe([drafter.index.draft(1)[0]], drafted=0)  # each guess comes true
    assert steps == REST_STEPS


def test_short_drafts_at_the_start_of_a_quote_do_not_stop_drafting_that_pays():
    """Timings of bench/prompt_lookup.py's chat task on the 2-core machine: a plain step 20 ms, a 4-token draft
    with one token accepted 69 ms, a 2-token draft accepted whole 51 ms. A drafted token costs ~12 ms and an
    accepted one saves 20, so drafting goes on (judged per batch, the first draft alone looked slower than plain
    steps and drafting rested through the quote)."""
    drafter = copying([1, 2, 3, 1, 2, 3, 1, 2])
    drafter.record(0, 0, seconds=0.020)
    drafter.record(4, 1, seconds=0.069)
    drafter.record(2, 2, seconds=0.051)
    assert 0.010 < drafter.token_cost < 0.016
    assert drafter.next_draft(room=100) != []
