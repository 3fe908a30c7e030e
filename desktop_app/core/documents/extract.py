"""Text out of the user's files (txt, md, html, pdf with a text layer, docx, epub), as segments with page numbers.

A PDF page is one segment (page 1, 2...) so a passage can say where it came from; every other format is one
segment with page 0. Each unusable file raises DocumentError with one sentence naming the file: empty, binary,
undecodable, a PDF without a text layer, too large. The text decoding and HTML reading are the Summarize tab's
(core/tasks/textio.py), so a file reads the same everywhere in the app.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.messages import phrase
from desktop_app.core.tasks.textio import InputError, decode_text, html_to_text, pdf_pages

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".rst"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx", ".epub"}
# Larger files are nearly always logs or dumps, not documents; indexing one would take an hour and bloat the index.
MAX_DOCUMENT_BYTES = 32 * 2**20


class DocumentError(InputError):
    """A file cannot be indexed; the message is one sentence naming it."""


class NoTextLayerError(DocumentError):
    """A PDF whose pages are pictures: it needs OCR first. Listed by name, never skipped silently."""


# PDF writers set "fi", "fl"... as one ligature glyph; searching "firn" must find "ﬁrn".
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})


@dataclass(frozen=True)
class Segment:
    page: int  # 1-based PDF page; 0 for formats without pages
    text: str


def _pdf_segments(path: Path) -> list[Segment]:
    try:
        pages = [page.translate(_LIGATURES).strip() for page in pdf_pages(path)]
    except DocumentError:
        raise
    except InputError as exc:
        raise DocumentError(str(exc)) from exc
    segments = [Segment(i + 1, text) for i, text in enumerate(pages) if text]
    if not segments:
        raise NoTextLayerError(phrase("{name} has no text layer (its pages are images, a scan?): run OCR on it first.", name=path.name))
    return segments


def _docx_text(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(phrase("{name} is not a readable Word (.docx) file.", name=path.name)) from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n\n".join(p.strip() for p in parts if p.strip())


def _epub_text(path: Path) -> str:
    """An EPUB's chapters in reading order (the package's spine), as text. An EPUB is a zip of XHTML files named by
    META-INF/container.xml -> the OPF package's manifest and spine; a book without a readable package falls back to
    its XHTML files in name order. DRM-protected books (META-INF/encryption.xml over the chapters) cannot be read."""
    import posixpath
    import xml.etree.ElementTree as ET

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            chapters: list[str] = []
            try:
                container = ET.fromstring(book.read("META-INF/container.xml"))
                opf_path = next(e.get("full-path", "") for e in container.iter() if local(e.tag) == "rootfile")
                package = ET.fromstring(book.read(opf_path))
                base = posixpath.dirname(opf_path)
                manifest = {e.get("id"): posixpath.normpath(posixpath.join(base, e.get("href", "")))
                            for e in package.iter() if local(e.tag) == "item"}
                chapters = [manifest[e.get("idref")] for e in package.iter()
                            if local(e.tag) == "itemref" and e.get("idref") in manifest]
            except (KeyError, StopIteration, ET.ParseError):
                pass
            if not chapters:
                chapters = sorted(n for n in names if n.lower().endswith((".xhtml", ".html", ".htm")))
            if "META-INF/encryption.xml" in names and any(
                c in book.read("META-INF/encryption.xml").decode("utf-8", "replace") for c in chapters
            ):
                raise DocumentError(phrase("{name} is protected by DRM, so its text cannot be read.", name=path.name))
            parts = []
            for name in chapters:
                if name not in names:
                    continue
                text, _encoding, _note = decode_text(book.read(name), name)
                parts.append(html_to_text(text).strip())
    except (zipfile.BadZipFile, ET.ParseError, ValueError) as exc:
        raise DocumentError(phrase("{name} is not a readable EPUB book.", name=path.name)) from exc
    return "\n\n".join(p for p in parts if p)


def extract(path: Path) -> list[Segment]:
    """The text of one file, as segments. Raises DocumentError (one sentence) when it cannot be indexed."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise DocumentError(phrase("{name} no longer exists.", name=path.name)) from exc
    except OSError as exc:
        raise DocumentError(phrase("{name} cannot be read: {error}.", name=path.name, error=exc.strerror or exc)) from exc
    if size == 0:
        raise DocumentError(phrase("{name} is empty.", name=path.name))
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            phrase("{name} is {value} MB; documents over {other} MB are not indexed (split it into smaller files).", name=path.name, value=f"{size / 2**20:,.0f}", other=MAX_DOCUMENT_BYTES // 2**20)
        )
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf_segments(path)
        if suffix == ".docx":
            text = _docx_text(path)
        elif suffix == ".epub":
            text = _epub_text(path)
        else:
            data = path.read_bytes()
            if data.startswith(b"%PDF-"):
                return _pdf_segments(path)
            text, _encoding, _note = decode_text(data, path.name)
            if suffix in HTML_SUFFIXES or re.match(r"\s*<(!doctype|html)", text[:200], re.I):
                text = html_to_text(text)
            text = text.replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError as exc:
        raise DocumentError(phrase("{name} was deleted while it was being read.", name=path.name)) from exc
    except DocumentError:
        raise
    except InputError as exc:  # decode_text's sentences (binary, unknown encoding) name the file already
        raise DocumentError(str(exc)) from exc
    except OSError as exc:
        raise DocumentError(phrase("{name} cannot be read: {error}.", name=path.name, error=exc.strerror or exc)) from exc
    if not text.strip():
        raise DocumentError(phrase("{name} has no text in it.", name=path.name))
    return [Segment(0, text)]
