"""The Chinese interface, grabbed offscreen into docs/zh_*.png (chat with a real reply, describe, models, ...).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_zh.py [--no-reply]

Runs in a throwaway app home with the language set to 简体中文; the .qm is built from the .ts first. The chat reply
comes from the built-in Qwen model (assembled in that home first); --no-reply skips it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = Path(tempfile.mkdtemp(prefix="desktop_app_shot_zh_"))
os.environ["DESKTOP_APP_HOME"] = str(HOME)
ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

PROMPT = "用两三句话介绍一下长城。"


def main() -> int:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--no-lupdate", "--release"],
                   check=True, stdout=subprocess.DEVNULL)
    settings = {"language": "zh_CN", "theme": "light"}
    (HOME / "config").mkdir(parents=True, exist_ok=True)
    (HOME / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("desktop_app_screenshots")
    from desktop_app.app import create_main_window, finish

    window = create_main_window()
    window.resize(1280, 820)
    window.show()
    tab = window.chat_tab
    tab.settings_panel.temperature.setValue(0.0)
    tab.settings_panel.max_tokens.setValue(160)

    def save(name: str, widget=None) -> None:
        DOCS.mkdir(exist_ok=True)
        (widget or window).grab().save(str(DOCS / name))
        print(f"saved docs/{name}")

    def others() -> None:
        save("zh_chat.png")
        window.tabs.setCurrentWidget(window.describe_tab)
        images = Path(__import__("skimage").__file__).parent / "data"
        window.describe_tab.add_paths([str(images / n) for n in ("astronaut.png", "chelsea.png", "coffee.png",
                                                                 "rocket.jpg", "horse.png", "retina.jpg")])
        QTimer.singleShot(2500, describe_done)

    def describe_done() -> None:
        grid = window.describe_tab.grid
        if grid.model() is not None and grid.model().rowCount() > 0:
            grid.setCurrentIndex(grid.model().index(0, 0))
        save("zh_describe.png")
        window.tabs.setCurrentWidget(window.models_tab)
        QTimer.singleShot(4000, models_done)

    def models_done() -> None:
        save("zh_models.png")
        for name, tab_widget in (("zh_summarize.png", window.summarize_tab), ("zh_translate.png", window.translate_tab),
                                 ("zh_sentiment.png", window.sentiment_tab)):
            window.tabs.setCurrentWidget(tab_widget)
            app.processEvents()
            save(name)
        finetune = getattr(window, "finetune_tab", None)
        if finetune is not None:
            window.tabs.setCurrentWidget(finetune)
            app.processEvents()
            save("zh_finetune.png")
        dialog = window.open_settings()
        app.processEvents()
        save("zh_settings.png", dialog)
        dialog.close()
        window.close()
        app.quit()

    def send() -> None:
        if "--no-reply" in sys.argv:
            others()
            return
        tab.generation_finished.connect(lambda _r: QTimer.singleShot(300, others))
        tab.composer.setPlainText(PROMPT)
        tab.send()

    QTimer.singleShot(300, send)
    QTimer.singleShot(400_000, app.quit)
    return finish(window, app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
