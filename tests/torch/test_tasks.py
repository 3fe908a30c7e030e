"""Seq2seq, classifiers and image-to-text models through TransformersBackend, on tiny seeded real models."""

from __future__ import annotations

import threading

import pytest
import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

from desktop_app.core.backends.base import Capability, GenerationParams
from desktop_app.core.errors import Cancelled, UnsupportedTaskError
from tests.torch.helpers import GREEDY, load

TEXTS = [
    "I really loved this movie, the acting was great.",
    "This product is terrible.",
    "The weather is cloudy.",
]


def test_classifier_softmax_with_custom_labels(tiny_classifier):
    backend = load(tiny_classifier)
    assert backend.capabilities == frozenset({Capability.CLASSIFIER})
    scores = backend.classify(TEXTS)
    assert len(scores) == 3
    for s in scores:
        assert s.labels == ["negative", "neutral", "positive"]
        assert not s.multi_label
        assert sum(s.probabilities) == pytest.approx(1.0, abs=1e-5)
        assert s.best in s.labels
    with pytest.raises(UnsupportedTaskError):
        backend.seq2seq(["x"], GenerationParams())
    backend.unload()


def test_multi_label_classifier_uses_sigmoids(tiny_classifier, tiny_multilabel_classifier):
    """Same seeded weights, different problem_type: sigmoid(logits) vs softmax(logits) of the same logits."""
    single = load(tiny_classifier).classify(TEXTS)
    multi = load(tiny_multilabel_classifier).classify(TEXTS)
    for s, m in zip(single, multi, strict=True):
        assert m.multi_label
        assert all(0 < p < 1 for p in m.probabilities)
        assert sum(m.probabilities) != pytest.approx(1.0, abs=1e-3)
        p = torch.tensor(m.probabilities, dtype=torch.float64)
        logits = torch.log(p / (1 - p))  # undo the sigmoid
        assert torch.softmax(logits, dim=0).tolist() == pytest.approx(s.probabilities, abs=1e-4)


def test_classify_is_batched_and_cancellable(tiny_classifier):
    backend = load(tiny_classifier)
    many = [f"text number {i}" for i in range(40)]
    assert len(backend.classify(many)) == 40
    one_by_one = [p for t in TEXTS for p in backend.classify([t])[0].probabilities]
    batched = [p for s in backend.classify(TEXTS) for p in s.probabilities]
    assert batched == pytest.approx(one_by_one, abs=1e-5)  # padding does not change a text's scores
    assert len({round(p, 4) for p in batched[::3]}) == 3  # and the texts do get different scores
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        backend.classify(many, cancel)


@pytest.mark.parametrize("fixture", ["tiny_t5", "tiny_marian"])
def test_seq2seq_matches_bare_generate(fixture, request):
    path = request.getfixturevalue(fixture)
    backend = load(path)
    assert backend.capabilities == frozenset({Capability.SEQ2SEQ})
    params = GenerationParams(max_tokens=8, **GREEDY)
    out = backend.seq2seq(TEXTS, params)
    assert len(out) == 3 and all(isinstance(t, str) for t in out)

    model = AutoModelForSeq2SeqLM.from_pretrained(path)
    tok = AutoTokenizer.from_pretrained(path)
    expected = []
    for text in TEXTS:
        ids = tok([text], return_tensors="pt")
        gen = model.generate(**ids, max_new_tokens=8, do_sample=False)
        expected.append(tok.decode(gen[0], skip_special_tokens=True).strip())
    assert out == expected
    backend.unload()


def test_seq2seq_cancel(tiny_t5):
    backend = load(tiny_t5)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        backend.seq2seq(TEXTS, GenerationParams(max_tokens=8), cancel)


@pytest.mark.parametrize(
    ("fixture", "caps"),
    [
        ("tiny_blip", {Capability.CAPTIONER}),
        ("tiny_vision_encoder_decoder", {Capability.CAPTIONER}),
        ("tiny_llava", {Capability.CAPTIONER, Capability.VISION, Capability.CHAT}),
    ],
)
def test_describe_images(fixture, caps, request, sample_image):
    backend = load(request.getfixturevalue(fixture))
    assert backend.capabilities == frozenset(caps)
    params = GenerationParams(max_tokens=6, **GREEDY)
    gray = sample_image.convert("L")  # not RGB: the backend converts
    captions = backend.describe([sample_image, gray], "a picture of", params)
    assert len(captions) == 2 and all(isinstance(c, str) for c in captions)
    assert captions == backend.describe([sample_image, gray], "a picture of", params)  # greedy: repeatable
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        backend.describe([sample_image], "", params, cancel)
    with pytest.raises(UnsupportedTaskError):
        backend.classify(["x"])
    backend.unload()


def test_image_text_to_text_prompt_goes_through_the_processor_template(tiny_llava, sample_image):
    backend = load(tiny_llava)
    text = backend._processor.apply_chat_template(
        [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is this?"}]}],
        add_generation_prompt=True,
        tokenize=False,
    )
    assert text == "user: <image>\nWhat is this?\nassistant:"
    inputs = backend._processor(images=[sample_image], text=[text], return_tensors="pt")
    image_token = backend._model.config.image_token_index
    assert int((inputs["input_ids"] == image_token).sum()) == 16  # (32 / 8) ** 2 patches, CLS dropped
    assert tuple(inputs["pixel_values"].shape) == (1, 3, 32, 32)
    params = GenerationParams(max_tokens=6, **GREEDY)
    with torch.inference_mode():
        out = backend._model.generate(**inputs, max_new_tokens=6, do_sample=False)
    expected = backend._tokenizer.decode(out[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)
    assert backend.describe([sample_image], "What is this?", params) == [expected.strip()]
    backend.unload()
