"""Settings → Downloads: the choice of Hugging Face, a mirror or ModelScope is applied to the hub at once and saved;
a bad mirror address is one sentence in the dialog, which stays open, and the previous source stays in use."""

from __future__ import annotations

import pytest

from desktop_app.core.models import hub
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog


@pytest.fixture
def dialog(qtbot):
    saves: list[int] = []
    settings = AppSettings()
    d = SettingsDialog(settings, lambda: saves.append(1))
    qtbot.addWidget(d)
    d.show()
    yield d, settings, saves
    hub.set_download_source("huggingface")


def test_a_mirror_then_modelscope_are_applied_and_saved(dialog, monkeypatch):
    d, settings, saves = dialog
    monkeypatch.setenv("HF_ENDPOINT", "https://huggingface.co")
    assert not d.downloads.mirror_edit.isEnabled()
    d.downloads.source_combo.setCurrentIndex(d.downloads.source_combo.findData("mirror"))
    assert d.downloads.mirror_edit.isEnabled()
    d.downloads.mirror_edit.setText("http://127.0.0.1:8765/")
    assert "downloads" in d.apply() and saves
    assert (settings.download_source, settings.hub_mirror_url) == ("mirror", "http://127.0.0.1:8765/")
    assert hub.hub_endpoint() == "http://127.0.0.1:8765"
    d.downloads.source_combo.setCurrentIndex(d.downloads.source_combo.findData("modelscope"))
    d.accept()
    assert settings.download_source == "modelscope" and hub.download_source() == "modelscope"
    assert hub.hub_endpoint() == "https://huggingface.co"  # entries ModelScope lacks still come from the Hub


def test_a_bad_mirror_address_is_explained_and_changes_nothing(dialog):
    d, settings, _saves = dialog
    d.downloads.source_combo.setCurrentIndex(d.downloads.source_combo.findData("mirror"))
    d.downloads.mirror_edit.setText("hf-mirror.com")
    d.accept()
    assert d.isVisible() and d.downloads.has_error
    assert "must start with http:// or https://" in d.downloads.error.text()
    assert settings.download_source == "huggingface" and hub.download_source() == "huggingface"
