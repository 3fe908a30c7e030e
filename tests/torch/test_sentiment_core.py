"""The Sentiment task's core (classify_texts, build_prompt) on real models: tiny seeded DistilBERT classifiers
through TransformersBackend, and the built-in SmolLM2 and Qwen GGUFs zero-shot through llama.cpp (and SmolLM2
through PyTorch too, to check the two backends' label scoring against each other)."""

from __future__ import annotations

import threading
import time

import pytest

from desktop_app.core.backends import create_backend
from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.errors import Cancelled
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.paths import HOME_ENV
from desktop_app.core.tasks.sentiment import (
    POSITIVE_NEGATIVE,
    POSITIVE_NEUTRAL_NEGATIVE,
    build_prompt,
    classify_texts,
    parse_labels,
)
from tests.conftest import link_smollm2_torch
from tests.fixtures import tiny_models
from tests.torch.helpers import load

EMOTIONS = ("joy", "anger", "sadness", "fear")
TEXTS = [
    "I really loved this movie, the acting was great.",
    "This product is terrible.",
    "",
    "The weather is cloudy.",
    "   ",
    "What a wonderful surprise party!",
]
POSITIVE_TEXTS = [
    "The staff were friendly and the food was delicious. We'll definitely come back!",
    "What a fantastic book, I couldn't put it down.",
]
NEGATIVE_TEXTS = [
    "Terrible service. The waiter was rude and my soup was cold.",
    "I'm very disappointed, the hotel room was dirty and smelled awful.",
]


@pytest.fixture(scope="module")
def emotions(tmp_path_factory):
    return tiny_models.build_tiny_distilbert_classifier(tmp_path_factory.mktemp("emotions"), labels=EMOTIONS)


@pytest.fixture(scope="module")
def emotions_multi(tmp_path_factory):
    return tiny_models.build_tiny_distilbert_classifier(
        tmp_path_factory.mktemp("emotions_multi"), labels=EMOTIONS, multi_label=True
    )


def classifier(path):
    spec = ModelSpec(path=path, name=path.name, backend="transformers")
    backend = create_backend(spec)
    backend.load(spec, LoadOptions(device="cpu"))
    return backend


@pytest.fixture(scope="module")
def smol(smollm2):
    spec = ModelSpec.from_path(smollm2)
    backend = create_backend(spec)
    backend.load(spec, LoadOptions(n_ctx=2048))
    yield backend
    backend.unload()


class Rows:
    """Records on_rows calls; can press Stop after a given number of them."""

    def __init__(self, cancel: threading.Event | None = None, stop_after: int = 0):
        self.calls: list[tuple[int, list]] = []
        self.cancel = cancel
        self.stop_after = stop_after

    def __call__(self, start, rows):
        self.calls.append((start, list(rows)))
        if self.cancel is not None and len(self.calls) == self.stop_after:
            self.cancel.set()

    @property
    def rows(self):
        return [r for _, batch in self.calls for r in batch]


def test_classifier_uses_its_own_labels(emotions):
    backend = classifier(emotions)
    results = classify_texts(backend, TEXTS, POSITIVE_NEGATIVE, batch_size=4)
    direct = backend.classify([t for t in TEXTS if t.strip()])  # what the model itself says, in order
    assert len(results) == len(TEXTS)
    scored = [r for r in results if not r.error]
    assert len(scored) == len(direct) == 4
    for r, d in zip(scored, direct, strict=True):
        assert r.method == "classifier" and r.labels_ignored  # the label set asked for does not apply
        assert r.scores.labels == list(EMOTIONS) and not r.scores.multi_label
        assert r.scores.probabilities == pytest.approx(d.probabilities, abs=1e-6)
        assert sum(r.scores.probabilities) == pytest.approx(1.0, abs=1e-5)
        assert r.label == d.best and r.chosen == (d.best,)
        assert r.score == pytest.approx(max(d.probabilities))
    assert len({tuple(round(p, 6) for p in r.scores.probabilities) for r in scored}) == 4  # different texts, scores
    for i in (2, 4):  # empty texts: a row with an error, not a crash
        assert results[i].label == "" and results[i].scores is None and "empty" in results[i].error
        assert results[i].text == TEXTS[i]
    assert not classify_texts(backend, TEXTS[:1])[0].labels_ignored  # no label set given: nothing ignored
    backend.unload()


def test_multi_label_classifier_uses_sigmoids(emotions, emotions_multi):
    backend = classifier(emotions_multi)
    texts = [t for t in TEXTS if t.strip()]
    results = classify_texts(backend, texts)
    single = classify_texts(classifier(emotions), texts)
    for r, s in zip(results, single, strict=True):
        probs = r.scores.probabilities
        assert r.scores.multi_label and all(0 < p < 1 for p in probs)
        assert sum(probs) != pytest.approx(1.0, abs=1e-3)  # independent sigmoids
        # Same weights: the most likely label is the same as the softmax model's.
        assert r.scores.best == s.scores.best
        over = [label for label, p in sorted(zip(EMOTIONS, probs, strict=True), key=lambda x: -x[1]) if p > 0.5]
        expected = over or [r.scores.best]
        assert list(r.chosen) == expected and r.label == ", ".join(expected)
        assert r.score == pytest.approx(max(probs))
    assert any(len(r.chosen) > 1 for r in results) or any(max(r.scores.probabilities) <= 0.5 for r in results)
    backend.unload()


def test_rows_are_reported_in_order_and_cover_everything(emotions):
    backend = classifier(emotions)
    texts = [f"text number {i}" for i in range(37)]
    rows = Rows()
    results = classify_texts(backend, texts, on_rows=rows, batch_size=16)
    assert [(start, len(batch)) for start, batch in rows.calls] == [(0, 16), (16, 16), (32, 5)]
    assert rows.rows == results and [r.text for r in results] == texts
    backend.unload()


def test_cancel_midway_keeps_the_rows_reported(emotions):
    backend = classifier(emotions)
    texts = [f"text number {i}" for i in range(40)]
    full = classify_texts(backend, texts, batch_size=8)
    cancel = threading.Event()
    rows = Rows(cancel, stop_after=2)
    with pytest.raises(Cancelled, match="16 of 40"):
        classify_texts(backend, texts, cancel=cancel, on_rows=rows, batch_size=8)
    assert [start for start, _ in rows.calls] == [0, 8]
    assert rows.rows == full[:16]  # intact and equal to what an uncancelled run gives
    backend.unload()


def test_long_text_is_marked_truncated_by_a_classifier(emotions):
    backend = classifier(emotions)
    long_text = " ".join(["great"] * 2000)
    short, long_ = classify_texts(backend, ["great", long_text])
    assert not short.truncated and long_.truncated and long_.label in EMOTIONS
    backend.unload()


def test_zero_shot_on_smollm2_llama_cpp(smol):
    texts = [POSITIVE_TEXTS[0], NEGATIVE_TEXTS[0], "", POSITIVE_TEXTS[1], NEGATIVE_TEXTS[1]]
    rows = Rows()
    start = time.perf_counter()
    results = classify_texts(smol, texts, POSITIVE_NEGATIVE, on_rows=rows, batch_size=2)
    per_text = (time.perf_counter() - start) / 4
    print(f"SmolLM2 zero-shot: {per_text * 1000:.0f} ms per text")
    assert [(s, len(b)) for s, b in rows.calls] == [(0, 2), (2, 2), (4, 1)] and rows.rows == results
    scored = [r for r in results if not r.error]
    assert results[2].error and results[2].label == ""
    for r in scored:
        assert r.method == "zero-shot" and not r.labels_ignored and not r.truncated
        assert r.scores.labels == ["positive", "negative"]
        assert sum(r.scores.probabilities) == pytest.approx(1.0, abs=1e-9)
        assert r.label == r.scores.best and r.score == max(r.scores.probabilities)
    p_positive = {r.text: r.scores.probabilities[0] for r in scored}
    # SmolLM2-135M leans towards "positive" in this prompt, but it ranks every positive review above every
    # negative one.
    assert min(p_positive[t] for t in POSITIVE_TEXTS) > max(p_positive[t] for t in NEGATIVE_TEXTS) + 0.15
    assert all(r.label == "positive" for r in scored if r.text in POSITIVE_TEXTS)


def test_plain_prompt_style_on_smollm2(smol):
    """The completion-style prompt: labels follow "Sentiment (positive, negative):" with a space."""
    prompt = build_prompt(smol, POSITIVE_TEXTS[0], POSITIVE_NEGATIVE, style="plain")
    assert prompt.prompt.endswith("Sentiment (positive, negative):") and prompt.label_prefix == " "
    texts = POSITIVE_TEXTS + NEGATIVE_TEXTS
    results = classify_texts(smol, texts, POSITIVE_NEGATIVE, prompt_style="plain")
    assert [r.label for r in results] == ["positive", "positive", "negative", "negative"]
    assert all(r.scores.labels == ["positive", "negative"] for r in results)  # the space is not in the result
    with pytest.raises(ValueError, match="prompt style"):
        build_prompt(smol, "x", POSITIVE_NEGATIVE, style="fancy")


def test_zero_shot_cancel_keeps_finished_rows(smol):
    texts = [POSITIVE_TEXTS[0], NEGATIVE_TEXTS[0], POSITIVE_TEXTS[1]]
    cancel = threading.Event()
    rows = Rows(cancel, stop_after=1)
    with pytest.raises(Cancelled, match="1 of 3"):
        classify_texts(smol, texts, POSITIVE_NEGATIVE, cancel=cancel, on_rows=rows, batch_size=1)
    assert [(s, len(b)) for s, b in rows.calls] == [(0, 1)]
    alone = classify_texts(smol, texts[:1], POSITIVE_NEGATIVE)[0]
    assert rows.rows[0].label == alone.label
    assert rows.rows[0].scores.probabilities == pytest.approx(alone.scores.probabilities, abs=0.02)


def test_zero_shot_on_qwen_english_and_chinese(qwen):
    spec = ModelSpec.from_path(qwen)
    backend = create_backend(spec)
    backend.load(spec, LoadOptions(n_ctx=2048))
    try:
        texts = {
            "这部电影太棒了，演员的表演非常精彩，我看得热泪盈眶。": "positive",
            "产品用了两天就坏了，客服一直不回复，千万别买。": "negative",
            POSITIVE_TEXTS[0]: "positive",
            NEGATIVE_TEXTS[0]: "negative",
        }
        results = classify_texts(backend, list(texts), POSITIVE_NEGATIVE)
        assert [r.label for r in results] == list(texts.values())
        assert all(r.score > 0.8 for r in results)
        factual, glowing = classify_texts(
            backend, ["会议定于周二下午三点在204会议室举行。", "这本书写得真好，我一口气就读完了。"], POSITIVE_NEUTRAL_NEGATIVE
        )
        assert factual.scores.labels == ["positive", "neutral", "negative"] and glowing.label == "positive"
        # Qwen 0.5B seldom answers "neutral" outright (see sentiment.py), but a plain fact gets far more of it.
        assert factual.scores.probabilities[1] > 0.2 > 0.1 > glowing.scores.probabilities[1]
        assert POSITIVE_NEUTRAL_NEGATIVE.display("neutral", "zh_CN") == "中性"
        custom = classify_texts(backend, ["I am so angry about this delay!"], parse_labels("joy, anger, sadness"))[0]
        assert custom.label == "anger"
    finally:
        backend.unload()


def test_long_text_is_truncated_to_the_context(smollm2):
    spec = ModelSpec.from_path(smollm2)
    backend = create_backend(spec)
    backend.load(spec, LoadOptions(n_ctx=256))
    try:
        text = "The food was excellent. " + "We waited and waited. " * 200
        prompt = build_prompt(backend, text, POSITIVE_NEGATIVE)
        assert prompt.truncated and prompt.label_prefix == ""
        assert "The food was excellent. We waited" in prompt.prompt  # the start is kept
        assert backend.count_tokens(prompt.prompt) + 2 <= 256
        short = build_prompt(backend, "Nice.", POSITIVE_NEGATIVE)
        assert not short.truncated and "Nice." in short.prompt and short.prompt.endswith("assistant\n")
        result = classify_texts(backend, [text], POSITIVE_NEGATIVE)[0]
        assert result.truncated and result.label in ("positive", "negative")
        huge = build_prompt(backend, "Lovely. " + "x" * 200_000, POSITIVE_NEGATIVE)  # cut before tokenizing
        assert huge.truncated and huge.prompt.count("x") < 8000
    finally:
        backend.unload()


def test_pytorch_and_llama_cpp_score_smollm2_alike(smol, smollm2, smollm2_torch, tmp_path_factory):
    """The same GGUF through both backends: build_prompt (format_chat) and score_labels agree across engines.
    PyTorch runs the dequantized weights in float32 and llama.cpp quantizes activations, hence the tolerance.
    (The session's dequantized folder is linked in: the first conversion is tests/torch/test_gguf_smollm2.py's.)"""
    home = tmp_path_factory.mktemp("gguf_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(HOME_ENV, str(home))
        link_smollm2_torch(smollm2_torch)
        torch_backend = load(smollm2, n_ctx=2048)
    try:
        texts = POSITIVE_TEXTS + NEGATIVE_TEXTS
        assert torch_backend.format_chat([{"role": "user", "content": "hi"}]) == smol.format_chat(
            [{"role": "user", "content": "hi"}]
        )
        labels = POSITIVE_NEUTRAL_NEGATIVE
        a = classify_texts(smol, texts, labels)
        b = classify_texts(torch_backend, texts, labels)
        for x, y in zip(a, b, strict=True):
            assert x.scores.probabilities == pytest.approx(y.scores.probabilities, abs=0.08)
    finally:
        torch_backend.unload()
