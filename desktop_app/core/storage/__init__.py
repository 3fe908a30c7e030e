"""Where the app keeps its data: app directories, settings, the SQLite database."""
