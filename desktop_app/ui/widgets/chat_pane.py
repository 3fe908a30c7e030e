"""The middle of the Chat tab: the model row, the notice bar, the conversation with its streaming reply, the input.

It shows a ChatSession's reply as it streams (through a StreamBuffer: at most one append every 30 ms, never a
re-render of the whole conversation per token) and the reply's numbers when it ends. Which conversation is on
screen is the tab's to say (`current()`); a reply streaming into another conversation is kept by the session and
resumes on screen when the user comes back to it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.storage.database import Message
from desktop_app.core.tasks.chat import ChatResult
from desktop_app.ui.widgets.chat_images import ChatImageCache
from desktop_app.ui.widgets.chat_input import ChatInput
from desktop_app.ui.widgets.chat_model_bar import ChatModelBar
from desktop_app.ui.widgets.code_highlight import CodeHighlighter
from desktop_app.ui.widgets.message_math import MathImageCache
from desktop_app.ui.widgets.message_view import MessageView
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.ui.widgets.recommend_bar import RecommendBar
from desktop_app.ui.widgets.stream_buffer import StreamBuffer
from desktop_app.ui.widgets.thinking_block import thought_for
from desktop_app.ui.widgets.undo_bar import UndoBar
from desktop_app.workers.jobs import Job


class ChatPane(QWidget):
    def __init__(self, model_bar: ChatModelBar, image_cache: ChatImageCache, run_background: Callable[..., Job],
                 current: Callable[[], int | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.current = current
        self.model_bar = model_bar
        self.settings_button = QPushButton(self.tr("Settings"))
        self.settings_button.setCheckable(True)
        self.settings_button.setChecked(True)
        self.settings_button.setToolTip(self.tr("Show or hide this conversation's settings"))
        self.notice = NoticeBar()
        self.undo_bar = UndoBar()
        # The catalogue's best chat model that fits, while the small built-in one answers (ChatTab updates it)
        self.recommend = RecommendBar("chat", self.tr("Get a bigger chat model"),
                                      self.tr("The built-in model is small: a bigger one answers much better."))
        self.view = MessageView()
        self.view.set_image_cache(image_cache)
        # Formulas are drawn and code is coloured in background jobs (message_math.py, code_highlight.py)
        self.view.math.set_cache(MathImageCache(run_background, self))
        self.view.code.set_highlighter(CodeHighlighter(run_background, self))
        self.buffer = StreamBuffer(30, self)
        self.buffer.flushed.connect(self.view.append_stream)
        self.thinking_buffer = StreamBuffer(30, self)  # a reasoning model's thinking, shown above its answer
        self.thinking_buffer.flushed.connect(self.view.append_thinking)
        self.input = ChatInput(image_cache)
        self._answering = False  # the streaming reply's answer (not its thinking) has begun
        top = self.top_row = QHBoxLayout()
        top.addWidget(model_bar, 1)
        top.addWidget(self.settings_button)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.recommend)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.input)

    def add_above_input(self, widget: QWidget) -> None:
        """A strip between the conversation and the input (the tool calls of the reply: ui/tabs/chat_tools.py)."""
        self._layout.insertWidget(self._layout.indexOf(self.input), widget)

    def show_conversation(self, messages: list[Message], streaming_id: int | None, partial: str,
                          partial_thinking: str = "") -> None:
        """Show a conversation; with a reply still streaming into it, the rest, then the live stream where it is."""
        if streaming_id is None:
            self.view.show_messages(messages)
            return
        self.view.show_messages([m for m in messages if m.id != streaming_id])
        self.view.begin_stream(streaming_id)
        self.view.append_thinking(partial_thinking)
        self.view.append_stream(partial)

    # -- a ChatSession's reply -------------------------------------------------------------------------------------
    def on_reply_started(self, conversation_id: int, message_id: int) -> None:
        if self.current() == conversation_id:
            self.view.begin_stream(message_id)
        self.show_thinking_status()

    def show_thinking_status(self) -> None:
        """The status line while the model writes (again after a tool call: ui/tabs/chat_tools.py)."""
        self.input.stats_label.setText(self.tr("Thinking…"))
        self._answering = False

    def on_thinking(self, conversation_id: int, text: str) -> None:
        if self.current() == conversation_id:
            self.thinking_buffer.append(text)

    def on_chunk(self, conversation_id: int, text: str) -> None:
        if not self._answering:  # the answer itself streams now: "Thinking…" would say the wrong thing
            self._answering = True
            self.input.stats_label.setText(self.tr("Generating…"))
        if self.current() == conversation_id:
            self.thinking_buffer.flush()  # all the thinking so far is above the answer before the answer shows
            self.buffer.append(text)

    def on_reply_failed(self, message: str) -> None:
        self.input.stats_label.setText("")
        self.notice.show_message(message, "error")

    def on_reply_finished(self, message: Message, result: ChatResult | None) -> None:
        self.thinking_buffer.flush()
        self.buffer.flush()
        if self.current() == message.conversation_id:
            self.view.end_stream(message)
        if result is not None and result.finish_reason == "cancelled" and not result.completion_tokens:
            self.input.stats_label.setText(self.tr("Stopped"))  # ended at once by Stop, before the engine counted
        elif result is not None:
            stats = self.tr("{n} tokens · {tps:.1f} tok/s · first token {ttft:.2f} s").format(
                n=result.completion_tokens, tps=result.tokens_per_s, ttft=result.first_token_s
            )
            if result.threads:  # llama.cpp follows the machine's load: say how many threads it ended on
                stats += " · " + self.tr("%n thread(s)", "", result.threads)  # "1 thread" when a core is busy
            if result.reasoning:
                stats = thought_for(result.thinking_s) + " · " + stats
            self.input.stats_label.setText(stats)
