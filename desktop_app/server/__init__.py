"""A local OpenAI-compatible HTTP API over the models the app runs (optional; imported only when turned on).

    runner.py      ModelRunner: the one thing the server needs from a model (a serial queue of work), Qt-free;
                   ThreadRunner implements it over a bare backend for `desktop-app serve`
    protocol.py    OpenAI request parsing, errors as ApiError (re-exports the response side)
    responses.py   OpenAI response bodies (plain dicts) and the SSE events of a streamed reply
    pipe.py        ChunkPipe: chunks from the model's worker thread to the server's event loop
    embeddings.py  a lazily loaded embedding-mode llama.cpp instance of the served GGUF
    api.py         the Starlette application: routes, API key, request queue bound, request log
    server.py      ApiServer: binds the socket, runs uvicorn in a thread (GUI) or in the foreground (headless)
    headless.py    `desktop-app serve`

The Qt side lives with the other Qt glue and views: workers/server_runner.py (ManagerRunner, a ModelRunner over
ModelManager, so API requests share each model's worker thread with the tabs) and ui/dialogs/server_dialog.py.

Nothing here is imported at app start: starlette and uvicorn load when the server is first turned on.
"""
