"""Widgets only. Views forward the user's intent to workers/ and show what comes back as signals."""
