"""Opening the images users meet, the same way for every engine, with one clear sentence when a file is unusable.

Cameras store a photo sideways plus an EXIF note to turn it (applied here), logos carry alpha (composited over a
neutral grey, as a viewer shows them, instead of the black that a bare `convert("RGB")` gives), scanners write
16-bit greyscale, print shops send CMYK, and GIFs and TIFFs hold several frames (the first is used). HEIC opens
when pillow-heif is installed. Pillow's decompression-bomb guard stays on, with its message rewritten for people.

Everything here is plain Pillow, no Qt: the Describe tab, the Chat composer, the CLI and the benchmarks share it.
"""

from __future__ import annotations

import errno
import os
import re
import warnings
from pathlib import Path
from typing import Any

from desktop_app.core.errors import ImageFileError
from desktop_app.core.messages import phrase

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif"}
)
BACKGROUND = (128, 128, 128)  # neutral grey under transparent pixels
# Pillow warns past ~89 Mpx and refuses past twice that. A 30,000 x 30,000 image (900 Mpx) would take 2.7 GB as
# RGB before a captioner shrinks it to 384 px; refuse it with a sentence rather than let it take the machine.
MAX_PIXELS = 178_956_970

_heif_checked = False


def _register_heif() -> None:
    """Teach Pillow HEIC/HEIF when pillow-heif is installed (an optional extra: iPhone photos)."""
    global _heif_checked
    if _heif_checked:
        return
    _heif_checked = True
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()


def heif_supported() -> bool:
    _register_heif()
    from PIL import Image

    return ".heic" in Image.registered_extensions()


def is_image_path(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def _check_file(path: Path) -> None:
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise ImageFileError(phrase("{name} no longer exists (it was moved or deleted).", name=path.name)) from exc
    except PermissionError as exc:
        raise ImageFileError(phrase("{name} cannot be read: permission denied.", name=path.name)) from exc
    except OSError as exc:
        raise ImageFileError(phrase("{name} cannot be read: {error}.", name=path.name, error=exc.strerror or exc)) from exc
    if not path.is_file():
        raise ImageFileError(phrase("{name} is not a file.", name=path.name))
    if st.st_size == 0:
        raise ImageFileError(phrase("{name} is empty (0 bytes).", name=path.name))


def _open(path: Path) -> Any:
    """Image.open with every failure turned into an ImageFileError that names the file and says why."""
    from PIL import Image, UnidentifiedImageError

    _register_heif()
    _check_file(path)
    try:
        with warnings.catch_warnings():
            # Pillow warns from ~89 Mpx; the limit here is MAX_PIXELS (checked below), so the warning is noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
    except Image.DecompressionBombError as exc:  # past twice Pillow's limit: it says how many pixels
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise _too_big(path, None, int(found.group(1)) if found else None) from exc
    except UnidentifiedImageError as exc:
        if path.suffix.lower() in (".heic", ".heif") and not heif_supported():
            raise ImageFileError(
                phrase("{name} is a HEIC photo; install pillow-heif (pip install pillow-heif) to open it.", name=path.name)
            ) from exc
        raise ImageFileError(phrase("{name} is not an image, or in a format this app cannot read.", name=path.name)) from exc
    except PermissionError as exc:
        raise ImageFileError(phrase("{name} cannot be read: permission denied.", name=path.name)) from exc
    except FileNotFoundError as exc:
        raise ImageFileError(phrase("{name} no longer exists (it was moved or deleted).", name=path.name)) from exc
    except OSError as exc:
        raise ImageFileError(phrase("{name} cannot be read: {error}.", name=path.name, error=exc)) from exc
    except Exception as exc:  # noqa: BLE001 - a plugin choking on a malformed header (ValueError and the like)
        raise ImageFileError(phrase("{name} is not an image, or in a format this app cannot read.", name=path.name)) from exc
    try:
        _check_pixels(path, im.size)
    except ImageFileError:
        im.close()
        raise
    return im


def _too_big(path: Path, size: tuple[int, int] | None, pixels: int | None = None) -> ImageFileError:
    limit = MAX_PIXELS // 1_000_000
    if size:
        text = phrase("{name} is too large to open safely ({width} x {height} pixels); the limit is {limit} megapixels. "
                      "Shrink it in an image editor first.", name=path.name, width=f"{size[0]:,}",
                      height=f"{size[1]:,}", limit=limit)
    elif pixels:
        text = phrase("{name} is too large to open safely ({pixels} megapixels); the limit is {limit} megapixels. "
                      "Shrink it in an image editor first.", name=path.name, pixels=f"{pixels / 1_000_000:,.0f}",
                      limit=limit)
    else:
        text = phrase("{name} is too large to open safely; the limit is {limit} megapixels. Shrink it in an image "
                      "editor first.", name=path.name, limit=limit)
    return ImageFileError(text)


def _check_pixels(path: Path, size: tuple[int, int]) -> None:
    if size[0] * size[1] > MAX_PIXELS:
        raise _too_big(path, size)


def image_size(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Width and height from the header only (after EXIF rotation), without decoding the pixels."""
    p = Path(path)
    with _open(p) as im:
        w, h = im.size
        try:
            orientation = im.getexif().get(0x0112, 1)
        except Exception:  # a broken EXIF block is no reason to refuse the image
            orientation = 1
    return (h, w) if orientation in (5, 6, 7, 8) else (w, h)


def _normalize(im: Any) -> Any:
    """Any mode to 8-bit RGB: EXIF orientation applied, alpha over grey, 16-bit scaled, CMYK converted."""
    from PIL import Image, ImageOps

    try:
        im = ImageOps.exif_transpose(im)
    except Exception:  # noqa: BLE001 - a broken orientation tag: keep the image as stored
        pass
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit (or 32-bit integer) greyscale: scale the full range to 8 bits; convert("L") would clip at 255.
        import numpy as np

        arr = np.asarray(im, dtype=np.float64)
        # Mode "I" holds 16-bit files on older Pillow (and 32-bit TIFFs): scale by the range the values fit in,
        # not by this image's maximum, which would brighten a dark scan.
        top = float(arr.max()) if arr.size else 0.0
        hi = 65535.0 if im.mode.startswith("I;16") or 255 < top <= 65535 else 255.0 if top <= 255 else top
        im = Image.fromarray(np.clip(arr / hi * 255.0 + 0.5, 0, 255).astype("uint8"), "L")
    elif im.mode == "F":
        import numpy as np

        arr = np.asarray(im, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        im = Image.fromarray(((arr - lo) / max(hi - lo, 1e-12) * 255.0).astype("uint8"), "L")
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("LA", "La", "PA"):
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "RGBa"):
        base = Image.new("RGB", im.size, BACKGROUND)
        base.paste(im, mask=im.getchannel("A"))
        return base
    if im.mode == "CMYK":
        # Photoshop writes inverted CMYK JPEGs (Adobe APP14); Pillow's decoder already accounts for it.
        return im.convert("RGB")
    if im.mode != "RGB":
        return im.convert("RGB")
    return im


def open_image(path: str | os.PathLike[str], max_side: int | None = None) -> Any:
    """The image at `path` as an 8-bit RGB PIL image, decoded in full (first frame of a GIF, first page of a
    TIFF). `max_side` shrinks it so the longer side is at most that (JPEGs decode at a reduced size directly).
    Raises ImageFileError with a sentence for the user for anything that is not a usable image."""
    p = Path(path)
    im = _open(p)
    try:
        if max_side and im.format == "JPEG":
            im.draft("RGB", (max_side, max_side))  # decode at 1/2, 1/4 or 1/8 scale: much faster
        try:
            im.seek(0)
            im.load()
        except OSError as exc:
            raise ImageFileError(phrase("{name} is damaged or truncated and cannot be decoded.", name=p.name)) from exc
        except EOFError as exc:
            raise ImageFileError(phrase("{name} is damaged or truncated and cannot be decoded.", name=p.name)) from exc
        except MemoryError as exc:
            raise _too_big(p, im.size) from exc
        except Exception as exc:  # noqa: BLE001 - decoders raise ValueError, SyntaxError, struct.error... on bad data
            raise ImageFileError(phrase("{name} is damaged or truncated and cannot be decoded.", name=p.name)) from exc
        try:
            out = _normalize(im)
        except MemoryError as exc:
            raise _too_big(p, im.size) from exc
        except Exception as exc:  # noqa: BLE001 - a colour mode Pillow cannot convert to RGB (LAB, say)
            raise ImageFileError(phrase("{name} uses a colour format ({mode}) this app cannot convert.", name=p.name, mode=im.mode)) from exc
        if max_side and max(out.size) > max_side:
            out.thumbnail((max_side, max_side))
        if out is im:
            out = im.copy()  # detach from the file so it can be closed
        return out
    finally:
        im.close()


def describe_os_error(exc: OSError) -> str:
    """A sentence for an OSError raised while writing next to an image (a sidecar caption, an export)."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return phrase("permission denied")
    if exc.errno == errno.ENOSPC:
        return phrase("the disk is full")
    if exc.errno == errno.EROFS:
        return phrase("the folder is read-only")
    return exc.strerror or str(exc)
