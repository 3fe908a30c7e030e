"""The Models page's "Model for each task" box: which loaded model each task tab uses ("" is the built-in chat
model), stored in the settings and announced with `task_model_chosen` so the tab switches at once.

Its own view because only models in memory can be chosen, so it is rebuilt whenever the loaded models change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QWidget

from desktop_app.core.storage.settings import AppSettings
from desktop_app.workers.model_manager import LoadedModel, ModelManager

# Labels are marked for lupdate here and translated where they are shown (self.tr, context "TaskModelsBox").
TASKS = [
    ("chat", QT_TRANSLATE_NOOP("TaskModelsBox", "Chat"), {"chat"}),
    ("summarize", QT_TRANSLATE_NOOP("TaskModelsBox", "Summarize"), {"chat", "seq2seq"}),
    ("sentiment", QT_TRANSLATE_NOOP("TaskModelsBox", "Sentiment"), {"chat", "classifier"}),
    ("translate", QT_TRANSLATE_NOOP("TaskModelsBox", "Translate"), {"chat", "seq2seq"}),
    ("describe", QT_TRANSLATE_NOOP("TaskModelsBox", "Describe Image"), {"captioner", "vision"}),
    # The Documents index's embeddings: an embedding model, or a llama.cpp chat model (mean-pooled) as a fallback.
    ("documents", QT_TRANSLATE_NOOP("TaskModelsBox", "Documents search"), {"embedding", "chat"}),
]


class TaskModelsBox(QGroupBox):
    task_model_chosen = Signal(str, object)  # task key, ModelSpec (None: the built-in default)

    def __init__(self, manager: ModelManager, app_settings: AppSettings, save_settings: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Model for each task"))
        self.manager = manager
        self.app_settings = app_settings
        self._save = save_settings
        self.task_combos: dict[str, QComboBox] = {}
        tl = QFormLayout(self)
        for key, label, _caps in TASKS:
            combo = QComboBox()
            combo.setToolTip(self.tr("Which loaded model the {task} tab uses").format(task=self.tr(label)))
            combo.setAccessibleName(self.tr("Model for {task}").format(task=self.tr(label)))
            combo.activated.connect(lambda _i, k=key: self._set_task_model(k))
            self.task_combos[key] = combo
            tl.addRow(self.tr(label), combo)

    def refresh(self) -> None:
        models: list[LoadedModel] = self.manager.loaded_models()
        for key, _label, caps in TASKS:
            combo = self.task_combos[key]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("Built-in embedding model (all-MiniLM-L6-v2)") if key == "documents"
                          else self.tr("Built-in chat model"), "")
            for m in models:
                backend_caps = {c.value for c in m.backend.capabilities} if m.backend else set()
                if key == "documents" and "embedding" not in backend_caps and m.spec.backend != "llama_cpp":
                    continue  # only llama.cpp chat models can embed (llama_embed.py)
                if backend_caps & caps:
                    family = "LLM" if "chat" in backend_caps else "/".join(sorted(backend_caps & caps))
                    combo.addItem(f"{m.spec.name} ({family})", str(m.spec.path))
            current = self.app_settings.task_models.get(key, "")
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def _set_task_model(self, key: str) -> None:
        path = self.task_combos[key].currentData() or ""
        self.app_settings.task_models[key] = path
        self._save()
        loaded = next((m for m in self.manager.loaded_models() if str(m.spec.path) == path), None)
        self.task_model_chosen.emit(key, loaded.spec if loaded else None)
