"""`python -m desktop_app.engine`: one model's engine process (see desktop_app/core/engine/host.py).

Started by the app, never by hand: it connects back to the address in its environment.
"""

from desktop_app.core.engine.host import main

if __name__ == "__main__":
    raise SystemExit(main())
