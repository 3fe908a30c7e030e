"""Engine processes: every loaded llama.cpp or PyTorch model runs in a process of its own.

  wire.py     the messages between the window and an engine, and how errors cross
  host.py     the engine process itself (`python -m desktop_app.engine`)
  process.py  EngineProcess: spawn, calls, cancel, kill, the log tail, death as an event
  client.py   EngineBackend: the Backend protocol proxied to an engine; open_backend(spec); the warm spare
"""
