"""Plain-Python core: backends, tasks, model registry and storage. Never imports Qt."""
