"""Assembling a model from parts: size and hash checked, never a half-written file in place."""

from __future__ import annotations

import hashlib
import threading

import pytest

from desktop_app.core.errors import Cancelled, ModelFileError
from desktop_app.core.models import builtin
from desktop_app.core.models.assemble import assemble_parts


@pytest.fixture
def parts(tmp_path):
    data = [bytes([i]) * 3_000_000 for i in range(3)]
    paths = []
    for i, chunk in enumerate(data):
        p = tmp_path / f"part{i:02d}.bin"
        p.write_bytes(chunk)
        paths.append(p)
    whole = b"".join(data)
    return paths, len(whole), hashlib.sha256(whole).hexdigest()


def test_assembles_and_reports_progress(tmp_path, parts):
    paths, size, sha = parts
    seen = []
    dest = assemble_parts(paths, tmp_path / "out" / "m.gguf", size, sha, lambda d, t: seen.append((d, t)))
    assert dest.stat().st_size == size
    assert seen[0] == (0, size) and seen[-1] == (size, size)
    assert not list(dest.parent.glob("*.partial"))


def test_wrong_hash_leaves_nothing(tmp_path, parts):
    paths, size, _sha = parts
    dest = tmp_path / "m.gguf"
    with pytest.raises(ModelFileError, match="checksum"):
        assemble_parts(paths, dest, size, "0" * 64)
    assert not dest.exists() and not (tmp_path / "m.gguf.partial").exists()


def test_wrong_size_is_refused_before_writing(tmp_path, parts):
    paths, size, sha = parts
    with pytest.raises(ModelFileError, match="add up"):
        assemble_parts(paths, tmp_path / "m.gguf", size + 1, sha)
    assert not list(tmp_path.glob("m.gguf*"))


def test_cancel_leaves_nothing(tmp_path, parts):
    paths, size, sha = parts
    cancel = threading.Event()

    def progress(done, total):
        if done > 0:
            cancel.set()

    with pytest.raises(Cancelled):
        assemble_parts(paths, tmp_path / "m.gguf", size, sha, progress, cancel)
    assert not list(tmp_path.glob("m.gguf*"))


def test_missing_part(tmp_path, parts):
    paths, size, sha = parts
    paths[1].unlink()
    with pytest.raises(ModelFileError, match="missing"):
        assemble_parts(paths, tmp_path / "m.gguf", size, sha)


def test_real_qwen_is_assembled_and_verified(qwen):
    assert qwen.stat().st_size == builtin.QWEN_SIZE
    assert builtin.qwen_ready(qwen.parent)
    with qwen.open("rb") as fh:
        assert fh.read(4) == b"GGUF"
