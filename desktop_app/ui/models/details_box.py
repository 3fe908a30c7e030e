"""The Models page's "Selected model" box: what the selected record is, the options to load it with, whether it
fits in memory, and the Load / Use in Chat / Vision projector buttons.

A view of one record: it shows and checks, and the page decides what its buttons do (loading and consent stay with
the page). The fit check reads only what is known without importing torch, so it never blocks the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine.types import LoadOptions
from desktop_app.core.models.metadata import ModelRecord
from desktop_app.core.models.speed import Machine
from desktop_app.ui import theme
from desktop_app.ui.core_text import core_text
from desktop_app.ui.models.discover_view import predict_speed_button


class ModelDetailsBox(QGroupBox):
    def __init__(self, default_device: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Selected model"))
        self.record: ModelRecord | None = None
        self.machine: Machine | None = None  # this machine's measured speed (core/models/speed.py), once known
        self.details = QLabel(self.tr("Select a model to see its details."))
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.ctx_spin = QSpinBox()
        self.ctx_spin.setRange(256, 262144)
        self.ctx_spin.setSingleStep(1024)
        self.ctx_spin.setValue(4096)
        self.ctx_spin.setToolTip(self.tr("Context length to load with. More context needs more memory."))
        self.gpu_spin = QSpinBox()
        self.gpu_spin.setRange(-1, 1000)
        self.gpu_spin.setToolTip(self.tr("Layers offloaded to the GPU for llama.cpp models (-1: all, 0: CPU only)."))
        self.device_combo = QComboBox()
        self.device_combo.addItems(["auto", "cpu", "cuda", "mps"])
        self.device_combo.setCurrentText(default_device)  # Settings → Default device
        self.device_combo.setToolTip(self.tr("PyTorch models: auto picks CUDA, then Apple MPS, then the CPU."))
        self.dtype_combo = QComboBox()
        self.dtype_combo.addItems(["auto", "bf16", "fp16", "fp32"])
        self.dtype_combo.setToolTip(self.tr("PyTorch models: number format of the weights. auto: fp32 on CPU."))
        from desktop_app.core import extras

        if (torch_missing := extras.missing("torch")) is not None:  # light install: say which extra they need
            for combo in (self.device_combo, self.dtype_combo):
                combo.setToolTip(extras.message("torch", torch_missing))
        for w in (self.ctx_spin, self.gpu_spin):
            w.valueChanged.connect(lambda _v: self.update_fit())
        for c in (self.device_combo, self.dtype_combo):
            c.currentIndexChanged.connect(lambda _i: self.update_fit())
        form = QFormLayout()
        for label, w in (
            (self.tr("Context length"), self.ctx_spin), (self.tr("GPU layers"), self.gpu_spin),
            (self.tr("Device"), self.device_combo), (self.tr("Precision"), self.dtype_combo),
        ):
            w.setAccessibleName(label)
            form.addRow(label, w)
        self.fit_label = QLabel()
        self.fit_label.setWordWrap(True)
        # Rich-text labels that wrap get too little height in a layout unless they ask for it.
        self.details.setMinimumHeight(90)
        self.fit_label.setMinimumHeight(60)
        self.details.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.fit_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setToolTip(self.tr("Load the selected model into memory"))
        self.chat_button = QPushButton(self.tr("Use in Chat"))
        self.chat_button.setToolTip(self.tr("Chat with the selected model"))
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 0)
        self.load_cancel = QPushButton(self.tr("Cancel"))
        self.load_progress.hide()
        self.load_cancel.hide()
        self.projector_button = QPushButton(self.tr("Vision projector…"))
        self.projector_button.setToolTip(
            self.tr("Pair this GGUF with its mmproj file so it can see images (found by itself when the file sits "
                    "next to the model)")
        )
        self.projector_button.hide()  # shown for a model that can take one (show_record)
        load_row = QHBoxLayout()
        load_row.addWidget(self.load_button)
        load_row.addWidget(self.chat_button)
        load_row.addWidget(self.projector_button)
        load_row.addWidget(self.load_progress, 1)
        load_row.addWidget(self.load_cancel)
        dl = QVBoxLayout(self)
        dl.addWidget(self.details)
        dl.addLayout(form)
        dl.addWidget(self.fit_label)
        self.speed_button = predict_speed_button()
        self.speed_button.hide()
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed_button)
        speed_row.addStretch(1)
        dl.addLayout(speed_row)
        dl.addLayout(load_row)
        dl.addStretch(1)
        self._projectors: dict[str, str] = {}
        # The verdict's green or red is baked into rich text: render it again in the new theme's colours.
        theme.on_change(self, self._render_again, immediate=False)

    def show_record(self, r: ModelRecord | None, projectors: dict[str, str]) -> None:
        """Show `r` (None: nothing selected); `projectors` are the pairings the user chose on this page."""
        self.record = r
        self._projectors = projectors
        enabled = r is not None and not r.error
        self.load_button.setEnabled(enabled)
        self.chat_button.setEnabled(enabled and "chat" in r.capabilities)
        # Only for a GGUF that can see with a projector (read off the header by the scan, on its worker thread):
        # a text-only model never shows it (issue 15 item 13).
        self.projector_button.setVisible(enabled and r.backend == "llama_cpp" and (
            r.takes_projector or r.mmproj is not None or str(r.path) in projectors))
        if r is None:
            self.details.setText(self.tr("Select a model to see its details."))
            self.fit_label.setText("")
            return
        lines = [f"<b>{r.name}</b>", str(r.path)]
        if r.error:
            lines.append(f"<span style='color:{theme.color('error_text')}'>{core_text(r.error)}</span>")
        else:
            lines.append(
                self.tr("{arch} · {fmt} · engine: {engine}").format(arch=r.architecture, fmt=r.format, engine=r.backend)
            )
            if r.labels:
                lines.append(self.tr("Labels: {labels}").format(labels=", ".join(r.labels)))
            chosen = projectors.get(str(r.path))
            if chosen:
                lines.append(self.tr("Vision projector: {p} (chosen by you)").format(p=Path(chosen).name))
            elif r.mmproj:
                lines.append(self.tr("Vision projector: {p}").format(p=r.mmproj.name))
            if r.base_model:
                lines.append(self.tr("Base model (no chat template): it continues text rather than chatting. "
                                     "Use Complete in Chat."))
        self.details.setText("<br>".join(lines))
        if r.context_length:
            self.ctx_spin.setMaximum(max(r.context_length, 256))
        self.update_fit()

    def _render_again(self) -> None:
        self.show_record(self.record, self._projectors)

    def fit(self, r: ModelRecord | None):
        """The memory verdict for `r` with these options (None when there is nothing to load)."""
        from desktop_app.core.models.memory import check_fit, estimate, system_memory

        if r is None or r.error:
            return None
        est = estimate(
            r,
            n_ctx=self.ctx_spin.value(),
            n_gpu_layers=self.gpu_spin.value(),
            dtype=self.dtype_combo.currentText(),
            device="cpu" if self.device_combo.currentText() == "cpu" else "auto",
        )
        return check_fit(est, system_memory())  # VRAM only if torch is already imported: never block the UI

    def update_fit(self) -> None:
        verdict = self.fit(self.record)
        if verdict is None:
            self.fit_label.setText("")
            return
        color = theme.color("ok_text" if verdict.fits else "error_text")
        text = f"<span style='color:{color}'>{verdict.message}</span>"
        if verdict.suggestions:
            text += "<br>" + "<br>".join(f"• {s}" for s in verdict.suggestions)
        text += self._speed_text(verdict.fits)
        self.fit_label.setText(text)

    def set_machine(self, machine: Machine | None) -> None:
        """The measurement arrived (or was read from the cache): show the predicted speed from now on."""
        self.machine = machine
        self.update_fit()

    def _speed_text(self, fits: bool) -> str:
        """"fits · about N tok/s" for a GGUF, from its header and this machine's measurement (pure arithmetic)."""
        r = self.record
        gguf = r is not None and r.format == "gguf" and not r.error
        self.speed_button.setVisible(gguf and self.machine is None)
        if not gguf or self.machine is None or not fits:
            return ""
        from desktop_app.core.models.speed import predict

        p = predict(r, self.machine, n_gpu_layers=self.gpu_spin.value(), n_ctx=self.ctx_spin.value())
        return "<br>" + self.tr("Fits · about {decode} tok/s (prompt about {prefill} tok/s)").format(
            decode=f"{p.decode_tps:.0f}", prefill=f"{p.prefill_tps:.0f}")

    def load_options(self) -> LoadOptions:
        return LoadOptions(
            n_ctx=self.ctx_spin.value(),
            n_gpu_layers=self.gpu_spin.value(),
            device=self.device_combo.currentText(),
            dtype=self.dtype_combo.currentText(),
        )
