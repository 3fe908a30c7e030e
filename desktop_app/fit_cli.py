"""`desktop-app models --fit FILE.gguf`: the speed predictor (core/models/speed.py) for a file on disk.

Kept out of cli.py (already long). The first call measures this machine (a few seconds, the built-in model in its
engine) and caches it in the data folder; later calls only read the header.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.core.errors import DesktopAppError, ModelFileError
from desktop_app.core.models import speed, speed_calibration, speed_measure
from desktop_app.core.models.memory import human_size

EXIT_FAILED = 1


def run(path_arg: str) -> int:
    from desktop_app.core.storage import paths

    path = Path(path_arg).expanduser()
    if not path.is_file():
        print(f"error: {path} is not a file.", file=sys.stderr)
        return EXIT_FAILED
    try:
        arch = speed.arch_from_gguf(path)
    except (ModelFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if speed_calibration.load_machine() is None:
        print("Measuring this machine once (a few seconds)…", file=sys.stderr)
    try:
        machine = speed_measure.ensure_machine(paths.models_dir())
    except DesktopAppError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    p = speed.predict(arch, machine)
    print(f"{path.name}: {p.sentence}")
    print(f"  decode  about {p.decode_tps:.1f} tok/s, prompt about {p.prefill_tps:.0f} tok/s")
    print(f"  memory  needs {human_size(p.needs_bytes)}, {human_size(p.free_bytes)} free")
    print(f"  machine {machine.key}: {machine.bandwidth / 1e9:.1f} GB/s; built-in model measured "
          f"{machine.ref_decode_tps:.0f} tok/s decode, {machine.ref_prefill_tps:.0f} tok/s prompt")
    return 0 if p.fits else EXIT_FAILED

