"""The Models page's details box: the predicted speed next to the memory fit, the Predict speed button while this
machine is not measured, and the base-model line, in English and Chinese. The box is the subject (a UI test): the
machine's measurement is given, the record is read from real GGUF headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.models import speed, speed_calibration
from desktop_app.core.models.metadata import read_gguf_record
from desktop_app.ui.models.details_box import ModelDetailsBox
from tests.fixtures.tiny_gguf_vision import build_tiny_language_model

MACHINE = speed.Machine(key="test", bandwidth=25e9, unit_overhead_s=5e-4, flops=50e9)


@pytest.fixture
def base_gguf(tmp_path) -> Path:
    return build_tiny_language_model(tmp_path / "tiny-base.gguf", chat_template=None)


def _box(qtbot) -> ModelDetailsBox:
    box = ModelDetailsBox("cpu")
    qtbot.addWidget(box)
    box.resize(520, 420)
    box.show()
    return box


def test_speed_is_predicted_once_the_machine_is_measured(qtbot, app_home, smollm2):
    box = _box(qtbot)
    record = read_gguf_record(smollm2)
    box.show_record(record, {})
    assert box.speed_button.isVisible() and "tok/s" not in box.fit_label.text()
    box.set_machine(MACHINE)
    expected = speed.predict(record, MACHINE, n_ctx=box.ctx_spin.value())
    assert f"Fits · about {expected.decode_tps:.0f} tok/s" in box.fit_label.text()
    assert not box.speed_button.isVisible()
    Path("/tmp/shots").mkdir(exist_ok=True)
    box.grab().save("/tmp/shots/predict_fit_en.png")


def test_base_model_is_named_and_chinese_text_is_shown(qtbot, app_home, base_gguf):
    from desktop_app.ui import i18n

    i18n.install_translator("zh_CN")
    try:
        box = _box(qtbot)
        box.set_machine(MACHINE)
        box.show_record(read_gguf_record(base_gguf), {})
        assert "基础模型" in box.details.text()
        assert "可以装下 · 约" in box.fit_label.text()
        box.grab().save("/tmp/shots/predict_fit_zh.png")
    finally:
        i18n.install_translator("en")
    box = _box(qtbot)
    box.show_record(read_gguf_record(base_gguf), {})
    assert "Base model (no chat template)" in box.details.text()


def test_the_machine_is_measured_once_in_the_background_and_cached(qtbot, app_home, smollm2, monkeypatch):
    """Both "Predict speed" buttons (details, Discover) join one job on the utility thread; its result shows in both
    views and is cached, so a new page (a later session) reads it and never measures again. The real path: the
    built-in model in its engine process, with one type reference (F16) of the eight the app writes: the subject
    is the job and its cache, and each reference costs a second or more."""
    import threading

    from desktop_app.core.models import speed_measure, speed_reference

    monkeypatch.setattr(speed_reference, "REFERENCE_TYPES", ("F16",))
    from desktop_app.core.storage.settings import AppSettings
    from desktop_app.ui.tabs.models_tab import ModelsTab
    from desktop_app.workers.model_manager import ModelManager
    from tests.gui.helpers import LOAD_TIMEOUT_MS

    threads: list[str] = []
    real = speed_measure.measure_machine

    def recording(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(speed_measure, "measure_machine", recording)
    manager = ModelManager()
    try:
        page = ModelsTab(manager, AppSettings(), lambda: None)
        qtbot.addWidget(page)
        page.show()
        page.open_discover("chat")
        discover = page.discover
        assert discover.speed_button.isVisible() and "tok/s" not in discover.table.item(0, 4).text()
        with qtbot.waitSignal(page.machine_speed.measured, timeout=LOAD_TIMEOUT_MS) as measured:
            discover.speed_button.click()
            assert not discover.speed_button.isEnabled() and discover.speed_button.text() == "Measuring…"
            job = page.machine_speed.job
            assert page._measure_speed() is job  # a second ask joins the measurement under way
        machine = measured.args[0]
        assert threads == ["utility"] and machine.ref_decode_tps > 0
        assert speed_calibration.load_machine() == machine  # cached in the data folder
        assert page.details_box.machine == machine and not discover.speed_button.isVisible()
        assert "tok/s" in discover.table.item(0, 4).text()  # the column shows the prediction now

        again = ModelsTab(manager, AppSettings(), lambda: None)  # the next session
        qtbot.addWidget(again)
        assert again.machine_speed.machine == machine and again._measure_speed() is None and threads == ["utility"]
        assert not again.discover.speed_button.isVisibleTo(again.discover)
    finally:
        manager.shutdown()
