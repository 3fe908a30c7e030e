"""Prompt-lookup drafting against plain decoding, in the app's own token loop, on the built-in Qwen2.5 model.

Four tasks that copy their input to different degrees: proofreading (the input with a few errors to fix), a
summary, a zh->en translation, and a chat turn that quotes earlier text. Each runs with drafting on and off,
interleaved (on/off, off/on, ...), greedy, on one loaded model, from an empty KV cache each time so that prompt
reuse does not favour either side. Decode speed is (completion tokens - 1) / (time from the first token to the
end). The ratio per task is median(on) / median(off).

Also reported per task: the acceptance rate (accepted / drafted tokens), and whether the two replies are identical.
llama.cpp computes a batch of several tokens with other kernels than a batch of one; at a near-tie a greedy reply
may take the other branch (see core/backends/llama_decode.py), so `same` counts the tasks where they agree.

Last line: RESULT proofread=.. summary=.. translate=.. chat=.. min=.. acceptance_proofread=.. same=../4
(targets: proofread >= 1.5, summary >= 1.15, every task >= 0.97)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.backends.llama_cpp import LlamaCppBackend
from desktop_app.core.models import builtin
from desktop_app.core.models.spec import ModelSpec

RUNS = int(os.environ.get("BENCH_RUNS", "4"))  # even: each side goes first as often
TEXT = (
    "The James Webb Space Telescope (JWST) is a space telescope designed to conduct infrared astronomy. It was "
    "launched on 25 December 2021 on an Ariane 5 rocket from Kourou, French Guiana. Its high-resolution and "
    "high-sensitivity instruments allow it to view objects too old, distant, or faint for the Hubble Space "
    "Telescope. This enables investigations across many fields of astronomy and cosmology, such as observation "
    "of the first stars and the formation of the first galaxies, and detailed atmospheric characterization of "
    "potentially habitable exoplanets. The telescope's primary mirror consists of 18 hexagonal segments of "
    "gold-plated beryllium, which combined create a 6.5-meter diameter mirror, considerably larger than Hubble's "
    "2.4 meters."
)
TYPOS = {"designed": "desinged", "launched": "lanched", "distant": "distnat", "galaxies": "galaxys",
         "considerably": "considerabely", "primary": "primery"}
CHINESE = (
    "长城是中国古代的军事防御工程，是一道高大、坚固而且连绵不断的长垣，用以限隔敌骑的行动。长城不是一道单纯孤立的城墙，"
    "而是以城墙为主体，同大量的城、障、亭、标相结合的防御体系。长城修筑的历史可上溯到西周时期，发生在首都镐京的著名"
    "典故烽火戏诸侯就源于此。春秋战国时期列国争霸，互相防守，长城修筑进入第一个高潮。"
)
def _with_typos(text: str) -> str:
    for right, wrong in TYPOS.items():
        text = text.replace(right, wrong)
    return text


TASKS = {
    "proofread": [{"role": "user", "content": "Correct the spelling mistakes in the following text. Output only the "
                   "corrected text, nothing else.\n\n" + _with_typos(TEXT)}],
    "summary": [{"role": "user", "content": "Summarize the following text in three sentences.\n\n" + TEXT}],
    "translate": [{"role": "user", "content": "Translate the following Chinese text into English. Output only the "
                   "translation.\n\n" + CHINESE}],
    "chat": [
        {"role": "user", "content": "Here is a paragraph I wrote:\n\n" + TEXT},
        {"role": "assistant", "content": "Thanks, it reads well. What would you like me to do with it?"},
        {"role": "user", "content": "Quote the sentence about the mirror exactly, then explain it in simple words."},
    ],
}
PARAMS = GenerationParams(temperature=0.0, max_tokens=220, seed=-1)


def run(backend: LlamaCppBackend, messages, drafting: bool) -> tuple[float, str, float]:
    backend._kv.rewind(0)  # an empty cache for both sides
    params = replace(PARAMS, prompt_lookup=drafting)
    first = 0.0
    tokens = 0
    parts: list[str] = []
    start = time.perf_counter()
    for chunk in backend.chat_stream(messages, params, threading.Event()):
        if chunk.completion_tokens and not first:
            first = time.perf_counter()
        tokens = max(tokens, chunk.completion_tokens)
        parts.append(chunk.text)
    elapsed = time.perf_counter() - (first or start)
    stats = backend.last_draft_stats
    return (tokens - 1) / elapsed if tokens > 1 and elapsed > 0 else 0.0, "".join(parts), stats.acceptance


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = builtin.assemble_qwen(Path(tmp))
        backend = LlamaCppBackend()
        backend.load(ModelSpec.from_path(path), LoadOptions(n_ctx=4096))
        try:
            results = {}
            for name, messages in TASKS.items():
                run(backend, messages, True)  # warm-up
                on, off, texts, acc = [], [], {}, 0.0
                for i in range(RUNS):
                    for drafting in ((True, False) if i % 2 == 0 else (False, True)):
                        tps, text, acceptance = run(backend, messages, drafting)
                        (on if drafting else off).append(tps)
                        texts[drafting] = text
                        if drafting:
                            acc = acceptance
                ratio = statistics.median(on) / statistics.median(off)
                same = texts[True] == texts[False]
                results[name] = (ratio, acc, same)
                s = backend.last_draft_stats
                print(f"{name:10s} drafted={s.drafted} accepted={s.accepted} batches={s.batches}", flush=True)
                print(f"{name:10s} on={statistics.median(on):6.1f} tok/s  off={statistics.median(off):6.1f} tok/s  "
                      f"ratio={ratio:.2f}  acceptance={acc:.2f}  same={same}  load={os.getloadavg()[0]:.1f}", flush=True)
                if not same:
                    print(f"    on : {texts[True][:160]!r}\n    off: {texts[False][:160]!r}")
        finally:
            backend.unload()
    ratios = {k: v[0] for k, v in results.items()}
    same = sum(v[2] for v in results.values())
    print(
        "RESULT " + " ".join(f"{k}={v:.2f}" for k, v in ratios.items())
        + f" min={min(ratios.values()):.2f} acceptance_proofread={results['proofread'][1]:.2f}"
        + f" same={same}/{len(results)} load={os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
