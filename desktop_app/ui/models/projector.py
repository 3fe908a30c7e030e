"""Pairing a GGUF with its vision projector (mmproj) file, chosen by the user on the Models page.

The chosen file's header is checked before the pairing is kept. That read touches the disk (a projector is hundreds
of MB and may sit on a slow or network drive), so it runs on the utility thread and the pairing is stored when the
check comes back; until then the window stays responsive.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.widgets.notice_bar import NoticeBar
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager


def _check(path: Path) -> None:  # on the utility thread
    from desktop_app.core.models.gguf_check import check_projector

    check_projector(path)


class ProjectorPairing(QObject):
    changed = Signal()  # a pairing was stored or removed

    def __init__(self, manager: ModelManager, app_settings: AppSettings, save_settings: Callable[[], None],
                 notice: NoticeBar, parent: QObject | None = None):
        super().__init__(parent)
        self.manager = manager
        self.app_settings = app_settings
        self._save = save_settings
        self.notice = notice
        self.check_job: Job | None = None
        self._pending: tuple[Path, str] | None = None

    def ask(self, parent: QWidget, model: Path, name: str) -> Job | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, self.tr("Choose the vision projector (mmproj) for {name}").format(name=name),
            str(model.parent), self.tr("GGUF files (*.gguf)"),
        )
        return self.set(model, path) if path else None

    def set(self, model: Path, projector: str) -> Job | None:
        """Pair a GGUF with a projector file, checked first (off the GUI thread: the returned job); "" forgets the
        pairing at once. The pairing is used by every tab that loads this model from now on (a loaded copy keeps
        what it was loaded with)."""
        if not projector:
            self._store(Path(model), "")
            return None
        self._pending = (Path(model), str(projector))
        return self.manager.run_background(lambda _job: _check(Path(projector)), name="check projector",
                                           before_start=self._watch_check)

    def _watch_check(self, job: Job) -> None:
        self.check_job = job
        job.finished.connect(self._on_checked)
        job.failed.connect(self._on_check_failed)

    def _on_checked(self, _result) -> None:
        if self.sender() is self.check_job and self._pending is not None:
            (model, projector), self._pending, self.check_job = self._pending, None, None
            self._store(model, projector)

    def _on_check_failed(self, error: BaseException) -> None:
        if self.sender() is self.check_job:
            self._pending, self.check_job = None, None
            self.notice.show_message(str(error), "error")

    def _store(self, model: Path, projector: str) -> None:
        if projector:
            self.app_settings.model_projectors[str(model)] = projector
        else:
            self.app_settings.model_projectors.pop(str(model), None)
        self._save()
        for slot in self.manager.loaded_models():  # a copy loaded with the old pairing would keep it
            if slot.spec.path == model and slot.spec.backend == "llama_cpp":
                self.manager.unload(slot.id)
        self.notice.show_message(
            self.tr("{model} will use {projector} to see images.").format(
                model=model.name, projector=Path(projector).name
            ) if projector else self.tr("The projector pairing was removed."),
            "info",
        )
        self.changed.emit()
