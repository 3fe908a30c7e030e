"""The speed predictor's third reference: a small F16 llama written with the gguf package when this machine is
measured (speed_measure.measure_machine), then deleted.

Why: the two built-in models are both quantized (0.6 to 0.8 bytes a weight), so they cannot tell a time per byte
from a time per weight, and F16 models (2 bytes a weight) ran 5 to 28 % faster than predicted from them. Written
on the fly because no F16 model ships: 28 M seeded random weights (56 MB, beyond this machine's caches), a
vocabulary of the 256 bytes, about 0.5 s to write and 1 s to measure. Its replies are noise, held to letters by
REFERENCE_GRAMMAR so that it writes for the whole measurement.
"""

from __future__ import annotations

from pathlib import Path

N_EMBD, N_LAYER, N_FF, N_HEAD = 640, 6, 1792, 5
REFERENCE_GRAMMAR = "root ::= [a-z ]{400,}"
_SPECIALS = ("<|endoftext|>", "<|im_end|>")


def _byte_tokens() -> list[str]:
    """GPT-2's byte-level alphabet (what llama.cpp's "gpt2" tokenizer expects), one token per byte."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    extra = iter(range(256, 512))
    table = {b: chr(b) if b in printable else chr(next(extra)) for b in range(256)}
    return [table[b] for b in range(256)]


def write_reference(path: Path, seed: int = 0) -> Path:
    """Writes the F16 reference llama to `path` and returns it."""
    import gguf
    import numpy as np

    rng = np.random.default_rng(seed)
    tokens = [*_byte_tokens(), "Ġt", *_SPECIALS]

    def weight(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols), dtype=np.float32) * 0.1).astype(np.float16)

    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name("speed reference")
    w.add_context_length(2048)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD)
    w.add_rope_dimension_count(N_EMBD // N_HEAD)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(len(tokens))
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_types([gguf.TokenType.CONTROL if t in _SPECIALS else gguf.TokenType.NORMAL for t in tokens])
    w.add_token_merges(["Ġ t"])
    w.add_bos_token_id(tokens.index(_SPECIALS[0]))
    w.add_eos_token_id(tokens.index(_SPECIALS[1]))
    w.add_add_bos_token(False)
    norm = np.ones(N_EMBD, dtype=np.float32)
    w.add_tensor("token_embd.weight", weight(len(tokens), N_EMBD))
    w.add_tensor("output_norm.weight", norm)
    w.add_tensor("output.weight", weight(len(tokens), N_EMBD))
    for i in range(N_LAYER):
        w.add_tensor(f"blk.{i}.attn_norm.weight", norm)
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            w.add_tensor(f"blk.{i}.{name}.weight", weight(N_EMBD, N_EMBD))
        w.add_tensor(f"blk.{i}.ffn_norm.weight", norm)
        w.add_tensor(f"blk.{i}.ffn_gate.weight", weight(N_FF, N_EMBD))
        w.add_tensor(f"blk.{i}.ffn_up.weight", weight(N_FF, N_EMBD))
        w.add_tensor(f"blk.{i}.ffn_down.weight", weight(N_EMBD, N_FF))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path
