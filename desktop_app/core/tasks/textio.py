"""Reading the documents users drop on the Summarize and Translate tabs: .txt, .md, .html and .pdf.

Every failure is a sentence the user can act on (a binary file, an encoding nobody can guess, a scanned PDF
with no text layer), raised as InputError. Nothing here is Qt: the CLI reads files the same way.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".rst", ".csv", ".log")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
MAX_FILE_BYTES = 200 * 2**20  # larger inputs are almost surely not prose; say so instead of eating the RAM


class InputError(DesktopAppError):
    """The input cannot be used as text (empty, binary, undecodable, no text layer)."""


@dataclass(frozen=True)
class LoadedText:
    text: str
    encoding: str = "utf-8"
    kind: str = "text"  # text / html / pdf
    note: str = ""  # something the user should know (a guessed encoding, pages without text)


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KB mean a binary file (UTF-16 text has them too, but starts with a BOM)."""
    head = data[:8192]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode_text(data: bytes, name: str = "The file") -> tuple[str, str, str]:
    """(text, encoding, note). UTF-8 (with or without BOM) and UTF-16 with a BOM are certain; anything else
    (GB18030, Big5, Shift-JIS, Latin-1...) is guessed by charset-normalizer and the guess is reported."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", ""
    if looks_binary(data):
        raise InputError(phrase("{name} is a binary file, not text.", name=name))
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * 2**20]).best()
    if best is None or best.encoding is None:
        raise InputError(
            phrase("{name} is not UTF-8 and its encoding could not be recognised. Save it as UTF-8 and try again.", name=name)
        )
    encoding = best.encoding
    # GB2312 and GBK are subsets of GB18030: decode with the superset so rare characters survive.
    if encoding.lower().replace("-", "").replace("_", "") in ("gb2312", "gbk", "cp936"):
        encoding = "gb18030"
    text = data.decode(encoding, errors="replace")
    return text, encoding, f"{name} is not UTF-8; it was read as {encoding}."


class _HTMLText(HTMLParser):
    """Visible text of an HTML page with paragraph breaks at block elements; scripts and styles dropped."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote",
              "pre", "table", "ul", "ol", "header", "footer", "title"}
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP and tag != "head":
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and tag != "head":
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF ("" for a page without a text layer), or InputError with why not."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise InputError(phrase("{name} is password-protected; open it and save an unprotected copy.", name=path.name)) from exc
        # Some writers (Qt's among them) position every word separately and pypdf joins them with tabs.
        return [re.sub(r"[ \t]+", " ", page.extract_text() or "") for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError, TypeError) as exc:
        raise InputError(phrase("{name} is not a readable PDF ({error}).", name=path.name, error=exc)) from exc


def pdf_to_text(path: Path) -> tuple[str, str]:
    """(text, note). Pages are separated by blank lines. A PDF with no text layer at all is an InputError."""
    pages = pdf_pages(path)
    empty = sum(1 for p in pages if not p.strip())
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text.strip():
        raise InputError(
            phrase("{name} has no text layer: its pages are images (a scan?). Run it through OCR first, then open the result.", name=path.name)
        )
    note = f"{empty} of {len(pages)} pages of {path.name} have no text and were skipped." if empty else ""
    return text, note


def read_document(path: str | Path) -> LoadedText:
    """Text of a .txt/.md/.html/.pdf file (other suffixes are read as text if they decode as text)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError as exc:
        raise InputError(phrase("{path} does not exist.", path=p)) from exc
    except OSError as exc:
        raise InputError(phrase("Cannot read {path}: {error}", path=p, error=exc.strerror or exc)) from exc
    if p.is_dir():
        raise InputError(phrase("{name} is a folder; open a text, HTML or PDF file.", name=p.name))
    if size == 0:
        raise InputError(phrase("{name} is empty.", name=p.name))
    if size > MAX_FILE_BYTES:
        raise InputError(phrase("{name} is {value} MB, too large for a text document.", name=p.name, value=f"{size / 2**20:,.0f}"))
    suffix = p.suffix.lower()
    if suffix in PDF_SUFFIXES:
        text, note = pdf_to_text(p)
        return LoadedText(text, "", "pdf", note)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(phrase("Cannot read {name}: {error}", name=p.name, error=exc.strerror or exc)) from exc
    if data.startswith(b"%PDF-"):
        text, note = pdf_to_text(p)
        return LoadedText(text, "", "pdf", note)
    text, encoding, note = decode_text(data, p.name)
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and re.match(r"\s*<(!doctype|html)", text, re.I)):
        text = html_to_text(text)
        kind = "html"
    else:
        kind = "text"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(phrase("{name} has no text in it.", name=p.name))
    return LoadedText(text, encoding, kind, note)


def require_text(text: str) -> str:
    """The input the user gave, or an InputError when there is nothing to work on."""
    if not text or not text.strip():
        raise InputError(phrase("There is no text to work on: paste some text or open a file."))
    if "\x00" in text[:8192]:
        raise InputError(phrase("The text contains binary data; paste or open a text file."))
    return text
