"""The Documents tab and Chat's sources panel, grabbed offscreen into docs/documents.png and
docs/chat_sources.png (docs/zh_documents.png and docs/zh_chat_sources.png with --zh).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_documents.py [--zh]

A throwaway app home: the retrieval benchmark's corpus is indexed into a collection named 百科, attached to a chat
with SmolLM2 (from its package), and one question is asked; the sources panel is shown with "Why these sources?".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = Path(tempfile.mkdtemp(prefix="desktop_app_shot_docs_"))
os.environ["DESKTOP_APP_HOME"] = str(HOME)
ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def wait(signal, timeout_s: float = 600) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()


def main() -> int:
    zh = "--zh" in sys.argv
    prefix = "zh_" if zh else ""
    from retrieval import write_corpus

    from desktop_app.core.models import builtin

    subprocess.run([sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--no-lupdate", "--release"],
                   check=True, stdout=subprocess.DEVNULL)
    settings = {"language": "zh_CN" if zh else "en", "theme": "light",
                "chat_model_path": str(builtin.smollm2_path()), "chat_defaults": {"n_ctx": 2048}}
    (HOME / "config").mkdir(parents=True, exist_ok=True)
    (HOME / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    corpus = HOME / "百科资料"
    corpus.mkdir()
    write_corpus(corpus)
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("desktop_app_screenshots")
    from desktop_app.app import create_main_window

    window = create_main_window()
    window.resize(1280, 820)
    window.show()
    docs = window.documents_tab
    window.tabs.setCurrentWidget(docs)
    docs.new_collection("百科")
    wait(docs.service.collections_changed, 10)
    app.processEvents()
    docs.add_paths([corpus])
    wait(docs.indexing_finished)
    QTimer.singleShot(500, lambda: None)
    wait(docs.service.collections_changed, 2)
    docs.query.setText("熊猫一天吃多少竹子" if zh else "What optical invention made coastal beacons visible?")
    docs.run_search()
    wait(docs.search_job.ended, 60)
    app.processEvents()
    DOCS.mkdir(exist_ok=True)
    window.grab().save(str(DOCS / f"{prefix}documents.png"))
    print(f"saved docs/{prefix}documents.png")

    tab = window.chat_tab
    window.tabs.setCurrentWidget(tab)
    if tab.model is None:
        wait(tab.model_changed, 120)
    panel = window.chat_documents.panel
    panel.set_attached(["百科"])
    tab.settings_panel.temperature.setValue(0.0)
    tab.settings_panel.max_tokens.setValue(80)
    tab.composer.setPlainText("What optical invention made coastal beacons visible much farther away?")
    tab.send_button.click()
    wait(tab.generation_finished, 300)
    panel.why_button.setChecked(True)
    app.processEvents()
    window.grab().save(str(DOCS / f"{prefix}chat_sources.png"))
    print(f"saved docs/{prefix}chat_sources.png")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
