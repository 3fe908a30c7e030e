"""open_image on real photos in every format users bring, and on the broken files they also bring.

Pixels are compared with the image each file was made from (tests/fixtures/images.py), so a rotation that only
swaps width and height, alpha over black, or a 16-bit scan clipped to white would all fail here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.errors import ImageFileError
from desktop_app.core.tasks.images import (
    BACKGROUND,
    IMAGE_SUFFIXES,
    MAX_PIXELS,
    heif_supported,
    image_size,
    is_image_path,
    open_image,
)
from tests.fixtures.images import (
    mean_abs_diff,
    photo,
    reads_despite_chmod,
    run_without_file_override,
    write_bad_files,
    write_odd_images,
    write_png_header_bomb,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    return write_odd_images(tmp_path_factory.mktemp("odd"))


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    return write_bad_files(tmp_path_factory.mktemp("bad"))


ODD_NAMES = [
    "exif_rotated", "alpha", "palette_alpha", "grey_alpha", "grey16", "grey8",
    "cmyk", "gif", "tiff", "webp", "jpeg",
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_every_format_opens_as_the_rgb_image_it_was_made_from(odd, name):
    item = odd[name]
    im = open_image(item.path)
    assert im.mode == "RGB", item.note
    assert im.size == item.expected.size, item.note
    diff = mean_abs_diff(im, item.expected)
    assert diff <= item.tolerance, f"{item.note}: mean difference {diff:.2f} > {item.tolerance}"
    assert image_size(item.path) == item.expected.size  # from the header, orientation included


def test_exif_rotation_is_applied_not_just_the_size(odd):
    item = odd["exif_rotated"]
    from PIL import Image

    with Image.open(item.path) as raw:
        assert raw.size == (300, 451)  # stored sideways
        assert raw.getexif()[0x0112] == 6
    im = open_image(item.path)
    assert im.size == (451, 300)
    assert mean_abs_diff(im, item.expected) < 4
    # The other three ways of turning it are all far off: the content, not only the shape, is right.
    wrong = item.expected.transpose(Image.Transpose.ROTATE_180)
    assert mean_abs_diff(im, wrong) > 20


def test_transparent_pixels_come_out_grey_not_black(odd):
    im = np.asarray(open_image(odd["alpha"].path))
    left = im[:, : im.shape[1] // 3 - 1]  # alpha 0 over black RGB
    assert (np.abs(left.astype(int) - np.array(BACKGROUND)) <= 1).all()
    palette = np.asarray(open_image(odd["palette_alpha"].path))
    assert palette.reshape(-1, 3).max(axis=0).min() > 0  # not a black blob either


def test_16_bit_greyscale_is_scaled_not_clipped(odd):
    im = np.asarray(open_image(odd["grey16"].path))
    expected = np.asarray(odd["grey16"].expected)
    assert (im == 255).mean() < 0.05  # clipping at 255 would turn nearly all of it white
    assert np.abs(im.astype(int) - expected).max() <= 1
    assert (im[..., 0] == im[..., 1]).all() and (im[..., 1] == im[..., 2]).all()


def test_16_bit_dark_scan_is_not_brightened(tmp_path):
    """A dark 16-bit image (values up to 1/4 of full scale) stays dark: scaled by the format's range."""
    from PIL import Image

    arr = (np.linspace(0, 16383, 64 * 64).reshape(64, 64)).astype(np.uint16)
    path = tmp_path / "dark16.png"
    Image.fromarray(arr).save(path)
    im = np.asarray(open_image(path))
    assert 60 <= im.max() <= 66


def test_cmyk_colours_survive(odd):
    item = odd["cmyk"]
    from PIL import Image

    with Image.open(item.path) as raw:
        assert raw.mode == "CMYK"
    im = open_image(item.path)
    assert mean_abs_diff(im, item.expected) <= item.tolerance
    # Not inverted: the mean colour is close to the original's.
    means = [np.asarray(x, float).mean((0, 1)) for x in (im, item.expected)]
    assert np.abs(means[0] - means[1]).max() < 6


def test_animated_gif_gives_its_first_frame(odd):
    item = odd["gif"]
    from PIL import Image

    with Image.open(item.path) as raw:
        assert getattr(raw, "n_frames", 1) == 2
    im = open_image(item.path)
    assert mean_abs_diff(im, item.expected) <= item.tolerance
    assert mean_abs_diff(im, Image.eval(item.expected, lambda v: 255 - v)) > 60  # not the second frame


def test_multi_page_tiff_gives_its_first_page(odd):
    from PIL import Image

    item = odd["tiff"]
    with Image.open(item.path) as raw:
        assert raw.n_frames == 2
    assert open_image(item.path).size == (451, 300)  # page 1 (chelsea); page 2 is 300 x 200


def test_heic(odd):
    if not heif_supported():
        pytest.skip("pillow-heif is not installed")
    if "heic" not in odd:
        pytest.skip("this pillow-heif build cannot encode HEIC, so there is no sample to open")
    item = odd["heic"]
    im = open_image(item.path)
    assert im.size == item.expected.size
    assert mean_abs_diff(im, item.expected) <= item.tolerance


def test_max_side_shrinks_and_keeps_the_aspect(odd):
    big = photo("rocket.jpg")
    im = open_image(odd["jpeg"].path, max_side=200)
    assert max(im.size) == 200
    assert abs(im.size[0] / im.size[1] - big.size[0] / big.size[1]) < 0.02
    assert mean_abs_diff(im, big.resize(im.size)) < 8
    rotated = open_image(odd["exif_rotated"].path, max_side=100)
    assert rotated.size[0] > rotated.size[1]  # still landscape after draft decoding


def test_suffixes():
    assert is_image_path("a/B.JPG") and is_image_path("x.heic") and is_image_path("scan.TIFF")
    assert not is_image_path("notes.txt") and not is_image_path("photo")
    assert ".webp" in IMAGE_SUFFIXES


# -- bad input -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("text", "not an image"),
        ("truncated", "damaged or truncated"),
        ("empty", "empty"),
        ("bomb", "too large"),
        ("folder", "not a file"),
    ],
)
def test_bad_files_give_one_sentence_naming_the_file(bad, name, words):
    path = bad[name]
    with pytest.raises(ImageFileError) as info:
        open_image(path)
    message = str(info.value)
    assert path.name in message and words in message
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message


def test_decompression_bomb_is_refused_before_decoding(bad):
    path = bad["bomb"]
    assert path.stat().st_size < 1_000_000  # a 900-megapixel image in a small file
    with pytest.raises(ImageFileError, match="900 megapixels") as info:
        image_size(path)  # refused from the header: nothing was decoded
    assert f"{MAX_PIXELS // 1_000_000} megapixels" in str(info.value)


def test_large_but_allowed_image_is_not_refused(tmp_path):
    """100 Mpx is under the 178 Mpx limit: Pillow's own warning at 89 Mpx must not refuse it (the header is
    enough to check; decoding it here would take 300 MB)."""
    path = write_png_header_bomb(tmp_path / "panorama.png", 12_500, 8_000)
    assert image_size(path) == (12_500, 8_000)


def test_just_over_the_limit(tmp_path):
    path = write_png_header_bomb(tmp_path / "huge.png", 15_000, 12_000)  # 180 Mpx, just over MAX_PIXELS
    with pytest.raises(ImageFileError, match=r"huge\.png is too large to open safely \(180 megapixels\)"):
        open_image(path)


def test_deleted_file(tmp_path):
    path = tmp_path / "gone.jpg"
    photo("chelsea.png").save(path)
    path.unlink()  # listed by the scan, then deleted before it was described
    with pytest.raises(ImageFileError, match=r"gone\.jpg no longer exists"):
        open_image(path)


def test_truncated_png(tmp_path):
    path = tmp_path / "half.png"
    photo("astronaut.png").save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageFileError, match=r"half\.png is damaged or truncated"):
        open_image(path)


def test_unreadable_file(tmp_path):
    """chmod 000 stops an ordinary user. Root (as in many CI containers) reads it anyway, so there the check
    runs in a child process that is root without the capability to override file permissions."""
    path = tmp_path / "secret.jpg"
    photo("chelsea.png").save(path)
    path.chmod(0)
    try:
        if not reads_despite_chmod(path):
            with pytest.raises(ImageFileError, match=r"secret\.jpg cannot be read: permission denied"):
                open_image(path)
            return
    finally:
        path.chmod(0o644)
    path.chmod(0)
    try:
        code = (
            "from desktop_app.core.errors import ImageFileError\n"
            "from desktop_app.core.tasks.images import open_image\n"
            "try:\n"
            "    open_image(sys.argv[1])\n"
            "except ImageFileError as exc:\n"
            "    print(exc)\n"
        )
        out = run_without_file_override(code, str(path), repo=REPO, cwd=tmp_path)
        assert out.strip() == "secret.jpg cannot be read: permission denied."
    finally:
        path.chmod(0o644)
