"""Issue 15 item 9: every text of the window is readable (WCAG AA) in the light and the dark theme, including
after a switch between them (a heading once stayed black on the dark window) and the Models page's verdict."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from tests.conftest import write_settings
from tests.gui.contrast import AA, check_window, contrast
from tests.gui.helpers import open_window, wait_job

OFF = {"hf_cache": False, "lmstudio": False, "ollama": False}
TABS = ("chat", "models", "summarize", "sentiment", "translate", "describe", "finetune", "documents")


def _settle() -> None:
    for _ in range(3):  # a theme change and a page switch repaint on the next turns of the event loop
        QCoreApplication.processEvents()


def _every_page(w, theme: str) -> list:
    problems = []
    for key in TABS:
        w.tabs.setCurrentWidget(w.lazy_tabs.get(key))
        _settle()
        problems += check_window(w, f"{theme}/{key}")
    finetune = w.lazy_tabs.get("finetune")
    for i in range(len(finetune.pages)):  # 1. Task … 6. Results: the current step is bold
        finetune.go_to(i)
        _settle()
        problems += check_window(w, f"{theme}/finetune step {i + 1}")
    w.server_action.trigger()  # Tools → API server, with its warning about listening on the network
    server = w.server_dialog
    server.network_check.setChecked(True)
    assert server.warning_label.isVisible()
    _settle()
    problems += check_window(server, f"{theme}/API server dialog")
    server.network_check.setChecked(False)
    server.hide()
    settings = w.open_settings()
    _settle()
    problems += check_window(settings, f"{theme}/Settings dialog")
    settings.reject()
    return problems


def test_the_formula_matches_wcag():
    from PySide6.QtGui import QColor

    assert round(contrast(QColor("#000000"), QColor("#ffffff")), 1) == 21.0
    assert round(contrast(QColor("#767676"), QColor("#ffffff")), 2) == 4.54  # the lightest AA grey on white


def test_every_text_passes_aa_in_both_themes(qtbot, app_home, smollm2):
    models = app_home / "data" / "models"
    models.mkdir(parents=True, exist_ok=True)
    (models / "SmolLM2-135M-Instruct.gguf").symlink_to(smollm2)
    (models / "broken.gguf").write_bytes(b"not a model")  # a greyed row in the library
    # A chat model that is missing: an error notice to check, and no built-in model prepared meanwhile.
    write_settings(app_home, theme="light", library_sources=OFF, chat_model_path=str(app_home / "gone.gguf"))
    w = open_window(qtbot, wait_for_model=False)
    w.resize(1200, 800)
    tab = w.lazy_tabs.get("models")
    w.tabs.setCurrentWidget(tab)  # the first visit scans the models folder
    qtbot.waitUntil(lambda: tab.scan_job is not None, timeout=10_000)
    wait_job(qtbot, tab.scan_job, 60_000)
    assert tab.select_path(models / "SmolLM2-135M-Instruct.gguf")
    qtbot.waitUntil(lambda: tab.details_box.fit_label.text() != "", timeout=10_000)
    assert "color:" in tab.details_box.fit_label.text()  # the green (or red) verdict is among what is checked

    db = w.chat_tab.db  # a conversation on screen: the names and notes the view colours itself
    conversation = db.create_conversation("颜色 Colours")
    db.add_message(conversation, "user", "Which colour is the sky? 天空是什么颜色？")
    db.add_message(conversation, "assistant", "Blue, on a clear day. 晴天时是蓝色。")
    w.chat_tab.open_conversation(conversation)
    w.chat_tab.refresh_conversations()
    problems = _every_page(w, "light")
    w.theme_actions["dark"].trigger()  # widgets built in the light theme, now shown in the dark one
    problems += _every_page(w, "dark")
    w.theme_actions["light"].trigger()
    problems += _every_page(w, "light again")
    assert not problems, "\n".join(map(str, problems))


def test_code_colours_pass_aa_on_the_code_background_in_both_themes():
    """The coloured code of replies (layout formats, which the window check above does not read) against the code
    blocks' tint over the conversation's base."""
    from PySide6.QtGui import QColor

    from desktop_app.core.tasks.code_tokens import KINDS
    from desktop_app.ui.theme import COLORS
    from desktop_app.ui.widgets.message_code import TINT

    failing = []
    for name, colours in COLORS.items():
        base, a = QColor(colours["base"]), TINT.alphaF()
        behind = QColor(*(round(c * (1 - a) + t * a) for c, t in zip(base.getRgb()[:3], TINT.getRgb()[:3],
                                                                     strict=True)))
        for kind in KINDS:
            ratio = contrast(QColor(colours[f"code_{kind}"]), behind)
            if ratio < AA:
                failing.append(f"{name} code_{kind}: {ratio:.2f}")
    assert not failing, failing
