"""`python -m desktop_app`: the GUI, or a CLI command when arguments name one."""

from desktop_app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
