"""Run in a fresh process: load a model through the app's backend, fill most of its context, print RSS growth.

A fresh process because a process that loaded and freed models before reuses freed memory for the next load, which
would hide part of the growth. Printed as one JSON line: {"rss_growth": bytes, ...}.

Why RSS: llama.cpp mmaps the GGUF and PyTorch mmaps safetensors. Mapped file pages count in RSS once touched,
and a prompt that runs through every layer touches all of them, so after it RSS holds weights + KV cache +
compute buffers + runtime overhead: what the load really costs this process while the model is in use. USS and
PSS split pages shared with other processes (another test run mapping the same SmolLM2 file would halve PSS), so
they vary with what else runs on the machine; RSS does not.
"""

from __future__ import annotations

import gc
import json
import sys
import threading
from pathlib import Path


def main(kind: str, path: str, n_ctx: int, words: int) -> None:
    import psutil

    from desktop_app.core.backends.base import GenerationParams, LoadOptions
    from desktop_app.core.models.spec import ModelSpec

    if kind == "llama":
        import llama_cpp  # noqa: F401  (imported before the baseline: the library is not the model)

        from desktop_app.core.backends.llama_cpp import LlamaCppBackend

        backend = LlamaCppBackend()
        spec = ModelSpec(path=Path(path), name="m", backend="llama_cpp")
        options = LoadOptions(n_ctx=n_ctx)
    else:
        # The libraries' own import cost (~150 MB of code and tables, paid once per process) is not the model's:
        # import what any LLaMA load imports before taking the baseline.
        import torch  # noqa: F401
        import transformers.models.llama.modeling_llama  # noqa: F401
        from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: F401

        from desktop_app.core.backends.pytorch.loader import TransformersBackend

        backend = TransformersBackend()
        spec = ModelSpec(path=Path(path), name="m", backend="transformers")
        options = LoadOptions(n_ctx=n_ctx, device="cpu")
    proc = psutil.Process()
    gc.collect()
    before = proc.memory_info().rss
    info = backend.load(spec, options)
    prompt = " ".join(["The quick brown fox jumps over the lazy dog."] * words)
    n_prompt = backend.count_tokens(prompt)
    params = GenerationParams(temperature=0.0, max_tokens=4, seed=0)
    list(backend.complete_stream(prompt, params, threading.Event()))
    gc.collect()
    after = proc.memory_info().rss
    print(json.dumps({"rss_growth": after - before, "n_prompt": n_prompt, "n_ctx": info.n_ctx,
                      "dtype": info.extra.get("dtype", "")}))  # fmt: skip
    backend.unload()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
