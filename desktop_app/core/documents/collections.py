"""Where collections live: one index file per collection under the app's data folder, documents/NAME.sqlite.

Deleting a collection deletes its index file with its WAL and shared-memory files, so nothing of it is searched
again. Names may be any text (Chinese included); the file name keeps letters and digits of every script.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.core.documents.extract import DocumentError
from desktop_app.core.documents.store import DocumentStore
from desktop_app.core.messages import phrase

DEFAULT_COLLECTION = "default"
_UNSAFE = re.compile(r"[^\w\-. ]+", re.UNICODE)


def documents_dir() -> Path:
    from desktop_app.core.storage import paths

    return paths.data_dir() / "documents"


def index_path(name: str, root: Path | None = None) -> Path:
    clean = name.strip()
    if not clean:
        raise DocumentError(phrase("A collection needs a name."))
    stem = _UNSAFE.sub("_", clean).strip(" .") or "collection"
    return (root or documents_dir()) / f"{stem[:80]}.sqlite"


def open_collection(name: str, root: Path | None = None, create: bool = True) -> DocumentStore:
    path = index_path(name, root)
    if not create and not path.exists():
        raise DocumentError(phrase("There is no collection named {name}.", name=repr(name)))
    return DocumentStore(path, name.strip())


def list_collections(root: Path | None = None) -> list[str]:
    folder = root or documents_dir()
    names = []
    for path in sorted(folder.glob("*.sqlite")) if folder.is_dir() else []:
        store = DocumentStore(path)
        try:
            names.append(store.name)
        finally:
            store.close()
    return names


def delete_collection(name: str, root: Path | None = None) -> None:
    path = index_path(name, root)
    if not path.exists():
        raise DocumentError(phrase("There is no collection named {name}.", name=repr(name)))
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
