"""Drawing one formula with matplotlib's mathtext (a TeX subset: fractions, roots, sums, Greek, accents...).

Called on a worker thread, never the GUI thread: the first call imports matplotlib (about half a second), later
ones take a few milliseconds. The result is an RGBA bitmap in the text's colour with a transparent background,
plus how far it reaches below the baseline, so that the view can set it on the line like a word.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase

FONTSET = "cm"  # Computer Modern: formulas look as they do in LaTeX, KaTeX and every math textbook
BOX_PAD = 4  # pixels between a boxed answer and its frame (at scale 1)

_lock = threading.Lock()  # mathtext's parser caches are not meant for two threads at once


class MathError(DesktopAppError):
    """The formula uses LaTeX that mathtext cannot draw."""


@dataclass(frozen=True)
class MathBitmap:
    width: int
    height: int
    depth: int  # pixels below the baseline
    rgba: bytes  # width * height * 4, rows from the top


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _parse(latex: str, size_px: float):
    """mathtext's coverage bitmap (uint8, rows from the top) of `latex` and its depth below the baseline."""
    import numpy as np
    from matplotlib.font_manager import FontProperties
    from matplotlib.mathtext import MathTextParser

    prop = FontProperties(size=size_px, math_fontfamily=FONTSET)
    with _lock:
        try:
            parsed = MathTextParser("agg").parse(f"${latex}$", dpi=72, prop=prop)  # 72 dpi: points are pixels
        except (ValueError, RuntimeError) as exc:  # mathtext's ParseFatalException is a ValueError
            raise MathError(phrase("This formula cannot be drawn: {latex}", latex=latex)) from exc
    return np.asarray(parsed.image, dtype=np.uint8), int(round(parsed.depth))


def _boxed(coverage, depth: int, size_px: float):
    import numpy as np

    pad = max(1, round(BOX_PAD * size_px / 14))
    h, w = coverage.shape
    framed = np.zeros((h + 2 * pad + 2, w + 2 * pad + 2), dtype=np.uint8)
    framed[pad + 1:pad + 1 + h, pad + 1:pad + 1 + w] = coverage
    framed[0, :] = framed[-1, :] = framed[:, 0] = framed[:, -1] = 255
    return framed, depth + pad + 1


def _aligned(body: str, size_px: float):
    """Rows split at `\\\\`, cells at `&`, set as LaTeX's align does: odd columns flush right, even ones flush
    left, so that the relation signs after each `&` line up; the rows share each column's width."""
    import numpy as np

    rows = [[_parse(cell, size_px) if cell.strip() else None for cell in row.split("&")]
            for row in body.split("\\\\") if row.strip()]
    columns = max(len(row) for row in rows)
    widths = [max((row[c][0].shape[1] for row in rows if c < len(row) and row[c] is not None), default=0)
              for c in range(columns)]
    gap = round(size_px * 0.35)
    heights = []  # (above, below) the baseline per row
    for row in rows:
        cells = [cell for cell in row if cell is not None]
        heights.append((max((c.shape[0] - d for c, d in cells), default=0), max((d for _c, d in cells), default=0)))
    total = sum(a + b for a, b in heights) + gap * (len(rows) - 1)
    out = np.zeros((max(total, 1), max(sum(widths), 1)), dtype=np.uint8)
    top = 0
    for row, (above, below) in zip(rows, heights, strict=True):
        left = 0
        for c, cell in enumerate(row):
            if cell is not None:
                coverage, depth = cell
                h, w = coverage.shape
                x = left + (widths[c] - w if c % 2 == 0 else 0)
                y = top + above - (h - depth)
                out[y:y + h, x:x + w] = np.maximum(out[y:y + h, x:x + w], coverage)
            left += widths[c]
        top += above + below + gap
    return out, total // 2


def render_math(latex: str, size_px: float, color: str = "#000000", kind: str = "math") -> MathBitmap:
    """`latex` (without dollars) drawn at a font size of `size_px` pixels, in `color` ("#rrggbb"). `kind`: "math",
    "boxed" (in a frame, as a final answer) or "aligned" (rows and `&` columns, math_spans.math_pieces)."""
    import numpy as np

    if kind == "aligned":
        coverage, depth = _aligned(latex, size_px)
    else:
        coverage, depth = _parse(latex, size_px)
        if kind == "boxed":
            coverage, depth = _boxed(coverage, depth, size_px)
    h, w = coverage.shape
    rgba = np.empty((h, w, 4), dtype=np.uint8)
    rgba[..., 0], rgba[..., 1], rgba[..., 2] = _rgb(color)
    rgba[..., 3] = coverage
    return MathBitmap(w, h, min(depth, h), rgba.tobytes())
