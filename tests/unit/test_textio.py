"""Reading the documents users drop on Summarize and Translate: encodings, HTML, PDF, and every bad case."""

from __future__ import annotations

import pytest

from desktop_app.core.tasks.textio import InputError, html_to_text, read_document, require_text
from tests.fixtures.documents import write_pdf

CHINESE = "今天天气很好。我们去公园散步，然后在湖边喝茶。\n\n第二段：晚上一起吃饭。"


def test_utf8_and_bom_and_utf16(tmp_path):
    for encoding in ("utf-8", "utf-8-sig", "utf-16"):
        p = tmp_path / f"doc-{encoding}.txt"
        p.write_text(CHINESE, encoding=encoding)
        loaded = read_document(p)
        assert loaded.text == CHINESE
        assert loaded.note == ""


def test_gb18030_is_detected_and_reported(tmp_path):
    p = tmp_path / "legacy.txt"
    p.write_bytes((CHINESE * 5).encode("gb18030"))
    loaded = read_document(p)
    assert loaded.text == CHINESE * 5
    assert loaded.encoding == "gb18030"
    assert "not UTF-8" in loaded.note and "gb18030" in loaded.note


def test_windows_line_endings_become_newlines(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"one\r\ntwo\r\n\r\nthree")
    assert read_document(p).text == "one\ntwo\n\nthree"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
        (b"   \n\n\t  ", "no text"),
    ],
)
def test_bad_files_get_a_clear_message(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(p)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_document(tmp_path)


def test_html_keeps_paragraphs_and_drops_scripts(tmp_path):
    page = (
        "<!doctype html><html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<script>var x = 'hidden';</script><h1>标题</h1><p>First &amp; one.</p><p>Second<br>line</p></body></html>"
    )
    p = tmp_path / "page.html"
    p.write_text(page, encoding="utf-8")
    text = read_document(p).text
    assert "hidden" not in text and "color" not in text
    assert "标题" in text and "First & one." in text
    assert "\n\n" in text
    assert html_to_text("<p>a</p><p>b</p>") == "a\n\nb"


def test_pdf_text_layer_is_read(tmp_path, qapp):
    p = write_pdf(tmp_path / "doc.pdf", ["The first page talks about rivers.", "The second page is about bridges."])
    loaded = read_document(p)
    assert loaded.kind == "pdf"
    assert "talks about rivers" in loaded.text and "is about bridges" in loaded.text
    assert loaded.text.index("rivers") < loaded.text.index("bridges")


def test_pdf_without_text_layer_says_so(tmp_path, qapp):
    p = write_pdf(tmp_path / "scan.pdf", ["This page is only a picture of text."], as_image=True)
    with pytest.raises(InputError, match="no text layer"):
        read_document(p)


def test_truncated_pdf(tmp_path, qapp):
    good = write_pdf(tmp_path / "doc.pdf", ["Some text."])
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good.read_bytes()[:200])
    with pytest.raises(InputError):
        read_document(cut)


def test_require_text():
    with pytest.raises(InputError, match="no text"):
        require_text("  \n ")
    with pytest.raises(InputError, match="binary"):
        require_text("abc\x00def")
    assert require_text("ok") == "ok"
