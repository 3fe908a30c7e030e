"""The penalty on copying reaches llama.cpp's sampler: SmolLM2 asked to repeat a text word for word repeats it in
one long run, and with the text as `avoid_copying` its longest verbatim run is cut short (same greedy decoding)."""

from __future__ import annotations

import threading

from desktop_app.core.engine.types import GenerationParams

TEXT = ("The museum opened a new wing for modern sculpture, and visitors waited in long lines to see the bronze "
        "figures that the city had bought from a private collection last spring.")


def _longest_copied_run(reply: str, source: str) -> int:
    best = 0
    for i in range(len(reply)):
        j = i + best + 1
        while j <= len(reply) and reply[i:j] in source:
            best = j - i
            j += 1
    return best


def _repeat(smol, avoid: str) -> str:
    messages = [{"role": "user", "content": f"Repeat this text exactly:\n\n{TEXT}"}]
    params = GenerationParams(temperature=0.0, top_k=1, seed=0, max_tokens=40, avoid_copying=avoid)
    return "".join(c.text for c in smol.chat_stream(messages, params, threading.Event()))


def test_a_reply_that_would_copy_the_source_is_pushed_off_it(smol):
    plain = _repeat(smol, "")
    assert _longest_copied_run(plain, TEXT) >= 40  # greedy SmolLM2 repeats it
    penalised = _repeat(smol, TEXT)
    assert penalised.strip() and _longest_copied_run(penalised, TEXT) < _longest_copied_run(plain, TEXT) / 2
