"""Help → About."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app import APP_DISPLAY_NAME, __version__


def show_about(parent: QWidget) -> None:
    text = QCoreApplication.translate(
        "AboutDialog",
        "<h3>{name} {version}</h3>"
        "<p>Run AI models on your own machine: chat, summarize, translate, describe images and fine-tune, "
        "with no cloud.</p>"
        "<p>Engines: llama.cpp (llama-cpp-python) and PyTorch (transformers).<br>"
        "Built-in models: SmolLM2-135M-Instruct and Qwen2.5-Coder-0.5B-Instruct (Apache-2.0).</p>"
        "<p>Python {py}, PySide6 {qt}</p>",
    ).format(name=APP_DISPLAY_NAME, version=__version__, py=platform.python_version(), qt=pyside_version)
    QMessageBox.about(parent, QCoreApplication.translate("AboutDialog", "About {name}").format(name=APP_DISPLAY_NAME), text)
