"""describe_paths with a real (tiny, seeded) BLIP captioner loaded through TransformersBackend, on a folder
that mixes real photos in several formats with broken files, as users' folders do."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.errors import Cancelled
from desktop_app.core.tasks.caption_files import read_sidecar, write_sidecars
from desktop_app.core.tasks.describe import (
    DECODE_MAX_SIDE,
    CaptionResult,
    CaptionSettings,
    describe_paths,
    failures_summary,
)
from desktop_app.core.tasks.image_scan import scan_images
from desktop_app.core.tasks.images import open_image
from tests.fixtures.images import write_bad_files, write_odd_images
from tests.torch.helpers import StopAfterChecks, load

SETTINGS = CaptionSettings(prompt="a picture of", max_tokens=8, prefix="photo,")


@pytest.fixture(scope="module")
def blip(tiny_blip):
    backend = load(tiny_blip)
    yield backend
    backend.unload()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Good images in every odd format, and broken files in a subfolder."""
    root = tmp_path_factory.mktemp("mixed")
    write_odd_images(root)
    write_bad_files(root / "broken")
    return root


@pytest.fixture(scope="module")
def listed(folder):
    """The scan's list (good images first, then the broken/ subfolder), with the broken files dealt in among
    the good ones so that batches mix them."""
    found = scan_images([folder]).images
    good = [p for p in found if p.parent == folder]
    bad = [p for p in found if p.parent != folder]
    assert len(good) >= 11 and len(bad) == 4
    return [good[0], bad[0], *good[1:4], bad[1], bad[2], *good[4:8], bad[3], *good[8:]]


def good_ones(paths):
    return [p for p in paths if p.parent.name != "broken"]


def per_image(backend, paths, settings=SETTINGS) -> list[str | None]:
    """The reference: each image opened and described on its own, the slow obvious way."""
    out: list[str | None] = []
    for path in paths:
        try:
            image = open_image(path, max_side=DECODE_MAX_SIDE)
        except Exception:  # noqa: BLE001 - a broken file: no caption
            out.append(None)
            continue
        out.append(settings.finish(backend.describe([image], settings.prompt, settings.params())[0]))
    return out


def test_mixed_folder_good_get_captions_bad_get_errors(blip, listed):
    bad_names = {"notes.jpg", "truncated.jpg", "empty.jpg", "bomb.png"}
    assert bad_names <= {p.name for p in listed}  # the scan lists them (by suffix); describing finds them out
    reports: list[tuple[int, list[CaptionResult]]] = []
    results = describe_paths(blip, listed, SETTINGS, on_results=lambda i, rows: reports.append((i, rows)),
                             batch_size=4)
    assert [r.path for r in results] == listed  # order kept
    assert [i for i, _ in reports] == list(range(0, len(listed), 4))  # every batch reported, in order
    assert [r for _, rows in reports for r in rows] == results
    for r in results:
        if r.path.name in bad_names:
            assert r.caption is None and r.path.name in r.error, r
        else:
            assert r.ok, r
            assert r.caption.startswith("photo, a picture of"), r.caption  # BLIP continues the prompt
    summary = failures_summary(results)
    assert summary.startswith(f"4 of {len(listed)} images failed:")


def test_batched_equals_one_by_one_with_greedy_decoding(blip, listed):
    some = listed[:9]  # six good images of different formats and sizes, three broken files
    results = describe_paths(blip, some, SETTINGS, batch_size=4)
    assert [r.caption for r in results] == per_image(blip, some)
    beams = CaptionSettings(prompt="", max_tokens=6, num_beams=3)
    good = [r.path for r in results if r.ok][:3]
    batched = describe_paths(blip, good, beams, batch_size=3)
    assert [r.caption for r in batched] == per_image(blip, good, beams)


def test_progressive_reports_come_before_the_next_batch_runs(blip, listed):
    """on_results for batch k arrives before the model starts batch k + 1, so the table fills in as it
    goes."""
    calls: list[str] = []
    real = blip.describe

    class Watching:
        capabilities = blip.capabilities

        def describe(self, images, prompt, params, cancel=None):
            calls.append("model")
            return real(images, prompt, params, cancel)

    good = good_ones(listed)[:9]
    describe_paths(Watching(), good, SETTINGS, on_results=lambda i, rows: calls.append(f"report {i}"),
                   batch_size=3)
    assert calls == ["model", "report 0", "model", "report 3", "model", "report 6"]


def test_cancel_mid_way_keeps_reported_results(blip, listed):
    cancel = threading.Event()
    reports: list[tuple[int, list[CaptionResult]]] = []

    def on_results(index, rows):
        reports.append((index, rows))
        if len(reports) == 2:
            cancel.set()  # Stop pressed while the third batch is being prepared

    with pytest.raises(Cancelled, match=f"after 4 of {len(listed)} images"):
        describe_paths(blip, listed, SETTINGS, cancel, on_results, batch_size=2)
    kept = [r for _, rows in reports for r in rows]
    assert [r.path for r in kept] == listed[:4]
    full = describe_paths(blip, listed[:4], SETTINGS, batch_size=2)
    assert [(r.caption, r.error) for r in kept] == [(r.caption, r.error) for r in full]  # still valid


def test_cancel_inside_the_model_stops_the_run(blip, listed):
    """Stop pressed while the second batch generates: the backend's stopping criteria end generate() after a
    couple of tokens, that batch is dropped whole, and the first batch's results stand."""
    cancel = threading.Event()
    real = blip.describe
    reports: list[int] = []
    seen: list[StopAfterChecks] = []

    class PressesStop(StopAfterChecks):
        def is_set(self) -> bool:
            if super().is_set():
                cancel.set()  # what the Stop button sets
            return cancel.is_set()

    class StopsDuringSecondBatch:
        capabilities = blip.capabilities

        def describe(self, images, prompt, params, cancel_event=None):
            if seen or len(reports) == 1:
                seen.append(PressesStop(2))  # checked once before generating, then once per token
                return real(images, prompt, params, seen[-1])
            return real(images, prompt, params, cancel_event)

    with pytest.raises(Cancelled, match="after 2 of 6"):
        describe_paths(StopsDuringSecondBatch(), good_ones(listed)[:6], SETTINGS, cancel,
                       lambda i, r: reports.append(i), batch_size=2)
    assert reports == [0]
    assert len(seen) == 1 and seen[0].checks >= 3  # it got into generation before stopping


def test_captions_to_sidecars_and_back(blip, listed, tmp_path):
    good = good_ones(listed)[:3]
    results = describe_paths(blip, good, SETTINGS)
    copies = []
    for r in results:
        target = tmp_path / r.path.name
        target.write_bytes(r.path.read_bytes())
        copies.append((target, r.caption))
    report = write_sidecars(copies, overwrite=False)
    assert len(report.written) == len(copies) and not report.failed
    assert [read_sidecar(p) for p, _ in copies] == [c.strip() for _, c in copies]
