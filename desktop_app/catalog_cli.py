"""`desktop-app models --catalog [--task T]`: the curated catalogue with the fit on this machine (cli.py dispatches).

The same list and the same fit rule as the Discover page, so a user at a terminal sees what the window would offer.
Each GGUF also gets its predicted decode speed here (core/models/speed.py), from this machine's measurement: taken
once (a few seconds with the built-in model) and cached, as `models --fit` does.
"""

from __future__ import annotations

import argparse
import sys

from desktop_app.core.models import catalog

EXIT_USAGE = 2


def cmd_catalog(args: argparse.Namespace, speed_text: catalog.SpeedText | None = None) -> int:
    from desktop_app.core.models.memory import system_memory

    task = getattr(args, "task", None)
    if task and task not in catalog.TASKS:
        print(f"Unknown task {task!r}: choose one of {', '.join(catalog.TASKS)}.", file=sys.stderr)
        return EXIT_USAGE
    try:
        entries = catalog.entries_for(task or None)
    except (OSError, ValueError) as exc:
        print(f"The model catalogue cannot be read: {exc}", file=sys.stderr)
        return 1
    free = system_memory(include_vram=False).available_ram
    if speed_text is None:
        speed_text = _measured_speed_text()
    for e in entries:
        verdict = catalog.fit(e, free)
        default = e.default_quant()
        size = e.download_bytes() / 1e9
        what = f"{default.quant} " if default is not None else ""
        predicted = speed_text(e, default.quant if default else None) if speed_text is not None else ""
        speed = f" · {predicted}" if predicted else ""
        print(f"{e.id}\t{e.name}\t{e.tier}\t{','.join(e.tasks)}\t{','.join(e.languages)}\t"
              f"{what}{size:.2f} GB\t{verdict.text()}{speed}")
        print(f"    {e.repo} · {e.license} · {e.good_at}")
    return 0


def _measured_speed_text() -> catalog.SpeedText | None:
    """"about N tok/s" from the cached measurement, measuring first when there is none; None (no speed column)
    when the machine cannot be measured (no built-in model installed)."""
    from desktop_app.core.errors import DesktopAppError
    from desktop_app.core.models import speed, speed_measure
    from desktop_app.core.storage import paths

    try:
        machine = speed_measure.ensure_machine(paths.models_dir())
    except (DesktopAppError, OSError) as exc:
        print(f"note: no speed prediction: {exc}", file=sys.stderr)
        return None

    def text(entry: catalog.CatalogEntry, quant: str | None) -> str:
        tps = speed.catalog_decode_tps(entry, quant, machine)
        return "" if tps is None else f"about {tps:.0f} tok/s" if tps >= 1 else f"about {tps:.1f} tok/s"

    return text
