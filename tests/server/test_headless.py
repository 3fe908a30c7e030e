"""`desktop-app serve` as a real subprocess with no display, and what the app imports when."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import openai

from desktop_app.cli import build_parser
from desktop_app.server.server import exposure_warning, is_loopback
from tests.server.conftest import free_port


def _env(home) -> dict[str, str]:
    env = dict(os.environ, DESKTOP_APP_HOME=str(home))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)  # no display at all: serving must not need one
    return env


def test_serve_subprocess_answers_and_stops_on_ctrl_c(app_home, smollm2):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "serve", "--model", str(smollm2), "--host", "0.0.0.0", "--port",
         str(port), "--api-key", "k3y", "--ctx", "1024"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(app_home),
    )
    try:
        lines = []
        while not lines or "Serving" not in lines[-1]:  # blocks until the model is loaded and the port open
            line = proc.stderr.readline()
            assert line, f"serve exited early: {''.join(lines)}"
            lines.append(line)
        assert any(line.startswith("warning:") and "0.0.0.0" in line for line in lines)  # not loopback: warned
        assert f"http://127.0.0.1:{port}/v1" in lines[-1] and "API key required" in lines[-1]
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="k3y", max_retries=0, timeout=120)
        model = client.models.list().data[0].id
        reply = client.chat.completions.create(model=model, messages=[{"role": "user", "content":
                                               "What is the capital of France? Answer in one sentence."}], temperature=0, max_tokens=20)
        assert "Paris" in reply.choices[0].message.content
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "POST /v1/chat/completions 200" in err and "Server stopped." in err and "Traceback" not in err


def test_serve_on_a_busy_port_is_one_line(app_home, smollm2):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "desktop_app", "serve", "--model", str(smollm2), "--port", str(port)],
                           capture_output=True, text=True, timeout=120, env=_env(app_home))
    assert r.returncode == 1 and r.stderr.startswith("error: Cannot listen on 127.0.0.1:") and "in use" in r.stderr
    assert "Traceback" not in r.stderr


def test_serve_defaults_to_this_computer_only():
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000 and args.api_key == ""
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert exposure_warning("127.0.0.1", "") == ""
    assert "No API key" in exposure_warning("0.0.0.0", "")
    assert "No API key" not in exposure_warning("0.0.0.0", "key")


def test_the_server_is_not_imported_at_startup_and_serving_needs_no_qt():
    code = (
        "import sys\n"
        "import desktop_app.app, desktop_app.ui.main_window\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'llama_cpp', 'torch')"
        " or m.startswith('desktop_app.server')], 'imported at startup'\n"
        "import subprocess\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    code = (
        "import sys\n"
        "import desktop_app.cli, desktop_app.server.headless, desktop_app.server.server\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
