"""Discover through the real window, against the local fake hub: Describe Image with no model offers "Get a
captioning model"; one click downloads the catalogue's vision GGUF with its mmproj, pairs them, makes them the
tab's model, and the tab captions an image with them (a tiny llama.cpp pair written with the gguf package)."""

from __future__ import annotations

import json

from PySide6.QtGui import QGuiApplication, QImage

from desktop_app.core.models import catalog
from tests.catalog.test_catalog_download import DOC, MMPROJ, MODEL, pair_bytes, server  # noqa: F401 (fixtures)
from tests.conftest import write_settings
from tests.gui.helpers import open_window, wait_job

TIMEOUT_MS = 120_000


def test_get_a_captioning_model_downloads_pairs_and_captions(qtbot, app_home, smollm2, server, tmp_path,  # noqa: F811
                                                              monkeypatch):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(DOC), encoding="utf-8")
    monkeypatch.setattr(catalog, "CATALOG_PATH", path)
    write_settings(app_home, chat_model_path=str(smollm2),
                   library_sources={"hf_cache": False, "lmstudio": False, "ollama": False},
                   task_settings={"describe": {"max_tokens": 4, "decoding": "greedy"}})
    w = open_window(qtbot, wait_for_model=False)
    w.tabs.setCurrentWidget(w.describe_tab)
    tab = w.describe_tab
    assert tab.recommend.isVisible() and tab.recommend.model_label.text() == "Tiny VLM"

    tab.recommend.button.click()
    discover = w.models_tab.discover
    assert w.tabs.currentWidget() is w.models_tab and w.models_tab.sections.currentWidget() is discover
    assert discover.task_combo.currentData() == "captioner" and discover.selected_entry().id == "tiny-vlm"
    with qtbot.waitSignal(discover.assigned, timeout=TIMEOUT_MS) as blocker:
        pass
    key, result = blocker.args
    models = app_home / "data" / "models"
    assert key == "describe" and result.model_path == models / MODEL and result.projector_path == models / MMPROJ
    assert w.app_settings.task_models["describe"] == str(models / MODEL)
    assert w.app_settings.model_projectors[str(models / MODEL)] == str(models / MMPROJ)
    assert "is now the model of this tab" in discover.status.text() and not discover.progress.isVisible()
    assert tab.engine.path == str(models / MODEL) and not tab.recommend.isVisible()

    w.tabs.setCurrentWidget(tab)
    image = QImage(40, 30, QImage.Format_RGB32)
    image.fill(0xCC3344)
    QGuiApplication.clipboard().setImage(image)
    with qtbot.waitSignal(tab.images_added, timeout=30_000):
        tab.paste()
    with qtbot.waitSignal(tab.run_ended, timeout=TIMEOUT_MS) as ended:
        tab.editor.describe_button.click()
    assert ended.args == ["finished"], tab.notice.text()
    assert tab.engine.model.info.vision.mmproj == MMPROJ
    w.close()


def test_discover_lists_what_fits_and_a_failed_download_says_why(qtbot, app_home, smollm2, server, tmp_path,  # noqa: F811
                                                                 monkeypatch):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(DOC), encoding="utf-8")
    monkeypatch.setattr(catalog, "CATALOG_PATH", path)
    server.wrong_sha.add(MMPROJ)
    write_settings(app_home, chat_model_path=str(smollm2))
    w = open_window(qtbot, wait_for_model=False)
    discover = w.models_tab.open_discover("describe", "tiny-vlm")
    assert discover.table.rowCount() == 1 and discover.table.item(0, 0).text() == "Tiny VLM"
    assert discover.table.item(0, 4).text().startswith("fits")
    discover.fits_only.setChecked(False)
    discover.show_task("sentiment")
    assert discover.table.item(0, 0).text() == "Tiny BERT"
    assert discover.selected_entry() is None  # the row selected before was another model
    discover.show_task("describe", "tiny-vlm")
    wait_job(qtbot, discover.download_selected(), TIMEOUT_MS)  # waitSignal entered now could miss a quick end
    assert "arrived corrupted" in discover.notice.text() and discover.download_button.isEnabled()
    assert "describe" not in w.app_settings.task_models
    w.close()


def test_summarize_with_the_built_in_model_offers_a_bigger_one_that_fits(qtbot, app_home, smollm2, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens: the test never leaves this machine
    # Online, as a user is: other test modules turn offline mode on for the whole session when imported.
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    write_settings(app_home, chat_model_path=str(smollm2))
    w = open_window(qtbot, wait_for_model=False)
    w.tabs.setCurrentWidget(w.summarize_tab)
    bar = w.summarize_tab.recommend
    assert bar.isVisible() and bar.entry is not None and "summarize" in bar.entry.tasks
    assert catalog.TIERS.index(bar.entry.tier) <= catalog.TIERS.index("medium")
    assert bar.model_label.text() == bar.entry.name
    w.summarize_tab.engine.set_path(str(smollm2))  # a model of the user's own: no advice
    assert not bar.isVisible()
    bar.update_for(True)
    bar.button.click()
    discover = w.models_tab.discover
    assert w.tabs.currentWidget() is w.models_tab and discover.task_combo.currentData() == "summarize"
    assert discover.job is not None and discover.selected_entry() == bar.entry  # its download started
    wait_job(qtbot, discover.job, TIMEOUT_MS)  # a closed port fails at once: waitSignal could miss it
    assert "Cannot connect to http://127.0.0.1:9" in discover.notice.text()  # one sentence, the page still works
    assert discover.download_button.isEnabled() and not discover.progress.isVisible()
    w.close()
