"""What the engine process boundary costs per streamed chunk, and per small call.

Every model now runs in its own engine process; each streamed token crosses a multiprocessing connection (pickled,
over a Unix socket) and is routed to its caller by a reader thread. This measures that cost alone: an EchoBackend
that yields N chunks shaped like a token's (a few characters, token counts) as fast as it can, consumed through
EngineBackend (app) and the same backend called in this process (baseline), interleaved. The per-chunk overhead
is the difference divided by N. A small call (count_tokens) is timed the same way.

For scale: SmolLM2-135M decodes a token in about 10-20 ms here, a 0.5B model in 30-60 ms.

Last line: RESULT pipe_us_per_chunk=.. local_us_per_chunk=.. overhead_us_per_chunk=.. call_roundtrip_us=..
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHUNKS = 20_000
ROUNDS = 5

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from desktop_app.core.backends.base import BackendBase, Capability, Chunk, LoadOptions, ModelInfo  # noqa: E402


class EchoBackend(BackendBase):
    """Yields `max_tokens` chunks of a few characters each, at once (the engine host runs it by name)."""

    capabilities = frozenset({Capability.CHAT})

    def load(self, spec, options, progress=None, cancel=None) -> ModelInfo:
        self.info = ModelInfo(name=spec.name, n_ctx=4096)
        return self.info

    def unload(self) -> None:
        pass

    @property
    def n_ctx(self) -> int:
        return 4096

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def chat_stream(self, messages, params, cancel):
        for i in range(params.max_tokens):
            yield Chunk(text=" tok", prompt_tokens=12, completion_tokens=i + 1)
        yield Chunk(finish_reason="stop", completion_tokens=params.max_tokens)


def _drain(backend, n: int) -> float:
    from desktop_app.core.backends.base import GenerationParams

    started = time.perf_counter()
    count = sum(1 for _ in backend.chat_stream([], GenerationParams(max_tokens=n), threading.Event()))
    assert count == n + 1
    return time.perf_counter() - started


def main() -> int:
    from desktop_app.core.engine import wire
    from desktop_app.core.engine.client import open_backend
    from desktop_app.core.models.spec import ModelSpec

    os.environ[wire.TEST_BACKENDS_ENV] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    spec = ModelSpec(path=Path(__file__), name="echo", backend="llama_cpp",
                     extra={"test_backend": "bench.engine_pipe:EchoBackend"})
    load_start = os.getloadavg()[0]
    remote = open_backend(spec)
    remote.load(spec, LoadOptions())
    local = EchoBackend()
    local.load(spec, LoadOptions())
    _drain(remote, 1000), _drain(local, 1000)  # warm-up
    pipe, here = [], []
    for r in range(ROUNDS):
        for side in (("pipe", "local") if r % 2 == 0 else ("local", "pipe")):
            took = _drain(remote if side == "pipe" else local, CHUNKS)
            (pipe if side == "pipe" else here).append(took / CHUNKS * 1e6)
            print(f"round {r + 1} {side}: {CHUNKS:,} chunks in {took:.3f} s", flush=True)
    calls = []
    for _ in range(2000):
        started = time.perf_counter()
        remote.count_tokens("one two three")
        calls.append((time.perf_counter() - started) * 1e6)
    remote.unload()
    p, lo = statistics.median(pipe), statistics.median(here)
    print(f"load average: {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")
    print(f"RESULT pipe_us_per_chunk={p:.1f} local_us_per_chunk={lo:.1f} overhead_us_per_chunk={p - lo:.1f} "
          f"call_roundtrip_us={statistics.median(calls):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
