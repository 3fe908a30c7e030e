"""The Describe Image tab driven through the real window: a real drop of files and folders, thumbnails, a streamed
single caption, a batch with bad files, cancel and resume, sidecars, export, and the list kept across a restart.

The captioner is a tiny seeded BLIP (tests/fixtures/tiny_models.py) loaded through the tab's own path (the task's
model folder in the settings → EngineBar → TransformersBackend); the images are scikit-image's real photos.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.tasks.caption_files import read_sidecar, sidecar_path
from tests.conftest import write_settings
from tests.fixtures import images as fx
from tests.fixtures import tiny_models
from tests.gui.helpers import open_window, wait_job

os.environ["HF_HUB_OFFLINE"] = "1"
RUN_TIMEOUT_MS = 240_000
SETTINGS = {"max_tokens": 6, "decoding": "greedy"}


@pytest.fixture(scope="module")
def blip(tmp_path_factory) -> Path:
    return tiny_models.build_tiny_blip(tmp_path_factory.mktemp("blip"))


@pytest.fixture(scope="module")
def llava(tmp_path_factory) -> Path:
    return tiny_models.build_tiny_llava(tmp_path_factory.mktemp("llava"))


@pytest.fixture
def photos(tmp_path) -> Path:
    """A folder of real photos (one in a subfolder), a text file named .jpg and a truncated JPEG."""
    folder = tmp_path / "shoot"
    (folder / "day2").mkdir(parents=True)
    names = fx.available_photos()[:4]
    assert len(names) >= 3, "scikit-image's sample photos are needed"
    for i, name in enumerate(names):
        dest = folder / ("day2" if i == 0 else "") / f"photo{i + 1}.jpg"
        fx.photo(name, max_side=160).save(dest, "JPEG", quality=85)
    (folder / "notes.jpg").write_text("not a picture", encoding="utf-8")
    good = (folder / "photo2.jpg").read_bytes()
    (folder / "broken.jpg").write_bytes(good[: len(good) // 3])
    return folder


def describe_tab(qtbot, app_home, smollm2, model: Path | None, **task_settings):
    settings = {"task_settings": {"describe": {**SETTINGS, **task_settings}}, "chat_model_path": str(smollm2)}
    if model is not None:
        settings["task_models"] = {"describe": str(model)}
    write_settings(app_home, **settings)
    window = open_window(qtbot, wait_for_model=False)
    window.tabs.setCurrentWidget(window.describe_tab)
    return window, window.describe_tab


def drop(qtbot, widget, paths: list[Path]) -> None:
    """A drop as a file manager makes it: drag-enter, drag-move and drop events carrying file URLs, sent through
    Qt's event delivery (which passes a drop only to the widget that accepted the enter)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QGuiApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QGuiApplication.sendEvent(widget, move)
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QGuiApplication.sendEvent(widget, event)
    assert event.isAccepted()


def add(qtbot, tab, paths: list[Path]) -> int:
    with qtbot.waitSignal(tab.images_added, timeout=30_000) as blocker:
        drop(qtbot, tab, paths)
    return blocker.args[0]


def run(qtbot, tab, click, expect="finished"):
    with qtbot.waitSignal(tab.run_ended, timeout=RUN_TIMEOUT_MS) as blocker:
        click()
    assert blocker.args == [expect], tab.notice.text()


def names(tab) -> list[str]:
    return [it.path.name for it in tab.images.items]


def test_drop_folder_lists_images_and_thumbnails_fill_in(qtbot, app_home, smollm2, blip, photos):
    window, tab = describe_tab(qtbot, app_home, smollm2, blip)
    assert tab.image_list.drop_hint.isVisible() and not tab.grid.isVisible()
    # the folder recurses (day2/photo1.jpg) and natural order holds; bad files are listed and fail to decode
    assert add(qtbot, tab, [photos]) == 6
    assert set(names(tab)) == {"photo1.jpg", "photo2.jpg", "photo3.jpg", "photo4.jpg", "broken.jpg", "notes.jpg"}
    assert tab.grid.isVisible()
    qtbot.waitUntil(lambda: len(tab.images._cache) >= 4, timeout=30_000)  # real thumbnails, decoded off-thread
    qtbot.waitUntil(lambda: {it.path.name for it in tab.images.items if it.status == "failed"}
                    == {"broken.jpg", "notes.jpg"}, timeout=30_000)
    notes = tab.images.item(tab.images.row_of(photos / "notes.jpg"))
    assert "not an image" in notes.error
    # the first new image is selected at once; choosing a photo shows its large preview, a broken file says why
    assert tab._current_row == 0
    tab.select_row(tab.images.row_of(photos / "broken.jpg"))
    qtbot.waitUntil(lambda: "truncated" in tab.editor.preview.text(), timeout=30_000)
    tab.select_row(tab.images.row_of(photos / "photo3.jpg"))
    qtbot.waitUntil(lambda: tab.editor.preview.pixmap() is not None and not tab.editor.preview.pixmap().isNull(), timeout=30_000)
    # dropping the same folder again adds nothing; a folder without images says so
    empty = photos.parent / "empty"
    empty.mkdir()
    assert add(qtbot, tab, [photos, empty]) == 0
    assert "No images in" in tab.notice.text() and "empty" in tab.notice.text()
    window.close()


def test_single_caption_streams_and_prompt_note_for_captioners(qtbot, app_home, smollm2, blip, photos):
    window, tab = describe_tab(qtbot, app_home, smollm2, blip, prefix="photo of", suffix=", sharp")
    add(qtbot, tab, [photos / "photo2.jpg"])
    chunks: list[str] = []
    tab.engine.job_started.connect(lambda job: job.chunk.connect(chunks.append))
    with qtbot.waitSignal(tab.single_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        tab.editor.describe_button.click()
    caption = blocker.args[0]
    assert chunks, "the caption should stream"
    assert caption.startswith("photo of ") and caption.endswith(", sharp")
    assert "".join(chunks).strip() in caption
    item = tab.images.item(0)
    assert item.caption == caption and item.status == "described"
    qtbot.waitUntil(lambda: tab.editor.caption.toPlainText() == caption)
    # BLIP takes no prompt, and the tab says so
    assert not tab.editor.settings_panel.prompt.isEnabled()
    assert "takes no prompt" in tab.editor.settings_panel.prompt_note.text()
    # editing by hand changes the caption
    tab.editor.caption.setPlainText("a cat on a sofa")
    assert item.caption == "a cat on a sofa" and item.status == "edited"
    window.close()


def test_batch_reports_bad_files_saves_sidecars_and_exports(qtbot, app_home, smollm2, blip, photos, tmp_path,
                                                             monkeypatch):
    window, tab = describe_tab(qtbot, app_home, smollm2, blip)
    add(qtbot, tab, [photos])
    progress: list[tuple[int, int]] = []
    tab.engine.job_started.connect(lambda job: job.partial.connect(lambda s, r: progress.append((s, len(r)))))
    with qtbot.waitSignal(tab.batch_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        run(qtbot, tab, tab.describe_all_button.click)
    assert blocker.args == [4]
    assert progress and sum(n for _s, n in progress) == 6
    by_name = {it.path.name: it for it in tab.images.items}
    for name in ("photo1.jpg", "photo2.jpg", "photo3.jpg", "photo4.jpg"):
        assert by_name[name].caption and by_name[name].status == "described"
    for name in ("broken.jpg", "notes.jpg"):
        assert by_name[name].status == "failed" and not by_name[name].caption
    assert "2 of 6" in tab.notice.text() and "notes.jpg" in tab.notice.text()  # which files failed, and why

    # a sidecar that already holds another caption: the user is asked; "No" keeps it
    sidecar_path(photos / "photo3.jpg").write_text("hand-written caption", encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    with qtbot.waitSignal(tab.saved, timeout=30_000) as saved:
        tab.save_button.click()
    report = saved.args[0]
    assert len(report.written) == 3 and len(report.skipped) == 1
    assert read_sidecar(photos / "photo3.jpg") == "hand-written caption"
    assert read_sidecar(photos / "day2" / "photo1.jpg") == by_name["photo1.jpg"].caption
    assert not sidecar_path(photos / "broken.jpg").exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    with qtbot.waitSignal(tab.saved, timeout=30_000):
        tab.save_button.click()
    assert read_sidecar(photos / "photo3.jpg") == by_name["photo3.jpg"].caption

    # export: CSV (Excel-friendly BOM) and JSONL, both with every caption
    assert tab.export(str(tmp_path / "captions.csv"))
    with open(tmp_path / "captions.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["file", "caption"] and len(rows) == 5
    assert tab.export(str(tmp_path / "captions.jsonl"))
    lines = [json.loads(x) for x in (tmp_path / "captions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {Path(x["file"]).name: x["caption"] for x in lines}["photo2.jpg"] == by_name["photo2.jpg"].caption
    window.close()


def test_batch_cancel_resume_and_list_kept_after_restart(qtbot, app_home, smollm2, blip, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    base = fx.photo(fx.available_photos()[0], max_side=96)
    for i in range(40):
        base.rotate(i * 9).save(folder / f"img{i}.png")
    window, tab = describe_tab(qtbot, app_home, smollm2, blip)
    add(qtbot, tab, [folder])
    assert names(tab)[:3] == ["img0.png", "img1.png", "img2.png"] and names(tab)[10] == "img10.png"

    def cancel_after_first_batch(start, results):
        if not tab.engine.run_job.is_cancelled():
            tab.engine.cancel_button.click()

    tab.engine.job_started.connect(lambda job: job.partial.connect(cancel_after_first_batch))
    run(qtbot, tab, tab.describe_all_button.click, expect="cancelled")
    done = [it for it in tab.images.items if it.caption]
    assert 0 < len(done) < 40
    assert "Cancelled after" in tab.notice.text()
    window.close()  # closing keeps the list and the captions on disk

    window, tab = describe_tab(qtbot, app_home, smollm2, blip)
    assert len(tab.images.items) == 40
    assert [it.caption for it in tab.images.items if it.caption] == [it.caption for it in done]
    # resume: Describe All takes only the images without a caption
    with qtbot.waitSignal(tab.batch_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        run(qtbot, tab, tab.describe_all_button.click)
    assert blocker.args == [40 - len(done)]
    assert all(it.caption for it in tab.images.items)
    window.close()


def test_paste_image_and_no_model_message(qtbot, app_home, smollm2):
    window, tab = describe_tab(qtbot, app_home, smollm2, None)
    image = QImage(64, 48, QImage.Format_RGB32)
    image.fill(0x3366CC)
    QGuiApplication.clipboard().setImage(image)
    with qtbot.waitSignal(tab.images_added, timeout=30_000) as blocker:
        tab.paste()
    assert blocker.args == [1]
    pasted = tab.images.item(0).path
    assert pasted.is_file() and pasted.suffix == ".png"
    # no image model chosen: a sentence that says what to do, not a crash
    run(qtbot, tab, tab.editor.describe_button.click, expect="failed")
    assert "Choose an image model" in tab.notice.text()
    window.close()


def test_with_no_model_chosen_the_chat_model_is_not_taken_for_a_captioner(qtbot, app_home, smollm2):
    """The built-in chat model, loaded for Chat, is not the Describe tab's model when none is chosen: the prompt
    stays usable and no note calls it "a captioner that takes no prompt" (seen in the Chinese screenshot)."""
    write_settings(app_home, task_settings={"describe": SETTINGS}, chat_model_path=str(smollm2))
    window = open_window(qtbot)  # waits until Chat's model is loaded
    assert window.manager.loaded_models()
    window.tabs.setCurrentWidget(window.describe_tab)  # the tab is built on its first showing
    tab = window.describe_tab
    assert tab.engine.path == "" and tab.engine.spec_id() == ""
    panel = tab.editor.settings_panel
    assert panel.prompt.isEnabled() and panel.prompt_note.isHidden()
    window.close()


def test_a_model_that_cannot_see_is_refused_when_chosen(qtbot, app_home, smollm2, tmp_path):
    """Issue 15, item 6: a text-only GGUF is refused in one sentence at the moment it is chosen (nothing loads,
    the choice is not kept); the same GGUF with its mmproj projector next to it is taken."""
    window, tab = describe_tab(qtbot, app_home, smollm2, None)
    with qtbot.waitSignal(tab.engine.model_failed) as blocker:
        tab.engine.set_path(str(smollm2))
    why = blocker.args[0]
    assert "cannot see images" in why and "mmproj" in why and why.count(". ") == 0
    assert "cannot see images" in tab.notice.text()
    assert tab.app_settings.task_models.get("describe", "") == "" and tab.engine.path == ""
    assert not tab.engine.is_busy() and window.manager.loaded_models() == []
    folder = tmp_path / "vlm"
    folder.mkdir()
    (folder / "tiny-vlm.gguf").symlink_to(smollm2)
    (folder / "mmproj-tiny-vlm.gguf").write_bytes(b"GGUF")  # only its name pairs it; nothing is loaded here
    tab.engine.set_path(str(folder / "tiny-vlm.gguf"))
    assert tab.app_settings.task_models["describe"] == str(folder / "tiny-vlm.gguf")
    window.close()


def test_vision_language_model_takes_the_prompt(qtbot, app_home, smollm2, llava, photos):
    window, tab = describe_tab(qtbot, app_home, smollm2, llava, prompt="What text is in this image?")
    add(qtbot, tab, [photos / "photo2.jpg"])
    with qtbot.waitSignal(tab.single_finished, timeout=RUN_TIMEOUT_MS):
        tab.editor.describe_button.click()
    assert tab.editor.settings_panel.prompt.isEnabled() and not tab.editor.settings_panel.prompt_note.isVisible()
    assert tab.images.item(0).status == "described"
    window.close()


def test_llama_cpp_gguf_with_its_mmproj_captions_in_the_tab(qtbot, app_home, smollm2, photos, tmp_path):
    """A GGUF chosen by path brings the projector next to it; single and batch captions run through llama.cpp's
    real multimodal handler."""
    from tests.fixtures.tiny_gguf_vision import build_tiny_vision_pair

    model, _projector = build_tiny_vision_pair(tmp_path / "vlm")
    window, tab = describe_tab(qtbot, app_home, smollm2, model, prompt="请详细描述这张图片。")
    add(qtbot, tab, [photos / "photo2.jpg", photos / "photo3.jpg", photos / "notes.jpg"])
    with qtbot.waitSignal(tab.single_finished, timeout=RUN_TIMEOUT_MS):
        run(qtbot, tab, tab.editor.describe_button.click)
    assert tab.editor.settings_panel.prompt.isEnabled()  # a vision-language model takes the prompt
    assert tab.engine.model.info.vision.mmproj == _projector.name
    tab.redo.setChecked(True)
    with qtbot.waitSignal(tab.batch_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        run(qtbot, tab, tab.describe_all_button.click)
    assert blocker.args == [2]
    assert [it.status for it in tab.images.items] == ["described", "described", "failed"]
    window.close()


def test_projector_paired_by_hand_on_the_models_page(qtbot, app_home, smollm2, photos, tmp_path):
    """A projector kept in another folder is not found by itself; pairing it on the Models page (checked first:
    a file that is not a projector is refused with a sentence) lets the Describe tab use the model."""
    import shutil

    from tests.fixtures.tiny_gguf_vision import build_tiny_vision_pair

    model, projector = build_tiny_vision_pair(tmp_path / "vlm")
    elsewhere = tmp_path / "projectors"
    elsewhere.mkdir()
    projector = Path(shutil.move(str(projector), elsewhere / projector.name))
    window, tab = describe_tab(qtbot, app_home, smollm2, model)
    add(qtbot, tab, [photos / "photo2.jpg"])
    run(qtbot, tab, tab.editor.describe_button.click, expect="failed")
    assert "cannot describe images" in tab.notice.text()

    wait_job(qtbot, window.models_tab.set_projector(model, str(photos / "photo2.jpg")))  # checked off the GUI thread
    assert "projector cannot be used" in window.models_tab.notice.text()
    assert str(model) not in window.models_tab.app_settings.model_projectors
    wait_job(qtbot, window.models_tab.set_projector(model, str(projector)))
    assert window.models_tab.app_settings.model_projectors[str(model)] == str(projector)
    assert window.manager.get(tab.engine.spec_id()) is None  # the text-only copy loaded above was let go
    with qtbot.waitSignal(tab.single_finished, timeout=RUN_TIMEOUT_MS):
        run(qtbot, tab, tab.editor.describe_button.click)
    assert tab.engine.model.info.vision.mmproj == projector.name
    window.close()
