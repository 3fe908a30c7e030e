"""Formulas in chat replies are drawn (matplotlib's mathtext, off the GUI thread) and sit on the line like words;
prices, code and what mathtext cannot draw stay readable text (ui/widgets/message_math.py)."""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPalette, QTextCharFormat, QTextDocument

from desktop_app.ui.widgets.message_math import MathImageCache
from tests.gui.helpers import open_conversation

REPLY = r"""解方程 $x^2 - 5x + 6 = 0$：

$$x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}$$

所以 \(x_1 = 3\)，价格在 $5 到 $10 之间，代码 `$y$` 不变。

\[\boxed{x = 2 \text{ 或 } x = 3}\]

$$\begin{cases} a + b = 1 \\ a - b = 3 \end{cases}$$

未知命令 $\notacommand{z}$，最终答案 $\boxed{3}$。"""

DRAWN = {"x^2 - 5x + 6 = 0", r"x = \dfrac{-b \pm \sqrt{b^2 - 4ac}}{2a}", "x_1 = 3", "x = 2", "x = 3", "3"}


def _math_images(view):
    """(name, image format, block) of every formula picture in the view's document."""
    found = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name().startswith("math:"):
                found.append((fmt.toImageFormat().name(), fmt.toImageFormat(), block))
            it += 1
        block = block.next()
    return found


def _ink(view, name: str) -> set[str]:
    image = QImage(view.document().resource(QTextDocument.ImageResource, QUrl(name)))
    return {image.pixelColor(x, y).name() for y in range(image.height()) for x in range(image.width())
            if image.pixelColor(x, y).alpha() == 255}


def _open(qtbot, app_home, smollm2):
    window, (_question, reply) = open_conversation(
        qtbot, app_home, smollm2, "方程", [("user", "解方程 x^2-5x+6=0"), ("assistant", REPLY)])
    return window, window.chat_tab.view, reply


def _settled(view) -> bool:
    state = view.math.state()
    return bool(state) and "waiting" not in state.values()


def test_a_reply_s_formulas_are_drawn_off_the_gui_thread_and_the_rest_stays_text(qtbot, app_home, smollm2,
                                                                                  monkeypatch):
    on_gui_thread = []
    make = MathImageCache.make

    def recording(self, key):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return make(self, key)

    monkeypatch.setattr(MathImageCache, "make", recording)
    window, view, reply = _open(qtbot, app_home, smollm2)
    qtbot.waitUntil(lambda: _settled(view), timeout=60_000)
    state = view.math.state()
    assert {latex for latex, s in state.items() if s == "drawn"} == DRAWN
    assert state[r"\notacommand{z}"] == "failed"  # its source stays in its place, and the window stays up
    assert on_gui_thread and not any(on_gui_thread)

    plain = view.toPlainText()
    assert "价格在 $5 到 $10 之间" in plain and "$y$" in plain and " 或 " in plain
    assert r"\begin{cases} a + b = 1 \\ a - b = 3 \end{cases}" in plain  # mathtext has no cases: shown as code
    assert "\\frac" not in plain and "$$" not in plain
    assert view.content_of(reply) == REPLY  # Copy copies the LaTeX, as LM Studio does

    images = _math_images(view)
    by_tip = {fmt.toolTip(): (name, fmt, block) for name, fmt, block in images}
    assert DRAWN <= set(by_tip)
    assert all(fmt.verticalAlignment() == QTextCharFormat.AlignMiddle for _n, fmt, _b in images)
    assert by_tip[r"x = \dfrac{-b \pm \sqrt{b^2 - 4ac}}{2a}"][2].blockFormat().alignment() & Qt.AlignHCenter
    assert not by_tip["x_1 = 3"][2].blockFormat().alignment() & Qt.AlignHCenter  # inline: in its sentence
    fraction, inline = by_tip[r"x = \dfrac{-b \pm \sqrt{b^2 - 4ac}}{2a}"][1], by_tip["x_1 = 3"][1]
    assert fraction.height() > 2 * inline.height() > 0 and fraction.width() > 100
    text = view.palette().color(QPalette.Text).name()
    assert _ink(view, by_tip["x_1 = 3"][0]) == {QColor(text).name()}  # the text's colour
    window.close()


def test_a_reply_that_ends_streaming_gets_its_formulas_and_the_theme_redraws_them(qtbot, app_home, smollm2):
    from desktop_app.ui import theme

    window, view, _reply = _open(qtbot, app_home, smollm2)
    qtbot.waitUntil(lambda: _settled(view), timeout=60_000)
    message = window.chat_tab.db.messages(window.chat_tab.conversation_id)[-1]
    streamed = replace(message, id=message.id + 100, content=r"面积 $S = \pi r^2$。")
    view.begin_stream(streamed.id)
    view.append_stream(streamed.content)
    assert r"\pi" in view.toPlainText()  # while it streams: the raw text
    view.end_stream(streamed)
    qtbot.waitUntil(lambda: view.math.state().get(r"S = \pi r^2") == "drawn", timeout=30_000)

    light = {name for name, _f, _b in _math_images(view)}
    window.set_theme_mode("dark" if theme.is_dark() is False else "light")
    qtbot.waitUntil(lambda: _settled(view) and {n for n, _f, _b in _math_images(view)} != light, timeout=60_000)
    name = next(n for n, fmt, _b in _math_images(view) if fmt.toolTip() == "x_1 = 3")
    assert _ink(view, name) == {view.palette().color(QPalette.Text).name()}  # redrawn in the new text colour
    window.close()


def test_a_formula_met_again_is_drawn_where_it_is_new_only(qtbot, app_home, smollm2, monkeypatch):
    """The same formula in forty replies: each place is drawn once when its reply goes in, and all forty once more
    when the picture arrives. (Drawing every earlier place again for each new one made a long conversation take
    25 s to open.)"""
    from desktop_app.ui.widgets import message_math

    drawn = []
    redraw = message_math.redraw_images
    def counting(doc, positions, *args):
        drawn.append((doc, len(positions)))
        redraw(doc, positions, *args)

    monkeypatch.setattr(message_math, "redraw_images", counting)
    messages = [m for i in range(40) for m in (("user", f"Question {i}"), ("assistant", r"So $x^2$ it is."))]
    window, _ids = open_conversation(qtbot, app_home, smollm2, "again", messages)
    view = window.chat_tab.view
    qtbot.waitUntil(lambda: view.math.state() == {"x^2": "drawn"}, timeout=60_000)
    mine = [n for doc, n in drawn if doc is view.document()]  # (windows of earlier tests may still be drawing)
    assert mine == [1] * 40 + [40]  # forty stand-ins, then the picture in all forty places at once
    window.close()
