"""The speed predictor on this machine: SmolLM2 measured through the engine path calibrates it, and bigger GGUFs are
predicted from their headers. How close a prediction comes to a measured speed is a benchmark's question
(bench/speed_prediction.py, interleaved runs under the same load): a timed assertion here would pass or fail with
the neighbours' load on a shared 2-core machine. What is asserted is what holds under any load.
"""

from __future__ import annotations

import threading

from desktop_app.core.engine.types import LoadOptions
from desktop_app.core.models import session, speed, speed_calibration, speed_measure
from desktop_app.core.models.spec import ModelSpec
from desktop_app.fit_cli import run as fit_run


def _load(path, models_dir):
    return session.load_model(ModelSpec.from_path(path), LoadOptions(n_ctx=1024), models_dir,
                              cancel=threading.Event())[0]  # fmt: skip


def test_a_measured_calibration_predicts_bigger_models_slower(smollm2, qwen, tmp_path):
    smol = _load(smollm2, tmp_path)
    try:
        smol_dec, smol_pre, _context = speed_measure.measure_backend(smol)
    finally:
        smol.unload()
    assert smol_dec > 0 and smol_pre > 0
    machine = speed_calibration.calibrate(speed.measure_bandwidth(),
                              [speed_calibration.Reference(speed.arch_from_gguf(smollm2), smol_dec, smol_pre)])
    again = speed.predict(speed.arch_from_gguf(smollm2), machine)
    assert abs(again.decode_tps - smol_dec) <= 0.01 * smol_dec  # the calibration reproduces its own model
    qwen_pred = speed.predict(speed.arch_from_gguf(qwen), machine)
    # Qwen2.5 0.5B reads 4x the bytes per token of SmolLM2 135M (its untied embedding is not read) through 1.24x
    # the layers x width: predicted slower by more than the layers alone make it, and it fits here
    assert qwen_pred.fits and 0 < qwen_pred.decode_tps < again.decode_tps / 1.24


def test_fit_cli_measures_once_then_reads_the_cache(app_home, qwen, capsys, monkeypatch):
    from desktop_app.core.models import speed_reference

    monkeypatch.setattr(speed_reference, "REFERENCE_TYPES", ("Q8_0",))  # the subject is the cache, not the types
    assert fit_run(str(qwen)) == 0
    out = capsys.readouterr()
    assert "Measuring this machine once" in out.err
    assert f"{qwen.name}: fits · about " in out.out and "tok/s" in out.out
    cached = speed_calibration.load_machine()
    assert cached is not None and cached.ref_decode_tps > 0
    assert fit_run(str(qwen)) == 0
    assert "Measuring" not in capsys.readouterr().err  # the cache answered
    assert speed_calibration.load_machine() == cached


def test_fit_cli_refuses_a_non_gguf_in_one_line(app_home, tmp_path, capsys):
    bad = tmp_path / "notes.gguf"
    bad.write_text("not a model")
    assert fit_run(str(bad)) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert fit_run(str(tmp_path / "missing.gguf")) == 1
