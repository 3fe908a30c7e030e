"""The headless CLI, through a real subprocess, in English and Chinese."""

from __future__ import annotations

import os
import subprocess
import sys

from desktop_app import __version__


def run(args, home, timeout=240):
    env = dict(os.environ, DESKTOP_APP_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def test_version(app_home):
    r = run(["--version"], app_home)
    assert r.returncode == 0 and __version__ in r.stdout


def test_models_lists_builtins(app_home, smollm2):
    r = run(["models"], app_home)
    assert r.returncode == 0
    assert "SmolLM2" in r.stdout and str(smollm2) in r.stdout
    assert "Qwen2.5" in r.stdout


def test_chat_english_with_smollm2(app_home, smollm2):
    r = run(["chat", "What is the capital of France? Answer in one sentence.", "--model", str(smollm2), "--temperature", "0",
             "--max-tokens", "30", "-v"], app_home)
    assert r.returncode == 0, r.stderr
    assert "Paris" in r.stdout
    assert "tok/s" in r.stderr


def test_chat_chinese_with_qwen(app_home, qwen):
    r = run(["chat", "中国的首都是哪里？请用中文回答。", "--model", str(qwen), "--temperature", "0",
             "--max-tokens", "40", "--system", "你是一个简洁的助手。"], app_home)
    assert r.returncode == 0, r.stderr
    assert "北京" in r.stdout and "\ufffd" not in r.stdout


def test_self_test_assembles_the_default_model_first(app_home):
    r = run(["--self-test"], app_home)
    assert r.returncode == 0, r.stderr
    assert "self-test: Qwen2.5" in r.stdout and "8 tokens" in r.stdout
    assert "Preparing" in r.stderr  # first run assembled it, with progress
    assert (app_home / "data" / "models" / "Qwen2.5-Coder-0.5B-Instruct-Q4_K_M.gguf").stat().st_size == 491_400_064
    assert not list((app_home / "data" / "models").glob("*.partial"))


def test_user_mistakes_give_one_line_not_a_traceback(app_home, tmp_path):
    r = run(["chat", "hi", "--model", str(tmp_path / "missing.gguf")], app_home)
    assert r.returncode == 1 and r.stderr.startswith("error: Model file not found")
    assert "Traceback" not in r.stderr
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model at all" * 10)
    r = run(["chat", "hi", "--model", str(bad)], app_home)
    assert r.returncode == 1 and "not a GGUF" in r.stderr and "Traceback" not in r.stderr
    r = run(["chat", "   "], app_home)
    assert r.returncode == 2 and "empty" in r.stderr


def test_models_lists_the_whole_library_and_model_takes_a_name(app_home, smollm2, tmp_path):
    """A GGUF in LM Studio's folder is listed by the CLI as on the Models page, and --model takes its name."""
    home = tmp_path / "user"
    lmstudio = home / ".lmstudio" / "models" / "someone" / "tiny"
    lmstudio.mkdir(parents=True)
    (lmstudio / "my-lmstudio-model.gguf").symlink_to(smollm2)
    env = dict(os.environ, DESKTOP_APP_HOME=str(app_home), HOME=str(home), HF_HOME=str(home / "hf"))
    listed = subprocess.run([sys.executable, "-m", "desktop_app", "models"], capture_output=True, text=True,
                            timeout=240, env=env)
    assert listed.returncode == 0, listed.stderr
    line = next(line for line in listed.stdout.splitlines() if "my-lmstudio-model" in line)
    assert "\tlmstudio\t" in line and "SmolLM2" in listed.stdout
    chat = subprocess.run([sys.executable, "-m", "desktop_app", "chat", "--model", "MY-LMSTUDIO-MODEL",
                           "--temperature", "0", "--max-tokens", "8", "Hi"], capture_output=True, text=True,
                          timeout=240, env=env)
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout.strip()
