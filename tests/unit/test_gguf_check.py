"""GGUF validation: every broken file gets a sentence a user can act on, before llama.cpp sees it."""

from __future__ import annotations

import gguf
import numpy as np
import pytest

from desktop_app.core.errors import ModelFileError, UnsupportedArchitectureError
from desktop_app.core.models.gguf_check import read_gguf_info


def test_reads_smollm2_metadata(smollm2):
    info = read_gguf_info(smollm2)
    assert info.architecture == "llama"
    assert info.context_length == 8192
    assert info.quantization == "Q4_1"
    assert "im_start" in info.chat_template
    assert info.tensor_count == 272


def test_missing_file(tmp_path):
    with pytest.raises(ModelFileError, match="not found"):
        read_gguf_info(tmp_path / "nope.gguf")


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(ModelFileError, match="folder"):
        read_gguf_info(tmp_path)


def test_zero_byte_file(tmp_path):
    f = tmp_path / "empty.gguf"
    f.write_bytes(b"")
    with pytest.raises(ModelFileError, match="empty"):
        read_gguf_info(f)


def test_wrong_magic(tmp_path):
    f = tmp_path / "model.gguf"
    f.write_bytes(b"PK\x03\x04" + b"\x00" * 2000)  # a zip renamed to .gguf
    with pytest.raises(ModelFileError, match="not a GGUF"):
        read_gguf_info(f)


@pytest.mark.parametrize("keep", [1_000, 5_000_000])
def test_truncated_file(tmp_path, smollm2, keep):
    f = tmp_path / "cut.gguf"
    with smollm2.open("rb") as src:
        f.write_bytes(src.read(keep))
    with pytest.raises(ModelFileError, match="truncated"):
        read_gguf_info(f)


def _write_tiny_gguf(path, arch: str) -> None:
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_context_length(64)
    writer.add_tensor("token_embd.weight", np.zeros((8, 4), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def test_unsupported_architecture(tmp_path):
    f = tmp_path / "alien.gguf"
    _write_tiny_gguf(f, "alienformer")
    with pytest.raises(UnsupportedArchitectureError, match="alienformer"):
        read_gguf_info(f)


def test_tiny_valid_gguf_reads(tmp_path):
    f = tmp_path / "tiny.gguf"
    _write_tiny_gguf(f, "llama")
    info = read_gguf_info(f)
    assert info.architecture == "llama" and info.context_length == 64 and info.tensor_count == 1
