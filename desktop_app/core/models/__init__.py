"""Model specs, the built-in models, validation of model files and discovery."""
