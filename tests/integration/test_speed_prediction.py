"""The speed predictor against real measurements: SmolLM2 calibrates, Qwen2.5 0.5B is predicted then measured.

Both are measured here through the engine path (session.load_model, the engine process), interleaved
(SmolLM2, Qwen, SmolLM2, Qwen) and each model's best run kept: this 2-core machine is shared, and load only ever
slows a run, so the best of two is the least disturbed, and interleaving puts the two models under the same load.
The comparison is then the ratio the prediction implies (Qwen's speed from SmolLM2's), within 25 %.
"""

from __future__ import annotations

import threading

from desktop_app.core.engine.types import LoadOptions
from desktop_app.core.models import session, speed, speed_measure
from desktop_app.core.models.spec import ModelSpec
from desktop_app.fit_cli import run as fit_run


def _load(path, models_dir):
    return session.load_model(ModelSpec.from_path(path), LoadOptions(n_ctx=1024), models_dir,
                              cancel=threading.Event())[0]  # fmt: skip


def test_qwen_decode_is_predicted_from_smollm2_within_a_quarter(smollm2, qwen, tmp_path):
    smol, qw = _load(smollm2, tmp_path), _load(qwen, tmp_path)  # both loaded at once: measured interleaved
    runs: dict[str, list[tuple[float, float]]] = {"smol": [], "qwen": []}
    try:
        for _ in range(2):
            runs["smol"].append(speed_measure.measure_backend(smol))
            runs["qwen"].append(speed_measure.measure_backend(qw))
    finally:
        smol.unload()
        qw.unload()
    smol_dec, smol_pre = max(runs["smol"])
    qwen_dec = max(runs["qwen"])[0]
    machine = speed.calibrate(speed.measure_bandwidth(), speed.arch_from_gguf(smollm2), smol_dec, smol_pre)
    predicted = speed.predict(speed.arch_from_gguf(qwen), machine)
    assert predicted.fits
    error = abs(predicted.decode_tps - qwen_dec) / qwen_dec
    assert error <= 0.25, f"predicted {predicted.decode_tps:.1f} tok/s, measured {qwen_dec:.1f} ({runs})"


def test_fit_cli_measures_once_then_reads_the_cache(app_home, qwen, capsys):
    assert fit_run(str(qwen)) == 0
    out = capsys.readouterr()
    assert "Measuring this machine once" in out.err
    assert f"{qwen.name}: fits · about " in out.out and "tok/s" in out.out
    cached = speed.load_machine()
    assert cached is not None and cached.ref_decode_tps > 0
    assert fit_run(str(qwen)) == 0
    assert "Measuring" not in capsys.readouterr().err  # the cache answered
    assert speed.load_machine() == cached


def test_fit_cli_refuses_a_non_gguf_in_one_line(app_home, tmp_path, capsys):
    bad = tmp_path / "notes.gguf"
    bad.write_text("not a model")
    assert fit_run(str(bad)) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert fit_run(str(tmp_path / "missing.gguf")) == 1
