"""The thinking budget in the Chat tab's Thinking switch (issue 16): one more choice in the same list, remembered
per model, and carried to the reply's params. The subject is the UI and its wiring: the reply's job is recorded,
not run (the budget's effect on a model: tests/integration/test_thinking_budget.py)."""

from __future__ import annotations

from types import SimpleNamespace

from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.paths import settings_path
from desktop_app.core.storage.settings import load_settings
from desktop_app.workers.chat_session import ChatSession
from desktop_app.workers.jobs import Job
from tests.conftest import write_settings
from tests.gui.helpers import open_window


def test_a_budget_is_remembered_per_model(qtbot, app_home, smollm2, tmp_path):
    write_settings(app_home, chat_model_path=str(smollm2))
    switch = open_window(qtbot, wait_for_model=False).chat_tab.model_bar.thinking_switch
    other = ModelSpec.from_path(tmp_path / "other.gguf")
    switch.set_model(ModelSpec.from_path(smollm2))
    index = switch.findData("on:2048")
    assert switch.itemText(index) == "Thinking: at most 2,048 tokens"
    switch.setCurrentIndex(index)
    switch.activated.emit(index)
    assert (switch.mode(), switch.budget()) == ("on", 2048)
    saved = load_settings(settings_path()).settings
    assert saved.model_thinking_budget == {str(smollm2): 2048} and saved.model_thinking[str(smollm2)] == "on"
    switch.set_model(other)
    assert (switch.mode(), switch.budget()) == ("auto", 0)
    switch.set_model(ModelSpec.from_path(smollm2))
    assert switch.budget() == 2048
    off = switch.findData("off")
    switch.setCurrentIndex(off)
    switch.activated.emit(off)  # another choice forgets the budget
    assert str(smollm2) not in switch.app_settings.model_thinking_budget


def test_the_budget_reaches_the_replys_params(qtbot, tmp_path):
    asked = []

    def chat(model_id, messages, params, before_start=None):
        asked.append(params)
        job = Job(lambda _job: None)
        if before_start is not None:
            before_start(job)  # the session listens before the job starts (workers/model_manager.py)
        return job

    db = Database(tmp_path / "chat.sqlite3")
    session = ChatSession(SimpleNamespace(chat=chat), db)  # type: ignore[arg-type]
    message = session.add_user_message(None, "Think briefly.", [], "Budget", {})
    model = SimpleNamespace(id="m", backend=None, spec=SimpleNamespace(name="tiny"))
    assert session.start(message.conversation_id, model, thinking="on", thinking_budget=512)  # type: ignore[arg-type]
    assert (asked[0].thinking, asked[0].thinking_budget) == ("on", 512)
    session.job = None
    db.close()
