"""Translation through the real TransformersBackend, on tiny seeded Marian, NLLB, M2M100, T5 and LLaMA models.

The weights are random, so the words that come out mean nothing; what is checked is what the app controls: which
language tokens go in, which target token the decoder is forced to start with, which pairs are refused (and how
that is said), how paragraphs, line breaks and long paragraphs are cut and put back, streaming and cancelling.
"""

from __future__ import annotations

import re
import threading

import pytest

from desktop_app.core.backends.base import GenerationParams, ModelInfo
from desktop_app.core.errors import Cancelled, UnsupportedTaskError
from desktop_app.core.tasks import translate as tr
from desktop_app.core.tasks.chunking import split_blocks
from desktop_app.core.tasks.translate import check_pair, translate
from desktop_app.core.tasks.translate_reply import ReplyCleaner
from desktop_app.core.tasks.translate_units import paragraph_units
from tests.fixtures import tiny_models
from tests.torch.helpers import GREEDY, StopAfterChecks, load

P = GenerationParams(max_tokens=6, **GREEDY)


@pytest.fixture(scope="module")
def nllb(tmp_path_factory):
    return tiny_models.build_tiny_nllb(tmp_path_factory.mktemp("m") / "tiny-nllb")


@pytest.fixture(scope="module")
def m2m100(tmp_path_factory):
    return tiny_models.build_tiny_m2m100(tmp_path_factory.mktemp("m") / "tiny-m2m100")


@pytest.fixture(scope="module")
def opus_en_zh(tmp_path_factory):
    """Languages from tokenizer_config.json only: the folder name says nothing."""
    return tiny_models.build_tiny_opus_mt(tmp_path_factory.mktemp("m") / "my-marian", "en", "zh")


@pytest.fixture(scope="module")
def opus_multi(tmp_path_factory):
    return tiny_models.build_tiny_opus_mt(
        tmp_path_factory.mktemp("m") / "opus-mt-en-mul", "en", "mul", (">>cmn_Hans<<", ">>fra<<", ">>deu<<")
    )


@pytest.fixture(scope="module")
def opus_named(tmp_path_factory):
    """A Marian folder whose tokenizer names no languages: the pair comes from the opus-mt name."""
    return tiny_models.build_tiny_marian(tmp_path_factory.mktemp("m") / "opus-mt-fr-de")


class GenerateSpy:
    """Records what the real `generate()` of a loaded model was given and returned (it still runs)."""

    def __init__(self, backend, monkeypatch):
        self.calls: list[tuple[dict, object]] = []
        original = backend._model.generate

        def spy(*args, **kwargs):
            out = original(*args, **kwargs)
            self.calls.append((kwargs, out))
            return out

        monkeypatch.setattr(backend._model, "generate", spy)


def token_id(backend, token: str) -> int:
    tid = backend._tokenizer.convert_tokens_to_ids(token)
    assert tid is not None and tid != backend._tokenizer.unk_token_id
    return tid


# -- what each kind of model can translate ---------------------------------------------------------------------------
def test_profiles_in_model_info(nllb, m2m100, opus_en_zh, opus_multi, opus_named, tiny_t5, tiny_llama):
    info = load(nllb).info.translation
    assert info["kind"] == "nllb" and {"en", "zh", "zh-Hant", "ja", "fr"} <= set(info["languages"])
    info = load(m2m100).info.translation
    assert info["kind"] == "m2m100" and "zh-Hant" in info["sources"] and "zh-Hant" not in info["targets"]
    assert load(opus_en_zh).info.translation["pairs"] == [["en", "zh"]]
    assert load(opus_multi).info.translation["pairs"] == [["en", "zh"], ["en", "fr"], ["en", "de"]]
    assert load(opus_named).info.translation["pairs"] == [["fr", "de"]]
    t5 = load(tiny_t5).info.translation
    assert t5["kind"] == "t5" and t5["pairs"] == [["en", "de"], ["en", "fr"], ["en", "ro"]]
    assert load(tiny_llama).info.translation is None


def test_unsupported_pairs_are_explained(opus_en_zh, tiny_t5, m2m100, tiny_classifier):
    marian = load(opus_en_zh)
    name = marian.info.name
    with pytest.raises(UnsupportedTaskError) as err:
        check_pair(marian, "fr", "de")
    assert str(err.value) == (
        f"{name} translates English → Chinese (Simplified) only; pick another model for French → German."
    )
    with pytest.raises(UnsupportedTaskError, match="English → German, French and Romanian only"):
        check_pair(load(tiny_t5).info, "en", "zh")  # the ModelInfo alone is enough, before running anything
    with pytest.raises(UnsupportedTaskError, match="can read Chinese \\(Traditional\\) but cannot write it"):
        check_pair(load(m2m100), "en", "zh-Hant")
    with pytest.raises(UnsupportedTaskError, match="both English"):
        check_pair(marian, "en", "English")
    with pytest.raises(UnsupportedTaskError, match="Unknown target language 'klingon'"):
        check_pair(marian, "en", "klingon")
    with pytest.raises(UnsupportedTaskError, match="neither a chat model nor a translation model"):
        check_pair(load(tiny_classifier), "en", "zh")
    assert check_pair(marian, "auto", "zh") == (None, "zh")
    assert check_pair(ModelInfo(name="Some GGUF"), "fr", "de") == ("fr", "de")  # an LLM: any pair


def test_an_unsupported_pair_fails_before_any_generation(opus_en_zh, monkeypatch):
    backend = load(opus_en_zh)
    spy = GenerateSpy(backend, monkeypatch)
    with pytest.raises(UnsupportedTaskError, match="pick another model for French → German"):
        translate(backend, "Bonjour.\n\nSalut.", "fr", "de", P)
    with pytest.raises(UnsupportedTaskError):
        backend.seq2seq(["Bonjour"], P, source_lang="fr", target_lang="de")
    assert spy.calls == []


# -- the language tokens each model gets -----------------------------------------------------------------------------
def test_nllb_source_token_and_forced_target(nllb, monkeypatch):
    backend = load(nllb)
    spy = GenerateSpy(backend, monkeypatch)
    out = backend.seq2seq(["Hello world", "The weather is nice today."], P, source_lang="en", target_lang="zh")
    kwargs, generated = spy.calls[-1]
    ids = kwargs["input_ids"]
    assert ids[:, 0].tolist() == [token_id(backend, "eng_Latn")] * 2  # NllbTokenizer: [src_lang] text </s>
    assert kwargs["forced_bos_token_id"] == token_id(backend, "zho_Hans")
    assert generated[:, 0].tolist() == [backend._tokenizer.eos_token_id] * 2  # decoder start
    assert generated[:, 1].tolist() == [token_id(backend, "zho_Hans")] * 2  # then the target language
    assert backend._tokenizer.src_lang == "eng_Latn"
    assert out == [t.strip() for t in backend._tokenizer.batch_decode(generated, skip_special_tokens=True)]

    backend.seq2seq(["今天天气很好"], P, source_lang="zh-Hant", target_lang="fr")
    kwargs, generated = spy.calls[-1]
    assert kwargs["input_ids"][0, 0] == token_id(backend, "zho_Hant")
    assert generated[0, 1] == token_id(backend, "fra_Latn")
    assert kwargs["input_ids"][0, -1] == backend._tokenizer.eos_token_id


def test_m2m100_language_tokens_added_by_the_app(m2m100, monkeypatch):
    """This tokenizer knows nothing of languages: the app puts __en__ first and </s> last, pads on the right."""
    backend = load(m2m100)
    spy = GenerateSpy(backend, monkeypatch)
    tok = backend._tokenizer
    texts = ["Hello", "The weather is nice today, let's go for a walk."]
    backend.seq2seq(texts, P, source_lang="en", target_lang="zh")
    kwargs, generated = spy.calls[-1]
    ids, mask = kwargs["input_ids"], kwargs["attention_mask"]
    for row, m, text in zip(ids.tolist(), mask.tolist(), texts, strict=True):
        n = sum(m)
        assert row[:n] == [token_id(backend, "__en__"), *tok(text, add_special_tokens=False)["input_ids"], tok.eos_token_id]
        assert row[n:] == [tok.pad_token_id] * (len(row) - n) and m == [1] * n + [0] * (len(row) - n)
    assert generated[:, 1].tolist() == [token_id(backend, "__zh__")] * 2

    backend.seq2seq(["這是測試"], P, source_lang="zh-Hant", target_lang="ja")  # reads Traditional as __zh__
    kwargs, generated = spy.calls[-1]
    assert kwargs["input_ids"][0, 0] == token_id(backend, "__zh__")
    assert generated[0, 1] == token_id(backend, "__ja__")


def test_marian_pair_model_gets_the_text_as_is(opus_en_zh, monkeypatch):
    backend = load(opus_en_zh)
    spy = GenerateSpy(backend, monkeypatch)
    texts = ["The weather is nice today.", "Hello"]
    assert backend.seq2seq(texts, P, source_lang="en", target_lang="zh") == backend.seq2seq(texts, P)
    first, plain = spy.calls
    assert first[0]["input_ids"].tolist() == plain[0]["input_ids"].tolist()
    assert "forced_bos_token_id" not in first[0]


def test_multi_target_marian_starts_with_the_target_token(opus_multi, monkeypatch):
    backend = load(opus_multi)
    spy = GenerateSpy(backend, monkeypatch)
    for target, token in (("zh", ">>cmn_Hans<<"), ("fr", ">>fra<<"), ("de", ">>deu<<")):
        backend.seq2seq(["Hello world"], P, source_lang="en", target_lang=target)
        ids = spy.calls[-1][0]["input_ids"][0].tolist()
        tail = backend._tokenizer(" Hello world", add_special_tokens=False)["input_ids"]
        assert ids == [token_id(backend, token), *tail, backend._tokenizer.eos_token_id]
    with pytest.raises(UnsupportedTaskError, match="cannot translate into Japanese|English → .* only"):
        backend.seq2seq(["Hello"], P, source_lang="en", target_lang="ja")


def test_t5_task_prefix(tiny_t5, monkeypatch):
    backend = load(tiny_t5)
    spy = GenerateSpy(backend, monkeypatch)
    backend.seq2seq(["The house is small."], P, source_lang="en", target_lang="de")
    ids = spy.calls[-1][0]["input_ids"][0]
    assert backend._tokenizer.decode(ids, skip_special_tokens=True) == "translate English to German: The house is small."
    translate(backend, "Hello", "auto", "fr", P)  # too short to detect: T5's only source, English, is used
    ids = spy.calls[-1][0]["input_ids"][0]
    assert backend._tokenizer.decode(ids, skip_special_tokens=True).startswith("translate English to French: ")


# -- the task: layout, batching, long paragraphs, detection, cancel --------------------------------------------------
LAYOUT = (
    "\n  First paragraph, one line.\n\n\n"
    "Second paragraph\nhas two lines.\n \t\n"
    "- a list item\n- another item\n\n"
    "Last paragraph with trailing spaces.   \n"
)


class Seq2SeqSpy:
    """Records the pieces translate() sends to the real backend.seq2seq and what came back."""

    def __init__(self, backend, monkeypatch):
        self.calls: list[tuple[list[str], list[str], dict]] = []
        original = backend.seq2seq

        def spy(texts, params, cancel=None, **kwargs):
            out = original(texts, params, cancel, **kwargs)
            self.calls.append((list(texts), out, kwargs))
            return out

        monkeypatch.setattr(backend, "seq2seq", spy)

    @property
    def sent(self) -> list[str]:
        return [t for texts, _, _ in self.calls for t in texts]

    @property
    def received(self) -> list[str]:
        return [t for _, out, _ in self.calls for t in out]


def test_paragraph_layout_is_kept_exactly(nllb, monkeypatch):
    backend = load(nllb)
    spy = Seq2SeqSpy(backend, monkeypatch)
    progress, pieces = [], []
    result = translate(backend, LAYOUT, "en", "zh", P, on_progress=lambda d, t: progress.append((d, t)), on_text=pieces.append)
    assert spy.sent == [
        "First paragraph, one line.",
        "Second paragraph",
        "has two lines.",
        "a list item",
        "another item",
        "Last paragraph with trailing spaces.",
    ]
    assert all(kw == {"source_lang": "en", "target_lang": "zh"} for _, _, kw in spy.calls)
    t = spy.received  # Chinese is joined without spaces; each unit is put back in its own place
    expected = f"\n  {t[0]}\n\n\n{t[1]}\n{t[2]}\n \t\n- {t[3]}\n- {t[4]}\n\n{t[5]}   \n"
    assert result.text == expected
    assert "".join(pieces) == result.text
    assert len(pieces) == len(split_blocks(LAYOUT))  # one on_text per paragraph, with its separator
    assert progress == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert (result.paragraphs, result.pieces, result.method, result.source) == (4, 6, "seq2seq", "en")


def test_pieces_are_batched(nllb, monkeypatch):
    backend = load(nllb)
    spy = Seq2SeqSpy(backend, monkeypatch)
    text = "\n\n".join(f"Paragraph number {i}." for i in range(20))
    result = translate(backend, text, "en", "de", P)
    assert [len(texts) for texts, _, _ in spy.calls] == [8, 8, 4]
    assert result.text == "\n\n".join(spy.received)


def test_a_paragraph_too_long_for_the_model_is_split(opus_en_zh, monkeypatch):
    backend = load(opus_en_zh, n_ctx=40)  # room for 40 - 16 = 24 tokens per piece
    spy = Seq2SeqSpy(backend, monkeypatch)
    paragraph = " ".join(
        f"Sentence number {i} says the weather is cloudy with a chance of rain." for i in range(6)
    )
    assert backend.count_tokens(paragraph) > 100
    result = translate(backend, paragraph + "\n\nShort one.", "en", "zh", P)
    pieces = spy.sent
    assert len(pieces) >= 5 and pieces[-1] == "Short one."
    assert all(backend.count_tokens(p) <= 24 for p in pieces)
    assert re.sub(r"\s", "", "".join(pieces[:-1])) == re.sub(r"\s", "", paragraph)
    out = spy.received
    assert result.text == "".join(out[:-1]) + "\n\n" + out[-1]  # pieces of one paragraph rejoined, no space (zh)


def test_output_length_is_capped_by_the_decoder_positions(opus_en_zh, monkeypatch):
    backend = load(opus_en_zh, n_ctx=40)
    spy = GenerateSpy(backend, monkeypatch)
    backend.seq2seq(["Hello world"], GenerationParams(max_tokens=5000, **GREEDY), source_lang="en", target_lang="zh")
    kwargs, generated = spy.calls[-1]
    assert kwargs["max_new_tokens"] == 40 and generated.shape[1] <= 41


def test_blank_text_comes_back_untouched(nllb, monkeypatch):
    backend = load(nllb)
    spy = GenerateSpy(backend, monkeypatch)
    pieces = []
    result = translate(backend, "\n\n  \n", "auto", "zh", P, on_text=pieces.append)
    assert result.text == "\n\n  \n" and pieces == ["\n\n  \n"] and spy.calls == []


def test_hard_wrapped_prose_is_joined_and_lists_are_not():
    wrapped = "This paragraph was wrapped at a fixed width\nby a PDF converter, so its lines end mid-\nsentence here."
    assert paragraph_units(wrapped) == [("", " ".join(wrapped.split("\n")), "")]
    chinese = "这是从PDF里复制出来的一段文字，每行都在\n句子中间断开，所以应该先拼起来再翻译。"
    assert paragraph_units(chinese) == [("", chinese.replace("\n", ""), "")]
    poem = "Roses are red.\nViolets are blue."
    assert [core for _, core, _ in paragraph_units(poem)] == ["Roses are red.", "Violets are blue."]


def test_auto_source_is_detected_and_reported(nllb, monkeypatch):
    backend = load(nllb)
    spy = GenerateSpy(backend, monkeypatch)
    result = translate(backend, "今天天气很好，我们去公园散步吧。\n\n明天见。", "auto", "en", P)
    assert result.source == "zh" and result.detected[0] == "zh" and result.detected[1] > 0.9
    assert result.detected_note() == f"Detected: Chinese (Simplified) ({result.detected[1]:.0%})"
    assert spy.calls[0][0]["input_ids"][0, 0] == token_id(backend, "zho_Hans")
    with pytest.raises(UnsupportedTaskError, match="already looks like English"):
        translate(backend, "The weather is nice today.", "auto", "en", P)
    with pytest.raises(UnsupportedTaskError, match="choose the source language"):
        translate(backend, "Hello", "auto", "zh", P)


def test_cancel_between_paragraphs(nllb, monkeypatch):
    monkeypatch.setattr(tr, "SEQ2SEQ_BATCH", 1)
    backend = load(nllb)
    spy = Seq2SeqSpy(backend, monkeypatch)
    cancel = threading.Event()

    def progress(done, total):
        if done == 2:
            cancel.set()  # the user presses Stop after the second paragraph

    text = "One.\n\nTwo.\n\nThree.\n\nFour."
    with pytest.raises(Cancelled) as err:
        translate(backend, text, "en", "de", P, cancel, on_progress=progress)
    assert spy.sent == ["One.", "Two."]
    assert err.value.partial_text == f"{spy.received[0]}\n\n{spy.received[1]}\n\n"


def test_cancel_during_generation(nllb):
    backend = load(nllb)
    with pytest.raises(Cancelled):
        translate(backend, "One.\n\nTwo.", "en", "de", GenerationParams(max_tokens=50, **GREEDY), StopAfterChecks(3))


# -- the LLM path, on a tiny random LLaMA (words are noise; streaming, layout and cancel are real) ----------------
def test_llm_path_streams_each_paragraph_and_keeps_separators(tiny_llama):
    backend = load(tiny_llama)
    pieces, progress = [], []
    # Sampling: greedy decoding of this random model only ever picks "\n", which the cleaner strips.
    params = GenerationParams(max_tokens=12, seed=0, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0)
    text = "The first paragraph.\n\n\nThe second one.\n"
    result = translate(backend, text, "en", "zh", params, on_progress=lambda d, t: progress.append((d, t)), on_text=pieces.append)
    assert result.method == "chat" and result.paragraphs == 2 and result.pieces == 2
    assert "".join(pieces) == result.text
    # The separator and the final line break are handed over as they were, not by the model.
    assert pieces.count("\n\n\n") == 1 and pieces[-1] == "\n"
    assert progress == [(0, 2), (1, 2), (2, 2)]
    first, second = result.text.split("\n\n\n")
    assert first.strip() and second.strip() and second.endswith("\n")


def test_llm_prompt_names_the_languages():
    messages = tr.build_messages("Hello", "en", "zh")
    assert "from English into Simplified Chinese (简体中文)" in messages[-1]["content"]
    assert messages[-1]["content"].endswith("```\nHello\n```")
    assert "into Traditional Chinese" in tr.build_messages("Hi", None, "zh-Hant")[-1]["content"]
    assert " from " not in tr.build_messages("Hi", None, "fr")[-1]["content"].split("\n")[0]


def test_llm_cancel_between_paragraphs_and_mid_stream(tiny_llama):
    backend = load(tiny_llama)
    params = GenerationParams(max_tokens=40, seed=0, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0)
    text = "A paragraph.\n\nAnother paragraph."
    full = translate(backend, text, "en", "fr", params)  # seeded: the same tokens every run
    cancel = threading.Event()

    def progress(done, total):
        if done == 1:
            cancel.set()

    with pytest.raises(Cancelled) as err:
        translate(backend, text, "en", "fr", params, cancel, on_progress=progress)
    assert err.value.partial_text == full.text.split("\n\n")[0] + "\n\n"

    stop = StopAfterChecks(6)  # Stop pressed while the first paragraph is still generating
    with pytest.raises(Cancelled):
        translate(backend, text, "en", "fr", params, stop)
    assert stop.checks < 15  # it ended within a token of the press, not after 40 tokens


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        (["Here is", " the translation:", "\n\n", "今天", "天气很好。", "\n"], "今天天气很好。"),
        (["Sure! Here's the English translation:\n", "Hello ", "world", "  "], "Hello world"),
        (["```\n", "法国的首都", "是什么？", "\n```"], "法国的首都是什么？"),
        (["以下是翻译：", "你好"], "你好"),
        (["Translation: Hello world"], "Hello world"),
        (["The translation is good."], "The translation is good."),  # not a preamble: no colon
        (["Use `x`", " here `"], "Use `x` here `"),  # single backticks are content
        (["\n\n  Line one\n", "line two\n\n"], "Line one\nline two"),
        (["x" * 150, " end"], "x" * 150 + " end"),
    ],
)
def test_reply_cleaner(chunks, expected):
    cleaner = ReplyCleaner()
    assert "".join(cleaner.feed(c) for c in chunks) + cleaner.finish() == expected


def test_reply_cleaner_holds_back_only_what_could_be_a_preamble():
    cleaner = ReplyCleaner()
    assert cleaner.feed("今天") == "今天"  # cannot become "Here is the translation:": out at once
    cleaner = ReplyCleaner()
    assert cleaner.feed("The weather") == ""  # might still be "The English translation:"
    assert cleaner.feed(" is nice") == "The weather is nice"
    cleaner = ReplyCleaner()
    assert cleaner.feed("Here is the English translation of") == ""
    assert cleaner.feed(" your text:\n") == ""
    assert cleaner.feed("Hello.") == "Hello."


def test_reply_cleaner_streams_after_the_start():
    cleaner = ReplyCleaner()
    assert cleaner.feed("First line\n") == "First line"  # a line break settles the start
    assert cleaner.feed("second") == "\nsecond"
    assert cleaner.feed(" line ") == " line"  # trailing space held back until more text follows
    assert cleaner.finish() == ""


CODE_DOC = "Install it:\n```bash\npip install -e .\n\nmake test\n```\nThen run it.\n\n~~~\nkeep me\n~~~\n\nDone."


def test_fenced_code_comes_back_as_it_was(nllb, monkeypatch):
    """A README's commands are not translated: only the prose goes to the model, the code is put back as is."""
    backend = load(nllb)
    spy = Seq2SeqSpy(backend, monkeypatch)
    progress = []
    result = translate(backend, CODE_DOC, "en", "zh", P, on_progress=lambda d, t: progress.append((d, t)))
    assert spy.sent == ["Install it:", "Then run it.", "Done."]
    t = spy.received
    assert result.text == (f"{t[0]}\n```bash\npip install -e .\n\nmake test\n```\n{t[1]}\n\n~~~\nkeep me\n~~~\n\n"
                           f"{t[2]}")
    assert progress[-1] == (3, 3)  # the prose paragraphs only


def test_the_llm_path_keeps_fenced_code_too(tiny_llama):
    backend = load(tiny_llama)
    params = GenerationParams(max_tokens=8, seed=0, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0)
    result = translate(backend, CODE_DOC, "en", "zh", params)
    assert "```bash\npip install -e .\n\nmake test\n```\n" in result.text and "~~~\nkeep me\n~~~" in result.text
    assert result.paragraphs == 3
