"""The Chat tab's model row: the picker of known models, Open GGUF…, and under it, while a model loads, the load's
status, progress and Cancel.

A view of the tab's ModelSession: it shows what the session reports (preparing, loading, progress) and says which
model the user picked (`picked(path)`); the tab decides what to load.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import LoadOptions
from desktop_app.core.errors import DesktopAppError
from desktop_app.core.models import session as model_session
from desktop_app.core.models.registry import known_models
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.core_text import core_text
from desktop_app.ui.dialogs.consent import ask_consent
from desktop_app.ui.widgets.eliding_label import ElidingLabel, busy_row
from desktop_app.ui.widgets.thinking_switch import ThinkingSwitch
from desktop_app.workers.model_manager import LoadedModel, ModelManager
from desktop_app.workers.model_session import ModelSession


class ChatModelBar(QWidget):
    picked = Signal(str)  # the path of the model the user chose (picker or file dialog)
    model_changed = Signal()  # a model finished loading, or was unloaded
    chosen = Signal()  # another model was chosen (spec), loaded or not yet
    ready = Signal(object)  # LoadedModel: the chosen model is loaded with the options asked
    load_ended = Signal(str, str)  # a load that failed or was cancelled: (sentence, "error" | "info")

    def __init__(self, manager: ModelManager, app_settings: AppSettings, save_settings: Callable[[], None],
                 models_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.manager = manager
        self.app_settings = app_settings
        self.save_settings = save_settings
        self.models_dir = models_dir
        self.spec: ModelSpec | None = None
        self.model: LoadedModel | None = None
        self.session = session = ModelSession(manager, app_settings, save_settings, models_dir,
                                              lambda spec, consent: ask_consent(self, spec.name, consent), self)
        session.ready.connect(self._on_ready)
        session.failed.connect(lambda text: self.load_ended.emit(core_text(text), "error"))
        session.cancelled.connect(lambda: self.load_ended.emit(self.tr("Loading was cancelled."), "info"))
        self.model_combo = QComboBox()
        self.model_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.model_combo.setMinimumContentsLength(12)  # long names elide: the row must fit the default window
        self.model_combo.setToolTip(self.tr("The model that answers in this tab"))
        self.model_combo.setAccessibleName(self.tr("Model"))
        self.model_combo.activated.connect(self._on_model_picked)
        self.browse_button = QPushButton(self.tr("Open GGUF…"))
        self.browse_button.setToolTip(self.tr("Choose any .gguf model file on this computer (Ctrl+O)"))
        self.browse_button.clicked.connect(self.browse_model)
        self.load_progress = QProgressBar()
        self.load_progress.setMaximumWidth(220)
        self.load_progress.setTextVisible(True)
        # "Loading <a long model name>…" must not set the window's minimum width (it forced 1,688 px): the label
        # takes the room there is, ends in "…", and its tooltip holds the whole text.
        self.load_status = ElidingLabel()
        self.cancel_load_button = QPushButton(self.tr("Cancel"))
        self.cancel_load_button.setToolTip(self.tr("Stop loading the model"))
        self.cancel_load_button.clicked.connect(session.cancel)
        self.thinking_switch = ThinkingSwitch(app_settings, save_settings)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Model:")))
        row.addWidget(self.model_combo, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.thinking_switch)
        # The load's status, progress and Cancel get a line of their own, under the picker. In the row they
        # raised its minimum width by ~250 px while a model loaded, so the splitter squeezed the conversation list
        # and the settings panel (fields cut) and the window grew past its size, and stayed so (issue 15 item 10).
        self.load_row = busy_row(self.load_status, self.load_progress, self.cancel_load_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.load_row)
        session.status.connect(self._on_status)
        session.progress.connect(self._on_progress)
        session.busy_changed.connect(self._show_busy)
        self._show_busy(False)

    # -- the choice ------------------------------------------------------------------------------------------------
    def resolve_initial(self) -> str:
        """The model chosen in the settings (the built-in one by default); an error sentence when there is none."""
        try:  # a folder is a PyTorch model (a vision-language model chats too), a file a GGUF
            self.spec = model_session.resolve(self.app_settings.chat_model_path, self.app_settings, self.models_dir)
        except DesktopAppError as exc:
            self.spec = None
            return core_text(exc)
        finally:
            self.show_models(self.spec)
        return ""

    def choose(self, spec: ModelSpec, remember: bool = True, unload_previous: bool = True) -> None:
        """Make `spec` the chat model, remembered in the settings unless `remember` is False (a model opened for one
        conversation); a model loaded before is unloaded unless `unload_previous` is False (the API server serves
        it)."""
        self.spec = spec
        self.chosen.emit()
        if remember:
            builtin_default = model_session.builtin_spec(self.models_dir)
            self.app_settings.chat_model_path = "" if spec.path == builtin_default.path else str(spec.path)
            self.save_settings()
        self.show_models(spec)
        if self.model is not None and self.model.id != spec.id:
            if unload_previous:
                self.manager.unload(self.model.id)
            self.model = None
            self.model_changed.emit()

    def ensure(self, options: LoadOptions) -> None:
        """Load the chosen model with `options` unless it is loaded so already; `ready` follows."""
        if self.spec is not None:
            self.session.ensure(self.spec, options)

    def _on_ready(self, slot: LoadedModel) -> None:
        changed = slot is not self.model
        self.model = slot
        if changed:
            self.model_changed.emit()
        self.ready.emit(slot)

    def show_models(self, chosen: ModelSpec | None) -> None:
        """Fill the picker with the models the app knows, and `chosen` (a file opened from anywhere) selected."""
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        specs = known_models(self.models_dir)
        if chosen is not None and all(s.path != chosen.path for s in specs):
            specs.append(chosen)
        for s in specs:
            self.model_combo.addItem(s.name, str(s.path))
            self.model_combo.setItemData(self.model_combo.count() - 1, f"{s.path}\n{s.note}", Qt.ToolTipRole)
        if chosen is not None:
            self.model_combo.setCurrentIndex(max(self.model_combo.findData(str(chosen.path)), 0))
        self.model_combo.blockSignals(False)
        self.thinking_switch.set_model(chosen)

    def _on_model_picked(self, index: int) -> None:
        path = self.model_combo.itemData(index)
        if path and (self.spec is None or path != str(self.spec.path)):
            self.picked.emit(path)

    def browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.picked.emit(path)

    def _on_status(self, text: str) -> None:
        self.load_status.setText(text)
        self._show_busy(True)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.load_progress.setRange(0, 1000)
            self.load_progress.setValue(int(done * 1000 / total))
        else:
            self.load_progress.setRange(0, 0)

    def _show_busy(self, busy: bool) -> None:
        if busy:
            self.load_progress.setRange(0, 0)
        else:
            self.load_status.setText("")
        self.load_row.setVisible(busy)
