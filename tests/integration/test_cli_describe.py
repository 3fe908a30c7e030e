"""desktop-app describe: the Describe tab's core from the command line, through a real subprocess, with a tiny
seeded BLIP loaded through the user's path and scikit-image's real photos."""

from __future__ import annotations

import csv
import io
import os

import pytest

from desktop_app.core.tasks.caption_files import read_sidecar
from tests.fixtures import images as fx
from tests.fixtures import tiny_models
from tests.integration.test_cli import run

os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(scope="module")
def blip(tmp_path_factory):
    return tiny_models.build_tiny_blip(tmp_path_factory.mktemp("blip"))


def test_describe_folder_to_csv_and_sidecars(app_home, blip, tmp_path):
    folder = tmp_path / "pics"
    (folder / "sub").mkdir(parents=True)
    for i, name in enumerate(fx.available_photos()[:3]):
        fx.photo(name, max_side=128).save(folder / ("sub" if i == 2 else "") / f"p{i}.png")
    (folder / "fake.jpg").write_text("hello", encoding="utf-8")
    r = run(["describe", str(folder), "--model", str(blip), "--max-tokens", "5", "--format", "csv",
             "--prefix", "photo of", "--write-sidecars"], app_home)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 4
    by_name = {os.path.basename(row["file"]): row for row in rows}
    assert "not an image" in by_name["fake.jpg"]["error"] and not by_name["fake.jpg"]["caption"]
    for name in ("p0.png", "p1.png"):
        assert by_name[name]["caption"].startswith("photo of") and not by_name[name]["error"]
    assert read_sidecar(folder / "sub" / "p2.png") == by_name["p2.png"]["caption"]
    assert "1 of 4 images failed" in r.stderr and "Traceback" not in r.stderr


def test_describe_without_a_vision_model_says_what_to_do(app_home, smollm2, tmp_path):
    image = tmp_path / "a.png"
    fx.photo(fx.available_photos()[0], max_side=64).save(image)
    r = run(["describe", str(image)], app_home)
    assert r.returncode == 2 and "no image model chosen" in r.stderr
    r = run(["describe", str(image), "--model", str(smollm2)], app_home)
    assert r.returncode == 1 and "cannot see images" in r.stderr and "Traceback" not in r.stderr
    r = run(["describe", str(tmp_path / "missing-folder")], app_home)
    assert r.returncode == 1 and "no images" in r.stderr
