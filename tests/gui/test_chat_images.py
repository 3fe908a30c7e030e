"""Images in Chat, through the real window: a real photo dropped on the composer, sent to a real (tiny, seeded)
LLaVA vision model, stored with the conversation and shown again after a reopen and a restart."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
)

from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage import paths
from desktop_app.core.storage.database import COMPLETE, Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.tabs.chat_tab import ChatTab
from tests.gui.helpers import LOAD_TIMEOUT_MS, REPLY_TIMEOUT_MS, open_window, set_params, wait_job

pytest.importorskip("transformers")

VISION_REFUSAL = "cannot see images. Load a vision model"


def skimage_photo(name: str) -> Path:
    """A real photo shipped inside scikit-image's wheel (read as a file, not through its loaders)."""
    spec = importlib.util.find_spec("skimage")
    assert spec is not None and spec.origin, "scikit-image must be installed (make install-test installs it)"
    path = Path(spec.origin).parent / "data" / name
    assert path.is_file(), path
    return path


@pytest.fixture(scope="module")
def tiny_llava(tmp_path_factory) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from tests.fixtures.tiny_models import build_tiny_llava

    return build_tiny_llava(tmp_path_factory.mktemp("llava"))


@pytest.fixture
def astronaut(tmp_path) -> Path:
    """A copy the test may delete, to prove the conversation keeps its own."""
    dest = tmp_path / "astronaut.png"
    shutil.copyfile(skimage_photo("astronaut.png"), dest)
    return dest


def drop_files(widget, paths) -> bool:
    """A real drag of file URLs (what a file manager sends) entering `widget`, moving, and dropped there.
    Returns whether the drop was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(12, 12), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QGuiApplication.sendEvent(widget, enter)  # Qt delivers a drop only to the widget that accepted the enter
    move = QDragMoveEvent(QPoint(12, 12), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QGuiApplication.sendEvent(widget, move)
    drop = QDropEvent(QPointF(12, 12), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QGuiApplication.sendEvent(widget, drop)
    return bool(drop.isAccepted())


def use_llava(qtbot, tab, folder: Path) -> None:
    spec = ModelSpec(path=folder, name="tiny-llava", backend="transformers", source="user")
    tab.use_model_spec(spec)
    qtbot.waitUntil(lambda: tab.model is not None and tab.model.id == spec.id, timeout=LOAD_TIMEOUT_MS)
    assert tab.model_sees_images() is True


def wait_attached(qtbot, tab, n: int) -> list[str]:
    qtbot.waitUntil(lambda: len(tab.attachments.paths()) == n and not tab.attachments.is_busy(), timeout=20_000)
    return tab.attachments.paths()


def test_drop_a_photo_send_it_and_see_it_after_reopen_and_restart(qtbot, use_smollm2, tiny_llava, astronaut):
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    use_llava(qtbot, tab, tiny_llava)
    set_params(tab, temperature=0.0, max_tokens=12)

    assert drop_files(tab.composer.viewport(), [astronaut])
    assert tab.attachments.isVisibleTo(tab) and tab.attachments.count() == 1
    (stored,) = wait_attached(qtbot, tab, 1)
    assert Path(stored).parent == paths.data_dir() / "attachments"
    assert Path(stored).read_bytes() == astronaut.read_bytes()
    assert tab.composer.toPlainText() == ""  # the file was attached, not pasted in as a path

    tab.composer.setPlainText("What is in this photo?")
    assert tab.send_button.isEnabled()
    streamed = []
    tab.buffer.flushed.connect(streamed.append)
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        tab.send_button.click()
    result = blocker.args[0]
    assert result is not None and result.completion_tokens > 0 and "".join(streamed)
    assert tab.attachments.count() == 0 and not tab.attachments.isVisibleTo(tab)
    # The model saw the image: the prompt holds its 16 image tokens, exactly as the backend counts them.
    user = {"role": "user", "content": "What is in this photo?"}
    backend = tab.model.backend
    assert result.prompt_tokens == backend.count_chat_tokens([{**user, "images": [stored]}])
    assert result.prompt_tokens >= backend.count_chat_tokens([user]) + 16

    msgs = tab.db.messages(tab.conversation_id)
    assert [(m.role, m.status) for m in msgs] == [("user", COMPLETE), ("assistant", COMPLETE)]
    assert msgs[0].images == (stored,) and msgs[1].images == ()
    qtbot.waitUntil(lambda: tab.view.image_state(stored) == "ready", timeout=10_000)
    assert 0 < max(tab.view.shown_image_size(stored)) <= 160
    assert tab.conversations.titles() == ["What is in this photo?"]

    # Click the thumbnail: a larger view, decoded off the GUI thread.
    tab.view.anchorClicked.emit(QUrl(f"image:{msgs[0].id}:0"))
    dialog = tab.preview_dialog
    assert dialog is not None and dialog.path == stored
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    assert dialog.image_label.pixmap().width() == 512  # astronaut.png is 512 x 512
    dialog.close()

    # Regenerate keeps the image with the question.
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        tab.regenerate_button.click()
    assert blocker.args[0].prompt_tokens == result.prompt_tokens
    assert tab.db.messages(tab.conversation_id)[0].images == (stored,)

    # Edit keeps it too: the composer gets the text and the image back, and Resend sends both.
    tab.view.anchorClicked.emit(QUrl(f"edit:{msgs[0].id}"))
    assert tab.attachments.paths() == [stored] and tab.composer.toPlainText() == "What is in this photo?"
    tab.composer.setPlainText("Describe the colours.")
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS):
        tab.send_button.click()
    msgs = tab.db.messages(tab.conversation_id)
    assert [m.content for m in msgs][0] == "Describe the colours." and msgs[0].images == (stored,)

    astronaut.unlink()  # the original is gone: the conversation keeps its copy
    conversation = tab.conversation_id

    # Reopen the conversation in a new Chat tab over the same database.
    db2 = Database(paths.database_path())
    tab2 = ChatTab(w.manager, db2, AppSettings(), lambda: None, paths.models_dir())
    qtbot.addWidget(tab2)
    tab2.open_conversation(conversation)
    assert tab2.view.images_of(msgs[0].id) == (stored,)
    qtbot.waitUntil(lambda: tab2.view.image_state(stored) == "ready", timeout=10_000)
    assert "Describe the colours." in tab2.view.toPlainText()

    # And after a restart of the whole app.
    w.close()
    db2.close()
    w2 = open_window(qtbot, wait_for_model=False)
    tab3 = w2.chat_tab
    assert tab3.conversation_id == conversation
    assert tab3.spec is not None and tab3.spec.backend == "transformers"  # the vision model is chosen again
    qtbot.waitUntil(lambda: tab3.view.image_state(stored) == "ready", timeout=10_000)

    # A stored image deleted behind the app's back: a placeholder, not a crash.
    Path(stored).unlink()
    tab4 = ChatTab(w2.manager, w2.chat_tab.db, AppSettings(), lambda: None, paths.models_dir())
    qtbot.addWidget(tab4)
    tab4.open_conversation(conversation)
    qtbot.waitUntil(lambda: tab4.view.image_state(stored) == "missing", timeout=10_000)
    assert "Describe the colours." in tab4.view.toPlainText()


def test_non_image_files_and_broken_images_get_a_sentence(qtbot, use_smollm2, tiny_llava, tmp_path):
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    use_llava(qtbot, tab, tiny_llava)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture", encoding="utf-8")
    drop_files(tab.composer.viewport(), [notes])
    assert "notes.txt is not an image" in tab.notice.text() and tab.notice.kind == "warning"
    assert tab.attachments.count() == 0 and tab.composer.toPlainText() == ""
    tab.notice.hide()
    assert drop_files(tab.view.viewport(), [notes])  # dropped on the conversation: the tab takes it
    assert "notes.txt is not an image" in tab.notice.text()

    fake = tmp_path / "holiday.png"
    fake.write_text("this is text with an image's name", encoding="utf-8")
    drop_files(tab.composer.viewport(), [fake])
    qtbot.waitUntil(lambda: "holiday.png" in tab.notice.text() and tab.notice.kind == "error", timeout=20_000)
    assert tab.attachments.count() == 0

    # A mixed drop: the image is attached, the other file is named.
    drop_files(tab.composer.viewport(), [skimage_photo("chelsea.png"), notes])
    assert "notes.txt" in tab.notice.text()
    wait_attached(qtbot, tab, 1)
    tab.attachments.remove_button(0).click()  # removable before sending
    assert tab.attachments.count() == 0 and not tab.send_button.isEnabled()


def test_pasted_screenshot_is_attached_and_sent(qtbot, use_smollm2, tiny_llava):
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    use_llava(qtbot, tab, tiny_llava)
    set_params(tab, temperature=0.0, max_tokens=6)
    shot = QImage(320, 200, QImage.Format_RGB32)
    shot.fill(QColor("#3366cc"))
    QGuiApplication.clipboard().setImage(shot)
    tab.composer.setFocus()
    tab.composer.paste()
    (stored,) = wait_attached(qtbot, tab, 1)
    assert stored.endswith(".png") and QImage(stored).size() == shot.size()
    assert tab.send_button.isEnabled()  # an image alone can be sent
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        tab.send_button.click()
    assert blocker.args[0] is not None
    (question, _reply) = tab.db.messages(tab.conversation_id)
    assert question.images == (stored,) and question.content == ""
    assert tab.conversations.titles() == ["Image"]


def test_a_text_only_model_refuses_images_with_a_sentence(qtbot, use_smollm2, astronaut):
    w = open_window(qtbot)
    tab = w.chat_tab
    assert tab.model_sees_images() is False
    drop_files(tab.composer.viewport(), [astronaut])
    text = tab.notice.text()
    assert text.startswith("SmolLM2") and VISION_REFUSAL in text and "mmproj" in text
    assert tab.attachments.count() == 0
    assert not [j for j in w.manager.active_jobs() if j.name == "attach image"]  # nothing was even decoded
    # Dropped on the tab itself (the conversation area), the same.
    tab.notice.hide()
    drop_files(tab, [astronaut])
    assert VISION_REFUSAL in tab.notice.text()
    # The warning goes with a new chat (issue 15 item 13: it stayed after a model change and a new chat).
    assert tab.notice.isVisible()
    w.new_chat_action.trigger()
    assert not tab.notice.isVisible()


def test_images_from_an_earlier_vision_chat_are_left_out_for_a_text_model(qtbot, use_smollm2, astronaut):
    """A conversation with images, continued with SmolLM2: the reply comes, without the images, and says why."""
    db = Database(paths.database_path())
    stored = db.store_image(astronaut)
    cid = db.create_conversation("photo")
    db.add_message(cid, "user", "What is this?", images=[stored])
    db.add_message(cid, "assistant", "An astronaut.")
    db.close()
    w = open_window(qtbot)
    tab = w.chat_tab
    tab.open_conversation(cid)
    qtbot.waitUntil(lambda: tab.view.image_state(str(stored)) == "ready", timeout=10_000)
    set_params(tab, temperature=0.0, max_tokens=8)
    tab.composer.setPlainText("Thanks!")
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        tab.send_button.click()
    assert blocker.args[0] is not None and blocker.args[0].completion_tokens > 0
    assert "left out" in tab.notice.text() and VISION_REFUSAL in tab.notice.text()


def test_attach_action_has_its_shortcut(qtbot, use_smollm2):
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    assert tab.attach_action.shortcut().toString() == "Ctrl+Shift+A"
    assert tab.input.attach_button.isEnabled()
    job = w.manager.pending_load(tab.spec.id)
    if job is not None:
        wait_job(qtbot, job)


def test_gguf_with_its_mmproj_chats_about_a_dropped_photo(qtbot, use_smollm2, astronaut, tmp_path):
    """The llama.cpp path: a GGUF picked by file brings the projector next to it, and the Chat tab sends a dropped
    photo through llama-cpp-python's real multimodal handler, then a follow-up question without a new image."""
    from desktop_app.core.models.registry import spec_for_path
    from tests.fixtures.tiny_gguf_vision import build_tiny_vision_pair

    model, projector = build_tiny_vision_pair(tmp_path / "vlm")
    w = open_window(qtbot, wait_for_model=False)
    tab = w.chat_tab
    spec = spec_for_path(model, paths.models_dir())
    assert spec.extra.get("mmproj") == str(projector)
    tab.use_model_spec(spec)
    qtbot.waitUntil(lambda: tab.model is not None and tab.model.id == spec.id, timeout=LOAD_TIMEOUT_MS)
    assert tab.model_sees_images() is True
    set_params(tab, temperature=0.0, max_tokens=8)
    assert drop_files(tab.composer.viewport(), [astronaut])
    (stored,) = wait_attached(qtbot, tab, 1)
    tab.composer.setPlainText("这张照片里有什么？")
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        tab.send_button.click()
    with_image = blocker.args[0]
    text_only = tab.model.backend.count_chat_tokens([{"role": "user", "content": "这张照片里有什么？"}])
    assert with_image.completion_tokens > 0 and with_image.prompt_tokens > text_only  # the image took tokens
    tab.composer.setPlainText("And the colours?")
    with qtbot.waitSignal(tab.generation_finished, timeout=REPLY_TIMEOUT_MS) as blocker:
        tab.send_button.click()
    assert blocker.args[0].completion_tokens > 0
    msgs = tab.db.messages(tab.conversation_id)
    assert [m.images for m in msgs] == [(stored,), (), (), ()]
    w.close()
