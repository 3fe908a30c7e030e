"""Loading models from the Chat tab: first-run assembly of the built-in model, Cancel, and switching models."""

from __future__ import annotations

from desktop_app.core.models import builtin
from tests.gui.helpers import LOAD_TIMEOUT_MS, open_window


def test_first_run_assembles_the_builtin_model_with_progress(qtbot, app_home):
    models = app_home / "data" / "models"
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    assert tab.spec is not None and tab.spec.path == models / builtin.QWEN_FILE
    assert tab.load_progress.isVisible() and tab.cancel_load_button.isVisible()
    seen = []
    tab.load_job.progress.connect(lambda done, total: seen.append((done, total)))
    qtbot.waitUntil(lambda: tab.model is not None, timeout=LOAD_TIMEOUT_MS)
    assert (builtin.QWEN_SIZE, builtin.QWEN_SIZE) in seen  # the assembly reported every byte, then the load ran
    assert builtin.qwen_ready(models) and not list(models.glob("*.partial"))
    assert not tab.load_progress.isVisible()
    assert "Qwen2.5" in w.model_label.text()


def test_cancel_first_run_assembly_leaves_no_partial_file(qtbot, app_home):
    models = app_home / "data" / "models"
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    with qtbot.waitSignal(tab.load_job.cancelled, timeout=LOAD_TIMEOUT_MS):
        tab.cancel_load_button.click()
    assert "cancelled" in tab.notice.text()
    assert not list(models.glob("*")) and tab.model is None
    assert not tab.load_progress.isVisible()


def test_cancel_loading_a_model(qtbot, use_smollm2):
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    assert tab.is_loading()
    with qtbot.waitSignal(tab.load_job.cancelled, timeout=LOAD_TIMEOUT_MS):
        tab.cancel_load_button.click()
    assert tab.model is None and "cancelled" in tab.notice.text()
    assert w.manager.loaded_models() == []


def test_switching_models_while_one_loads(qtbot, app_home, qwen_installed, smollm2):
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    assert tab.is_loading() and "Qwen" in tab.spec.name
    tab.use_model_file(str(smollm2))
    qtbot.waitUntil(lambda: tab.model is not None and tab.model.spec.path == smollm2, timeout=LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: [m.spec.path for m in w.manager.loaded_models()] == [smollm2], timeout=LOAD_TIMEOUT_MS)
    assert tab.model_combo.currentData() == str(smollm2)
    assert tab.notice.kind != "error"
