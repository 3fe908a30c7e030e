"""The CUDA paths, on a real NVIDIA GPU: the PyTorch backend's chat, classifier and translator on the GPU, the memory
estimate for a GPU load against what CUDA really allocates, and a fine-tune run on the GPU that is killed and resumed
with the same numbers. CI has no GPU, so these run where one is (the project's device checks run this file there,
see README "GPU checks"); without CUDA the module is skipped as a whole, which says so in the summary.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU on this machine")

from desktop_app.core.backends.base import GenerationParams  # noqa: E402
from desktop_app.core.finetune import runs  # noqa: E402
from desktop_app.core.finetune.config import RunConfig  # noqa: E402
from desktop_app.core.models.memory import estimate, system_memory  # noqa: E402
from desktop_app.core.models.metadata import read_hf_record  # noqa: E402
from desktop_app.core.storage.paths import HOME_ENV  # noqa: E402
from tests.finetune.data import instruction_rows, write_jsonl  # noqa: E402
from tests.fixtures import tiny_models  # noqa: E402
from tests.torch.helpers import GREEDY, load  # noqa: E402

MESSAGES = [{"role": "user", "content": "Hello! How can I help you today?"}]


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory) -> Path:
    return tiny_models.build_tiny_llama(tmp_path_factory.mktemp("llama"))


def test_chat_on_the_gpu_is_half_precision_and_equals_generate(tiny_llama):
    backend = load(tiny_llama, device="cuda", n_ctx=256)
    try:
        info = backend.info
        assert info.device.startswith("CUDA (") and torch.cuda.get_device_name(0) in info.device
        assert info.extra["dtype"] == "bfloat16"  # "auto" on a GPU that supports it
        chunks = list(backend.chat_stream(MESSAGES, GenerationParams(max_tokens=12, **GREEDY), threading.Event()))
        assert chunks[-1].finish_reason == "length" and chunks[-1].completion_tokens == 12
        ours = "".join(c.text for c in chunks)
        model, tok = backend._model, backend._tokenizer  # the same weights on the same device, bare generate
        ids = tok(backend._chat_text(MESSAGES), return_tensors="pt", add_special_tokens=False).to("cuda")
        out = model.generate(**ids, max_new_tokens=12, do_sample=False, repetition_penalty=1.0)
        assert ours == tok.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True)
        assert not model.use_kernels  # no kernel code fetched from the Hub (torch_support turns them off)
        del model, ids, out  # the test's own references, so that unload can free the weights
        stop = threading.Event()
        stopped = []
        for chunk in backend.chat_stream(MESSAGES, GenerationParams(max_tokens=200, **GREEDY), stop):
            stopped.append(chunk)
            if len(stopped) == 3:
                stop.set()
        assert stopped[-1].finish_reason == "cancelled" and len(stopped) < 10
    finally:
        backend.unload()


def test_gpu_memory_estimate_within_25_percent_of_what_cuda_allocates(tmp_path):
    from transformers import LlamaForCausalLM

    torch.manual_seed(0)
    tok = tiny_models.chatml_tokenizer()
    cfg = tiny_models._llama_config(tok, hidden_size=1024, intermediate_size=4096, num_hidden_layers=12,
                                    num_attention_heads=16, num_key_value_heads=4, max_position_embeddings=2048)
    LlamaForCausalLM(cfg).save_pretrained(tmp_path)
    tok.save_pretrained(tmp_path)
    n_ctx = 2048
    record = read_hf_record(tmp_path)
    est = estimate(record, n_ctx, device="cuda")
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    base = torch.cuda.memory_allocated()
    backend = load(tmp_path, device="cuda", n_ctx=n_ctx)
    try:
        prompt = " ".join(["The quick brown fox jumps over the lazy dog."] * 75)
        assert backend.count_tokens(prompt) > 0.7 * n_ctx
        list(backend.complete_stream(prompt, GenerationParams(max_tokens=4, **GREEDY), threading.Event()))
        used = torch.cuda.max_memory_allocated() - base
    finally:
        backend.unload()
    gc.collect()
    assert torch.cuda.memory_allocated() - base < 16 * 2**20  # unload gives the ~300 MB back
    print(f"GPU estimate {est.gpu_bytes / 2**20:.0f} MiB, CUDA allocated {used / 2**20:.0f} MiB at most")
    assert est.dtype == "bfloat16" and est.gpu_bytes > 0
    assert abs(est.gpu_bytes - used) <= 0.25 * used, (est, used)
    gpus = system_memory(include_vram=True).gpus
    assert gpus and gpus[0].total > 10 * 2**30 and gpus[0].name == torch.cuda.get_device_name(0)


def test_classifier_and_translator_on_the_gpu(tmp_path):
    classifier = load(tiny_models.build_tiny_distilbert_classifier(tmp_path / "cls"), device="cuda")
    try:
        scores = classifier.classify(["I love it", "我很喜欢"])
        assert len(scores) == 2 and all(abs(sum(s.probabilities) - 1.0) < 1e-3 for s in scores)
        assert classifier.info.device.startswith("CUDA (")
    finally:
        classifier.unload()
    translator = load(tiny_models.build_tiny_marian(tmp_path / "mt"), device="cuda")
    try:
        outs = translator.seq2seq(["Hello world.", "Good morning."], GenerationParams(max_tokens=8, **GREEDY),
                                  threading.Event())
        assert len(outs) == 2 and all(isinstance(o, str) for o in outs)
        assert translator.info.device.startswith("CUDA (")
    finally:
        translator.unload()


def _config(model: Path, data: Path) -> RunConfig:
    return RunConfig(base_model=str(model), dataset=str(data), max_steps=10, batch_size=4, max_length=64,
                     learning_rate=1e-3, warmup_ratio=0.0, save_every=4, eval_every=0, device="cuda", seed=7)


def test_fine_tune_on_the_gpu_killed_and_resumed_gives_the_same_losses(tiny_llama, tmp_path):
    from tests.finetune.conftest import run_worker
    from tests.waiting import wait_for

    data = write_jsonl(tmp_path / "rows.jsonl", instruction_rows(40))
    env = {**os.environ, HOME_ENV: str(tmp_path / "home")}
    straight = runs.create_run(_config(tiny_llama, data), root=tmp_path / "runs", run_id="straight")
    assert run_worker(straight, env=env) == 0, (straight / runs.LOG_FILE).read_text()[-3000:]
    reference = {r["step"]: r for r in runs.read_metrics(straight)}
    assert sorted(reference) == list(range(1, 11))
    assert all(0 < r["peak_mem"] < 2**30 for r in reference.values())  # torch.cuda.max_memory_allocated
    assert " on cuda" in (straight / runs.LOG_FILE).read_text()

    broken = runs.create_run(_config(tiny_llama, data), root=tmp_path / "runs", run_id="broken")
    proc = runs.start_worker(broken, env=env)
    wait_for(lambda: max([r["step"] for r in runs.read_metrics(broken)] or [0]) >= 5, 300, what="step 5")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 4 in runs.checkpoint_steps(broken)
    assert run_worker(broken, resume=True, env=env) == 0, (broken / runs.LOG_FILE).read_text()[-3000:]
    resumed = {r["step"]: r for r in runs.read_metrics(broken)}
    assert sorted(resumed) == list(range(1, 11))
    for step in range(1, 11):  # the CUDA RNG state and the data order come back from the checkpoint
        assert resumed[step]["loss"] == pytest.approx(reference[step]["loss"], rel=1e-3, abs=1e-4), step
