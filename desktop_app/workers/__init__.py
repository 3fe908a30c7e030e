"""Qt glue: ModelManager, jobs and worker threads. Turns core calls into signals for the UI."""
