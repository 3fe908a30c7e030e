"""Run by test_killed_while_streaming: chat once, start a long reply, say when it is checkpointed, wait to be killed."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.app import create_main_window  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("desktop_app_tests")
    window = create_main_window()
    window.show()
    tab = window.chat_tab
    state = {"turn": 0, "announced": False}

    def send(text: str, max_tokens: int) -> None:
        tab.settings_panel.max_tokens.setValue(max_tokens)
        tab.composer.setPlainText(text)
        tab.send()

    def on_loaded() -> None:
        if state["turn"] == 0:
            state["turn"] = 1
            send("Say hello in five words.", 12)

    def on_finished(_result) -> None:
        if state["turn"] == 1:
            state["turn"] = 2
            send("Write a very long story about a lighthouse keeper. Use many paragraphs.", 3000)
        elif not state["announced"]:
            # The reply ended before its first checkpoint (sampling can end a story early): ask for more.
            send("Continue the story about the lighthouse keeper, with many more paragraphs.", 3000)

    def on_chunk(_text: str) -> None:
        mid = tab.chat.message_id  # the reply streaming now (workers.ChatSession)
        if state["turn"] == 2 and mid is not None and not state["announced"]:
            stored = [m for m in tab.db.messages(tab.conversation_id) if m.id == mid]
            if stored and stored[0].content:
                state["announced"] = True
                print("CHECKPOINTED", flush=True)

    tab.model_changed.connect(on_loaded)
    tab.generation_finished.connect(on_finished)
    tab.buffer.flushed.connect(on_chunk)
    if tab.model is not None:
        on_loaded()
    app.exec()


if __name__ == "__main__":
    main()
