"""Issue 15 item 13: the Models page offers "Vision projector…" only for a GGUF that can see with one."""

from __future__ import annotations

from desktop_app.core.models.metadata import read_gguf_record
from desktop_app.ui.models.details_box import ModelDetailsBox
from tests.fixtures.tiny_gguf_vision import build_tiny_language_model


def test_projector_button_only_for_models_that_can_see(qtbot, tmp_path, smollm2):
    box = ModelDetailsBox("auto")
    qtbot.addWidget(box)
    box.show()
    text_only = read_gguf_record(smollm2)  # records come from the library scan, on its worker thread
    vlm = read_gguf_record(build_tiny_language_model(tmp_path / "tiny-vlm.gguf"))

    box.show_record(text_only, {})
    assert not box.projector_button.isVisible()
    box.show_record(vlm, {})
    assert box.projector_button.isVisible() and box.projector_button.isEnabled()
    box.show_record(None, {})
    assert not box.projector_button.isVisible()
    # A projector the user already paired with a model stays changeable, whatever the header says.
    box.show_record(text_only, {str(text_only.path): str(tmp_path / "mmproj.gguf")})
    assert box.projector_button.isVisible()
    box.show_record(text_only.with_mmproj(tmp_path / "mmproj-x.gguf"), {})  # a projector found beside it
    assert box.projector_button.isVisible()
