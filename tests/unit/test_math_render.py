"""Drawing formulas with matplotlib's mathtext (core/tasks/math_render.py): real rendering, no display needed."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.tasks.math_render import MathError, render_math


def _alpha(bitmap) -> np.ndarray:
    return np.frombuffer(bitmap.rgba, dtype=np.uint8).reshape(bitmap.height, bitmap.width, 4)[..., 3]


def test_a_formula_is_drawn_in_the_text_colour_on_transparency():
    bitmap = render_math(r"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}", 20, "#3366cc")
    pixels = np.frombuffer(bitmap.rgba, dtype=np.uint8).reshape(bitmap.height, bitmap.width, 4)
    ink = pixels[..., 3] > 0
    assert bitmap.width > 100 and bitmap.height > 30  # a fraction: two rows of text and a bar
    assert 0.02 < ink.mean() < 0.6  # drawn, on a transparent background
    assert (pixels[ink][:, :3] == (0x33, 0x66, 0xCC)).all()
    assert 5 <= bitmap.depth < bitmap.height / 2 + 4  # the denominator hangs below the baseline


def test_size_scales_the_drawing_and_subscripts_reach_below_the_baseline():
    small, large = render_math("x_1", 12), render_math("x_1", 24)
    assert 1.6 < large.width / small.width < 2.2 and large.height > 1.5 * small.height  # (a fixed margin each)
    assert large.depth >= render_math("x", 24).depth + 3  # the subscript hangs below the letter


def test_a_boxed_answer_has_a_closed_frame():
    plain, boxed = render_math("42", 20), render_math("42", 20, kind="boxed")
    alpha = _alpha(boxed)
    assert boxed.width > plain.width + 4 and boxed.height > plain.height + 4
    assert (alpha[0] == 255).all() and (alpha[-1] == 255).all() and (alpha[:, 0] == 255).all()
    assert not (alpha[1:-1, 1:-1] == 255).all()
    assert boxed.depth > plain.depth  # the frame goes below the baseline too


def test_aligned_rows_line_up_at_their_relation_sign():
    rows = render_math(r"f(x) &= (x-2)^2\\&= x^2 - 4x + 4", 20, kind="aligned")
    left = render_math("f(x)", 20)
    right = max(render_math("= (x-2)^2", 20).width, render_math("= x^2 - 4x + 4", 20).width)
    assert rows.width == left.width + right  # one column of left sides, one of right sides
    assert rows.height > 2 * render_math("= x^2 - 4x + 4", 20).height
    alpha = _alpha(rows)
    half = rows.height // 2
    starts = [int(np.argmax(band[:, left.width:].any(axis=0))) for band in (alpha[:half], alpha[half:])]
    assert starts[0] == starts[1]  # both "=" begin in the same column
    assert alpha[:half, :left.width].any() and not alpha[half:, :left.width].any()  # f(x) on the first row only


def test_latex_mathtext_cannot_draw_is_one_sentence():
    with pytest.raises(MathError, match=r"cannot be drawn: \\frac\{"):
        render_math(r"\frac{", 16)
    with pytest.raises(MathError):
        render_math(r"\notacommand{x}", 16)
