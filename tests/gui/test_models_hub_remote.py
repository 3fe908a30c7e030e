"""Downloads from a (local, fake) Hugging Face Hub and a remote OpenAI-compatible server, through the Models page."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_settings
from tests.gui.helpers import LOAD_TIMEOUT_MS, open_window, type_and_send, wait_job
from tests.hub.test_hub import GGUF_NAME, fake_hub, gguf_bytes  # noqa: F401 (fixtures)
from tests.remote.test_remote_backend import API_KEY, llama_server  # noqa: F401 (fixture)

OFF = {"hf_cache": False, "lmstudio": False, "ollama": False}


def test_search_pick_a_quantization_and_download_into_the_models_folder(qtbot, app_home, smollm2, fake_hub, gguf_bytes):  # noqa: F811, E501
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF)
    w = open_window(qtbot, wait_for_model=False)
    tab = w.models_tab
    dialog = tab.open_downloads()
    dialog.query.setText("tiny")
    dialog.gguf_only.setChecked(True)
    dialog.search()
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=30_000)
    dialog.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: dialog.files.rowCount() > 3, timeout=30_000)
    assert dialog.download_button.isEnabled() and dialog.download_button.text() == "Download all files"
    row = next(r for r in range(dialog.files.rowCount()) if dialog.files.item(r, 0).text() == GGUF_NAME)
    assert dialog.files.item(row, 2).text() == "Q4_K_M" and "MB" in dialog.files.item(row, 3).text()
    dialog.files.selectRow(row)
    dialog.dest.setCurrentIndex(dialog.dest.findData("app"))
    dialog.download_button.click()
    with qtbot.waitSignal(dialog.downloaded, timeout=60_000):
        pass
    target = app_home / "data" / "models" / GGUF_NAME
    assert target.read_bytes() == gguf_bytes
    assert "Downloaded 1 files" in dialog.status.text()
    qtbot.waitUntil(lambda: tab.scan_job is not None, timeout=60_000)
    wait_job(qtbot, tab.scan_job, 60_000)
    assert tab.select_path(target)  # the new model is in the library at once


def test_download_errors_are_shown(qtbot, app_home, smollm2, fake_hub):  # noqa: F811
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF)
    w = open_window(qtbot, wait_for_model=False)
    dialog = w.models_tab.open_downloads()
    assert not dialog.download_button.isEnabled()  # nothing listed: nothing to download (issue 15 item 13)
    dialog.show_files("test-org/does-not-exist")
    qtbot.waitUntil(lambda: dialog.notice.kind == "error", timeout=30_000)
    assert "test-org/does-not-exist" in dialog.notice.text()
    assert dialog.status.text() == "" and not dialog.download_button.isEnabled()  # no "Listing files…" left


def test_a_search_that_fails_at_once_is_still_shown(qtbot, app_home, smollm2, monkeypatch):
    """A search against a closed port can fail before run_background returns; the dialog's connections were made
    after that and the failure left the dialog blank (seen in CI). Here every job ends before it is returned."""
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF)
    import huggingface_hub.constants

    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # a closed port
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")  # online, as a user is (other modules turn offline mode on)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    w = open_window(qtbot, wait_for_model=False)
    dialog = w.models_tab.open_downloads()
    start = w.manager.run_background

    def ended_before_returned(*args, **kwargs):
        job = start(*args, **kwargs)
        qtbot.waitUntil(job.reported, timeout=30_000)
        return job

    monkeypatch.setattr(w.manager, "run_background", ended_before_returned)
    dialog.query.setText("qwen")
    dialog.search()
    qtbot.waitUntil(lambda: dialog.notice.kind == "error", timeout=10_000)
    assert "127.0.0.1:9" in dialog.notice.text() and dialog.status.text() == ""


def test_connect_a_remote_server_and_chat_with_it(qtbot, app_home, smollm2, llama_server):  # noqa: F811
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF, chat_defaults={"n_ctx": 2048})
    w = open_window(qtbot)
    tab = w.models_tab
    job = tab.add_remote(llama_server + "/v1", API_KEY)
    wait_job(qtbot, job, LOAD_TIMEOUT_MS)
    wait_job(qtbot, tab.scan_job, 60_000)
    assert tab.select_path(Path(llama_server + "/v1"))
    tab.details_box.chat_button.click()
    chat = w.chat_tab
    qtbot.waitUntil(lambda: chat.model is not None and chat.model.spec.backend == "remote", timeout=LOAD_TIMEOUT_MS)
    chat.settings_panel.max_tokens.setValue(16)
    chat.settings_panel.temperature.setValue(0.0)
    result = type_and_send(qtbot, chat, "What is the capital of France?")
    assert result.completion_tokens > 0 and result.text


def test_wrong_key_for_a_remote_server_is_explained(qtbot, app_home, smollm2, llama_server):  # noqa: F811
    write_settings(app_home, chat_model_path=str(smollm2), library_sources=OFF)
    w = open_window(qtbot, wait_for_model=False)
    job = w.models_tab.add_remote(llama_server + "/v1", "wrong-key")
    wait_job(qtbot, job, LOAD_TIMEOUT_MS)
    assert "key" in w.models_tab.notice.text().lower() or "401" in w.models_tab.notice.text()
