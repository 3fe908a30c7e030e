"""ChatSession: one reply of the model in a conversation, from the prompt to the stored message.

The Chat tab says "reply in this conversation with this model" and shows what comes back; everything a turn writes
lives here, so no widget touches a message row while a reply streams:
- the prompt is built from the stored conversation (what the user sees is what the model gets), leaving out its
  images for a model that cannot see them (with a sentence saying so);
- the reply's row is created as STREAMING before the first token and its text is checkpointed every second, so a
  killed app keeps all but the last second of a reply;
- the end sets the row's final status: COMPLETE, STOPPED (the user stopped it: the partial text is kept),
  INTERRUPTED (its engine died: the text so far is kept and the next send reloads the model) or ERROR;
- closing the window mid-reply stores the partial text as STOPPED even if the job never reports back;
- a reasoning model's thinking streams apart from the answer (`thinking`) and is stored apart (messages.reasoning),
  so it is shown above the answer and never goes back into a prompt.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from desktop_app.core.engine.types import Capability
from desktop_app.core.errors import DesktopAppError, EngineCrashedError, SchemaError
from desktop_app.core.storage.database import (
    COMPLETE,
    ERROR,
    INTERRUPTED,
    STOPPED,
    STREAMING,
    Database,
    Message,
)
from desktop_app.core.storage.tool_calls import tool_calls_of
from desktop_app.core.tasks.chat import (
    ChatResult,
    ChatSettings,
    build_messages,
    count_images,
    vision_required_message,
    without_images,
)
from desktop_app.core.tasks.structured import check_reply
from desktop_app.core.tools.calls import replayed_calls
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import LoadedModel, ModelManager
from desktop_app.workers.tool_turn import ToolTurn

CHECKPOINT_EVERY_S = 1.0
log = logging.getLogger(__name__)



class ChatSession(QObject):
    started = Signal(int, int)  # conversation id, the reply's message id
    chunk = Signal(int, str)  # conversation id, streamed text
    thinking = Signal(int, str)  # conversation id, streamed thinking (a reasoning model's, before its answer)
    notice = Signal(str)  # a sentence for the user (turns left out, images left out)
    finished = Signal(object, object)  # the stored reply (Message), ChatResult or None when it failed
    failed = Signal(str)  # why the reply failed, in a sentence (just before its `finished`)

    def __init__(self, manager: ModelManager, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.manager = manager
        self.db = db
        self.job: Job | None = None
        self.conversation_id: int | None = None  # of the reply streaming now
        self.message_id: int | None = None
        self._parts: list[str] = []
        self._thoughts: list[str] = []
        self._thinking_from = 0.0  # when the first thought came, for "Thought for 12 s"
        self._thinking_s = 0.0
        self._last_checkpoint = 0.0
        self._started_at = self._first_at = self._counted_at = 0.0  # when the reply started, its first token came,
        self._counts = (0, 0)  # and the chunks last carried these (prompt tokens, completion tokens so far)
        self.tools = ToolTurn(manager, parent=self)
        self._schema = ""  # the JSON schema the streaming reply is held to (Reply as JSON)

    def is_generating(self) -> bool:
        return self.job is not None and not self.job.is_done()

    def partial_text(self) -> str:
        return "".join(self._parts)

    def partial_thinking(self) -> str:
        return "".join(self._thoughts)

    def add_user_message(
        self, conversation_id: int | None, text: str, images: list[str], new_title: str = "",
        settings: dict | None = None, replace_from: int | None = None,
    ) -> Message:
        """Store what the user sent: in a new conversation when `conversation_id` is None, and as a new version of
        message `replace_from` when the user edited that one (the earlier version and what followed it stay, one
        ◀ ▶ away). Raises DesktopAppError (an image that cannot be stored, a full disk); a conversation created for
        the message is then removed again."""
        created = conversation_id is None
        if conversation_id is None:
            conversation_id = self.db.create_conversation(new_title, settings or {})
        try:
            message_id = self.db.add_message(conversation_id, "user", text, images=images, version_of=replace_from)
        except Exception:
            if created:
                self.db.delete_conversation(conversation_id)
            raise
        stored = self.db.message_images(message_id) if images else ()
        return Message(message_id, conversation_id, "user", text, images=stored)

    def start(self, conversation_id: int, model: LoadedModel, version_of: int | None = None,
              thinking: str = "auto", documents: str = "", thinking_budget: int = 0,
              complete: bool = False) -> bool:
        """Start the model's reply to the conversation as stored (its active branch), or with `version_of` a new
        version of that reply, answering what came before it. `thinking` is the model's switch (on/off/auto,
        remembered per model), `thinking_budget` its budget (0: none). False when there is nothing to answer.
        `documents` (numbered sources from attached collections, ui/tabs/chat_documents.py) joins the system prompt.
        `complete` (Chat's Complete mode) continues the last user message as plain text, without the chat
        template: how a base model is used."""
        conv = self.db.conversation(conversation_id)
        if conv is None or self.is_generating():
            return False
        settings = ChatSettings.from_dict(conv.settings)
        branch = self.db.messages(conversation_id)
        if version_of is not None:
            ids = [m.id for m in branch]
            if version_of not in ids:
                return False
            branch = branch[: ids.index(version_of)]
        tools_on = settings.tools and Capability.CHAT in getattr(model.backend, "capabilities", ())
        history = self.prompt_history(branch, tools_on)
        system = "\n\n".join(x for x in (settings.system_prompt, documents) if x)
        messages = build_messages(system, history)
        sees_images = model.backend is not None and Capability.VISION in model.backend.capabilities
        if count_images(messages) and not sees_images:
            messages = without_images(messages)
            self.notice.emit(self.tr("The images in this conversation are left out of the reply: {why}").format(
                why=vision_required_message(model.spec.name)
            ))
        self.conversation_id = conversation_id
        self.message_id = self.db.add_message(conversation_id, "assistant", "", STREAMING, version_of=version_of)
        self._parts, self._thoughts, self._thinking_s = [], [], 0.0
        self._schema = settings.params.json_schema
        self._last_checkpoint = self._started_at = time.monotonic()
        self._first_at = self._counted_at = 0.0
        self._counts = (0, 0)
        self.started.emit(conversation_id, self.message_id)
        # With the conversation's Tools on, the reply may call tools (workers/tool_turn.py); its job has the same signals.
        params = replace(settings.params, thinking=thinking, thinking_budget=thinking_budget)
        if complete:
            last = next((m.content for m in reversed(branch) if m.role == "user" and m.content), "")
            self.manager.complete(model.id, last, params, before_start=self._listen)
        elif tools_on:
            self.tools.start(model.id, messages, params, before_start=self._listen)
        else:
            self.manager.chat(model.id, messages, params, before_start=self._listen)
        return True

    def _listen(self, job: Job) -> None:
        """Connected before the job starts: its first token can come before a later connect would (the first
        chunk of a fast reply was lost, and a stuck engine's only one never showed)."""
        self.job = job
        job.chunk.connect(self._on_chunk)  # bound methods: always queued to the GUI thread
        job.thinking.connect(self._on_thinking)
        job.tokens.connect(self._on_tokens)
        job.notice.connect(self.notice)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)

    def prompt_history(self, branch: list[Message], with_tools: bool) -> list[dict]:
        """The stored branch as chat messages; with Tools on, each earlier reply that called tools is preceded by
        its calls and their results (message_tool_calls), so the model knows what it already learnt instead of
        asking again. A damaged or unreadable tool-call row leaves that reply's calls out, never the reply."""
        history: list[dict] = []
        for m in branch:
            if not (m.content or m.images) or m.status == ERROR:
                continue
            if with_tools and m.role == "assistant":
                try:
                    history.extend(replayed_calls(tool_calls_of(self.db, m.id)))
                except DesktopAppError as exc:
                    log.warning("%s", exc)
            history.append(m.as_chat())
        return history

    def stop(self) -> None:
        """Stop the reply now: the engine is told to cancel, and the reply ends here at once with the text shown so
        far (stored as STOPPED) rather than when the engine's job reports back, which can take seconds on a busy
        machine. What the cancelled job still sends is ignored, as it comes from a job that is no longer this one."""
        job = self.job
        if job is None:
            return
        made = self.tools.made_so_far(job)  # read before the cancel: the job may end and be forgotten after it
        job.cancel()
        message_id = self.message_id
        if message_id is None or job.is_done():
            return
        partial = self.partial_result()
        stored = self._end(partial.text, STOPPED, partial)
        if made is not None:
            self.tools.store(self.db, message_id, made)  # the tool calls already answered
        if stored is not None:
            self.finished.emit(stored, partial)

    def partial_result(self) -> ChatResult:
        """The streaming reply as a stopped result: its text and thinking so far, and the token counts and timing
        its chunks last reported (the job's own result never comes, or comes too late)."""
        prompt, completion = self._counts
        first = self._first_at - self._started_at if self._first_at else 0.0
        elapsed = self._counted_at - self._started_at if self._counted_at else 0.0
        return ChatResult(self.partial_text(), "cancelled", prompt_tokens=prompt, completion_tokens=completion,
                          elapsed_s=max(elapsed, first), first_token_s=first, reasoning=self.partial_thinking(),
                          thinking_s=self.thinking_seconds())

    def _on_tokens(self, prompt: int, completion: int) -> None:
        if self.sender() is not self.job or self.conversation_id is None:
            return
        now = time.monotonic()
        if not self._first_at:
            self._first_at = now
        self._counted_at = now
        self._counts = (prompt or self._counts[0], completion)

    def _on_thinking(self, text: str) -> None:
        if self.sender() is not self.job or self.conversation_id is None:
            return
        if not self._thoughts:
            self._thinking_from = time.monotonic()
        self._thoughts.append(text)
        self._thinking_s = time.monotonic() - self._thinking_from
        self.thinking.emit(self.conversation_id, text)
        self._checkpoint()

    def _on_chunk(self, text: str) -> None:
        if self.sender() is not self.job or self.conversation_id is None:
            return
        self._parts.append(text)
        self.chunk.emit(self.conversation_id, text)
        self._checkpoint()

    def thinking_seconds(self) -> float:
        """How long the streaming reply has thought so far (0 for a model that does not think)."""
        if self._thoughts and not self._parts:
            return time.monotonic() - self._thinking_from
        return self._thinking_s

    def _checkpoint(self) -> None:
        now = time.monotonic()
        if now - self._last_checkpoint >= CHECKPOINT_EVERY_S and self.message_id is not None:
            self._last_checkpoint = now
            self.db.checkpoint_message(self.message_id, self.partial_text(), self.partial_thinking())

    def _on_finished(self, result: ChatResult) -> None:
        if self.sender() is self.job:
            message_id = self.message_id
            if self._schema and result.finish_reason != "cancelled":
                self._check_json(result)
            stored = self._end(result.text, STOPPED if result.finish_reason == "cancelled" else COMPLETE, result)
            if message_id is not None:
                self.tools.store(self.db, message_id, result)  # the reply's tool calls, if it made any
            if stored is not None:
                self.finished.emit(stored, result)

    def _check_json(self, result: ChatResult) -> None:
        """A reply held to a schema parses and follows it; when it cannot (cut off at max tokens, a keyword the
        grammar could not hold), the user is told why in one sentence."""
        try:
            check_reply(result.text, self._schema)
        except SchemaError as exc:
            why = str(exc)
            if result.finish_reason == "length":
                why = self.tr("The reply reached Max tokens before its JSON was complete; raise Max tokens.")
            self.notice.emit(why)

    def _on_failed(self, error: BaseException) -> None:
        if self.sender() is not self.job:
            return
        # A dead engine interrupts the reply: what was written is kept, and the next send reloads the model.
        stored = self._end(self.partial_text(), INTERRUPTED if isinstance(error, EngineCrashedError) else ERROR, None)
        self.failed.emit(str(error))
        if stored is not None:
            self.finished.emit(stored, None)

    def _end(self, text: str, status: str, result: ChatResult | None) -> Message | None:
        """Store the reply's final text and status; the stored Message."""
        message_id, conversation_id = self.message_id, self.conversation_id
        thought = result.reasoning if result else self.partial_thinking()
        thinking_s = result.thinking_s if result and result.reasoning else self.thinking_seconds()
        self.job = None
        self.message_id = self.conversation_id = None
        self._parts, self._thoughts = [], []
        if message_id is None or conversation_id is None:
            return None
        prompt = result.prompt_tokens if result else 0
        completion = result.completion_tokens if result else 0
        tps = result.tokens_per_s if result else 0.0
        self.db.update_message(message_id, text, status, prompt, completion, tps, thought, thinking_s)
        return Message(message_id, conversation_id, "assistant", text, status, prompt, completion, tps,
                       reasoning=thought, thinking_s=thinking_s)

    def forget_conversation(self, conversation_id: int) -> None:
        """Before a conversation is deleted: a reply streaming into it is stopped."""
        if self.conversation_id == conversation_id:
            self.stop()

    def shutdown(self) -> None:
        """Keep the partial reply (marked stopped) before the window closes; the job may never report back."""
        job = self.job
        made = self.tools.made_so_far(job) if job is not None else None
        if job is not None:
            job.cancel()
        self.tools.shutdown()
        message_id = self.message_id
        if message_id is not None:
            partial = self.partial_result()
            self.db.update_message(message_id, partial.text, STOPPED, partial.prompt_tokens,
                                   partial.completion_tokens, partial.tokens_per_s, partial.reasoning,
                                   partial.thinking_s)
            if made is not None:
                self.tools.store(self.db, message_id, made)
            self.message_id = self.conversation_id = None
            self.job = None
