"""Results of a finished run: side-by-side samples, the adapter, a merged model folder, a GGUF, classifier scores.

- `compare_samples(run_dir)`: greedy answers of the base model and the fine-tuned one to held-out eval prompts.
- `adapter_folder(run_dir)`: the saved LoRA adapter (RUN_DIR/final), loadable with peft's PeftModel.
- `merge_adapter(run_dir)`: the adapter merged into the base weights, saved as safetensors with the tokenizer
  (RUN_DIR/merged): an ordinary model folder the app's TransformersBackend loads.
- `export_gguf(folder, out, quant)`: a merged folder written as a GGUF for llama.cpp ("f16" or "q8_0"). When the
  base model came from a GGUF (as the built-in SmolLM2 does), its tokenizer, chat template and other metadata are
  copied from that file, tensor for tensor; otherwise they are built from config.json and tokenizer.json (llama
  and qwen2 architectures with a byte-level BPE tokenizer). Tensor names follow gguf's TensorNameMap, and the
  q/k projections get the row permutation llama.cpp's llama architecture expects.
- `evaluate_classifier(run_dir)`: accuracy and macro F1 of a classification run on its eval split.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.finetune import runs
from desktop_app.core.finetune.config import RunConfig
from desktop_app.core.messages import phrase

MERGED_DIR = "merged"
QUANTS = ("f16", "q8_0")


class ExportError(DesktopAppError):
    pass


def _result(run_dir: Path) -> dict[str, Any]:
    path = Path(run_dir) / "result.json"
    if not path.is_file():
        raise ExportError(phrase("This run has not finished, so there is no fine-tuned model yet."))
    return json.loads(path.read_text(encoding="utf-8"))


def adapter_folder(run_dir: str | Path) -> Path:
    run_dir = Path(run_dir)
    _result(run_dir)
    folder = run_dir / runs.FINAL_DIR
    if not (folder / "adapter_config.json").is_file():
        raise ExportError(phrase("This run trained all weights (full fine-tuning), so it has no LoRA adapter."))
    return folder


def _load_tuned(run_dir: Path, device: str = "cpu") -> tuple[Any, Any, RunConfig, Path]:
    """(model, tokenizer, config, base folder): the base with the adapter on top (or the fully tuned weights)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    result = _result(run_dir)
    config = RunConfig.load(run_dir)
    base = Path(result["base_folder"])
    final = run_dir / runs.FINAL_DIR
    tok = AutoTokenizer.from_pretrained(str(final), local_files_only=True)
    if (final / "adapter_config.json").is_file():
        from peft import PeftModel

        model = AutoModelForCausalLM.from_pretrained(str(base), dtype=torch.float32, local_files_only=True)
        model = PeftModel.from_pretrained(model, str(final))
    else:
        model = AutoModelForCausalLM.from_pretrained(str(final), dtype=torch.float32, local_files_only=True)
    return model.to(device).eval(), tok, config, base


@dataclass
class SampleComparison:
    prompt: str
    expected: str
    base: str
    tuned: str


def compare_samples(run_dir: str | Path, n: int = 3, max_new_tokens: int = 48) -> list[SampleComparison]:
    """Greedy answers of the base and the fine-tuned model to up to `n` held-out prompts of a causal run."""
    import torch

    from desktop_app.core.finetune import tokens as ftok
    from desktop_app.core.finetune.tokens import prepare_data

    run_dir = Path(run_dir)
    model, tok, config, base = _load_tuned(run_dir)
    if config.task != "causal":
        raise ExportError(phrase("Samples are for causal (chat) runs; classifiers are scored with evaluate_classifier."))
    data = prepare_data(config, tok)
    examples = [e for e in (data.eval or data.train) if e.messages][:n]
    plain = None
    if not hasattr(model, "disable_adapter"):
        from transformers import AutoModelForCausalLM

        plain = AutoModelForCausalLM.from_pretrained(str(base), dtype=torch.float32).eval()

    def generate(m: Any, prompt: str) -> str:
        ids = tok(prompt, add_special_tokens=False, return_tensors="pt")
        with torch.no_grad():
            out = m.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False,
                             pad_token_id=tok.pad_token_id or tok.eos_token_id)
        return tok.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True).strip()

    prompts = [ftok.prompt_text(tok, ex.messages) for ex in examples]
    if plain is None:  # the base model's answers with the adapter switched off, then the adapter merged in
        with model.disable_adapter():
            before = [generate(model, p) for p in prompts]
        model.merge_adapter()  # generation runs faster on merged weights
        try:
            tuned = [generate(model, p) for p in prompts]
        finally:
            model.unmerge_adapter()
    else:
        before = [generate(plain, p) for p in prompts]
        tuned = [generate(model, p) for p in prompts]
    samples = []
    for ex, b, t in zip(examples, before, tuned, strict=True):
        last = [m for m in ex.messages if m["role"] == "assistant"][-1]["content"]
        user = [m for m in ex.messages if m["role"] == "user"][-1]["content"]
        samples.append(SampleComparison(user, last, b, t))
    return samples


def merge_adapter(run_dir: str | Path, out: str | Path | None = None) -> Path:
    """The fine-tuned weights as one model folder (safetensors + tokenizer); returns it."""
    run_dir = Path(run_dir)
    out = Path(out) if out else run_dir / MERGED_DIR
    model, tok, _config, _base = _load_tuned(run_dir)
    if hasattr(model, "merge_and_unload"):
        model = model.merge_and_unload()
    tmp = out.with_name(f".tmp-{out.name}")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp), safe_serialization=True)
    tok.save_pretrained(str(tmp))
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)
    return out


# -- GGUF ------------------------------------------------------------------------------------------------------------
def _permute(w: Any, n_head: int) -> Any:
    """HF's rotary layout of q/k rows to the interleaved one llama.cpp's llama architecture expects."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def _source_gguf(folder: Path) -> Path | None:
    """The GGUF a dequantized base came from (the cache folder's marker names it), if any."""
    from desktop_app.core.models.gguf_torch_cache import DONE_MARKER

    marker = folder / DONE_MARKER
    if marker.is_file():
        p = Path(marker.read_text(encoding="utf-8").strip())
        return p if p.is_file() else None
    return None


def base_gguf_for_run(run_dir: str | Path) -> Path | None:
    return _source_gguf(Path(_result(Path(run_dir))["base_folder"]))


def _copy_fields(reader: Any, writer: Any) -> None:
    import gguf

    skip = {"general.architecture", "general.file_type", "general.quantization_version"}
    for name, field in reader.fields.items():
        if name.startswith("GGUF.") or name in skip:
            continue
        vtype = field.types[0]
        sub = field.types[-1] if vtype == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(name, field.contents(), vtype, sub_type=sub)


def _metadata_from_config(writer: Any, cfg: dict[str, Any], folder: Path) -> None:
    """Model and tokenizer metadata for llama/qwen2 folders that did not come from a GGUF."""
    import gguf

    n_head = cfg["num_attention_heads"]
    writer.add_name(folder.name)
    writer.add_block_count(cfg["num_hidden_layers"])
    writer.add_context_length(cfg.get("max_position_embeddings", 2048))
    writer.add_embedding_length(cfg["hidden_size"])
    writer.add_feed_forward_length(cfg["intermediate_size"])
    writer.add_head_count(n_head)
    writer.add_head_count_kv(cfg.get("num_key_value_heads", n_head))
    rope = cfg.get("rope_theta") or (cfg.get("rope_parameters") or {}).get("rope_theta") or 10000.0
    writer.add_rope_freq_base(float(rope))
    writer.add_layer_norm_rms_eps(float(cfg.get("rms_norm_eps", 1e-6)))
    writer.add_rope_dimension_count(cfg.get("head_dim") or cfg["hidden_size"] // n_head)
    writer.add_vocab_size(cfg["vocab_size"])
    tj = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    model = tj.get("model", {})
    if model.get("type") != "BPE":
        raise ExportError(phrase("Only byte-level BPE tokenizers can be written into a GGUF here."))
    vocab = dict(model["vocab"])
    added = {t["content"]: t for t in tj.get("added_tokens", [])}
    for content, t in added.items():
        vocab.setdefault(content, t["id"])
    size = max(cfg["vocab_size"], max(vocab.values()) + 1)
    tokens = [f"[PAD{i}]" for i in range(size)]
    types = [gguf.TokenType.UNUSED] * size
    for text, i in vocab.items():
        tokens[i] = text
        t = added.get(text)
        types[i] = (gguf.TokenType.CONTROL if t.get("special") else gguf.TokenType.USER_DEFINED) if t \
            else gguf.TokenType.NORMAL
    merges = [m if isinstance(m, str) else " ".join(m) for m in model.get("merges", [])]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("qwen2" if cfg.get("model_type") == "qwen2" else "smollm")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    tcfg_path = folder / "tokenizer_config.json"
    tcfg = json.loads(tcfg_path.read_text(encoding="utf-8")) if tcfg_path.is_file() else {}
    for key, add in (("bos_token", writer.add_bos_token_id), ("eos_token", writer.add_eos_token_id),
                     ("pad_token", writer.add_pad_token_id), ("unk_token", writer.add_unk_token_id)):
        tok = tcfg.get(key)
        tok = tok.get("content") if isinstance(tok, dict) else tok
        if tok in vocab:
            add(vocab[tok])
    writer.add_add_bos_token(False)
    template = tcfg.get("chat_template")
    if not template and (folder / "chat_template.jinja").is_file():
        template = (folder / "chat_template.jinja").read_text(encoding="utf-8")
    if template:
        writer.add_chat_template(template)


def export_gguf(folder: str | Path, out: str | Path, quant: str = "q8_0", source_gguf: str | Path | None = None,
                ) -> Path:
    """Write the model folder `folder` (a merged or fully tuned llama/qwen2 model) as a GGUF at `out`.

    `source_gguf` (found automatically for bases dequantized from a GGUF) supplies the tokenizer and metadata."""
    import gguf
    import numpy as np
    from safetensors import safe_open

    folder, out = Path(folder), Path(out)
    if quant not in QUANTS:
        raise ExportError(phrase("Unknown GGUF type {quant}: use {items}.", quant=repr(quant), items=' or '.join(QUANTS)))
    cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    model_type = cfg.get("model_type")
    arches = {"llama": gguf.MODEL_ARCH.LLAMA, "qwen2": gguf.MODEL_ARCH.QWEN2}
    if model_type not in arches:
        raise ExportError(phrase("GGUF export supports llama and qwen2 models, not {model_type}.", model_type=repr(model_type)))
    arch = arches[model_type]
    n_layers = cfg["num_hidden_layers"]
    n_head = cfg["num_attention_heads"]
    n_kv = cfg.get("num_key_value_heads", n_head)
    tmap = gguf.get_tensor_name_map(arch, n_layers)
    source = Path(source_gguf) if source_gguf else _source_gguf(folder)
    reader = gguf.GGUFReader(str(source)) if source else None

    tensors: dict[str, Any] = {}
    for f in sorted(folder.glob("*.safetensors")):
        with safe_open(str(f), framework="pt") as st:
            for key in st.keys():
                name = tmap.get_name(key, try_suffixes=(".weight", ".bias"))
                if name is None:
                    if "rotary_emb" in key:
                        continue
                    raise ExportError(phrase("No GGUF name for tensor {key}.", key=key))
                w = st.get_tensor(key).float().numpy()
                if arch == gguf.MODEL_ARCH.LLAMA and key.endswith("q_proj.weight"):
                    w = _permute(w, n_head)
                elif arch == gguf.MODEL_ARCH.LLAMA and key.endswith("k_proj.weight"):
                    w = _permute(w, n_kv)
                tensors[name] = w
    if "output.weight" not in tensors and "token_embd.weight" not in tensors:
        raise ExportError(phrase("The model folder has no embedding weights."))
    if reader is not None:
        names = [t.name for t in reader.tensors]
    else:
        names = list(tensors)
        if cfg.get("tie_word_embeddings") and "output.weight" in names:
            names.remove("output.weight")
    missing = [n for n in names if n not in tensors]
    if missing:
        raise ExportError(phrase("The model folder lacks {count} tensor(s) the GGUF needs, first {missing}.", count=len(missing), missing=missing[0]))

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    writer = gguf.GGUFWriter(str(tmp), arch.name.lower() if arch != gguf.MODEL_ARCH.LLAMA else "llama")
    try:
        if reader is not None:
            _copy_fields(reader, writer)
        else:
            _metadata_from_config(writer, cfg, folder)
        ftype = gguf.LlamaFileType.MOSTLY_F16 if quant == "f16" else gguf.LlamaFileType.MOSTLY_Q8_0
        writer.add_file_type(ftype)
        writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
        for name in names:
            w = tensors[name]
            if w.ndim == 1:
                writer.add_tensor(name, w.astype(np.float32))
            elif quant == "q8_0" and w.shape[-1] % 32 == 0:
                q = gguf.quants.quantize(w.astype(np.float32), gguf.GGMLQuantizationType.Q8_0)
                writer.add_tensor(name, q, raw_dtype=gguf.GGMLQuantizationType.Q8_0)
            else:
                writer.add_tensor(name, w.astype(np.float16))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.replace(tmp, out)
    except BaseException:
        writer.close()
        tmp.unlink(missing_ok=True)
        raise
    return out


# -- classifiers -----------------------------------------------------------------------------------------------------
@dataclass
class ClassifierScores:
    accuracy: float
    f1: float  # macro F1 over the labels
    per_label_f1: dict[str, float]
    n: int
    labels: list[str]


def evaluate_classifier(run_dir: str | Path) -> ClassifierScores:
    """Accuracy and macro F1 of the saved classifier (RUN_DIR/model) on the run's held-out rows."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from desktop_app.core.finetune.tokens import prepare_data

    run_dir = Path(run_dir)
    result = _result(run_dir)
    if "model_folder" not in result:
        raise ExportError(phrase("This is not a classification run."))
    folder = Path(result["model_folder"])
    config = RunConfig.load(run_dir)
    tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(str(folder), local_files_only=True).eval()
    data = prepare_data(config, tok)
    enc = data.eval_enc or data.train_enc
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    preds, gold = [], []
    with torch.no_grad():
        for i in range(0, len(enc), 16):
            items = enc[i:i + 16]
            width = max(len(e.input_ids) for e in items)
            pad = tok.pad_token_id or 0
            ids = torch.tensor([e.input_ids + [pad] * (width - len(e.input_ids)) for e in items])
            mask = torch.tensor([[1] * len(e.input_ids) + [0] * (width - len(e.input_ids)) for e in items])
            preds += model(input_ids=ids, attention_mask=mask).logits.argmax(-1).tolist()
            gold += [e.labels[0] for e in items]
    per = {}
    for k, name in enumerate(labels):
        tp = sum(1 for p, g in zip(preds, gold, strict=True) if p == k and g == k)
        fp = sum(1 for p, g in zip(preds, gold, strict=True) if p == k and g != k)
        fn = sum(1 for p, g in zip(preds, gold, strict=True) if p != k and g == k)
        per[name] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    acc = sum(1 for p, g in zip(preds, gold, strict=True) if p == g) / max(1, len(gold))
    return ClassifierScores(acc, sum(per.values()) / len(per), per, len(gold), labels)
