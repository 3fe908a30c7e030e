"""The llama.cpp backend's calls that share the batch scheduler's context, and zero-shot label scoring.

A mixin of LlamaCppBackend (llama_cpp.py), apart so that loading and the single reply's token loop stay readable
there: the API server's parallel requests (continuous batching, llama_batch.py), a sentiment batch scored in a few
batches (llama_scoring.BatchScorer), and one prompt's label probabilities on the main context.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from desktop_app.core.backends.base import ChatMessage, Chunk, GenerationParams, LabelScores
from desktop_app.core.backends.cpu_threads import ThreadTuner
from desktop_app.core.backends.llama_batch import DEFAULT_SLOTS, EXTRA_SEQS
from desktop_app.core.backends.llama_kv import KvCache
from desktop_app.core.errors import GenerationError
from desktop_app.core.messages import phrase
from desktop_app.core.tasks import reasoning


class LlamaBatchedCalls:
    """Batched replies and label scoring over LlamaCppBackend's loaded model (its attributes, declared here)."""

    _llm: Any
    _kv: KvCache
    _lock: threading.Lock
    _batcher: Any
    _scorer: Any
    _scorer_of: Any
    _threads: ThreadTuner | None
    last_reused_tokens: int
    _require: Callable[[], Any]
    _new_sampler: Callable[..., Any]
    _chat_prompt: Callable[..., tuple[list[int], bool]]

    # -- continuous batching (the API server's parallel requests) -------------------------------------------------
    def chat_stream_batched(self, messages: Sequence[ChatMessage], params: GenerationParams,
                            cancel: threading.Event, slots: int = DEFAULT_SLOTS) -> Iterator[Chunk]:
        """Like chat_stream, decoded in one batch with the other batched requests (llama_batch.py). Safe to call
        from several threads at once, beside the model thread's own calls. Text only: a request with images
        takes chat_stream."""
        from desktop_app.core.backends.llama_vision_messages import has_images

        if has_images(messages):
            raise GenerationError(phrase("Requests with images are answered one at a time: use chat_stream."))
        tokens, opened = self._chat_prompt(messages, reasoning.structured_thinking(params), params.tools)
        return reasoning.split_stream(self._batched(slots).stream(tokens, params, cancel), opened)

    def complete_stream_batched(self, prompt: str, params: GenerationParams, cancel: threading.Event,
                                slots: int = DEFAULT_SLOTS) -> Iterator[Chunk]:
        tokens = self._require().tokenize(prompt.encode("utf-8"), add_bos=True, special=False)
        return self._batched(slots).stream(tokens, params, cancel)

    def score_labels_batch(self, prompts: Sequence[str], labels: Sequence[str]) -> list[LabelScores]:
        """score_labels for many prompts at once, decoded together in a few batches on the batch scheduler's
        context (llama_scoring.BatchScorer): a sentiment batch costs a fraction of a call per text."""
        from desktop_app.core.backends.llama_scoring import BatchScorer

        if not prompts:
            return []
        scheduler = self._batched(DEFAULT_SLOTS)
        with self._lock:
            if self._scorer is None or self._scorer_of is not scheduler:
                extra = range(scheduler.slots, scheduler.slots + EXTRA_SEQS)
                self._scorer, self._scorer_of = BatchScorer(self._llm, extra), scheduler
            scorer = self._scorer
        return scheduler.call(lambda ctx, batch: scorer.score(ctx, batch, scheduler.n_batch, scheduler.n_ctx,
                                                              prompts, labels))

    def _batched(self, slots: int) -> Any:
        from desktop_app.core.backends.llama_batch import BatchScheduler

        llm = self._require()
        with self._lock:
            if self._batcher is None:
                import llama_cpp

                def set_threads(ctx: Any) -> None:
                    tuner = self._threads
                    if tuner is None or tuner.fixed > 0:  # the user's count, as on the main context
                        n = tuner.fixed if tuner is not None else llm.context_params.n_threads
                    else:  # automatic: one per free core (see llama_batch.py), from a fresh look as a single
                        # reply's start takes (the moving average may still hold a load that ended a moment ago)
                        fresh = getattr(tuner.watch, "fresh", None)
                        if fresh is not None:
                            fresh()
                        n = tuner.target()
                    llama_cpp.llama_set_n_threads(ctx.ctx, n, n)  # for prompts too

                self._batcher = BatchScheduler(llm, slots, self._new_sampler, set_threads)
            return self._batcher

    # -- zero-shot label scoring -----------------------------------------------------------------------------------
    def score_labels(self, prompt: str, labels: Sequence[str]) -> LabelScores:
        """P(label | prompt) over the label set, as TransformersBackend.score_labels computes it: the sum of the
        log-probabilities of each label's whole token sequence after the prompt, then a softmax over the labels.

        The model is loaded without `logits_all` (that would cost an n_ctx x vocab buffer), so llama-cpp-python's
        `scores` hold nothing: `eval` decodes with an output for the last token only and leaves `scores` unwritten.
        The logits are read straight from the context instead (`llama_get_logits_ith(ctx, -1)`, the last decoded
        token's row). The prompt is evaluated once, reusing whatever prefix the KV cache already holds (a chat, or
        the previous text's prompt with the same instructions); its last row gives every label's first token. A
        label of k tokens then costs k - 1 single-token decodes after the prompt, and labels sharing a token
        prefix ("very positive", "very negative") decode that prefix once.

        The last prompt token is always decoded on its own. llama.cpp's CPU kernels for a one-token batch round
        differently from those for a longer batch (SmolLM2 Q4_1: up to 0.4 apart on some logits, about 0.01 on a
        label's probability), so decoding it alone makes a repeated call, which finds the rest of the prompt
        cached, return exactly the same numbers as the first one. They agree with llama-cpp-python's own
        log-probabilities from a `logits_all=True` model decoded in the same batches to within 1e-4.

        A label is appended to the prompt as written: its tokens are those of tokenize(prompt + label) past
        tokenize(prompt), or the label tokenized alone when the tokenizer merges across the boundary. So the
        caller decides about a leading space. Measured on SmolLM2-135M and Qwen2.5-0.5B (tests/integration/
        test_llama_score_labels.py): after a chat template's "<|im_start|>assistant\n" the reply's first word
        comes without a space ("positive" is far likelier than " positive"), while after a plain completion
        prompt ending in "Sentiment:" the space belongs to the label (" positive"). Build prompts accordingly.

        Afterwards the cache holds exactly the prompt (`n_tokens` = its length, KV entries past it removed) and
        the next decode is forced to refresh the logits, so a chat turn that follows reuses the common prefix and
        replies as it would have without the scoring.
        """
        from desktop_app.core.backends.llama_scoring import score_labels

        llm = self._require()
        if self._threads is not None:
            self._threads.start()  # threads from the free cores, as a reply starts with
        scores, self.last_reused_tokens = score_labels(llm, self._kv, prompt, labels)
        return scores
