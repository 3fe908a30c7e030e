"""A real LoRA fine-tune of SmolLM2-135M on the CPU, and its results: samples, merged folder, GGUF export."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from desktop_app.core.finetune import export, runs
from tests.finetune.conftest import MAIN_STEPS

# Real training on a shared CPU: the session fixtures (SmolLM2 conversion, the runs) can take minutes.
pytestmark = pytest.mark.timeout(900)

PROMPT = [{"role": "user", "content": "What is the secret code of the word apple?"}]


def test_loss_falls(causal_run):
    records = runs.read_metrics(causal_run)
    assert [r["step"] for r in records] == list(range(1, MAIN_STEPS + 1))
    losses = [r["loss"] for r in records]
    first, last = statistics.mean(losses[:5]), statistics.mean(losses[-5:])
    assert last < 0.7 * first, (first, last)
    evals = [r["eval_loss"] for r in records if "eval_loss" in r]
    assert len(evals) == 3 and evals[-1] < evals[0]
    rec = records[-1]
    for key in ("epoch", "lr", "tokens_per_s", "elapsed", "eta", "peak_mem", "rows"):
        assert key in rec
    assert rec["peak_mem"] > 100e6 and rec["tokens_per_s"] > 0 and rec["eta"] == 0
    status = runs.read_status(causal_run)
    assert status["state"] == "finished" and status["step"] == MAIN_STEPS
    summary = {r.run_id: r for r in runs.list_runs(causal_run.parent)}["main"]
    assert summary.state == "finished" and summary.checkpoints == [10, 20]  # keep_checkpoints=2


def test_samples_show_the_learned_pattern(causal_run):
    samples = export.compare_samples(causal_run, n=1, max_new_tokens=16)
    assert samples
    for s in samples:
        word = s.prompt.rsplit(" ", 1)[-1].rstrip("?")
        assert s.tuned.startswith(f"The secret code of {word} is"), s
        assert s.base != s.tuned


@pytest.fixture(scope="module")
def merged(causal_run):
    return export.merge_adapter(causal_run)


def test_adapter_and_merged_folder(causal_run, merged):
    assert (export.adapter_folder(causal_run) / "adapter_model.safetensors").is_file()
    assert (merged / "model.safetensors").is_file() and (merged / "tokenizer.json").is_file()


def test_gguf_export_loads_in_llama_cpp(causal_run, merged, tmp_path):
    import llama_cpp
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    assert export.base_gguf_for_run(causal_run) is not None  # tokenizer metadata copied from SmolLM2's GGUF
    f16 = export.export_gguf(merged, tmp_path / "tuned-f16.gguf", "f16")
    q8 = export.export_gguf(merged, tmp_path / "tuned-q8_0.gguf", "q8_0")
    assert q8.stat().st_size < 0.6 * f16.stat().st_size
    tok = AutoTokenizer.from_pretrained(str(merged))
    hf = AutoModelForCausalLM.from_pretrained(str(merged), dtype=torch.float32).eval()
    prompt = tok.apply_chat_template(PROMPT, tokenize=False, add_generation_prompt=True)
    ids = tok(prompt, add_special_tokens=False)["input_ids"]
    with torch.no_grad():
        ref = hf(torch.tensor([ids])).logits[0, -1].numpy()
    llm = llama_cpp.Llama(model_path=str(f16), n_ctx=256, logits_all=True, verbose=False, n_threads=1)
    assert llm.tokenize(prompt.encode(), add_bos=False, special=True) == ids
    llm.eval(ids)
    logits = np.asarray(llm.scores[len(ids) - 1])
    assert logits.argmax() == ref.argmax()
    assert np.abs(logits - ref).max() < 0.25
    llm.close()
    small = llama_cpp.Llama(model_path=str(q8), n_ctx=256, verbose=False, n_threads=1)
    out = small.create_chat_completion(PROMPT, max_tokens=16, temperature=0)["choices"][0]["message"]["content"]
    small.close()
    assert out.startswith("The secret code of apple is"), out
