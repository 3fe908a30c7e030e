"""A larger view of a chat image, decoded off the GUI thread, with a button to open it in the system viewer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.tasks.images import open_image
from desktop_app.ui.core_text import core_text
from desktop_app.workers.jobs import Job
from desktop_app.workers.thumbnails import pil_to_qimage

PREVIEW_SIDE = 1600


class ImagePreviewDialog(QDialog):
    def __init__(self, path: str, run_background: Callable[..., Job], parent: QWidget | None = None):
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(Path(path).name)
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.resize(900, 700)
        self.image_label = QLabel(self.tr("Loading…"))
        self.image_label.setAlignment(Qt.AlignCenter)
        self.image_label.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.image_label)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.open_button = QPushButton(self.tr("Open in Image Viewer"))
        self.open_button.setToolTip(self.tr("Open the image in this computer's default image viewer"))
        self.open_button.clicked.connect(self.open_externally)
        buttons.addButton(self.open_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.loaded = False
        self.error = ""
        self._job = run_background(
            lambda _job: pil_to_qimage(open_image(path, max_side=PREVIEW_SIDE)), name="image preview",
            before_start=self._watch,
        )

    def _watch(self, job: Job) -> None:
        job.finished.connect(self._on_loaded)  # bound methods: always queued to the GUI thread
        job.failed.connect(self._on_failed)

    def _on_loaded(self, image: QImage) -> None:
        self.loaded = True
        self.image_label.setPixmap(QPixmap.fromImage(image))

    def _on_failed(self, error: BaseException) -> None:
        self.error = core_text(error)
        self.image_label.setText(self.error)
        self.open_button.setEnabled(False)

    def open_externally(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.path))
