"""A web link in a message opens in the browser when clicked; a link to a file or a script never opens."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QToolTip

from tests.gui.helpers import open_conversation

REPLY = "See [the docs](https://example.com/docs), [mail](mailto:a@example.com) and [this](file:///etc/passwd)."


def _hrefs(view) -> list[str]:
    found, block = [], view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                found.append(fmt.anchorHref())
            it += 1
        block = block.next()
    return found


def test_web_links_open_and_file_links_do_not(qtbot, app_home, smollm2, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    window, _ids = open_conversation(qtbot, app_home, smollm2, "links", [("user", "Docs?"), ("assistant", REPLY)])
    view = window.chat_tab.view
    links = [h for h in _hrefs(view) if ":" in h and h.split(":")[0] in ("https", "mailto", "file")]
    assert links == ["https://example.com/docs", "mailto:a@example.com", "file:///etc/passwd"]
    view.highlighted.emit(QUrl(links[0]))  # the pointer over the link: where it goes, before any click
    assert QToolTip.isVisible() and QToolTip.text() == "https://example.com/docs"
    view.highlighted.emit(QUrl(""))
    for href in links:
        view.anchorClicked.emit(QUrl(href))  # what a click on each sends
    assert opened == ["https://example.com/docs", "mailto:a@example.com"]
    assert window.isVisible()
    window.close()
