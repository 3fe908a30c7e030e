"""A catalogue download as a job on the utility thread: progress (per mille), an ETA line, Cancel, one sentence on
failure. The Discover page and the tabs' "Get a model" buttons start it; the Qt-free work is
core/models/catalog_download.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop_app.core.models.catalog import CatalogEntry
from desktop_app.core.models.catalog_download import download_entry
from desktop_app.workers.jobs import Job
from desktop_app.workers.model_manager import ModelManager


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB" if n < 1e9 else f"{n / 1e9:,.2f} GB"


def eta_text(done: int, total: int, speed: float, eta: float) -> str:
    """"120.0 MB of 2.50 GB · 8.0 MB/s · about 5 min left" (translated)."""
    if eta == float("inf") or speed <= 0:
        left = QCoreApplication.translate("CatalogJobs", "estimating time left…")
    elif eta >= 90:
        left = QCoreApplication.translate("CatalogJobs", "about {n} min left").format(n=round(eta / 60))
    else:
        left = QCoreApplication.translate("CatalogJobs", "{n} s left").format(n=round(eta))
    return QCoreApplication.translate("CatalogJobs", "{done} of {total} · {speed}/s · {left}").format(
        done=_mb(done), total=_mb(total), speed=_mb(speed), left=left
    )


def start_catalog_download(
    manager: ModelManager, entry: CatalogEntry, models_dir: Path, quant: str | None = None, before_start=None
) -> Job:
    """Download `entry` (its quantization and projector, or its folder) into the models folder; the job's result is
    a CatalogDownload. The core meter already limits progress calls to ten a second."""

    def work(job: Job):
        def progress(done: int, total: int, speed: float, eta: float) -> None:
            job.progress.emit(int(done / max(total, 1) * 1000), 1000)
            job.stage.emit(eta_text(done, total, speed, eta))

        return download_entry(entry, models_dir, quant, progress, job.cancel_event)

    return manager.run_background(work, name="catalog-download", before_start=before_start)
