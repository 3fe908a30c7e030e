"""Is there a font that can draw Chinese? Without one Qt draws boxes, so the user is told how to fix it."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

SAMPLE = "中文"


def cjk_font_families() -> list[str]:
    return [f for f in QFontDatabase.families(QFontDatabase.SimplifiedChinese) if not QFontDatabase.isPrivateFamily(f)]


def cjk_font_available() -> bool:
    """True when at least one installed font really has glyphs for common Chinese characters."""
    for family in cjk_font_families():
        metrics = QFontMetrics(QFont(family))
        if all(metrics.inFontUcs4(ord(ch)) for ch in SAMPLE):
            return True
    return False


# Marked for lupdate; app.py shows it through QCoreApplication.translate("fonts", ...).
MISSING_CJK_FONT_MESSAGE = QT_TRANSLATE_NOOP(
    "fonts",
    "No Chinese font is installed, so Chinese text will show as empty boxes. Install one, for example "
    "Noto Sans CJK (Debian/Ubuntu: sudo apt install fonts-noto-cjk; Fedora: sudo dnf install "
    "google-noto-sans-cjk-fonts), then restart the app.",
)


def emphasize(widget, weight: QFont.Weight = QFont.DemiBold, point_size: float | None = None) -> None:
    """Make `widget`'s text bold (and larger) through its font, not a style sheet.

    Why: a widget with its own style sheet keeps the palette it had when the sheet was applied, so after a theme
    switch a heading styled only with "font-weight: 600" stayed black on the dark window. A font set here carries
    only the weight and size; the family (a CJK one included) and the colours still come from the parent."""
    font = QFont()  # nothing resolved but what is set below: the rest is inherited
    font.setWeight(weight)
    if point_size is not None:
        font.setPointSizeF(point_size)
    widget.setFont(font)


def plain(widget) -> None:
    """Undo `emphasize`: the widget inherits its parent's font again."""
    widget.setFont(QFont())


def monospace(widget) -> None:
    """The system's fixed-width font (a log, code), again without a style sheet (see `emphasize`)."""
    widget.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
