"""The speed predictor's type references: small llamas written with the gguf package when this machine is
measured (speed_measure.measure_machine), one per common weight type, then deleted.

Why: what a weight costs to decode depends on its type far more than on its bytes. On this 2-core EPYC, one thread,
per weight: Q4_K 0.029 ns and Q4_0 0.037 (llama.cpp repacks both for AVX-512), Q8_0 0.056, F16 0.079 (2 bytes a
weight), Q4_1 0.084; the built-in models are Q4_1 and Q5_0/Q8_0/Q6_K/Q4_K mixes, so a model of other types was
predicted up to 47 % wrong from them. Written on the fly because no such models ship: 61 M seeded random weights
(768 wide, 10 layers: at 5 the Q4 ones were 16 MB, half this machine's 32 MB L3 cache, and the bigger models
they predicted ran 10 to 18 % slower than their costs said), a vocabulary of the 256 bytes, one to three seconds
each to write and one or two to measure. Types gguf.quants
cannot write (the K-quants) are random blocks whose scales are set to a small number: decoding costs the same
whatever the values. Their replies are noise, held to letters by REFERENCE_GRAMMAR so that they write for the
whole measurement.
"""

from __future__ import annotations

from pathlib import Path

N_EMBD, N_LAYER, N_FF, N_HEAD = 768, 10, 1792, 6  # widths multiples of 256, as K-quant blocks need
N_HEAD_KV = 2  # grouped-query attention, as most models have: a KV cache of their size
# The types measured: those of the GGUFs people run (Q4_K_M is Q4_K + Q6_K, Q5_K_M is Q5_K + Q6_K). Others are
# predicted at the cost of the measured type nearest in bits per weight (speed.type_cost).
REFERENCE_TYPES = ("F16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q4_K", "Q5_K", "Q6_K")
# Where each K-quant block keeps its f16 scales (d, and dmin where there is one): ggml-common.h's block layouts.
_K_SCALES = {"Q2_K": (80, 82), "Q3_K": (108,), "Q4_K": (0, 2), "Q5_K": (0, 2), "Q6_K": (208,)}
# Two narrow F16 llamas (128 wide: under 0.2 ms a token, a fraction of a second to measure): with the type
# references' 768 x 5 they tell the per-token costs that do not grow with the weights apart, a fixed time per
# token (the sampler, the Python loop, the chunk sent to the window) and a time per layer (the graph's nodes,
# whatever their width). Without them a 256-wide 4-layer F16 llama (0.5 ms a token, a fifth of it fixed costs)
# was predicted 20 to 39 % fast. (name, n_embd, n_layer, n_ff, n_head, n_head_kv)
SHAPE_REFERENCES = (("128x1", 128, 1, 256, 2, 1), ("128x8", 128, 8, 256, 2, 1))
REFERENCE_GRAMMAR = "root ::= [a-z ]{400,}"
_SPECIALS = ("<|endoftext|>", "<|im_end|>")


def _byte_tokens() -> list[str]:
    """GPT-2's byte-level alphabet (what llama.cpp's "gpt2" tokenizer expects), one token per byte."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    extra = iter(range(256, 512))
    table = {b: chr(b) if b in printable else chr(next(extra)) for b in range(256)}
    return [table[b] for b in range(256)]


def write_reference(path: Path, weights: str = "F16", seed: int = 0, n_embd: int = N_EMBD, n_layer: int = N_LAYER,
                    n_ff: int = N_FF, n_head: int = N_HEAD, n_head_kv: int = N_HEAD_KV) -> Path:
    """Writes the reference llama with its matrices stored as `weights` (a ggml type name) to `path`, by default
    in the type references' shape (a shape reference passes its own, SHAPE_REFERENCES)."""
    import gguf
    import numpy as np

    N_EMBD, N_LAYER, N_FF, N_HEAD, N_HEAD_KV = n_embd, n_layer, n_ff, n_head, n_head_kv  # noqa: N806 (overridden)
    rng = np.random.default_rng(seed)
    tokens = [*_byte_tokens(), "Ġt", *_SPECIALS]
    qtype = gguf.GGMLQuantizationType[weights]
    block, type_size = gguf.GGML_QUANT_SIZES[qtype]

    def weight(rows: int, cols: int) -> np.ndarray:
        if weights in _K_SCALES:  # random blocks, sane scales
            data = rng.integers(0, 256, (rows, cols // block, type_size), dtype=np.uint8)
            for offset in _K_SCALES[weights]:
                data[..., offset:offset + 2] = np.frombuffer(np.float16(0.01).tobytes(), dtype=np.uint8)
            return data.reshape(rows, cols // block * type_size)
        x = rng.standard_normal((rows, cols), dtype=np.float32) * 0.1
        return x.astype(np.float16) if weights == "F16" else gguf.quants.quantize(x, qtype)

    def add(name: str, rows: int, cols: int) -> None:
        w.add_tensor(name, weight(rows, cols), raw_dtype=None if weights == "F16" else qtype)

    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name("speed reference")
    w.add_context_length(2048)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD_KV)
    w.add_rope_dimension_count(N_EMBD // N_HEAD)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(len(tokens))
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)  # what most tensors are is the loader's concern only
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_types([gguf.TokenType.CONTROL if t in _SPECIALS else gguf.TokenType.NORMAL for t in tokens])
    w.add_token_merges(["Ġ t"])
    w.add_bos_token_id(tokens.index(_SPECIALS[0]))
    w.add_eos_token_id(tokens.index(_SPECIALS[1]))
    w.add_add_bos_token(False)
    norm = np.ones(N_EMBD, dtype=np.float32)
    kv = N_HEAD_KV * N_EMBD // N_HEAD
    w.add_tensor("token_embd.weight", (rng.standard_normal((len(tokens), N_EMBD)) * 0.1).astype(np.float16))
    w.add_tensor("output_norm.weight", norm)
    w.add_tensor("output.weight", (rng.standard_normal((len(tokens), N_EMBD)) * 0.1).astype(np.float16))
    for i in range(N_LAYER):
        w.add_tensor(f"blk.{i}.attn_norm.weight", norm)
        for name, rows in (("attn_q", N_EMBD), ("attn_k", kv), ("attn_v", kv), ("attn_output", N_EMBD)):
            add(f"blk.{i}.{name}.weight", rows, N_EMBD)
        w.add_tensor(f"blk.{i}.ffn_norm.weight", norm)
        add(f"blk.{i}.ffn_gate.weight", N_FF, N_EMBD)
        add(f"blk.{i}.ffn_up.weight", N_FF, N_EMBD)
        add(f"blk.{i}.ffn_down.weight", N_EMBD, N_FF)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path
