"""Each fenced code block of a reply has a line with its language and Copy code, which copies that block alone
(ui/widgets/message_code.py); the window says so in its status bar."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication

from tests.gui.helpers import open_conversation

PYTHON = "def area(r):\n    return 3.14159 * r ** 2  # πr² 🙂 ok\n\n\nprint(area(2))"
REPLY = f"""Here is the function, where the area is $\\pi r^2$:

```python
{PYTHON}
```

Run it:

```
python area.py
```

```bash
echo done
```

1. A list item with code:

   ```js
   console.log(1);
   ```

That is all: $A = \\pi r^2$."""


def _headers(view) -> list[str]:
    from desktop_app.ui.widgets.message_code import CODE_HEADER

    found, block = [], view.document().begin()
    while block.isValid():
        if block.blockFormat().hasProperty(CODE_HEADER):
            found.append(block.text())
        block = block.next()
    return found


def test_copy_code_copies_one_block_exactly_and_the_status_bar_says_so(qtbot, app_home, smollm2):
    window, (_question, reply) = open_conversation(
        qtbot, app_home, smollm2, "code", [("user", "Area of a circle in Python?"), ("assistant", REPLY)])
    view = window.chat_tab.view
    # Two blocks with only a blank line between stay two blocks (Qt's reader would run them together)
    assert _headers(view) == ["python   Copy code", "Copy code", "bash   Copy code", "js   Copy code"]

    view.anchorClicked.emit(QUrl(f"code:{reply}:0"))  # what a click on the first block's link sends
    assert QGuiApplication.clipboard().text() == PYTHON  # indentation, blank lines and all; no fence, no header
    assert window.statusBar().currentMessage() == "Code copied to the clipboard."
    view.anchorClicked.emit(QUrl(f"code:{reply}:1"))
    assert QGuiApplication.clipboard().text() == "python area.py"
    view.anchorClicked.emit(QUrl(f"code:{reply}:2"))
    assert QGuiApplication.clipboard().text() == "echo done"
    view.anchorClicked.emit(QUrl(f"code:{reply}:3"))
    assert QGuiApplication.clipboard().text() == "console.log(1);"

    view.anchorClicked.emit(QUrl(f"copy:{reply}"))  # the message's own Copy: its Markdown, fences included
    assert QGuiApplication.clipboard().text() == REPLY
    assert window.statusBar().currentMessage() == "Copied to the clipboard."

    # The header lines went in before the formulas were placed: both formulas are found and drawn.
    qtbot.waitUntil(lambda: set(view.math.state().values()) == {"drawn"}, timeout=60_000)
    assert set(view.math.state()) == {r"\pi r^2", r"A = \pi r^2"}
    window.close()


def _colours(view, ident: str) -> list[list[tuple[str, str]]]:
    """Per line of a block: (text, colour) of each coloured range, read from the lines' layouts."""
    out = []
    for block in view.code._lines(ident):
        text = block.text()
        utf16 = text.encode("utf-16-le")
        out.append([(utf16[2 * r.start:2 * (r.start + r.length)].decode("utf-16-le"),
                     r.format.foreground().color().name()) for r in block.layout().formats()])
    return out


def test_code_is_coloured_in_the_background_by_language_and_stays_plain_text(qtbot, app_home, smollm2):
    from desktop_app.ui import theme

    window, (_question, reply) = open_conversation(
        qtbot, app_home, smollm2, "code", [("user", "Area of a circle in Python?"), ("assistant", REPLY)])
    view = window.chat_tab.view
    qtbot.waitUntil(lambda: any(_colours(view, f"{reply}:0")), timeout=30_000)
    python = _colours(view, f"{reply}:0")
    keyword, function, number, comment = (theme.color(f"code_{k}") for k in ("keyword", "function", "number",
                                                                               "comment"))
    assert python[0] == [("def", keyword), ("area", function)]
    assert ("3.14159", number) in python[1] and python[1][-1] == ("# πr² 🙂 ok", comment)  # UTF-16 ranges, emoji
    assert _colours(view, f"{reply}:1") == [[]]  # no language given: plain, never guessed
    qtbot.waitUntil(lambda: any(_colours(view, f"{reply}:3")), timeout=30_000)  # inside a list item too
    view.resize(view.width() // 2, view.height())  # laid out again at another width: the colours stay
    qtbot.wait(50)
    assert _colours(view, f"{reply}:0") == python
    view.anchorClicked.emit(QUrl(f"code:{reply}:0"))
    assert QGuiApplication.clipboard().text() == PYTHON  # colours are no part of what is copied
    window.close()
