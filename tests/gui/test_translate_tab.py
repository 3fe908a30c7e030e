"""The Translate tab driven through its real widgets: the built-in Qwen2.5 (it speaks Chinese), and tiny seeded
NLLB, M2M100 and opus-mt models built offline and loaded through the app's own loading code (random weights: their
words mean nothing, so what is checked there is structure, progress, pair checks, cancelling and history)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QGuiApplication

from desktop_app.core.tasks.chunking import is_mostly_chinese
from tests.conftest import write_settings
from tests.fixtures import tiny_models
from tests.gui.helpers import open_window

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

RUN_TIMEOUT_MS = 240_000
SHOTS = Path("/tmp/shots")
CHINESE = "今天天气很好。我们去公园散步。\n\n下午我们一起吃午饭，然后回家休息。"
ENGLISH = "The library opens at nine in the morning.\n\nChildren can borrow three books every week."


@pytest.fixture(scope="module")
def nllb(tmp_path_factory) -> Path:
    return tiny_models.build_tiny_nllb(tmp_path_factory.mktemp("models") / "tiny-nllb")


@pytest.fixture(scope="module")
def m2m100(tmp_path_factory) -> Path:
    return tiny_models.build_tiny_m2m100(tmp_path_factory.mktemp("models") / "tiny-m2m100")


@pytest.fixture(scope="module")
def opus_en_zh(tmp_path_factory) -> Path:
    """A Marian model for English → Chinese only (the pair is in its tokenizer_config.json)."""
    return tiny_models.build_tiny_opus_mt(tmp_path_factory.mktemp("models") / "tiny-opus-mt", "en", "zh")


def translate_tab(qtbot, app_home, **settings):
    if settings:
        write_settings(app_home, **settings)
    window = open_window(qtbot, wait_for_model=False)
    window.tabs.setCurrentWidget(window.translate_tab)
    return window, window.translate_tab


def choose(tab, source: str, target: str) -> None:
    """Pick languages in the combos by their codes, as a user picks them by name."""
    tab.picker.source.setCurrentIndex(tab.picker.source.findData(source))
    tab.picker.target.setCurrentIndex(tab.picker.target.findData(target))
    assert tab.languages() == {"source": source, "target": target}


def run(qtbot, tab, expect="finished", timeout=RUN_TIMEOUT_MS):
    results = []
    tab.translation_finished.connect(results.append)
    with qtbot.waitSignal(tab.run_ended, timeout=timeout) as blocker:
        tab.run_button.click()
    tab.translation_finished.disconnect(results.append)
    assert blocker.args == [expect], tab.notice.text()
    return results[0] if results else None


def saved_settings(app_home: Path) -> dict:
    return json.loads((app_home / "config" / "settings.json").read_text(encoding="utf-8"))


# -- the built-in chat model ------------------------------------------------------------------------------------------
def test_qwen_translates_chinese_to_english_and_back(qtbot, app_home, qwen_installed):
    window, tab = translate_tab(qtbot, app_home)
    assert tab.engine.combo.currentText().startswith("Built-in chat model (Qwen")
    tab.input.set_text(CHINESE)
    choose(tab, "auto", "en")
    chunks = []
    tab.engine.job_started.connect(lambda job: job.chunk.connect(chunks.append))
    result = run(qtbot, tab)

    out = tab.output.toPlainText()
    assert out == result.text == tab.translation
    assert "".join(chunks) == result.text and len(chunks) > 3  # streamed, not handed over at the end
    assert out.count("\n") == 2, out  # the blank line between the two paragraphs is kept
    for paragraph in out.split("\n\n"):
        assert not is_mostly_chinese(paragraph) and len(re.findall(r"[A-Za-z]+", paragraph)) >= 4, out
    assert result.method == "chat" and result.detected[0] == "zh"
    assert tab.picker.detected_label.text().startswith("Detected: Chinese"), tab.picker.detected_label.text()
    assert tab.engine.kind_label.text().startswith("chat LLM") and tab.notice.text() == ""
    assert tab.result_label.text() == "2 paragraphs"
    assert tab.copy_button.isEnabled() and tab.save_button.isEnabled() and tab.run_button.isEnabled()
    assert not tab.engine.cancel_button.isVisible()
    # the model bar shrinks back to one row when idle: wait for that layout pass before the picture
    qtbot.waitUntil(lambda: tab.engine.height() == tab.engine.sizeHint().height() and tab.engine.y() < 15)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SHOTS / "translate_zh.png"))

    # swapping from "Detect language" uses the detected Chinese; the translation becomes the text to translate
    tab.picker.swap_button.click()
    assert tab.languages() == {"source": "en", "target": "zh"}
    assert tab.input.text() == out and tab.output.toPlainText() == ""

    tab.input.set_text(ENGLISH)
    result = run(qtbot, tab)
    out = tab.output.toPlainText()
    assert out == result.text == tab.translation
    assert out.count("\n") == 2 and "\n\n" in out, out
    for paragraph in out.split("\n\n"):
        assert is_mostly_chinese(paragraph), out
    assert result.detected is None and tab.picker.detected_label.text() == ""
    assert saved_settings(app_home)["task_settings"]["translate"] == {"source": "en", "target": "zh"}
    window.close()


# -- dedicated models -------------------------------------------------------------------------------------------------
def test_dedicated_m2m100_keeps_the_layout_and_explains_what_it_cannot_write(qtbot, app_home, m2m100):
    window, tab = translate_tab(qtbot, app_home)
    tab.engine.set_path(str(m2m100))
    assert tab.engine.combo.currentText() == "tiny-m2m100"
    text = "The first paragraph.\n\nA second paragraph,\non two lines.\n\n\nAnd a third one."
    tab.input.set_text(text)
    choose(tab, "en", "fr")
    result = run(qtbot, tab)

    out = tab.output.toPlainText()
    assert out == result.text == tab.translation and out.strip()
    assert result.method == "seq2seq" and result.paragraphs == 3
    assert [len(p.split("\n")) for p in out.split("\n\n")] == [len(p.split("\n")) for p in text.split("\n\n")]
    assert out.count("\n") == text.count("\n")
    assert tab.engine.kind_label.text().startswith("dedicated seq2seq model"), tab.engine.kind_label.text()
    assert tab.engine.combo.currentText() == "tiny-m2m100 (dedicated)"
    assert tab.history.db.task_runs("translate")[0].engine == "seq2seq"

    # now loaded, a pair it cannot do is explained as soon as it is chosen, before anything runs
    choose(tab, "en", "zh-Hant")
    assert tab.notice.kind == "warning"
    assert "can read Chinese (Traditional) but cannot write it" in tab.notice.text()
    choose(tab, "en", "de")
    assert tab.notice.text() == ""
    window.close()


def test_unsupported_pair_is_refused_before_and_while_running(qtbot, app_home, opus_en_zh):
    window, tab = translate_tab(qtbot, app_home)
    tab.engine.set_path(str(opus_en_zh))
    tab.input.set_text(ENGLISH)
    choose(tab, "fr", "zh")
    assert tab.notice.text() == ""  # not loaded yet: nothing to check it against

    # the run loads the model, checks the pair inside the job, and stops with the plain message
    run(qtbot, tab, expect="failed")
    message = (
        "tiny-opus-mt translates English → Chinese (Simplified) only; "
        "pick another model for French → Chinese (Simplified)."
    )
    assert tab.notice.kind == "error" and tab.notice.text() == message
    assert tab.output.toPlainText() == "" and tab.history.list.count() == 0

    # loaded now: choosing another pair it cannot do says so at once, and Translate runs nothing
    choose(tab, "en", "ja")
    assert tab.notice.kind == "warning" and "pick another model for English → Japanese" in tab.notice.text()
    started = []
    tab.engine.job_started.connect(started.append)
    tab.run_button.click()
    assert tab.notice.kind == "error" and "English → Japanese" in tab.notice.text()
    assert not tab.is_running() and started == [] and tab.output.toPlainText() == ""

    # the pair it can do hides the message and runs
    choose(tab, "en", "zh")
    assert tab.notice.text() == ""
    result = run(qtbot, tab)
    # byte-level random output may hold characters a text view shows differently (\r): the tab keeps it exact
    assert tab.translation == result.text and result.text.strip() and result.method == "seq2seq"
    db = tab.history.db
    assert tab.history.list.count() == 1 and db.task_run(db.task_runs("translate")[0].id).output == result.text
    window.close()


def test_long_text_shows_paragraph_progress_cancels_midway_and_reruns(qtbot, app_home, nllb):
    window, tab = translate_tab(
        qtbot, app_home,
        task_models={"translate": str(nllb)},
        task_settings={"translate": {"source": "en", "target": "zh"}},
    )
    assert tab.languages() == {"source": "en", "target": "zh"}  # remembered from the settings
    text = "\n\n".join(f"Paragraph {i}: the weather is cloudy and the park is quiet today." for i in range(40))
    tab.input.set_text(text)
    statuses = []

    def on_progress(value):
        statuses.append(tab.engine.status.text())
        if value >= 8 and tab.engine.cancel_button.isVisible():
            tab.engine.cancel_button.click()  # midway, as a user would

    tab.engine.progress.valueChanged.connect(on_progress)
    run(qtbot, tab, expect="cancelled")
    tab.engine.progress.valueChanged.disconnect(on_progress)

    assert any(s.endswith(" of 40…") and s.startswith("Paragraph ") for s in statuses), statuses
    partial = tab.output.toPlainText()
    assert 8 <= partial.count("\n\n") < 39, partial  # a whole batch came through, and not the rest
    assert "cancelled" in tab.notice.text() and "kept" in tab.notice.text()
    db = tab.history.db
    runs = db.task_runs("translate")
    assert [r.status for r in runs] == ["stopped"] and db.task_run(runs[0].id).output == partial == tab.translation
    assert "[stopped]" in tab.history.list.item(0).text()
    assert tab.run_button.isEnabled() and not tab.engine.cancel_button.isVisible()

    result = run(qtbot, tab)
    assert result.paragraphs == 40
    assert tab.output.toPlainText() == result.text and result.text.count("\n\n") == 39
    assert tab.engine.status.text() == "" and tab.history.list.count() == 2
    window.close()


def test_history_reopens_after_a_restart_with_input_output_and_languages(qtbot, app_home, nllb, tmp_path):
    window, tab = translate_tab(qtbot, app_home, task_models={"translate": str(nllb)})
    tab.input.set_text(ENGLISH)
    choose(tab, "auto", "zh")
    result = run(qtbot, tab)
    output = tab.output.toPlainText()
    assert result.detected[0] == "en" and tab.picker.detected_label.text() == "Detected: English"
    saved = tmp_path / "out.txt"
    assert tab.save_text(str(saved)) and saved.read_text(encoding="utf-8") == output
    tab.copy_button.click()
    assert QGuiApplication.clipboard().text() == output
    window.close()

    window, tab = translate_tab(qtbot, app_home)
    assert tab.languages() == {"source": "auto", "target": "zh"}
    choose(tab, "fr", "de")
    tab.input.set_text("something else")
    assert tab.history.list.count() == 1
    tab.history.list.setCurrentRow(0)
    tab.history.open_button.click()
    assert tab.input.text() == ENGLISH and tab.output.toPlainText() == output
    assert tab.languages() == {"source": "auto", "target": "zh"}
    assert tab.picker.detected_label.text() == "Detected: English"
    window.close()


# -- without a model --------------------------------------------------------------------------------------------------
def test_empty_input_and_a_binary_file_are_refused_clearly(qtbot, app_home, tmp_path):
    window, tab = translate_tab(qtbot, app_home)
    tab.input.set_text("  \n\n  ")
    tab.run_button.click()
    assert tab.notice.kind == "warning" and "no text" in tab.notice.text()
    assert not tab.is_running() and tab.output.toPlainText() == ""

    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with qtbot.waitSignal(tab.input.failed, timeout=60_000):
        tab.input.open_file(str(binary))
    assert tab.notice.kind == "error" and "binary file" in tab.notice.text()
    assert not tab.is_running()
    window.close()


def test_languages_default_remember_swap_and_same_language(qtbot, app_home):
    window, tab = translate_tab(qtbot, app_home)
    assert tab.languages() == {"source": "auto", "target": "zh"}  # an English UI translates into Chinese
    picker = tab.picker
    assert picker.source.itemText(0) == "Detect language" and picker.source.count() == picker.target.count() + 1
    assert picker.target.currentText() == "Chinese (Simplified)"
    for widget in (picker.source, picker.target, picker.swap_button, tab.output, tab.input.edit):
        assert widget.accessibleName()
    for widget in (picker.source, picker.target, picker.swap_button, tab.run_button, tab.copy_button, tab.save_button):
        assert widget.toolTip()

    # swap from "Detect language": nothing known yet, then the language detected in the text
    tab.picker.swap_button.click()
    assert tab.languages() == {"source": "auto", "target": "zh"} and tab.notice.kind == "info"
    tab.input.set_text("Bonjour, je voudrais un café et un croissant, s'il vous plaît.")
    tab.picker.swap_button.click()
    assert tab.languages() == {"source": "zh", "target": "fr"}

    choose(tab, "de", "de")
    assert tab.notice.kind == "warning" and "both German" in tab.notice.text()
    tab.run_button.click()
    assert not tab.is_running() and tab.output.toPlainText() == ""
    choose(tab, "de", "ja")
    assert tab.notice.text() == ""
    window.close()
    window, tab = translate_tab(qtbot, app_home)
    assert tab.languages() == {"source": "de", "target": "ja"}
    window.close()


def test_a_chinese_ui_shows_chinese_names_and_translates_into_english(qtbot, app_home):
    """The interface in Chinese (Settings → Language; the app sets the default locale from it at start)."""
    from desktop_app.ui import i18n

    before = QLocale()
    try:
        window, tab = translate_tab(qtbot, app_home, language="zh_CN")
        assert tab.languages() == {"source": "auto", "target": "en"}
        assert tab.picker.target.currentText() == "英语"
        assert tab.picker.source.itemText(tab.picker.source.findData("zh")) == "简体中文"
        window.close()
    finally:
        i18n.install_translator("en")  # no Chinese left for the tests after this one
        QLocale.setDefault(before)
