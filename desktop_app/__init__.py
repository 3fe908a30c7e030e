"""desktop_app: run AI models on your own machine, with no cloud."""

__version__ = "0.1.0"
APP_NAME = "desktop_app"
APP_DISPLAY_NAME = "Desktop App"
