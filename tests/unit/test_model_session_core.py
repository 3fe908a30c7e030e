"""core.models.session: what every caller (tabs, CLI, server) gets when it resolves a model the same way."""

from __future__ import annotations

from desktop_app.core.models import session
from desktop_app.core.storage.settings import AppSettings


def test_a_task_model_is_resolved_with_its_consents_and_projector(tmp_path):
    folder = tmp_path / "classifier"
    folder.mkdir()
    settings = AppSettings(task_models={"sentiment": str(folder)}, model_consents={str(folder): ["allow_pickle"]})
    path = session.task_model_path(settings, "sentiment")
    spec = session.resolve(path, settings, tmp_path)
    assert spec.path == folder and spec.backend == "transformers" and spec.extra.get("allow_pickle") is True
    assert session.task_model_path(settings, "translate") == ""  # not chosen: the built-in chat model
    settings.chat_model_path = "/models/chat.gguf"
    assert session.task_model_path(settings, "chat") == "/models/chat.gguf"


def test_grant_consent_is_recorded_once_for_that_model_only(tmp_path):
    folder = tmp_path / "remote-code"
    folder.mkdir()
    settings = AppSettings()
    spec = session.resolve(str(folder), settings, tmp_path)
    session.grant_consent(settings, spec, "trust_remote_code")
    session.grant_consent(settings, spec, "trust_remote_code")
    assert settings.model_consents == {str(folder): ["trust_remote_code"]}
    assert spec.extra["trust_remote_code"] is True
    other = tmp_path / "other"
    other.mkdir()
    assert "trust_remote_code" not in session.resolve(str(other), settings, tmp_path).extra


def test_task_tabs_load_with_the_chat_defaults_so_one_copy_serves_both():
    settings = AppSettings(chat_defaults={"n_ctx": 2048, "n_threads": 3}, default_device="cpu")
    options = session.default_load_options(settings)
    assert (options.n_ctx, options.n_threads, options.device) == (2048, 3, "cpu")
