"""The light install (no [torch] extra): a PyTorch feature says which extra it needs, in one sentence, and the rest
of the app (the window, llama.cpp chat) works.

The subprocess tests make torch, transformers and the rest of the [torch] extra impossible to import with a meta
path finder put first on sys.meta_path before the app is imported, so the app's own code runs as it would on a
machine where `pip install desktop_app` left them out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.core import extras
from desktop_app.core.errors import DesktopAppError

ROOT = Path(__file__).resolve().parents[2]
TORCH_SENTENCE = "PyTorch models need the [torch] extra (torch is not installed): pip install 'desktop_app[torch]'"

BLOCKER = textwrap.dedent(
    """
    import importlib.abc, sys

    BLOCKED = {"torch", "transformers", "peft", "accelerate", "safetensors", "sentencepiece", "sacremoses",
               "tokenizers", "torchvision"}

    class _NoTorch(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, _NoTorch())
    """
)


def run_without_torch(code: str, home: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    """Run `code` in a Python where the [torch] extra cannot be imported, and so in every engine process it starts:
    the blocker is a sitecustomize.py on PYTHONPATH, which each new interpreter runs before anything else."""
    blocker = home / "no_torch"
    blocker.mkdir(exist_ok=True)
    (blocker / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    pythonpath = os.pathsep.join(filter(None, [str(blocker), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, DESKTOP_APP_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=pythonpath)
    return subprocess.run([sys.executable, "-c", BLOCKER + textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


def cli_without_torch(args: list[str], home: Path) -> subprocess.CompletedProcess:
    return run_without_torch(f"from desktop_app.cli import main\nraise SystemExit(main({args!r}))", home)


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory) -> Path:
    """A real PyTorch model folder (config.json, safetensors, tokenizer): loads fine where torch is installed."""
    from tests.fixtures.tiny_models import build_tiny_llama

    return build_tiny_llama(tmp_path_factory.mktemp("tiny") / "tiny-llama")


# -- the helper -------------------------------------------------------------------------------------------------------
def test_require_passes_when_installed():
    extras.require("torch", "json", "sqlite3")  # stdlib modules stand in for installed ones
    assert extras.available("json") and extras.missing("torch", "json") is None


def test_require_names_the_extra_and_the_command():
    with pytest.raises(extras.MissingExtraError) as err:
        extras.require("torch", "json", "no_such_module_xyz", feature="PyTorch models")
    assert str(err.value) == (
        "PyTorch models need the [torch] extra (no_such_module_xyz is not installed): "
        "pip install 'desktop_app[torch]'"
    )
    assert isinstance(err.value, DesktopAppError)  # the CLI and the UI show it as one sentence
    assert err.value.extra == "torch" and err.value.module == "no_such_module_xyz"


def test_singular_subject_and_submodules():
    assert extras.message("torch", "peft", "Fine-tuning").startswith("Fine-tuning needs the [torch] extra")
    assert not extras.available("no_such_module_xyz.sub")  # a missing parent is "not installed", not an error


def test_frozen_build_does_not_suggest_pip(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    text = extras.message("torch", "torch")
    assert "this build of the app was made without it" in text and "use the full build" in text


def test_a_module_set_to_none_counts_as_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "blocked_for_test_xyz", None)
    assert not extras.available("blocked_for_test_xyz")


# -- the app without torch, in a subprocess -----------------------------------------------------------------------------
def test_blocker_really_blocks(app_home):
    r = run_without_torch("import torch", app_home)
    assert r.returncode != 0 and "No module named 'torch'" in r.stderr


def test_loading_a_pytorch_folder_says_which_extra(app_home, tiny_llama):
    r = run_without_torch(
        f"""
        from desktop_app.core.backends import create_backend
        from desktop_app.core.backends.base import LoadOptions
        from desktop_app.core.models.spec import ModelSpec
        from desktop_app.core.extras import MissingExtraError

        spec = ModelSpec(path={str(tiny_llama)!r}, name="tiny-llama", backend="transformers")
        try:
            create_backend(spec).load(spec, LoadOptions(device="cpu"))
        except MissingExtraError as exc:
            print("SENTENCE:", exc)
        print("torch imported:", "torch" in sys.modules)
        """,
        app_home,
    )
    assert r.returncode == 0, r.stderr
    assert f"SENTENCE: {TORCH_SENTENCE}" in r.stdout
    assert "torch imported: False" in r.stdout


def test_gguf_as_pytorch_says_which_extra(app_home, smollm2):
    r = run_without_torch(
        f"""
        from pathlib import Path
        from desktop_app.core.models import gguf_torch_cache
        try:
            gguf_torch_cache.convert(Path({str(smollm2)!r}))
        except Exception as exc:
            print("SENTENCE:", type(exc).__name__, exc)
        """,
        app_home,
    )
    assert r.returncode == 0, r.stderr
    assert ("SENTENCE: MissingExtraError Loading a GGUF as a PyTorch model needs the [torch] extra "
            "(torch is not installed)") in r.stdout


def test_cli_prints_the_sentence_in_one_line(app_home, tiny_llama):
    r = cli_without_torch(["sentiment", "The food was great", "--model", str(tiny_llama)], app_home)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1] == f"error: {TORCH_SENTENCE}"
    assert "Traceback" not in r.stderr


def test_llama_cpp_chat_works_without_torch(app_home, smollm2):
    r = cli_without_torch(["chat", "What is the capital of France? Answer in one sentence.", "--model", str(smollm2),
                           "--temperature", "0", "--max-tokens", "20"], app_home)
    assert r.returncode == 0, r.stderr
    assert "Paris" in r.stdout


def test_main_window_opens_and_a_pytorch_load_fails_with_the_sentence(app_home, smollm2, tiny_llama):
    settings = app_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(f'{{"chat_model_path": {str(smollm2)!r}}}'.replace("'", '"'), encoding="utf-8")
    r = run_without_torch(
        f"""
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication(["desktop_app"])
        from desktop_app.app import create_main_window, finish
        from desktop_app.core.backends.base import LoadOptions
        from desktop_app.core.models.spec import ModelSpec

        window = create_main_window()
        window.show()
        app.processEvents()
        print("window shown:", window.isVisible())
        print("device tooltip:", window.models_tab.details_box.device_combo.toolTip())
        errors = []
        loop = QEventLoop()
        spec = ModelSpec(path={str(tiny_llama)!r}, name="tiny-llama", backend="transformers")

        def connect(job):
            job.failed.connect(lambda exc: (errors.append(str(exc)), loop.quit()))
            job.finished.connect(lambda _slot: loop.quit())

        window.manager.load(spec, LoadOptions(device="cpu"), before_start=connect)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        print("LOAD FAILED:", errors[0] if errors else None)
        print("torch imported:", "torch" in sys.modules)
        window.close()
        app.processEvents()
        raise SystemExit(finish(window, 0))
        """,
        app_home,
    )
    assert r.returncode == 0, r.stderr
    assert "window shown: True" in r.stdout
    assert f"device tooltip: {TORCH_SENTENCE}" in r.stdout  # the Models page's PyTorch device choice says it too
    assert f"LOAD FAILED: {TORCH_SENTENCE}" in r.stdout
    assert "torch imported: False" in r.stdout


def test_fit_check_asks_for_vram_without_torch(app_home):
    """The Models page's fit check of a GPU load asks torch for free VRAM; without torch it falls back quietly."""
    r = run_without_torch(
        """
        from desktop_app.core.models.memory import system_memory
        mem = system_memory(include_vram=True)
        print("ram known:", mem.total_ram > 0, "torch imported:", "torch" in sys.modules)
        """,
        app_home,
    )
    assert r.returncode == 0, r.stderr
    assert "ram known: True torch imported: False" in r.stdout
