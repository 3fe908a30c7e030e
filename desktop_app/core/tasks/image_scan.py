"""Finding the images to caption: what the user dropped (files and folders) becomes the list of images, in the
order a file manager shows them (img2 before img10), with the files it skipped and the folders that held no image.

Separate from the captioning (core/tasks/describe.py) because it is plain file-system work with its own
rules (hidden files, linked folders that loop, a depth limit) that the Describe tab runs before any model
is loaded. No Qt.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.errors import Cancelled
from desktop_app.core.messages import phrase
from desktop_app.core.tasks.images import describe_os_error, is_image_path

WINDOWS_HIDDEN = 0x2  # FILE_ATTRIBUTE_HIDDEN


@dataclass
class ScanResult:
    images: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # given paths not used, and why
    empty_folders: list[Path] = field(default_factory=list)  # folders given that hold no image at any depth
    too_deep: list[Path] = field(default_factory=list)  # folders not searched: deeper than max_depth


_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[list[Any], str]:
    """Sort key that orders names as a person does: "img2" before "img10", case ignored ("IMG_3" near
    "img_2"). re.split on a capturing group alternates text and digits, so strings and ints never meet in a
    comparison; the name itself breaks ties ("img01" and "img1") so the order is always the same."""
    parts: list[Any] = _DIGITS.split(name.casefold())
    parts[1::2] = [int(p) for p in parts[1::2]]
    return parts, name


def _is_hidden(entry: os.DirEntry[str]) -> bool:
    if entry.name.startswith("."):
        return True
    if os.name == "nt":  # the Windows hidden attribute; DirEntry.stat() is free there (FindNextFile fills it)
        try:
            return bool(getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0) & WINDOWS_HIDDEN)
        except OSError:
            return False
    return False


def _file_key(path: str, st: os.stat_result) -> object:
    """Identity of a file: its inode where the platform gives one (so a file reached twice, by two names or
    through a linked folder, counts once), else its normalized path (Windows' cached DirEntry.stat has no
    inode)."""
    if st.st_ino:
        return (st.st_dev, st.st_ino)
    return os.path.normcase(os.path.abspath(path))


def scan_images(
    paths: Sequence[str | os.PathLike[str]], max_depth: int = 8, cancel: threading.Event | None = None
) -> ScanResult:
    """The images among `paths`: files given directly that look like images (by suffix; their content is
    checked when they are opened), and the image files in folders given, searched `max_depth` levels of
    subfolders deep.

    Within a folder, its images come first in natural order, then each subfolder's, also in natural order.
    Hidden files and folders (a leading dot, or the Windows hidden attribute) are skipped inside folders, but
    a hidden file given directly is used. Each real folder is entered once, so a symbolic link that loops back
    is harmless, and a file reached twice is listed once. os.scandir gives the names and types in one call per
    folder, so 10,000 files take a few tens of milliseconds. A set `cancel` raises Cancelled."""
    result = ScanResult()
    seen_files: set[object] = set()
    seen_dirs: dict[tuple[int, int], int] = {}  # real folder -> images in its tree

    def add(path: str, st: os.stat_result) -> None:
        key = _file_key(path, st)
        if key not in seen_files:
            seen_files.add(key)
            result.images.append(Path(path))

    def walk(folder: str, depth: int) -> int | None:
        """Search one folder and, below max_depth, its subfolders; return how many images the tree holds
        (counting those already listed through another path), or None when the folder cannot be read."""
        if cancel is not None and cancel.is_set():
            raise Cancelled(phrase("Search for images cancelled after {count} found.", count=f"{len(result.images):,}"))
        try:
            st = os.stat(folder)
            entries = list(os.scandir(folder))
        except OSError as exc:
            result.skipped.append((Path(folder), phrase("the folder cannot be read: {error}", error=describe_os_error(exc))))
            return None
        key = (st.st_dev, st.st_ino)
        if st.st_ino:
            if key in seen_dirs:  # already searched: a link back to a parent, or a folder given twice
                return seen_dirs[key]
            seen_dirs[key] = 0  # a loop back into a folder still being searched adds nothing
        files: list[tuple[tuple[list[Any], str], str, os.stat_result]] = []
        subdirs: list[tuple[tuple[list[Any], str], str]] = []
        for entry in entries:
            if _is_hidden(entry):
                continue
            try:
                if entry.is_dir():
                    subdirs.append((natural_key(entry.name), entry.path))
                elif is_image_path(entry.name):
                    files.append((natural_key(entry.name), entry.path, entry.stat()))
            except OSError:  # a broken link, or a file removed since the listing: nothing to caption
                continue
        for _, path, file_st in sorted(files, key=lambda f: f[0]):
            add(path, file_st)
        count = len(files)
        for _, path in sorted(subdirs):
            if depth >= max_depth:
                result.too_deep.append(Path(path))
            else:
                count += walk(path, depth + 1) or 0
        if st.st_ino:
            seen_dirs[key] = count
        return count

    for given in paths:
        path = os.path.abspath(os.fspath(given))
        try:
            st = os.stat(path)
        except FileNotFoundError:
            result.skipped.append((Path(path), phrase("it does not exist (moved or deleted?)")))
            continue
        except OSError as exc:
            result.skipped.append((Path(path), phrase("it cannot be read: {error}", error=describe_os_error(exc))))
            continue
        if stat.S_ISDIR(st.st_mode):
            if walk(path, 0) == 0:
                result.empty_folders.append(Path(path))
        elif not stat.S_ISREG(st.st_mode):
            result.skipped.append((Path(path), phrase("it is not a regular file")))
        elif is_image_path(path):
            add(path, st)
        else:
            suffix = Path(path).suffix.lower()
            what = f"{suffix} files are not images" if suffix else "a file without an image extension"
            result.skipped.append((Path(path), phrase("not an image ({what})", what=what)))
    return result
