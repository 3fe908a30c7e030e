"""Records read from real headers: GGUF metadata, config.json and safetensors headers (never the weights)."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.models.discovery import Reader, ScanSources, discover
from desktop_app.core.models.metadata import ModelRecord, hf_capabilities, read_gguf_record, read_hf_record
from tests.library.conftest import TINY_PARAMS, link, write_hf_model


def test_gguf_record_from_smollm2(smollm2):
    rec = read_gguf_record(smollm2)
    assert rec.ok and rec.format == "gguf" and rec.backend == "llama_cpp"
    assert rec.architecture == "llama" and rec.quantization == "Q4_1" and rec.context_length == 8192
    assert rec.n_params == 134_515_008  # summed from the tensor shapes: the header has no parameter_count
    assert rec.size_bytes == smollm2.stat().st_size
    assert rec.capabilities == {"chat"}
    s = rec.shape
    assert (s.n_layers, s.n_heads, s.n_kv_heads, s.head_dim, s.vocab_size) == (30, 9, 3, 64, 49152)


def test_hf_record_from_a_real_folder(tmp_path):
    rec = read_hf_record(write_hf_model(tmp_path / "tiny"))
    assert rec.ok, rec.error
    assert rec.format == "hf" and rec.backend == "transformers" and rec.architecture == "LlamaForCausalLM"
    assert rec.n_params == TINY_PARAMS and rec.capabilities == {"chat"} and rec.context_length == 256
    assert rec.size_bytes == (tmp_path / "tiny" / "model.safetensors").stat().st_size
    assert rec.shape.n_layers == 2 and rec.shape.n_kv_heads == 2 and rec.shape.head_dim == 4


@pytest.mark.parametrize(
    ("config", "caps"),
    [
        ({"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2"}, {"chat"}),
        ({"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"}, {"chat"}),
        ({"architectures": ["T5ForConditionalGeneration"], "model_type": "t5"}, {"seq2seq"}),
        ({"architectures": ["BartForConditionalGeneration"], "model_type": "bart"}, {"seq2seq"}),
        ({"architectures": ["MarianMTModel"], "model_type": "marian"}, {"seq2seq"}),
        ({"architectures": ["M2M100ForConditionalGeneration"], "model_type": "m2m_100"}, {"seq2seq"}),  # NLLB
        ({"architectures": ["MBartForConditionalGeneration"], "model_type": "mbart"}, {"seq2seq"}),
        ({"architectures": ["PegasusForConditionalGeneration"], "model_type": "pegasus"}, {"seq2seq"}),
        ({"architectures": ["BartForSequenceClassification"], "model_type": "bart"}, {"classifier"}),
        ({"architectures": ["BlipForConditionalGeneration"], "model_type": "blip"}, {"captioner"}),
        ({"architectures": ["VisionEncoderDecoderModel"], "model_type": "vision-encoder-decoder"}, {"captioner"}),
        ({"architectures": ["LlavaForConditionalGeneration"], "model_type": "llava"}, {"vision", "chat"}),
        ({"architectures": ["Qwen2VLForConditionalGeneration"], "model_type": "qwen2_vl"}, {"vision", "chat"}),
        ({"architectures": ["Idefics3ForConditionalGeneration"], "model_type": "idefics3"}, {"vision", "chat"}),
        ({"architectures": ["SmolVLMForConditionalGeneration"], "model_type": "smolvlm"}, {"vision", "chat"}),
        ({"architectures": ["Gemma3ForImageTextToText"]}, {"vision", "chat"}),
        ({"architectures": ["FooForConditionalGeneration"], "vision_config": {"x": 1}}, {"vision", "chat"}),
        ({"architectures": ["BertModel"], "model_type": "bert"}, set()),
    ],
)
def test_capability_rules(config, caps):
    assert hf_capabilities(config) == caps


def test_classifier_labels_in_id_order(tmp_path):
    cfg = {"architectures": ["DistilBertForSequenceClassification"], "model_type": "distilbert", "dim": 16,
           "id2label": {"2": "positive", "0": "negative", "1": "neutral"}, "torch_dtype": "float32"}  # fmt: skip
    rec = read_hf_record(write_hf_model(tmp_path / "cls", cfg))
    assert rec.ok and rec.capabilities == {"classifier"}
    assert rec.labels == ("negative", "neutral", "positive") and rec.quantization == "float32"


def test_missing_config_is_a_record_with_an_error(tmp_path):
    folder = write_hf_model(tmp_path / "noconf")
    (folder / "config.json").unlink()
    rec = read_hf_record(folder)
    assert not rec.ok and "config.json" in rec.error and rec.size_bytes > 0


def test_invalid_config_is_a_record_with_an_error(tmp_path):
    folder = write_hf_model(tmp_path / "bad")
    (folder / "config.json").write_text("{not json", encoding="utf-8")
    rec = read_hf_record(folder)
    assert not rec.ok and "cannot be read" in rec.error


def test_unknown_architecture_is_a_record_with_an_error(tmp_path):
    rec = read_hf_record(write_hf_model(tmp_path / "alien", {"architectures": ["AlienformerModel"]}))
    assert not rec.ok and "AlienformerModel" in rec.error and "does not know" in rec.error


def test_missing_shard_and_truncated_safetensors(tmp_path):
    folder = write_hf_model(tmp_path / "sharded")
    index = {"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
    (folder / "model.safetensors").rename(folder / "model-00001-of-00002.safetensors")
    (folder / "model.safetensors.index.json").write_text(json.dumps(index))
    rec = read_hf_record(folder)
    assert not rec.ok and "model-00002-of-00002.safetensors" in rec.error

    cut = write_hf_model(tmp_path / "cut")
    data = (cut / "model.safetensors").read_bytes()
    (cut / "model.safetensors").write_bytes(data[: len(data) // 2])
    rec = read_hf_record(cut)
    assert not rec.ok and "truncated" in rec.error


def test_broken_gguf_is_a_record_with_an_error(tmp_path, smollm2):
    bad = tmp_path / "half.gguf"
    with smollm2.open("rb") as fh:
        bad.write_bytes(fh.read(5_000_000))
    rec = read_gguf_record(bad)
    assert not rec.ok and "truncated" in rec.error and rec.size_bytes == 5_000_000


def test_mmproj_pairs_with_its_model_and_reaches_the_spec(tmp_path, smollm2):
    folder = tmp_path / "vision"
    link(smollm2, folder / "llava-tiny-Q4_1.gguf")
    link(smollm2, folder / "mmproj-llava-tiny-f16.gguf")
    link(smollm2, folder / "mmproj-other-model-f16.gguf")
    (recs,) = [list(discover(ScanSources.only(user=True, user_folders=(folder,))))]
    assert [r.name for r in recs] == ["llava-tiny-Q4_1"]  # projectors are not listed as models
    rec = recs[0]
    assert rec.mmproj == folder / "mmproj-llava-tiny-f16.gguf" and rec.capabilities == {"chat", "vision"}
    spec = rec.to_spec()
    assert spec.extra == {"mmproj": str(folder / "mmproj-llava-tiny-f16.gguf")}
    assert spec.backend == "llama_cpp" and spec.source == "user" and spec.path == rec.path


def test_record_round_trips_through_json(smollm2, tmp_path):
    rec = read_gguf_record(smollm2).with_mmproj(tmp_path / "mmproj.gguf")
    again = ModelRecord.from_dict(json.loads(json.dumps(rec.to_dict())))
    assert again == rec


def test_headers_only_even_for_a_huge_declared_model(tmp_path):
    """The reader walks the header: a (sparse) 'model' declaring 1 TB of tensors reads in milliseconds."""
    from tests.library.test_memory import write_huge_gguf

    path = write_huge_gguf(tmp_path / "huge.gguf")
    rec = Reader().gguf(path)
    assert rec.ok and rec.size_bytes > 10**12 and rec.n_params > 10**11


def test_only_a_model_that_can_see_takes_a_projector(tmp_path, smollm2):
    """Issue 15 item 13: a text-only GGUF never offers "Vision projector…"; a vision-language one does, by its
    architecture or, for llava-style models whose architecture is plain "llama", by a template that places images."""
    from desktop_app.core.models.metadata import takes_projector
    from tests.fixtures.tiny_gguf_vision import build_tiny_language_model

    assert not read_gguf_record(smollm2).takes_projector  # llama architecture, a text-only template
    vlm = read_gguf_record(build_tiny_language_model(tmp_path / "tiny-vlm.gguf"))  # no mmproj beside it
    assert vlm.mmproj is None and vlm.takes_projector
    assert takes_projector("qwen2vl", "") and takes_projector("gemma3", "")
    assert not takes_projector("qwen2", "{% for message in messages %}{{ message['content'] }}{% endfor %}")
