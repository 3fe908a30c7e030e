"""`desktop-app serve` over an engine that dies mid-request: that request gets a 5xx in OpenAI's shape, the next
one is served (the model is loaded again in a new engine first)."""

from __future__ import annotations

import os
import signal

import openai
import pytest


def test_engine_killed_mid_request_is_a_500_and_the_next_request_is_served(live_server):
    live_server.drain()
    client = live_server.client()
    backend = live_server.runner.backend
    pid = backend.process.pid

    def kill_when_queued():
        live_server.runner.submitted.get(timeout=60)
        os.kill(pid, signal.SIGKILL)

    import threading

    killer = threading.Thread(target=kill_when_queued)
    killer.start()
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(
            model=live_server.model_id, max_tokens=400, temperature=0,
            messages=[{"role": "user", "content": "Write a long story about a lighthouse keeper."}],
        )
    killer.join()
    error = caught.value.response.json()["error"]
    assert caught.value.status_code == 500 and error["type"] == "server_error"
    assert "stopped unexpectedly" in error["message"] and "SIGKILL" in error["message"]

    reply = client.chat.completions.create(
        model=live_server.model_id, max_tokens=8, temperature=0,
        messages=[{"role": "user", "content": "Say hi."}],
    )
    assert reply.choices[0].message.content and backend.process.pid != pid
