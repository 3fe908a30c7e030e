"""Light and dark themes: the Fusion style with a palette per theme, the colours widgets draw themselves, and
SVG icons tinted for the theme.

`mode` is what the user chose (system / light / dark); the *effective* theme is light or dark. In "system" mode
the app follows the desktop's colour scheme (QStyleHints.colorScheme and its colorSchemeChanged signal) live.

Widgets never hard-code a colour: they ask `color("muted")`, or hand a style sheet template to `style(widget,
"color: $muted;")`, which is applied now and again whenever the theme changes. `on_change(obj, fn)` runs any
re-colouring (a re-rendered document, new placeholder pixmaps) the same way, for as long as `obj` lives.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Callable
from pathlib import Path
from string import Template

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
ICONS_DIR = RESOURCES / "icons"
THEMES_DIR = RESOURCES / "themes"
APP_ICON = ICONS_DIR / "app.svg"

MODES = ("system", "light", "dark")

COLORS: dict[str, dict[str, str]] = {
    "light": {
        # Text colours pass WCAG AA (4.5:1) on the window (#efefef), the base (#ffffff) and alternate rows;
        # tests/gui/test_contrast.py checks every visible text of the window in both themes.
        "muted": "#5b6270",  # secondary text: hints, stats, notes
        "user": "#2f855a",  # "You" in the conversation
        "assistant": "#2b6cb0",  # "Assistant"
        "error_text": "#b42318",
        "ok_text": "#166534",
        "warning_text": "#92400e",
        "disabled_text": "#6b7280",  # unusable rows (broken model files): greyed, still readable
        "mark_bg": "#fff3a0", "mark_fg": "#1f2937",  # a highlighted passage (a source the reply cites)
        "base": "#ffffff",
        "border": "#c4c9d0",
        "placeholder": "#d0d4da",  # an image still loading
        "placeholder_border": "#9aa1ab",
        "placeholder_text": "#4b5563",
        "placeholder_bad": "#e8b4b4",  # an image that failed
        "icon": "#374151",
        "tooltip_bg": "#ffffdc",
        "tooltip_fg": "#1f2937",
        "info_bg": "#e8f1fb", "info_fg": "#1e3a5f", "info_border": "#b9d3f0",
        "warning_bg": "#fff6e0", "warning_fg": "#5c4400", "warning_border": "#f0d58c",
        "error_bg": "#fde8e8", "error_fg": "#7f1d1d", "error_border": "#f5b5b5",
        # Code in replies (message_code.py), AA on the code blocks' tint over the base: GitHub's light colours
        "code_keyword": "#cf222e", "code_string": "#0a3069", "code_comment": "#57606a", "code_number": "#0550ae",
        "code_function": "#6639ba", "code_type": "#953800",
    },
    "dark": {
        "muted": "#9ca3af",
        "user": "#68d391",
        "assistant": "#63b3ed",
        "error_text": "#f87171",
        "ok_text": "#4ade80",
        "warning_text": "#fbbf24",
        "disabled_text": "#9ca3af",
        "mark_bg": "#5c4d00", "mark_fg": "#fff7cc",
        "base": "#1e1f22",
        "border": "#4b5058",
        "placeholder": "#3a3f47",
        "placeholder_border": "#5b616b",
        "placeholder_text": "#c4c9d0",
        "placeholder_bad": "#6b2b2b",
        "icon": "#d1d5db",
        "tooltip_bg": "#3a3d42",
        "tooltip_fg": "#e8e8e8",
        "info_bg": "#1c3552", "info_fg": "#dbeafe", "info_border": "#2c5282",
        "warning_bg": "#3d3200", "warning_fg": "#fde68a", "warning_border": "#806a1a",
        "error_bg": "#4c1d1d", "error_fg": "#fecaca", "error_border": "#7f2d2d",
        "code_keyword": "#ff7b72", "code_string": "#a5d6ff", "code_comment": "#8b949e", "code_number": "#79c0ff",
        "code_function": "#d2a8ff", "code_type": "#ffa657",
    },
}


def dark_palette() -> QPalette:
    p = QPalette()
    text, window, base, button = QColor("#e6e6e6"), QColor("#2b2d31"), QColor("#1e1f22"), QColor("#35383d")
    disabled = QColor("#7a7f87")
    for role, color in (
        (QPalette.Window, window), (QPalette.WindowText, text), (QPalette.Base, base),
        (QPalette.AlternateBase, QColor("#26282c")), (QPalette.ToolTipBase, QColor("#3a3d42")),
        (QPalette.ToolTipText, text), (QPalette.PlaceholderText, QColor("#8b9099")), (QPalette.Text, text),
        (QPalette.Button, button), (QPalette.ButtonText, text), (QPalette.BrightText, QColor("#ff6b6b")),
        (QPalette.Light, QColor("#4a4d52")), (QPalette.Midlight, QColor("#3f4247")), (QPalette.Mid, QColor("#303236")),
        (QPalette.Dark, QColor("#1a1b1e")), (QPalette.Shadow, QColor("#0d0d0f")),
        (QPalette.Highlight, QColor("#3d7bd9")), (QPalette.HighlightedText, QColor("#ffffff")),
        (QPalette.Link, QColor("#6cb4ff")), (QPalette.LinkVisited, QColor("#b19cd9")),
    ):
        p.setColor(role, color)
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText, QPalette.PlaceholderText):
        p.setColor(QPalette.Disabled, role, disabled)
    p.setColor(QPalette.Disabled, QPalette.Button, QColor("#2f3135"))
    p.setColor(QPalette.Disabled, QPalette.Base, QColor("#232427"))
    p.setColor(QPalette.Disabled, QPalette.Highlight, QColor("#4a4d52"))
    return p


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    p = style.standardPalette()
    p.setColor(QPalette.PlaceholderText, QColor("#6b7280"))
    return p


# -- live re-styling ----------------------------------------------------------------------------------------------
# id(obj) -> (weak reference to obj, what to run with obj). Weak: a theme listener never keeps a widget alive.
_listeners: dict[tuple[int, str], tuple[weakref.ref, Callable[[QObject], None]]] = {}
_manager: ThemeManager | None = None


def watch(obj: QObject, run: Callable[[QObject], None], immediate: bool = True, tag: str = "") -> None:
    """Run `run(obj)` now (unless `immediate` is False) and after every theme change, while `obj` exists.

    `run` must not hold `obj` itself (it is given it), so that the listener never keeps `obj` alive. One listener
    per object and `tag`: watching again with the same tag replaces it."""
    key = (id(obj), tag)
    _listeners[key] = (weakref.ref(obj, lambda _r, k=key: _listeners.pop(k, None)), run)
    if immediate:
        run(obj)


def on_change(obj: QObject, fn: Callable[[], None], immediate: bool = True) -> None:
    """Run `fn` now (unless `immediate` is False) and after every theme change, while `obj` exists.

    `fn` is typically a method of `obj`; it is held without keeping `obj` alive."""
    if getattr(fn, "__self__", None) is obj:
        func = getattr(fn, "__func__", None)
        name = fn.__name__
        watch(obj, (lambda o: func(o)) if func is not None else (lambda o: getattr(o, name)()), immediate, name)
    else:
        watch(obj, lambda _o: fn(), immediate, f"fn{id(fn)}")


def style(widget, template: str) -> None:
    """Give `widget` a style sheet with `$name` colours of the current theme, re-applied when it changes."""
    watch(widget, lambda w: w.setStyleSheet(Template(template).safe_substitute(colors())), True, "style")


def _notify() -> None:
    for key, (ref, run) in list(_listeners.items()):
        obj = ref()
        if obj is None:
            _listeners.pop(key, None)
            continue
        try:
            run(obj)
        except RuntimeError:  # the C++ object is gone though its Python wrapper lives on
            _listeners.pop(key, None)
        except Exception:  # one widget that cannot re-colour must not stop the others
            log.exception("theme listener failed")
            _listeners.pop(key, None)


# -- colours ------------------------------------------------------------------------------------------------------
def current() -> str:
    """The effective theme: "light" or "dark"."""
    return _manager.effective if _manager is not None else "light"


def is_dark() -> bool:
    return current() == "dark"


def colors() -> dict[str, str]:
    return COLORS[current()]


def color(name: str) -> str:
    return COLORS[current()][name]


# -- icons --------------------------------------------------------------------------------------------------------
def _themed_svg(name: str) -> Path | None:
    """The icon's SVG with `currentColor` replaced by the theme's icon colour, cached on disk per theme."""
    source = ICONS_DIR / f"{name}.svg"
    if not source.is_file():
        return None
    text = source.read_text(encoding="utf-8")
    if "currentColor" not in text:
        return source
    from desktop_app.core.storage import paths

    themed = text.replace("currentColor", color("icon"))
    target = paths.cache_dir() / "icons" / current() / source.name
    try:
        if not target.is_file() or target.read_text(encoding="utf-8") != themed:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(themed, encoding="utf-8")
    except OSError:
        return source
    return target


def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons (rendered at whatever size and pixel ratio it is drawn: crisp on HiDPI)."""
    path = _themed_svg(name)
    return QIcon(str(path)) if path is not None else QIcon()


def set_icon(obj, name: str) -> None:
    """Give a QAction or a button an icon that follows the theme."""
    watch(obj, lambda o: o.setIcon(icon(name)), True, "icon")


def app_icon() -> QIcon:
    return QIcon(str(APP_ICON)) if APP_ICON.is_file() else QIcon()


# -- the manager --------------------------------------------------------------------------------------------------
class ThemeManager(QObject):
    """Applies the theme to the QApplication and follows the system's colour scheme in "system" mode."""

    changed = Signal(str)  # the effective theme after a change: "light" or "dark"

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.app = app
        self.mode = "system"
        self.effective = ""
        self.style_name = ""
        # What the platform gave us before we set any palette: the fallback when the scheme is unknown.
        self._platform_dark = app.palette().color(QPalette.Window).lightness() < 128
        hints = QGuiApplication.styleHints()
        self._system_scheme = hints.colorScheme()
        hints.colorSchemeChanged.connect(self._on_system_scheme_changed)

    def system_is_dark(self) -> bool:
        if self._system_scheme == Qt.ColorScheme.Dark:
            return True
        if self._system_scheme == Qt.ColorScheme.Light:
            return False
        return self._platform_dark

    def set_mode(self, mode: str) -> None:
        mode = mode if mode in MODES else "system"
        self.mode = mode
        hints = QGuiApplication.styleHints()
        try:  # ask the platform for matching window decorations (Qt 6.8+); "system" hands it back
            if mode == "system":
                hints.unsetColorScheme()
                self._system_scheme = hints.colorScheme()
            else:
                hints.setColorScheme(Qt.ColorScheme.Dark if mode == "dark" else Qt.ColorScheme.Light)
        except AttributeError:
            pass
        self.apply()

    def _on_system_scheme_changed(self, scheme) -> None:
        if self.mode != "system":
            return  # our own request for light or dark, or a change we do not follow
        self._system_scheme = scheme
        self.apply()

    def apply(self) -> None:
        if self.mode == "system":
            effective = "dark" if self.system_is_dark() else "light"
        else:
            effective = self.mode
        if effective == self.effective:
            return
        self.effective = effective
        if self.style_name != "fusion":  # once: (with a style sheet set, app.style() is a wrapper around it)
            self.app.setStyle("Fusion")
            self.style_name = "fusion"
        self.app.setPalette(dark_palette() if effective == "dark" else light_palette())
        self.app.setStyleSheet(_load_qss(effective))
        _notify()
        self.changed.emit(effective)


def _load_qss(theme: str) -> str:
    """resources/themes/common.qss + <theme>.qss with $colours filled in; "" when they hold only comments, so
    that the app never pays for a style sheet it does not use."""
    parts = []
    for name in ("common.qss", f"{theme}.qss"):
        path = THEMES_DIR / name
        if path.is_file():
            parts.append(Template(path.read_text(encoding="utf-8")).safe_substitute(COLORS[theme]))
    text = "\n".join(parts)
    return text if re.sub(r"/\*.*?\*/", "", text, flags=re.S).strip() else ""


def manager() -> ThemeManager | None:
    """The app's ThemeManager (created on first use once a QApplication exists)."""
    global _manager
    app = QApplication.instance()
    if app is None:
        return None
    if _manager is None or _manager.app is not app:
        _manager = ThemeManager(app)
    return _manager


def install(mode: str = "system") -> ThemeManager | None:
    """Apply the user's theme choice now (and follow the system when it is "system")."""
    m = manager()
    if m is not None:
        if m.app.windowIcon().isNull():
            m.app.setWindowIcon(app_icon())
        m.set_mode(mode)
    return m
