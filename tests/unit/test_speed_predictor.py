"""The speed predictor's arithmetic on known headers (core/models/speed.py), and its cache."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.models import speed, speed_calibration
from desktop_app.core.models.memory import SystemMemory, human_size

GB = 1024**3
SMOL = speed.ModelArch(size_bytes=98_362_432, n_layers=30, n_embd=576, vocab_size=49152, n_params=134_515_008,
                       n_heads=9, n_kv_heads=3, head_dim=64, ffn_size=1536)  # fmt: skip
QWEN = speed.ModelArch(size_bytes=491_400_064, n_layers=24, n_embd=896, vocab_size=151936, n_params=630_167_424,
                       n_heads=14, n_kv_heads=2, head_dim=64, ffn_size=4864)  # fmt: skip
PLENTY = SystemMemory(total_ram=64 * GB, available_ram=32 * GB)


def _machine(bw: float = 25e9, overhead: float = 3e-4, flops: float = 50e9) -> speed.Machine:
    return speed.Machine(key=speed.machine_key(), bandwidth=bw, unit_overhead_s=overhead, flops=flops)


def test_decode_is_layer_overhead_plus_bytes_over_bandwidth():
    p = speed.predict(QWEN, _machine(), memory=PLENTY)
    expected_s = 24 * 0.896 * 3e-4 + 491_400_064 / 25e9
    assert p.decode_tps == pytest.approx(1 / expected_s)
    # the prompt's FLOPs leave the output layer out: llama.cpp computes the last token's logits only
    assert p.prefill_tps == pytest.approx(50e9 / (2 * (630_167_424 - 151936 * 896)))
    assert p.fits and p.free_bytes == 32 * GB
    assert p.sentence == f"fits · about {p.decode_tps:.0f} tok/s"


def test_calibration_recovers_the_overhead_that_produced_the_reference_speed():
    truth = _machine()
    ref = speed.predict(SMOL, truth, memory=PLENTY)
    m = speed_calibration.calibrate(25e9, [speed_calibration.Reference(SMOL, ref.decode_tps, ref.prefill_tps)])
    assert m.unit_overhead_s == pytest.approx(3e-4)
    assert m.flops == pytest.approx(50e9)
    assert speed.predict(QWEN, m, memory=PLENTY).decode_tps == pytest.approx(
        speed.predict(QWEN, truth, memory=PLENTY).decode_tps)


def test_two_references_recover_the_bandwidth_and_the_layer_overheads_of_decode_and_prefill():
    """Qwen beside SmolLM2 separates time per byte from time per layer, whatever the copy read (here half the
    rate decoding streams at, as in a busy moment), so a model of another shape is predicted as the truth runs."""
    truth = speed.Machine(key="k", bandwidth=18e9, unit_overhead_s=2e-4, flops=150e9, prefill_unit_s=1e-4)
    narrow = speed.ModelArch(size_bytes=6_600_000, n_layers=4, n_embd=256, vocab_size=307, n_params=3_305_216)
    smol, qwen = speed.predict(SMOL, truth, memory=PLENTY), speed.predict(QWEN, truth, memory=PLENTY)
    m = speed_calibration.calibrate(9e9, [speed_calibration.Reference(SMOL, smol.decode_tps, smol.prefill_tps),
                              speed_calibration.Reference(QWEN, qwen.decode_tps, qwen.prefill_tps)])
    assert m.bandwidth == pytest.approx(18e9) and m.unit_overhead_s == pytest.approx(2e-4)
    assert m.flops == pytest.approx(150e9) and m.prefill_unit_s == pytest.approx(1e-4)
    assert speed.predict(narrow, m, memory=PLENTY).decode_tps == pytest.approx(
        speed.predict(narrow, truth, memory=PLENTY).decode_tps)


def test_a_disturbed_second_reference_falls_back_to_the_first_alone():
    smol = speed.predict(SMOL, _machine(), memory=PLENTY)
    # Qwen measured as fast as SmolLM2 would need its 491 MB streamed at an impossible rate: not believed
    m = speed_calibration.calibrate(25e9, [speed_calibration.Reference(SMOL, smol.decode_tps, smol.prefill_tps),
                               speed_calibration.Reference(QWEN, smol.decode_tps, 1.0)])
    assert m.bandwidth == 25e9 and m.unit_overhead_s == pytest.approx(3e-4)


def test_steady_rate_is_the_median_window_and_ignores_a_stall():
    from desktop_app.core.models.speed_measure import steady_rate

    marks = [(i * 0.01, i + 1) for i in range(64)]  # 100 tok/s
    stalled = marks[:30] + [(t + 0.5, n) for t, n in marks[30:]]  # another program held the core for 0.5 s
    assert steady_rate(stalled) == pytest.approx(100.0)
    assert steady_rate([(i * 0.001, i + 1) for i in range(64)]) == 0.0  # too fast to time by windows: mean kept
    assert steady_rate(marks[:5]) == 0.0


def test_a_reference_faster_than_the_copy_loop_sets_the_bandwidth_instead():
    m = speed_calibration.calibrate(1e9, [speed_calibration.Reference(SMOL, 100.0, 200.0)])  # 98 MB in 10 ms is 9.8 GB/s, not 1
    assert m.unit_overhead_s == 0.0
    assert m.bandwidth == pytest.approx(98_362_432 * 100.0)
    with pytest.raises(ValueError):
        speed_calibration.calibrate(25e9, [speed_calibration.Reference(SMOL, 0.0, 1.0)])


def test_moe_reads_only_the_experts_it_uses():
    dense = speed.ModelArch(size_bytes=17 * GB, n_layers=48, n_embd=2048, n_params=30_000_000_000)
    moe = speed.ModelArch(size_bytes=17 * GB, n_layers=48, n_embd=2048, n_params=30_000_000_000,
                          n_experts=128, n_experts_used=8, expert_ffn=768)  # Qwen3-30B-A3B's shape
    assert 0.08 < moe.active_fraction < 0.2  # ~3B of 30B active
    m = _machine()
    assert speed.predict(moe, m, memory=PLENTY).decode_tps > 5 * speed.predict(dense, m, memory=PLENTY).decode_tps


def test_too_big_says_what_it_needs_and_what_is_free():
    small = SystemMemory(total_ram=8 * GB, available_ram=int(6.1 * GB))
    p = speed.predict_for_catalog_entry(int(8.5 * GB), 40, 5120, 151936, machine=_machine(), memory=small)
    assert not p.fits
    assert p.needs_bytes > 8.5 * GB
    # sizes in the app's one unit, decimal GB (core/models/memory.human_size)
    assert p.sentence.startswith("too big: needs ") and p.sentence.endswith(f"{human_size(int(6.1 * GB))} free")


def test_gpu_layers_read_at_the_gpu_bandwidth():
    m = speed.with_gpu(_machine(), 900e9)
    gpu = SystemMemory(total_ram=64 * GB, available_ram=32 * GB, gpus=())
    cpu_only = speed.predict(QWEN, m, memory=gpu)
    all_gpu = speed.predict(QWEN, m, memory=gpu, n_gpu_layers=-1)
    assert all_gpu.decode_tps == pytest.approx(1 / (491_400_064 / 900e9))
    assert all_gpu.decode_tps > 10 * cpu_only.decode_tps
    # no GPU measured: offload requests are predicted as CPU
    assert speed.predict(QWEN, _machine(), memory=gpu, n_gpu_layers=-1).decode_tps == cpu_only.decode_tps


def test_cache_round_trips_and_is_dropped_for_another_cpu(tmp_path):
    m = _machine()
    speed_calibration.save_machine(m, tmp_path)
    assert speed_calibration.load_machine(tmp_path) == m
    d = json.loads(speed_calibration.calibration_path(tmp_path).read_text())
    d["key"] = "Another CPU x64"
    speed_calibration.calibration_path(tmp_path).write_text(json.dumps(d))
    assert speed_calibration.load_machine(tmp_path) is None
    speed_calibration.calibration_path(tmp_path).write_text("{not json")
    assert speed_calibration.load_machine(tmp_path) is None


def test_bandwidth_measurement_is_plausible():
    assert 0.5e9 < speed.measure_bandwidth(repeats=2) < 2e12


def test_arch_from_a_real_header(smollm2):
    a = speed.arch_from_gguf(smollm2)
    assert (a.n_layers, a.n_embd, a.vocab_size, a.n_experts) == (30, 576, 49152, 0)
    assert a.size_bytes == smollm2.stat().st_size


def test_overhead_scales_with_layers_times_width_and_guesses_the_width_from_the_size():
    assert QWEN.overhead_units == pytest.approx(24 * 0.896)
    guessed = speed.ModelArch(size_bytes=4 * GB, n_layers=32, n_params=7_000_000_000)
    assert 3500 < guessed.width < 4500  # a 7B with 32 layers is ~4096 wide
    m = _machine()
    wide = speed.ModelArch(size_bytes=QWEN.size_bytes, n_layers=24, n_embd=1792, n_params=QWEN.n_params)
    assert speed.predict(wide, m, memory=PLENTY).decode_tps < speed.predict(QWEN, m, memory=PLENTY).decode_tps


def test_a_token_reads_the_output_layer_but_not_an_untied_embedding_and_only_its_experts():
    untied = [("token_embd.weight", "Q5_0", 22_000), ("output.weight", "Q8_0", 34_000),
              ("blk.0.attn_q.weight", "Q4_0", 18_000), ("blk.0.attn_norm.weight", "F32", 4_000)]  # fmt: skip
    nbytes, weights, floats, output, _by_type = speed.read_per_token(untied)
    assert nbytes == 34_000 + 18_000 + 4_000  # the embedding is looked up one row a token: not read
    assert weights == 32_000 + 32_000 + 1_000  # Q8_0: 34 bytes a 32-weight block; Q4_0: 18; F32: 4 a weight
    assert floats == 1_000 and output == 32_000
    tied = [("token_embd.weight", "Q8_0", 34_000), ("blk.0.attn_q.weight", "F16", 64_000)]
    assert speed.read_per_token(tied)[:4] == (98_000, 64_000, 32_000, 32_000)  # tied: the embedding is the output
    moe = [("blk.0.ffn_up_exps.weight", "Q8_0", 3_400_000), ("blk.0.attn_q.weight", "Q8_0", 34_000)]
    assert speed.read_per_token(moe, n_experts=100, n_experts_used=5)[0] == 170_000 + 34_000


def test_three_references_separate_the_time_per_byte_from_the_time_per_weight():
    """An F16 reference beside the two quantized ones recovers a machine whose dot products cost time per weight,
    so an F16 model (2 bytes a weight) and a Q4 one (0.56) are both predicted as the truth runs them."""
    truth = speed.Machine(key="k", bandwidth=30e9, unit_overhead_s=2e-4, flops=150e9, prefill_unit_s=1e-4,
                          weight_s=40e-12, float_flops=300e9)  # fmt: skip

    def arch(nbytes: int, weights: int, floats: int, layers: int, width: int) -> speed.ModelArch:
        return speed.ModelArch(size_bytes=nbytes, n_layers=layers, n_embd=width, n_params=weights,
                               read_bytes=nbytes, read_weights=weights, float_weights=floats)  # fmt: skip

    smol, qwen = arch(96_000_000, 150_000_000, 0, 30, 576), arch(392_000_000, 500_000_000, 0, 24, 896)
    f16 = arch(61_000_000, 30_500_000, 30_500_000, 6, 640)
    refs = [speed_calibration.Reference(a, speed.predict(a, truth, memory=PLENTY).decode_tps,
                            speed.predict(a, truth, memory=PLENTY).prefill_tps) for a in (smol, qwen, f16)]
    m = speed_calibration.calibrate(11e9, refs)  # a copy at a third of the truth (3x is the fit's limit)
    assert m.bandwidth == pytest.approx(30e9) and m.weight_s == pytest.approx(40e-12)
    assert m.unit_overhead_s == pytest.approx(2e-4) and m.prefill_unit_s == pytest.approx(1e-4)
    assert m.flops == pytest.approx(150e9) and m.float_flops == pytest.approx(300e9)
    for other in (arch(284_000_000, 142_000_000, 142_000_000, 12, 1024), arch(29_000_000, 51_000_000, 0, 8, 768)):
        got, want = speed.predict(other, m, memory=PLENTY), speed.predict(other, truth, memory=PLENTY)
        assert got.decode_tps == pytest.approx(want.decode_tps) and got.prefill_tps == pytest.approx(want.prefill_tps)
    # without the F16 reference the weights' time cannot be told from the bytes': two references fit bytes alone
    assert speed_calibration.calibrate(11e9, refs[:2]).weight_s == 0.0


def test_a_cache_of_an_older_model_form_is_measured_again(tmp_path):
    speed_calibration.save_machine(_machine(), tmp_path)
    d = json.loads(speed_calibration.calibration_path(tmp_path).read_text())
    del d["version"], d["weight_s"], d["float_flops"]  # what the previous form saved
    speed_calibration.calibration_path(tmp_path).write_text(json.dumps(d))
    assert speed_calibration.load_machine(tmp_path) is None


def test_a_header_says_what_a_token_reads(tmp_path):
    from tests.fixtures.tiny_gguf_vision import build_tiny_language_model

    a = speed.arch_from_gguf(build_tiny_language_model(tmp_path / "q8.gguf", n_embd=256, n_ff=512, weights="Q8_0"))
    per_layer = (2 * 256 * 256 + 2 * 128 * 256 + 3 * 512 * 256) * 34 // 32 + 2 * 256 * 4
    embedding = a.vocab_size * 256 * 34 // 32
    assert a.read_bytes == 2 * per_layer + embedding + 256 * 4  # the output layer, not the embedding
    assert a.size_bytes > a.read_bytes + embedding
    assert a.float_weights == 2 * 2 * 256 + 256  # the norms


def test_each_weight_type_costs_what_its_reference_measured_and_others_the_nearest_in_bits():
    """Type references (one llama per common type) fit a cost per weight of each type, a time per layer and one per
    byte of KV cache: a Q4_0 model and a Q5_0 one of the same shape are predicted apart as they run (llama.cpp
    repacks Q4_0; Q5_0 unpacks a fifth bit), at any context."""
    truth = {"F16": 90e-12, "Q8_0": 70e-12, "Q4_0": 40e-12, "Q5_0": 80e-12, "Q4_1": 110e-12}
    overhead, kv_s = 3e-4, 150e-12

    def arch(types: dict[str, int], layers: int = 5, width: int = 768) -> speed.ModelArch:
        total = sum(types.values())
        return speed.ModelArch(size_bytes=total, n_layers=layers, n_embd=width, n_params=total, read_bytes=total,
                               read_weights=total, type_weights=tuple(types.items()), n_heads=width // 64,
                               n_kv_heads=2, head_dim=64)  # fmt: skip

    def tps(a: speed.ModelArch, context: int) -> float:
        weights = sum(n * truth.get(t, truth["F16"]) for t, n in a.type_weights)
        return 1 / (a.overhead_units * overhead + speed.kv_bytes(a, context) * kv_s + weights)

    smol = arch({"Q4_1": 118_000_000, "Q8_0": 28_000_000, "F32": 70_000}, 30, 576)
    qwen = arch({"Q5_0": 250_000_000, "Q8_0": 137_000_000, "F32": 70_000}, 24, 896)
    refs = [speed_calibration.Reference(smol, tps(smol, 140), 100.0, 140), speed_calibration.Reference(qwen, tps(qwen, 143), 100.0, 143)]
    refs += [speed_calibration.Reference(a, tps(a, 600), 100.0, 600) for a in (arch({t: 32_000_000, "F16": 200_000}) for t in truth)]
    m = speed_calibration.calibrate(20e9, refs)
    assert m.type_weight_s == pytest.approx(truth) and m.type_overhead_s == pytest.approx(overhead)
    assert m.kv_byte_s == pytest.approx(kv_s)
    for types in ({"Q4_0": 140_000_000}, {"Q5_0": 140_000_000}, {"F16": 50_000_000, "F32": 8_000}):
        a = arch(types, 12, 1024)
        got = speed.predict(a, m, memory=PLENTY, context_tokens=2000).decode_tps
        assert got == pytest.approx(tps(a, 2000), rel=1e-3)
    assert speed.type_cost(m, "BF16") == m.type_weight_s["F16"]  # a float: F16's
    assert speed.type_cost(m, "Q5_1") == m.type_weight_s["Q5_0"]  # 6 bits a weight: Q5_0's 5.5 is the nearest
    assert speed.type_cost(m, "IQ4_XS") == m.type_weight_s["Q4_0"]  # 4.25 bits: Q4_0's 4.5 is the nearest


def test_type_references_are_written_in_their_type_and_read_back_from_the_header(tmp_path):
    from desktop_app.core.models import speed_reference

    a = speed.arch_from_gguf(speed_reference.write_reference(tmp_path / "q4k.gguf", "Q4_K"))
    types = dict(a.type_weights)
    assert types["Q4_K"] == a.n_layers * (2 * 768 * 768 + 2 * 256 * 768 + 3 * 768 * 1792)  # every layer's matrices
    assert set(types) == {"Q4_K", "F16", "F32"}  # the embedding and output (F16), the norms (F32)


def test_without_a_kv_cache_difference_between_references_the_kv_term_is_left_out():
    """References all timed at an empty cache cannot tell a time per KV byte from the layers': the type costs are
    fitted alone, and the prediction ignores the context rather than guess its cost."""
    truth = {"Q8_0": 60e-12, "F16": 80e-12}

    def arch(types: dict[str, int], layers: int, width: int) -> speed.ModelArch:
        return speed.ModelArch(size_bytes=1, n_layers=layers, n_embd=width, n_params=1, n_heads=4, n_kv_heads=2,
                               head_dim=64, type_weights=tuple(types.items()))  # fmt: skip

    archs = [arch({"Q8_0": 30_000_000}, 5, 768), arch({"F16": 30_000_000}, 5, 768), arch({"Q8_0": 90_000_000}, 24, 896)]
    refs = [speed_calibration.Reference(a, 1 / (a.overhead_units * 2e-4 + sum(n * truth[t] for t, n in a.type_weights)), 50.0)
            for a in archs]
    m = speed_calibration.calibrate(20e9, refs)
    assert m.type_weight_s == pytest.approx(truth) and m.kv_byte_s == 0.0
    assert m.type_overhead_s == pytest.approx(2e-4)


def test_narrow_shape_references_separate_a_fixed_time_per_token_and_per_layer():
    """Beside the type references (one shape, 768 x 5), two narrow F16 llamas (128 x 1 and 128 x 8) and the built-in
    models recover a time per token and per layer that do not grow with the weights, so a tiny model (where they
    are most of a token's time) is predicted as the truth runs it, and a big one too."""
    truth = {"F16": 80e-12, "Q8_0": 55e-12, "Q4_1": 85e-12}
    token_s, layer_s, unit_s = 120e-6, 8e-6, 30e-6

    def arch(types: dict[str, int], layers: int, width: int) -> speed.ModelArch:
        total = sum(types.values())
        return speed.ModelArch(size_bytes=total, n_layers=layers, n_embd=width, n_params=total, read_bytes=total,
                               read_weights=total, type_weights=tuple(types.items()), n_heads=max(width // 64, 1),
                               n_kv_heads=1, head_dim=64)  # fmt: skip

    def tps(a: speed.ModelArch) -> float:
        weights = sum(n * truth.get(t, truth["F16"]) for t, n in a.type_weights)
        return 1 / (token_s + a.n_layers * layer_s + a.overhead_units * unit_s + weights)

    archs = [arch({"Q4_1": 118_000_000, "Q8_0": 28_000_000, "F32": 70_000}, 30, 576),
             arch({"Q8_0": 400_000_000, "F32": 70_000}, 24, 896), arch({"F16": 1_200_000}, 8, 128),
             arch({"F16": 180_000}, 1, 128)]
    archs += [arch({t: 32_000_000, "F16": 400_000}, 5, 768) for t in truth]
    m = speed_calibration.calibrate(20e9, [speed_calibration.Reference(a, tps(a), 100.0, 500) for a in archs])
    assert m.token_s == pytest.approx(token_s) and m.layer_s == pytest.approx(layer_s)
    assert m.type_overhead_s == pytest.approx(unit_s) and m.type_weight_s == pytest.approx(truth)
    for other in (arch({"F16": 3_200_000}, 4, 256), arch({"Q8_0": 180_000_000}, 12, 1024)):
        assert speed.predict(other, m, memory=PLENTY).decode_tps == pytest.approx(tps(other), rel=1e-6)


def test_decode_timed_by_cpu_is_the_long_reply_minus_the_short_one():
    """difference_rate times two replies to the cached prompt whole and divides the extra tokens by the extra CPU
    time: what every request costs (the request, the grammar, the last chunk) cancels, however large, and the long
    reply is long enough for about CPU_TIMED_S of decoding, within the context's room."""
    import threading

    from desktop_app.core.engine.types import Chunk, GenerationParams
    from desktop_app.core.models import speed_measure

    cpu = [0.0]
    asked: list[int] = []

    class Backend:
        def complete_stream(self, prompt, params, cancel):
            asked.append(params.max_tokens)
            cpu[0] += 0.050  # per request, whatever its length
            for n in range(1, params.max_tokens + 1):
                cpu[0] += 0.0004  # per token
                yield Chunk(text="a", prompt_tokens=300, completion_tokens=n)
            yield Chunk(prompt_tokens=300, completion_tokens=params.max_tokens, finish_reason="length")

    params = GenerationParams(temperature=0.0, max_tokens=64)
    rate, n = speed_measure.difference_rate(Backend(), params, lambda: cpu[0], 1000.0, 300, threading.Event())
    assert rate == pytest.approx(2500.0)
    assert asked == [speed_measure.SHORT_TOKENS, 300] and n == 300  # 0.3 s at 1000 tok/s
    rate, n = speed_measure.difference_rate(Backend(), params, lambda: cpu[0], 1e6, 900, threading.Event())
    assert n == 1024 - 900 - 1 and rate == pytest.approx(2500.0)  # capped by the context's room
