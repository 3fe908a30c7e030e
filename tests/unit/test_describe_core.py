"""The Describe Image core without a model: finding images, caption affixes, sidecars, exports, and the batch
loop driven by a small deterministic backend (it names each image's main colour) on real image files."""

from __future__ import annotations

import csv
import json
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.backends.base import BackendBase, Capability, GenerationParams
from desktop_app.core.errors import Cancelled, GenerationError
from desktop_app.core.tasks.caption_files import (
    CaptionExportError,
    export_csv,
    export_jsonl,
    read_sidecar,
    sidecar_conflicts,
    sidecar_path,
    write_sidecars,
)
from desktop_app.core.tasks.describe import (
    PROMPT_PRESETS,
    CaptionResult,
    CaptionSettings,
    describe_paths,
    failures_summary,
    join_affix,
)
from desktop_app.core.tasks.image_scan import natural_key, scan_images
from desktop_app.core.tasks.images import open_image
from tests.fixtures.images import photo, run_without_file_override, write_bad_files, writes_despite_chmod

REPO = Path(__file__).resolve().parents[2]
ZH = "一只橘猫趴在窗台上，阳光很好。"


def touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def names(paths) -> list[str]:
    return [p.name for p in paths]


# -- scan_images ---------------------------------------------------------------------------------------------
def test_scan_recurses_in_natural_order_files_before_subfolders(tmp_path):
    root = tmp_path / "set"
    for name in ("img10.jpg", "img2.JPG", "img1.png", "IMG3.webp", "notes.txt", "img2.txt"):
        touch(root / name)
    touch(root / "b" / "x.png")
    touch(root / "a10" / "y.png")
    touch(root / "a9" / "z.png")
    result = scan_images([root])
    expected = ["img1.png", "img2.JPG", "IMG3.webp", "img10.jpg", "z.png", "y.png", "x.png"]
    assert names(result.images) == expected
    assert result.skipped == [] and result.empty_folders == []
    assert all(p.is_absolute() for p in result.images)


def test_scan_depth_limit_and_hidden(tmp_path):
    root = tmp_path / "deep"
    touch(root / "top.jpg")
    touch(root / "d1" / "one.jpg")
    touch(root / "d1" / "d2" / "two.jpg")
    touch(root / "d1" / "d2" / "d3" / "three.jpg")
    touch(root / ".thumbnails" / "cached.jpg")
    touch(root / "._top.jpg")  # macOS resource fork
    touch(root / ".hidden.png")
    result = scan_images([root], max_depth=2)
    assert names(result.images) == ["top.jpg", "one.jpg", "two.jpg"]
    assert result.too_deep == [root / "d1" / "d2" / "d3"]
    assert names(scan_images([root], max_depth=0).images) == ["top.jpg"]
    assert names(scan_images([root]).images) == ["top.jpg", "one.jpg", "two.jpg", "three.jpg"]
    # A hidden file named directly is what the user asked for.
    assert names(scan_images([root / ".hidden.png"]).images) == [".hidden.png"]


def test_scan_given_files_missing_paths_and_empty_folders(tmp_path):
    a = touch(tmp_path / "a.jpg")
    doc = touch(tmp_path / "report.pdf")
    bare = touch(tmp_path / "README")
    empty = tmp_path / "empty"
    empty.mkdir()
    only_text = tmp_path / "captions"
    touch(only_text / "a.txt")
    result = scan_images([a, doc, bare, tmp_path / "missing.png", empty, only_text])
    assert result.images == [a]
    reasons = dict(result.skipped)
    assert ".pdf files are not images" in reasons[doc]
    assert "without an image extension" in reasons[bare]
    assert "does not exist" in reasons[tmp_path / "missing.png"]
    assert result.empty_folders == [empty, only_text]


def test_scan_no_duplicates_and_symlink_loops(tmp_path):
    root = tmp_path / "set"
    a = touch(root / "a.jpg")
    touch(root / "sub" / "b.jpg")
    try:
        (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
        (root / "alias.jpg").symlink_to(a)
    except OSError:
        pytest.skip("symbolic links are not allowed here")
    result = scan_images([a, root, root, root / "sub"])
    assert names(result.images) == ["a.jpg", "b.jpg"]  # a.jpg once, though given, linked and listed
    assert result.empty_folders == []  # folders already searched are not "empty"


def test_scan_many_files_is_fast(tmp_path):
    root = tmp_path / "big"
    for folder in range(10):
        sub = root / f"part{folder}"
        sub.mkdir(parents=True)
        for i in range(1000):
            (sub / f"img{i}.jpg").write_bytes(b"")
    started = time.perf_counter()
    result = scan_images([root])
    elapsed = time.perf_counter() - started
    assert len(result.images) == 10_000
    assert names(result.images[:3]) == ["img0.jpg", "img1.jpg", "img2.jpg"]
    assert result.images[999].name == "img999.jpg" and result.images[1000].parent.name == "part1"
    assert elapsed < 3.0, f"10,000 files took {elapsed:.2f} s"


def test_scan_cancel(tmp_path):
    touch(tmp_path / "a.jpg")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        scan_images([tmp_path], cancel=cancel)


def test_natural_key():
    files = ["img10.png", "img2.png", "Img1.png", "img01.png", "a.png"]
    assert sorted(files, key=natural_key) == ["a.png", "Img1.png", "img01.png", "img2.png", "img10.png"]


# -- settings and affixes ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("prefix", "caption", "suffix", "expected"),
    [
        ("photo of", "a cat on a sofa", "", "photo of a cat on a sofa"),
        ("photo of ", "  a cat  ", " ", "photo of a cat"),
        ("ohwx,", "a man", ", 4k, high quality", "ohwx, a man, 4k, high quality"),
        ("", "a dog", "", "a dog"),
        ("trigger", "", "", "trigger"),
        ("一张照片：", "猫在睡觉", "", "一张照片：猫在睡觉"),
        ("一张", "橘猫的照片", "。", "一张橘猫的照片。"),
        ("照片：", "a cat", "", "照片：a cat"),
        ("风格", "a cat", "", "风格 a cat"),
        ("photo of", "一只猫", "", "photo of 一只猫"),
        ("(masterpiece)", "a cat", "", "(masterpiece) a cat"),
        ("tags:\n", "cat, sofa", "", "tags:\ncat, sofa"),
    ],
)
def test_finish_joins_affixes(prefix, caption, suffix, expected):
    assert CaptionSettings(prefix=prefix, suffix=suffix).finish(caption) == expected


def test_join_affix_never_doubles_spaces():
    assert "  " not in join_affix("a  ", "  b")
    assert join_affix("", "  b ") == "b"


def test_settings_params_greedy_beams_and_sampling():
    greedy = CaptionSettings(prompt="a picture of").params()
    assert isinstance(greedy, GenerationParams)
    assert greedy.temperature == 0 and greedy.num_beams == 1 and greedy.max_tokens == 60
    beams = CaptionSettings(num_beams=4, max_tokens=30).params()
    assert beams.num_beams == 4 and beams.temperature == 0 and beams.max_tokens == 30
    sampled = CaptionSettings(sampling=True, temperature=0.8, top_p=0.85, seed=7).params()
    assert (sampled.temperature, sampled.top_p, sampled.seed) == (0.8, 0.85, 7)
    assert sampled.top_k == 0 and sampled.min_p == 0  # only what the tab shows shapes sampling
    assert CaptionSettings(num_beams=0, max_tokens=0).params().num_beams == 1
    with pytest.raises(AttributeError):
        CaptionSettings().prompt = "x"  # frozen: a job's snapshot


def test_prompt_presets_cover_english_and_chinese():
    table = dict(PROMPT_PRESETS)
    assert table["Detailed description"] == "Describe this image in detail."
    assert table["Read the text"] == "What text is in this image?"
    assert "comma" in table["Tags"]
    assert table["详细描述"] == "请详细描述这张图片。"
    assert len(table) == len(PROMPT_PRESETS)  # names are unique


# -- sidecars ------------------------------------------------------------------------------------------------
def test_sidecar_path_convention(tmp_path):
    assert sidecar_path(tmp_path / "photo.JPG") == tmp_path / "photo.txt"
    assert sidecar_path("a/b/img.v2.png") == Path("a/b/img.v2.txt")


def test_sidecars_conflicts_overwrite_and_round_trip(tmp_path):
    a, b, c = (touch(tmp_path / n) for n in ("a.jpg", "b.png", "c.webp"))
    (tmp_path / "b.txt").write_text("old caption", encoding="utf-8")
    items = [(a, "a cat, sitting"), (b, ZH), (c, "line one\nline two")]
    assert sidecar_conflicts(items) == [tmp_path / "b.txt"]
    assert sidecar_conflicts([a, b, c]) == [tmp_path / "b.txt"]  # plain paths work too

    report = write_sidecars(items, overwrite=False)
    assert report.written == [tmp_path / "a.txt", tmp_path / "c.txt"]
    assert report.skipped == [(tmp_path / "b.txt", "a caption file is already there")]
    assert read_sidecar(b) == "old caption"
    assert "Wrote 2 caption files." in report.summary()

    report = write_sidecars(items, overwrite=True)
    assert report.written == [tmp_path / n for n in ("a.txt", "b.txt", "c.txt")] and not report.failed
    assert (tmp_path / "b.txt").read_bytes() == ZH.encode("utf-8")  # UTF-8, no BOM
    assert [read_sidecar(p) for p in (a, b, c)] == ["a cat, sitting", ZH, "line one\nline two"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary files left
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600


def test_an_identical_sidecar_is_no_conflict_and_is_left_untouched(tmp_path):
    image = touch(tmp_path / "a.jpg")
    side = tmp_path / "a.txt"
    side.write_bytes(ZH.encode("gb18030") + b"\n")  # the same caption, saved by another tool
    os.utime(side, (1_000_000_000, 1_000_000_000))
    assert sidecar_conflicts([(image, ZH)]) == []
    assert sidecar_conflicts([(image, "another caption")]) == [side]
    assert sidecar_conflicts([image]) == [side]  # without captions, every existing file counts
    report = write_sidecars([(image, ZH)], overwrite=False)
    assert report.written == [side] and not report.skipped  # it holds the caption: saved
    assert side.stat().st_mtime == 1_000_000_000 and side.read_bytes().endswith(b"\n")  # not rewritten


def test_sidecars_shared_stem_and_missing_caption(tmp_path):
    jpg, png = touch(tmp_path / "photo.jpg"), touch(tmp_path / "photo.png")
    other = touch(tmp_path / "other.jpg")
    report = write_sidecars([(jpg, "from the jpeg"), (png, "from the png"), (other, None)], overwrite=True)
    assert report.written == [tmp_path / "photo.txt"]
    assert read_sidecar(jpg) == "from the jpeg"
    reasons = dict(report.skipped)
    assert "photo.jpg already uses" in reasons[tmp_path / "photo.txt"]
    assert reasons[tmp_path / "other.txt"] == "no caption"


def test_read_sidecar_encodings(tmp_path):
    image = touch(tmp_path / "img.jpg")
    assert read_sidecar(image) is None
    side = tmp_path / "img.txt"
    side.write_bytes(ZH.encode("gb18030") + b"\r\n")  # written by a Chinese Windows tool
    assert read_sidecar(image) == ZH
    side.write_bytes("\ufeff".encode() + ZH.encode("utf-8"))
    assert read_sidecar(image) == ZH
    side.write_bytes(ZH.encode("utf-16"))
    assert read_sidecar(image) == ZH
    side.write_bytes("café au lait".encode("cp1252"))
    assert read_sidecar(image) == "café au lait"
    side.write_bytes(b"")
    assert read_sidecar(image) == ""


def test_write_sidecars_into_a_read_only_folder(tmp_path):
    folder = tmp_path / "locked"
    image = touch(folder / "a.jpg")
    folder.chmod(0o555)
    try:
        if not writes_despite_chmod(folder):
            report = write_sidecars([(image, "a cat")], overwrite=True)
            assert report.written == []
            assert report.failed == [(folder / "a.txt", "permission denied")]
            assert "a.txt: permission denied" in report.summary()
            return
        code = (
            "from desktop_app.core.tasks.caption_files import write_sidecars\n"
            "report = write_sidecars([(sys.argv[1], 'a cat')], overwrite=True)\n"
            "print(len(report.written), report.failed[0][0].name, report.failed[0][1], sep='|')\n"
        )
        out = run_without_file_override(code, str(image), repo=REPO, cwd=tmp_path)
        assert out.strip() == "0|a.txt|permission denied"
        assert not (folder / "a.txt").exists()
    finally:
        folder.chmod(0o755)


def test_write_sidecar_over_a_folder_fails_that_file_only(tmp_path):
    a, b = touch(tmp_path / "a.jpg"), touch(tmp_path / "b.jpg")
    (tmp_path / "a.txt").mkdir()  # something in the way that cannot be replaced
    report = write_sidecars([(a, "first"), (b, "second")], overwrite=True)
    assert report.written == [tmp_path / "b.txt"]
    assert [p for p, _ in report.failed] == [tmp_path / "a.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- exports -------------------------------------------------------------------------------------------------
TRICKY = [
    ("photos/a.jpg", "a cat, on a sofa"),
    ("photos/猫.png", ZH),
    ("photos/b.jpg", 'two lines\nand "quotes"'),
    ("photos/c.jpg", "line\u2028separator"),
    ("photos/d.jpg", None),
]


def test_export_csv_round_trip(tmp_path):
    path = tmp_path / "out" / "captions.csv"
    assert export_csv(path, TRICKY) == len(TRICKY)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["file", "caption"]
    assert rows[1:] == [[f, c or ""] for f, c in TRICKY]


def test_export_jsonl_round_trip(tmp_path):
    path = tmp_path / "captions.jsonl"
    results = [CaptionResult(Path(f), c, None if c else "d.jpg is empty (0 bytes).") for f, c in TRICKY]
    assert export_jsonl(path, results) == len(TRICKY)
    text = path.read_text(encoding="utf-8")
    assert ZH in text  # ensure_ascii=False: readable Chinese
    lines = text.splitlines()  # U+2028 inside a caption must not split a record
    assert len(lines) == len(TRICKY)
    assert [json.loads(line) for line in lines] == [
        {"file": str(Path(f)), "caption": c or ""} for f, c in TRICKY
    ]


def test_export_to_an_impossible_place(tmp_path):
    blocker = touch(tmp_path / "not_a_folder")
    with pytest.raises(CaptionExportError, match=r"Cannot write captions\.csv"):
        export_csv(blocker / "captions.csv", TRICKY)
    with pytest.raises(OSError):  # callers that guard file writes with `except OSError` catch it too
        export_jsonl(blocker / "captions.jsonl", TRICKY)


# -- the batch loop, with a small deterministic backend ------------------------------------------------------
class ColourBackend(BackendBase):
    """Captions an image by its strongest colour channel; refuses images narrower than 40 pixels with a
    GenerationError (as a real processor refuses sizes it cannot patch). Records every call."""

    capabilities = frozenset({Capability.CAPTIONER})

    def __init__(self, on_call=None):
        self.calls: list[int] = []
        self.on_call = on_call

    def describe(self, images, prompt, params, cancel=None):
        self.calls.append(len(images))
        if self.on_call is not None:
            self.on_call(len(self.calls))
        if cancel is not None and cancel.is_set():
            raise Cancelled("Cancelled.")
        out = []
        for im in images:
            if im.size[0] < 40:
                raise GenerationError("The image is too small for this model.")
            means = np.asarray(im, float).mean((0, 1))
            out.append(f"{prompt} a mostly {('red', 'green', 'blue')[int(means.argmax())]} image".strip())
        return out


@pytest.fixture
def mixed(tmp_path):
    """Good photos, bad files and one image the backend refuses, in a known order."""
    from PIL import Image

    bad = write_bad_files(tmp_path / "bad")
    good = tmp_path / "good"
    good.mkdir()
    Image.new("RGB", (64, 48), (200, 10, 10)).save(good / "red.png")
    Image.new("RGB", (64, 48), (10, 10, 200)).save(good / "blue.jpg")
    Image.new("RGB", (20, 48), (10, 200, 10)).save(good / "narrow.png")
    photo("coffee.png", 120).save(good / "coffee.webp")
    return [
        good / "red.png",
        bad["text"],
        good / "blue.jpg",
        good / "narrow.png",
        bad["truncated"],
        good / "coffee.webp",
        bad["empty"],
        bad["bomb"],
    ]


def test_describe_paths_mixed_files(mixed):
    backend = ColourBackend()
    reports: list[tuple[int, list[CaptionResult]]] = []
    settings = CaptionSettings(prompt="", prefix="photo of", suffix=", plain background")
    results = describe_paths(backend, mixed, settings, on_results=lambda i, rows: reports.append((i, rows)),
                             batch_size=3)
    assert [r.path for r in results] == mixed  # order kept
    assert [i for i, _ in reports] == [0, 3, 6]
    assert [r for _, rows in reports for r in rows] == results
    by_name = {r.path.name: r for r in results}
    assert by_name["red.png"].caption == "photo of a mostly red image, plain background"
    assert by_name["blue.jpg"].caption == "photo of a mostly blue image, plain background"
    assert by_name["coffee.webp"].ok
    # The backend failed the whole second batch (narrow, coffee): retried one by one, only narrow lost. The
    # third batch holds only bad files: the model is not called for it.
    assert backend.calls == [2, 2, 1, 1]
    assert "narrow.png" in by_name["narrow.png"].error and "too small" in by_name["narrow.png"].error
    assert "notes.jpg is not an image" in by_name["notes.jpg"].error
    assert "truncated" in by_name["truncated.jpg"].error
    assert "empty" in by_name["empty.jpg"].error
    assert "too large" in by_name["bomb.png"].error
    assert all(r.caption is None for r in results if r.error)
    assert all(r.seconds >= 0 for r in results)
    summary = failures_summary(results)
    assert summary.startswith("5 of 8 images failed: notes.jpg is not an image")
    assert "narrow.png: The image is too small" in summary and summary.endswith(".")
    assert failures_summary([r for r in results if r.ok]) == ""


def test_describe_paths_deleted_after_the_scan(tmp_path):
    from PIL import Image

    for name in ("a.png", "b.png"):
        Image.new("RGB", (64, 64), (0, 0, 250)).save(tmp_path / name)
    listed = scan_images([tmp_path]).images
    (tmp_path / "a.png").unlink()
    results = describe_paths(ColourBackend(), listed, CaptionSettings())
    assert results[0].error == "a.png no longer exists (it was moved or deleted)."
    assert results[1].caption == "a mostly blue image"


def test_cancel_keeps_what_was_reported(mixed):
    cancel = threading.Event()
    reports: list[tuple[int, list[CaptionResult]]] = []

    def on_results(index, rows):
        reports.append((index, rows))
        cancel.set()  # the user presses Stop as the first batch arrives

    with pytest.raises(Cancelled, match="after 2 of 8 images"):
        describe_paths(ColourBackend(), mixed, CaptionSettings(), cancel, on_results, batch_size=2)
    assert len(reports) == 1 and reports[0][0] == 0
    assert [r.path for r in reports[0][1]] == mixed[:2]
    assert reports[0][1][0].caption == "a mostly red image"


def test_cancel_during_the_model_drops_only_that_batch(mixed):
    cancel = threading.Event()
    backend = ColourBackend(on_call=lambda n: cancel.set() if n == 2 else None)
    reports: list[int] = []
    with pytest.raises(Cancelled, match="after 2 of 8"):
        describe_paths(backend, mixed, CaptionSettings(), cancel, lambda i, _: reports.append(i), 2)
    assert reports == [0]
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled, match="after 0 of 8"):
        describe_paths(ColourBackend(), mixed, CaptionSettings(), cancel)
    assert describe_paths(ColourBackend(), [], CaptionSettings()) == []


def test_next_batch_decodes_while_the_model_runs(mixed):
    """The prefetch thread opens batch 2 while the model still works on batch 1."""
    second_batch_opened = threading.Event()
    opened: list[str] = []

    def opener(path: Path):
        opened.append(path.name)
        if len(opened) == 3:  # the first image of the second batch
            second_batch_opened.set()
        return open_image(path)

    overlap: list[bool] = []

    def on_call(n: int) -> None:
        if n == 1:
            overlap.append(second_batch_opened.wait(timeout=10))

    paths = [mixed[0], mixed[2]] * 3  # red.png, blue.jpg
    describe_paths(ColourBackend(on_call=on_call), paths, CaptionSettings(), batch_size=2, opener=opener)
    assert overlap == [True]
    assert opened == [p.name for p in paths]
