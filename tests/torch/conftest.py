"""Session fixtures for the PyTorch backend tests: tiny seeded models built once, offline, into tmp folders.

Other suites (summarize, translate, sentiment, captioning) can reuse the same builders from
tests/fixtures/tiny_models.py, or these fixtures by importing them into their own conftest.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from tests.fixtures import tiny_models  # noqa: E402


def _build(factory, builder, name: str, **kwargs) -> Path:
    return builder(factory.mktemp(name), **kwargs)


@pytest.fixture(scope="session")
def tiny_llama(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, tiny_models.build_tiny_llama, "llama")


@pytest.fixture(scope="session")
def tiny_gpt2(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, tiny_models.build_tiny_gpt2, "gpt2")


@pytest.fixture(scope="session")
def tiny_t5(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, tiny_models.build_tiny_t5, "t5")


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, tiny_models.build_tiny_marian, "marian")


@pytest.fixture(scope="session")
def tiny_classifier(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, tiny_models.build_tiny_distilbert_classifier, "classifier")


@pytest.fixture(scope="session")
def tiny_multilabel_classifier(tmp_path_factory) -> Path:
    """The same seeded weights as tiny_classifier, marked multi-label (so it must use sigmoids)."""
    return _build(
        tmp_path_factory, tiny_models.build_tiny_distilbert_classifier, "multilabel", multi_label=True
    )


@pytest.fixture(scope="session")
def tiny_blip(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, tiny_models.build_tiny_blip, "blip")


@pytest.fixture(scope="session")
def tiny_vision_encoder_decoder(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, tiny_models.build_tiny_vision_encoder_decoder, "ved")


@pytest.fixture(scope="session")
def tiny_llava(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, tiny_models.build_tiny_llava, "llava")


@pytest.fixture(scope="session")
def sample_image():
    return tiny_models.sample_image()


@pytest.fixture
def no_cancel() -> threading.Event:
    return threading.Event()
