"""Zero-shot label scoring on llama.cpp (LlamaCppBackend.score_labels) with the real built-in models.

The reference for "right" is llama-cpp-python itself: a second copy of the model loaded with logits_all=True,
the prompt and label evaluated in one batch, and `Llama.logits_to_logprobs` over its `scores`. (The echo
log-probabilities of `create_completion` are not used: in 0.3.x they take token i's probability from row i,
the distribution that predicts token i + 1.)
"""

from __future__ import annotations

import math
import threading

import pytest

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.errors import ContextOverflowError, GenerationError
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.chat import collect, stream_chat_turn

# No fixed seed: the fast way, which reuses the whole cached prefix (a seed asks for the reproducible way,
# which reuses whole aligned blocks only: see core/backends/llama_kv.py).
GREEDY = GenerationParams(temperature=0.0, max_tokens=24, seed=-1)
POSITIVE = "The staff were friendly and the food was delicious. We'll definitely come back!"
NEGATIVES = [
    "Terrible service. The waiter was rude and my soup was cold.",
    "I'm very disappointed, the hotel room was dirty and smelled awful.",
]


def plain(review: str) -> str:
    """A completion prompt: after "...:" the label follows with a space (" positive")."""
    return f"Review: {review}\nSentiment (positive or negative):"


@pytest.fixture(scope="module")
def smol(smollm2):
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=2048))
    yield b
    b.unload()


@pytest.fixture(scope="module")
def qwen_backend(qwen):
    b = LlamaCppBackend()
    b.load(ModelSpec.from_path(qwen), LoadOptions(n_ctx=2048))
    yield b
    b.unload()


def reference_probabilities(model_path, prompt: str, labels: list[str]) -> list[float]:
    """P(label | prompt) from a separate logits_all=True model, every label scored on a fresh cache.

    The positions are decoded in the batches score_labels uses (the prompt but its last token, then one token at
    a time): llama.cpp's kernels round differently for other batch sizes, by up to 0.3 nats on some CPUs, which
    would hide an error of that size. Decoded alike, the two agree to rounding noise on any CPU.
    """
    from llama_cpp import Llama

    ref = Llama(model_path=str(model_path), n_ctx=512, logits_all=True, verbose=False)
    try:
        prompt_ids = ref.tokenize(prompt.encode(), add_bos=False, special=True)
        totals = []
        for label in labels:
            full = ref.tokenize((prompt + label).encode(), add_bos=False, special=True)
            assert full[: len(prompt_ids)] == prompt_ids and len(full) > len(prompt_ids)
            ref.reset()
            ref.eval(full[: len(prompt_ids) - 1])
            for token in full[len(prompt_ids) - 1 :]:
                ref.eval([token])
            logprobs = Llama.logits_to_logprobs(ref.scores[: ref.n_tokens])
            totals.append(sum(float(logprobs[i - 1][full[i]]) for i in range(len(prompt_ids), len(full))))
    finally:
        ref.close()
    top = max(totals)
    weights = [math.exp(t - top) for t in totals]
    return [w / sum(weights) for w in weights]


def chat_reply(backend, messages) -> str:
    return collect(stream_chat_turn(backend, messages, GREEDY, threading.Event())).text


def test_probabilities_sum_to_one_and_follow_the_review(smol):
    labels = [" positive", " negative"]
    good = smol.score_labels(plain(POSITIVE), labels)
    assert good.labels == labels and good.multi_label is False
    assert sum(good.probabilities) == pytest.approx(1.0, abs=1e-9)
    assert good.best == " positive" and good.probabilities[0] > 0.8
    for review in NEGATIVES:
        bad = smol.score_labels(plain(review), labels)
        assert sum(bad.probabilities) == pytest.approx(1.0, abs=1e-9)
        assert bad.best == " negative" and bad.probabilities[1] > 0.7, review


def test_matches_llama_cpp_logits_all_reference_including_multi_token_labels(smol, smollm2):
    labels = [" positive", " negative", " very positive", " very negative", " mixed feelings overall"]
    assert [smol.count_tokens(label) for label in labels] == [1, 1, 2, 2, 3]  # the multi-token case is real
    prompt = plain(NEGATIVES[0])
    ours = smol.score_labels(prompt, labels).probabilities
    ref = reference_probabilities(smollm2, prompt, labels)
    assert sum(ours) == pytest.approx(1.0, abs=1e-9)
    # Log-odds against the first label, so that tiny probabilities are compared as closely as large ones. An
    # off-by-one position or a label scored by its first token only would be off by whole nats.
    for p, r in zip(ours[1:], ref[1:], strict=True):
        assert math.log(p / ours[0]) == pytest.approx(math.log(r / ref[0]), abs=1e-3)
    assert ours == pytest.approx(ref, abs=1e-4)
    # The second token of " very negative" matters: after " very", negative is the likelier continuation here.
    assert ours[3] > ours[2]


def test_same_call_twice_gives_the_same_numbers(smol):
    labels = [" positive", " negative", " very negative"]
    first = smol.score_labels(plain(POSITIVE), labels)
    again = smol.score_labels(plain(POSITIVE), labels)
    assert smol.last_reused_tokens == smol.count_tokens(plain(POSITIVE)) - 1  # served from the cache
    assert again.probabilities == first.probabilities


def test_leading_space_after_chat_template_and_after_plain_prompt(smol, qwen_backend):
    """Measured for the docstrings: a chat reply starts without a space, a completion after ':' with one."""
    for backend in (smol, qwen_backend):
        question = f"Is the sentiment of this review positive or negative?\n\nReview: {POSITIVE}\n\nAnswer with one word."
        chat = backend.format_chat([{"role": "user", "content": question}])
        assert chat.endswith("assistant\n")
        no_space, space = backend.score_labels(chat, ["positive", " positive"]).probabilities
        assert no_space > 0.9, (backend.info.name, no_space)
        no_space, space = backend.score_labels(plain(POSITIVE), ["positive", " positive"]).probabilities
        assert space > 0.9, (backend.info.name, space)


def test_chat_after_scoring_replies_as_without_it(smol):
    messages = [{"role": "user", "content": "Name three colours of the rainbow."}]
    chat_reply(smol, messages)
    baseline = chat_reply(smol, messages)  # the same turn again, served from the cache as any repeat is
    assert len(baseline) > 20
    # A different prompt that shares the chat's system prefix...
    other = smol.format_chat([{"role": "user", "content": f"Is this review positive or negative?\n\n{POSITIVE}"}])
    smol.score_labels(other, ["positive", "negative"])
    assert chat_reply(smol, messages) == baseline
    assert smol.last_reused_tokens > 10  # the shared system prompt came from the cache
    # ...and exactly the chat's own prompt: the cache then holds the whole prompt while the context's logits
    # belong to the last label token. Sampling from them would reply differently.
    smol.score_labels(smol.format_chat(messages), ["Red, orange and yellow.", "I don't know."])
    assert chat_reply(smol, messages) == baseline


def test_errors(smol, smollm2):
    with pytest.raises(GenerationError, match="No labels"):
        smol.score_labels(plain(POSITIVE), [])
    with pytest.raises(GenerationError, match="no tokens"):
        smol.score_labels(plain(POSITIVE), [" positive", ""])
    with pytest.raises(GenerationError, match="empty"):
        smol.score_labels("", [" positive", " negative"])
    small = LlamaCppBackend()
    small.load(ModelSpec.from_path(smollm2), LoadOptions(n_ctx=256))
    try:
        long_prompt = plain("great " * 300)
        assert small.count_tokens(long_prompt) > 256
        with pytest.raises(ContextOverflowError, match="context holds 256"):
            small.score_labels(long_prompt, [" positive", " negative"])
        # A prompt that fits with a one-token label but not with a three-token one.
        fits = next(p for k in range(200, 300) if small.count_tokens(p := plain("great " * k)) >= 254)
        n = small.count_tokens(fits)
        assert n + 1 <= 256 < n + 3
        assert small.score_labels(fits, [" positive"]).probabilities == [1.0]
        with pytest.raises(ContextOverflowError):
            small.score_labels(fits, [" positive", " mixed feelings overall"])
        assert small.score_labels(plain(POSITIVE), [" positive", " negative"]).best == " positive"  # still usable
    finally:
        small.unload()


def test_chinese_labels_on_qwen(qwen_backend):
    def prompt(text: str) -> str:
        content = f"判断下面文本的情感倾向。只用以下标签之一回答：正面、负面。\n\n文本：\n{text}"
        return qwen_backend.format_chat([{"role": "user", "content": content}])

    labels = ["正面", "负面"]
    good = qwen_backend.score_labels(prompt("这部电影太棒了，演员的表演非常精彩，我看得热泪盈眶。"), labels)
    bad = qwen_backend.score_labels(prompt("产品用了两天就坏了，客服一直不回复，千万别买。"), labels)
    assert sum(good.probabilities) == pytest.approx(1.0, abs=1e-9)
    assert good.best == "正面" and good.probabilities[0] > 0.8
    assert bad.best == "负面" and bad.probabilities[1] > 0.8
    # 中性 is two tokens in Qwen's vocabulary: multi-token Chinese labels are scored whole.
    three = qwen_backend.score_labels(prompt("产品用了两天就坏了，客服一直不回复，千万别买。"), ["正面", "负面", "中性"])
    assert sum(three.probabilities) == pytest.approx(1.0, abs=1e-9) and three.best == "负面"


def test_qwen_matches_the_logits_all_reference(qwen_backend, qwen):
    prompt = qwen_backend.format_chat([{"role": "user", "content": "这家餐厅怎么样？请用一个词评价：正面、负面或中性。\n\n菜很好吃，服务也很周到。"}])
    labels = ["正面", "负面", "中性", "非常正面"]
    ours = qwen_backend.score_labels(prompt, labels).probabilities
    ref = reference_probabilities(qwen, prompt, labels)
    for p, r in zip(ours[1:], ref[1:], strict=True):
        assert math.log(p / ours[0]) == pytest.approx(math.log(r / ref[0]), abs=1e-3)
    assert ours == pytest.approx(ref, abs=1e-4)
