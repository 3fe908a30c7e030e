"""The pieces every PyTorch family generates with: stopping on cancel, counting streamed tokens, sampling arguments.

Streaming runs `generate()` on a helper thread feeding a `TextIteratorStreamer`; the caller's cancel event (and a
stop string, once seen) end it through a `StoppingCriteria` checked after every token, so Stop acts within a token
and no thread is ever killed. transformers and torch are imported inside functions only.
"""

from __future__ import annotations

import threading
from typing import Any

from desktop_app.core.engine.types import GenerationParams
from desktop_app.core.errors import Cancelled

GENERATE_BATCH = 8  # texts or images per generate() call (seq2seq, captions)

class _EventCriteria:
    """A StoppingCriteria that ends generation when the user cancels or the stream has seen a stop string."""

    def __init__(self, *events: threading.Event):
        self.events = [e for e in events if e is not None]

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        stop = any(e.is_set() for e in self.events)
        return torch.full((input_ids.shape[0],), stop, dtype=torch.bool, device=input_ids.device)


def stopping_criteria(*events: threading.Event) -> Any:
    from transformers import StoppingCriteria, StoppingCriteriaList

    class EventCriteria(_EventCriteria, StoppingCriteria):
        pass

    return StoppingCriteriaList([EventCriteria(*events)])


def counting_streamer(tokenizer: Any) -> Any:
    """A TextIteratorStreamer whose queue items are (text, tokens generated so far), to report exact counts."""
    from transformers import TextIteratorStreamer

    class CountingStreamer(TextIteratorStreamer):
        def __init__(self) -> None:
            super().__init__(tokenizer, skip_prompt=True, skip_special_tokens=True)
            self.generated = 0
            self.last_token: int | None = None

        def put(self, value: Any) -> None:
            if not (self.skip_prompt and self.next_tokens_are_prompt):
                flat = value.reshape(-1)
                self.generated += int(flat.numel())
                self.last_token = int(flat[-1]) if flat.numel() else self.last_token
            super().put(value)

        def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
            if text:
                self.text_queue.put((text, self.generated))
            if stream_end:
                self.text_queue.put(self.stop_signal)

    return CountingStreamer()


def sampling_kwargs(params: GenerationParams, pad_token_id: int | None) -> dict[str, Any]:
    """GenerationParams as `generate()` arguments. Temperature 0 is greedy decoding."""
    kw: dict[str, Any] = {}
    if pad_token_id is not None:
        kw["pad_token_id"] = pad_token_id
    if params.repeat_penalty and params.repeat_penalty != 1.0:
        kw["repetition_penalty"] = float(params.repeat_penalty)
    if params.num_beams > 1:
        kw["num_beams"] = int(params.num_beams)
    if params.temperature <= 0:
        kw.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        return kw
    kw.update(do_sample=True, temperature=float(params.temperature))
    kw["top_p"] = float(params.top_p) if 0 < params.top_p < 1 else 1.0
    kw["top_k"] = int(params.top_k) if params.top_k > 0 else 0
    if params.min_p > 0:
        kw["min_p"] = float(params.min_p)
    return kw


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("Cancelled.")

