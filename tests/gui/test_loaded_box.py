"""The Models page's "In memory" table with a fake manager (its subject is the layout, not a model): a long name
ends in "…" inside the box instead of wrapping and pushing State behind a scrollbar, and only a crashed engine's
row is red."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.ui import theme
from desktop_app.ui.models.loaded_box import LoadedModelsBox
from desktop_app.ui.widgets.notice_bar import NoticeBar


@dataclass
class _Spec:
    name: str
    path: Path
    backend: str = "llama_cpp"


@dataclass
class _Info:
    device: str = "CPU"


@dataclass
class _Loaded:
    id: str
    spec: _Spec
    state: str = "running"
    error: str = ""
    vram_bytes: int | None = None
    info: _Info = field(default_factory=_Info)

    def engine_rss(self) -> int:
        return 679_700_000


class _Manager:
    def __init__(self, models: list[_Loaded]) -> None:
        self.models = models

    def loaded_models(self) -> list[_Loaded]:
        return self.models

    def get(self, model_id: str) -> _Loaded | None:
        return next((m for m in self.models if m.id == model_id), None)


def test_a_long_name_is_elided_every_column_shows_and_only_a_crashed_row_is_red(qtbot):
    name = "Qwen2.5-Coder-0.5B-Instruct (Q4_K_M) with a much longer fine-tuned suffix"
    running = _Loaded("a", _Spec(name, Path("/models/qwen.gguf")))
    crashed = _Loaded("b", _Spec("SmolLM2-135M-Instruct (Q4_1)", Path("/models/smol.gguf")), state="crashed",
                      error="The engine stopped.")
    box = LoadedModelsBox(_Manager([running, crashed]), NoticeBar())
    qtbot.addWidget(box)
    box.resize(460, 220)  # the width the box has at 1280 px
    box.show()
    box.refresh()
    qtbot.waitExposed(box)
    table = box.loaded_table
    header = table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    widths = [header.sectionSize(c) for c in range(table.columnCount())]
    assert sum(widths) <= table.viewport().width()
    assert min(widths[1:]) > 0 and header.sectionSize(0) < table.fontMetrics().horizontalAdvance(name)  # elided
    assert not table.wordWrap()  # one line that ends in "…", not two
    assert name in table.item(0, 0).toolTip() and "qwen.gguf" in table.item(0, 0).toolTip()
    error = theme.color("error_text").lower()
    assert table.item(0, 0).foreground().color().name() != error
    assert [table.item(1, c).foreground().color().name() for c in range(5)] == [error] * 5
    assert table.item(1, 4).text() == "Crashed" and "The engine stopped." in table.item(1, 0).toolTip()
