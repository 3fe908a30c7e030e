from desktop_app.core.backends.streaming import StopMatcher, Utf8StreamDecoder


def test_decoder_joins_a_character_split_across_tokens():
    data = "中文".encode()
    d = Utf8StreamDecoder()
    out = [d.feed(data[:1]), d.feed(data[1:4]), d.feed(data[4:])]
    assert out == ["", "中", "文"]
    assert d.finish() == ""


def test_decoder_drops_a_character_cut_by_the_token_limit():
    d = Utf8StreamDecoder()
    assert d.feed("好".encode()[:2]) == ""
    assert d.finish() == ""


def test_stop_matcher_cuts_and_holds_back_prefixes():
    m = StopMatcher(["</s>", "User:"])
    assert m.feed("Hello </") == "Hello "
    assert m.feed("s> more") == ""
    assert m.stopped


def test_stop_matcher_releases_a_false_alarm():
    m = StopMatcher(["User:"])
    assert m.feed("Use") == ""
    assert m.feed("ful") == "Useful"
    assert m.flush() == ""


def test_no_stops_passes_through():
    m = StopMatcher([])
    assert m.feed("abc") == "abc"
