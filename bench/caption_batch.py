"""Captioning batch speed: 64 images through the Describe Image tab's batch path vs the same model's own batched
`generate` with its processor, same images, same greedy settings.

The captioner is a BLIP (`BlipForConditionalGeneration`) built from its config with seeded random weights (no
captioner ships in a package), sized like a small real one (224 px input, 16 px patches, 4+4 layers of width 256),
saved with its processor into a temporary folder. The app loads that folder through its real path
(task_models["describe"] -> EngineBar -> TransformersBackend, Capability.CAPTIONER); the baseline loads it with
`BlipForConditionalGeneration.from_pretrained` + `BlipProcessor`.

- images: scikit-image's real photos (read from its package folder), 64 JPEGs of 640 px, each a different crop and
  rotation so no two are the same.
- app: the real main window in a temporary DESKTOP_APP_HOME. The folder is added through `DescribeTab.add_paths`
  (scan + sidecar check, not timed); a run is timed from clicking "Describe All" (with "Redo captioned images"
  ticked) to `batch_finished`: the job on the model's thread (`describe_paths`: images decoded by open_image on a
  prefetch thread, batches of 8 to `backend.describe`), results and progress signalled to the GUI, the grid
  updated, the list saved to disk.
- raw: for each batch of 8, PIL `Image.open(...).convert("RGB")`, processor(images=..., return_tensors="pt"),
  `generate(max_new_tokens=N)` under inference_mode, `batch_decode`: on a plain helper thread, as the app's worker is.

Both warm up once; then ROUNDS rounds alternate app/raw and raw/app, and the medians of images/s are compared.
A 5 ms GUI heartbeat (bench/ui_latency.py) records the longest stall during the app runs. The captions of the two
sides are compared at the end (they must be identical: same weights, same greedy decoding).

Last line: RESULT app_img_s=.. raw_img_s=.. ratio=.. stall_max_ms=.. images=..   (target: ratio >= 0.9)
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from ui_latency import Heartbeat, p99  # noqa: E402  (bench/ is on sys.path when run as a script)

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

IMAGES = 64
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BATCH = 8  # the app's: core/tasks/describe.py DEFAULT_BATCH
MAX_TOKENS = 20
INTERVAL_MS = 5
TIMEOUT_S = 900.0
SEED = 7


def build_blip(dest: Path) -> Path:
    """A small BLIP captioner from its config, seeded, with the tiny fixtures' tokenizer and a 224 px processor."""
    import torch
    from transformers import BlipConfig, BlipForConditionalGeneration, BlipImageProcessorPil, BlipProcessor

    from tests.fixtures.tiny_models import build_tokenizer

    torch.manual_seed(SEED)
    tok = build_tokenizer(
        specials=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[DEC]"], pad="[PAD]", unk="[UNK]", cls="[CLS]",
        sep="[SEP]", bos="[DEC]", template="cls_sep",
    )
    width = 256
    text = dict(
        vocab_size=len(tok), hidden_size=width, intermediate_size=4 * width, num_hidden_layers=4,
        num_attention_heads=4, max_position_embeddings=128, encoder_hidden_size=width,
        bos_token_id=tok.bos_token_id, pad_token_id=tok.pad_token_id, sep_token_id=tok.sep_token_id,
        eos_token_id=tok.sep_token_id,
    )
    vision = dict(hidden_size=width, intermediate_size=4 * width, num_hidden_layers=4, num_attention_heads=4,
                  image_size=224, patch_size=16)
    model = BlipForConditionalGeneration(BlipConfig(text_config=text, vision_config=vision, projection_dim=width))
    model.eval().save_pretrained(dest)
    BlipProcessor(
        image_processor=BlipImageProcessorPil(size={"height": 224, "width": 224}), tokenizer=tok
    ).save_pretrained(dest)
    return dest


def write_images(folder: Path) -> list[Path]:
    from tests.fixtures import images as fx

    photos = [fx.photo(name) for name in fx.available_photos()]
    if not photos:
        raise RuntimeError("scikit-image's sample photos are needed (make install-test installs scikit-image)")
    folder.mkdir()
    paths = []
    for i in range(IMAGES):
        im = photos[i % len(photos)]
        w, h = im.size
        box = (i % 5 * w // 20, i % 3 * h // 20, w - i % 4 * w // 20, h - i % 2 * h // 20)
        out = im.crop(box).rotate((i * 7) % 360, expand=True)
        out.thumbnail((640, 640))
        path = folder / f"img{i:03d}.jpg"
        out.save(path, "JPEG", quality=90)
        paths.append(path)
    return paths


def make_raw(folder: Path, dtype_name: str):
    import torch
    from PIL import Image
    from transformers import BlipForConditionalGeneration, BlipProcessor

    processor = BlipProcessor.from_pretrained(str(folder))
    model = BlipForConditionalGeneration.from_pretrained(str(folder), dtype=getattr(torch, dtype_name)).eval()

    def caption(paths: list[Path]) -> list[str]:
        out: list[str] = []
        for start in range(0, len(paths), BATCH):
            images = [Image.open(p).convert("RGB") for p in paths[start : start + BATCH]]
            inputs = processor(images=images, return_tensors="pt")
            with torch.inference_mode():
                ids = model.generate(pixel_values=inputs["pixel_values"].to(model.dtype), max_new_tokens=MAX_TOKENS,
                                     do_sample=False, repetition_penalty=None)
            out.extend(t.strip() for t in processor.tokenizer.batch_decode(ids, skip_special_tokens=True))
        return out

    def raw_run(paths: list[Path]) -> tuple[float, list[str]]:
        box: list[Any] = []
        worker = threading.Thread(target=lambda: box.append(caption(paths)), name="raw-caption")
        start = time.perf_counter()
        worker.start()
        worker.join()
        return time.perf_counter() - start, box[0]

    return raw_run


def app_run(tab, beat: Heartbeat) -> tuple[float, list[float]]:
    loop = QEventLoop()
    finished: list[float] = []
    outcome: list[str] = []

    def on_finished(_n: int) -> None:
        finished.append(time.perf_counter())

    def on_ended(how: str) -> None:
        outcome.append(how)
        loop.quit()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    tab.batch_finished.connect(on_finished)
    tab.run_ended.connect(on_ended)
    guard.start(int(TIMEOUT_S * 1000))
    beat.start()
    start = time.perf_counter()
    tab.describe_all_button.click()
    loop.exec()
    stalls = beat.stop()
    guard.stop()
    tab.batch_finished.disconnect(on_finished)
    tab.run_ended.disconnect(on_ended)
    if not finished or outcome[:1] != ["finished"]:
        raise RuntimeError(f"the batch did not finish ({outcome or 'timed out'}): {tab.notice.text()}")
    return finished[0] - start, stalls


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-caption-", ignore_cleanup_errors=True) as tmp:
        home = Path(tmp) / "home"
        os.environ["DESKTOP_APP_HOME"] = str(home)
        os.environ["XDG_CONFIG_HOME"] = str(home / "xdg")
        folder = build_blip(Path(tmp) / "blip-small")
        paths = write_images(Path(tmp) / "photos")
        from desktop_app.core.models.builtin import smollm2_path

        settings: dict[str, Any] = {
            "task_models": {"describe": str(folder)},
            "task_settings": {"describe": {"max_tokens": MAX_TOKENS, "decoding": "greedy"}},
        }
        chat = smollm2_path()
        if chat is not None:
            settings["chat_model_path"] = str(chat)
        settings_file = home / "config" / "settings.json"
        settings_file.parent.mkdir(parents=True)
        settings_file.write_text(json.dumps(settings), encoding="utf-8")
        return run(folder, paths)


def run(folder: Path, paths: list[Path]) -> int:
    from desktop_app import APP_NAME
    from desktop_app.app import create_main_window
    from desktop_app.workers.jobs import wait_for_job

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    window = create_main_window()
    window.show()
    if window.chat_tab.load_job is not None:  # the chat model the app loads at start: not measured
        try:
            wait_for_job(window.chat_tab.load_job, TIMEOUT_S)
        except RuntimeError as exc:
            print(f"note: {exc}")
    tab = window.describe_tab
    window.tabs.setCurrentWidget(tab)
    wait_for_job(tab.add_paths([str(paths[0].parent)]), TIMEOUT_S)
    app.processEvents()
    if len(tab.images.items) != len(paths):
        raise RuntimeError(f"{len(tab.images.items)} images listed, expected {len(paths)}: {tab.notice.text()}")
    tab.redo.setChecked(True)
    beat = Heartbeat(INTERVAL_MS)
    seconds, _ = app_run(tab, beat)  # warm-up, with the model load
    info = tab.engine.model.info
    print(f"app warm-up (with the model load): {seconds:.1f} s; {info.architecture}, {info.device}, "
          f"{info.extra['dtype']}; {len(paths)} images, batch {BATCH}, {MAX_TOKENS} new tokens at most")
    raw_run = make_raw(folder, info.extra["dtype"])
    seconds, _ = raw_run(paths)
    print(f"raw warm-up {seconds:.1f} s")

    app_rates: list[float] = []
    raw_rates: list[float] = []
    stalls: list[float] = []
    raw_captions: list[str] = []
    for i in range(ROUNDS):
        for side in ("app", "raw") if i % 2 == 0 else ("raw", "app"):
            if side == "app":
                seconds, s = app_run(tab, beat)
                stalls.extend(s)
                app_rates.append(len(paths) / seconds)
                print(f"round {i + 1} app: {seconds:.2f} s, {app_rates[-1]:.2f} images/s, stall max {max(s):.1f} ms, "
                      f"p99 {p99(s):.2f} ms", flush=True)
            else:
                seconds, raw_captions = raw_run(paths)
                raw_rates.append(len(paths) / seconds)
                print(f"round {i + 1} raw: {seconds:.2f} s, {raw_rates[-1]:.2f} images/s", flush=True)
    app_captions = [it.caption for it in tab.images.items]
    same = sum(a == b for a, b in zip(app_captions, raw_captions, strict=False))
    print(f"captions: {same}/{len(paths)} identical on both sides; e.g. {app_captions[0]!r}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
    window.close()
    app.processEvents()
    app_med, raw_med = statistics.median(app_rates), statistics.median(raw_rates)
    ratio = app_med / raw_med if raw_med else 0.0
    print(f"RESULT app_img_s={app_med:.2f} raw_img_s={raw_med:.2f} ratio={ratio:.3f} "
          f"stall_max_ms={max(stalls):.1f} images={len(paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
