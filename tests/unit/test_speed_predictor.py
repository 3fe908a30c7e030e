"""The speed predictor's arithmetic on known headers (core/models/speed.py), and its cache."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.models import speed
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
    m = speed.calibrate(25e9, SMOL, ref.decode_tps, ref.prefill_tps)
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
    m = speed.calibrate(9e9, SMOL, smol.decode_tps, smol.prefill_tps,
                        second=(QWEN, qwen.decode_tps, qwen.prefill_tps))
    assert m.bandwidth == pytest.approx(18e9) and m.unit_overhead_s == pytest.approx(2e-4)
    assert m.flops == pytest.approx(150e9) and m.prefill_unit_s == pytest.approx(1e-4)
    assert speed.predict(narrow, m, memory=PLENTY).decode_tps == pytest.approx(
        speed.predict(narrow, truth, memory=PLENTY).decode_tps)


def test_a_disturbed_second_reference_falls_back_to_the_first_alone():
    smol = speed.predict(SMOL, _machine(), memory=PLENTY)
    # Qwen measured as fast as SmolLM2 would need its 491 MB streamed at an impossible rate: not believed
    m = speed.calibrate(25e9, SMOL, smol.decode_tps, smol.prefill_tps, second=(QWEN, smol.decode_tps, 1.0))
    assert m.bandwidth == 25e9 and m.unit_overhead_s == pytest.approx(3e-4)


def test_steady_rate_is_the_median_window_and_ignores_a_stall():
    from desktop_app.core.models.speed_measure import steady_rate

    marks = [(i * 0.01, i + 1) for i in range(64)]  # 100 tok/s
    stalled = marks[:30] + [(t + 0.5, n) for t, n in marks[30:]]  # another program held the core for 0.5 s
    assert steady_rate(stalled) == pytest.approx(100.0)
    assert steady_rate([(i * 0.001, i + 1) for i in range(64)]) == 0.0  # too fast to time by windows: mean kept
    assert steady_rate(marks[:5]) == 0.0


def test_a_reference_faster_than_the_copy_loop_sets_the_bandwidth_instead():
    m = speed.calibrate(1e9, SMOL, decode_tps=100.0, prefill_tps=200.0)  # 98 MB in 10 ms is 9.8 GB/s, not 1
    assert m.unit_overhead_s == 0.0
    assert m.bandwidth == pytest.approx(98_362_432 * 100.0)
    with pytest.raises(ValueError):
        speed.calibrate(25e9, SMOL, decode_tps=0.0, prefill_tps=1.0)


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
    speed.save_machine(m, tmp_path)
    assert speed.load_machine(tmp_path) == m
    d = json.loads(speed.calibration_path(tmp_path).read_text())
    d["key"] = "Another CPU x64"
    speed.calibration_path(tmp_path).write_text(json.dumps(d))
    assert speed.load_machine(tmp_path) is None
    speed.calibration_path(tmp_path).write_text("{not json")
    assert speed.load_machine(tmp_path) is None


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
